"""Staff pages for keying in paper questionnaires: choose the questionnaire and session,
then one long form per paper copy, with "save and enter another"."""

from datetime import date

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from engage import catalogue
from engage.db import get_db
from engage.respondent import responses
from engage.sessions import model as sessions
from engage.sessions import paper, paper_copy
from engage.sessions.public_links import short_text
from engage.web.errors import Tampered

bp = Blueprint("paper", __name__, url_prefix="/staff/paper")

CHOOSE_QUESTIONNAIRE = _l("Choose which questionnaire the paper copies are")



def chosen_session(value):
    """The session named by a form or query value ("" for none); 404 if it does not exist."""
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise Tampered("not a session id")
    return sessions.get(get_db(), int(value)) or abort(404)


@bp.route("/", methods=["GET", "POST"])
def choose():
    error = None
    if request.method == "POST":
        found = chosen_session(request.form.get("session", ""))
        questionnaire_id = request.form.get("questionnaire", "")
        if questionnaire_id and catalogue.questionnaires().get(questionnaire_id) is None:
            raise Tampered("no such questionnaire")
        if questionnaire_id:
            return redirect(url_for(".form", questionnaire_id=questionnaire_id, session=found.id if found else None))
        error = CHOOSE_QUESTIONNAIRE
    return render_template(
        "paper/choose.html", questionnaires=list(catalogue.questionnaires()), sessions=sessions.all_sessions(get_db()),
        error=error, chosen_session=request.values.get("session", ""),
    ), (400 if error else 200)


@bp.route("/<questionnaire_id>", methods=["GET", "POST"])
def form(questionnaire_id):
    questionnaire = catalogue.questionnaires().get(questionnaire_id) or abort(404)
    found = chosen_session(request.args.get("session", ""))
    session_id = str(found.id) if found else None
    if request.method == "GET":
        completed_on = kept_completed_on(request.args.get("completed", "")) or paper.default_completed_on(found)
        return render_form(questionnaire, found, responses.new_uuid(), {}, [], request.args.get("saved") == "1",
                           completed_values(completed_on))
    response_uuid = paper.checked_uuid(request.form.get("response"))
    answers, errors = paper.read_form(questionnaire, request.form)
    completed_on, date_error = paper.read_completed_on(request.form)
    if date_error:
        errors = [(paper.COMPLETED_FIELD, date_error), *errors]
    if errors:
        return render_form(questionnaire, found, response_uuid, answers, errors, False, request.form)
    paper.store(get_db(), questionnaire, response_uuid, answers, session_id, g.user.id, completed_on)
    return redirect(url_for(".form", questionnaire_id=questionnaire.id, session=session_id, saved=1,
                            completed=completed_on.isoformat()))


def kept_completed_on(value):
    """The day carried over from the copy saved before ("YYYY-MM-DD"), or None."""
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def completed_values(day):
    return {"completed-day": str(day.day), "completed-month": str(day.month), "completed-year": str(day.year)}


def render_form(questionnaire, found, response_uuid, answers, errors, saved, completed):
    session_id = str(found.id) if found else None
    return render_template(
        "paper/form.html", questionnaire=questionnaire, found=found, response_uuid=response_uuid,
        answers=answers, errors=errors, saved=saved, conditions=paper.conditions(questionnaire),
        entered=paper.entered_count(get_db(), session_id, questionnaire.id), completed=completed,
    ), (400 if errors else 200)


@bp.get("/<questionnaire_id>/copy.<any(pdf, docx):kind>")
def copy(questionnaire_id, kind):
    """A blank paper copy to print (PDF) or edit (DOCX), for a session when ?session= is given."""
    questionnaire = catalogue.questionnaires().get(questionnaire_id) or abort(404)
    found = chosen_session(request.args.get("session", ""))
    short_link = short_text(found) if found else None
    make, mimetype = {"pdf": (paper_copy.pdf, "application/pdf"),
                      "docx": (paper_copy.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}[kind]
    name = f"{questionnaire.id}{f'-session-{found.id}' if found else ''}.{kind}"
    return Response(make(questionnaire, found, short_link), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
