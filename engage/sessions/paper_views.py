"""Staff pages for keying in paper questionnaires: choose the questionnaire and session,
then one long form per paper copy, with "save and enter another"."""

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from engage import catalogue
from engage.db import get_db
from engage.respondent import responses
from engage.sessions import model as sessions
from engage.sessions import paper
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
        return render_form(questionnaire, found, responses.new_uuid(), {}, [], request.args.get("saved") == "1")
    response_uuid = paper.checked_uuid(request.form.get("response"))
    answers, errors = paper.read_form(questionnaire, request.form)
    if errors:
        return render_form(questionnaire, found, response_uuid, answers, errors, False)
    paper.store(get_db(), questionnaire, response_uuid, answers, session_id, g.user.id)
    return redirect(url_for(".form", questionnaire_id=questionnaire.id, session=session_id, saved=1))


def render_form(questionnaire, found, response_uuid, answers, errors, saved):
    session_id = str(found.id) if found else None
    return render_template(
        "paper/form.html", questionnaire=questionnaire, found=found, response_uuid=response_uuid,
        answers=answers, errors=errors, saved=saved, conditions=paper.conditions(questionnaire),
        entered=paper.entered_count(get_db(), session_id, questionnaire.id),
    ), (400 if errors else 200)
