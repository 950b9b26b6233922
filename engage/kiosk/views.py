"""Kiosk mode's pages, and the guard that keeps a kiosk tablet on its questionnaire.

The tablet's signed session cookie holds only the kiosk token and the current person's
draft UUID. While it holds a kiosk, every page is sent with `Cache-Control: no-store`,
and any page other than the kiosk's own (its questionnaire's pages, the kiosk and offline
pages, the accessibility and credits pages) leads back to the kiosk's start screen: no
poll, no other questionnaire, no staff page. Each new person starts with nothing in the
session but the kiosk, so the back button never shows a previous person's answers or votes.
"""

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for

from engage import catalogue
from engage.db import get_db
from engage.kiosk import model as kiosk
from engage.respondent import responses
from engage.respondent.views import current_uuid, questionnaire_or_404, remember
from engage.sessions import model as sessions
from engage.web.errors import Tampered

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")

# Respondent pages a kiosk shows itself, for its own questionnaire.
KIOSK_JOURNEY = {"respondent.page", "respondent.check"}
# Blueprints a kiosk tablet may reach; everything else goes to the kiosk start.
KIOSK_BLUEPRINTS = {"kiosk", "offline", "about"}
# What a person's session keeps from the one before: the kiosk, and the form token.
KEPT_FOR_NEXT_PERSON = {"kiosk", "csrf_token"}


def current_kiosk():
    """The open kiosk this tablet is in, or None (cached for the request)."""
    if "kiosk" not in g:
        token = session.get("kiosk")
        g.kiosk = kiosk.get_open(get_db(), token) if token else None
        if token and g.kiosk is None:
            session.pop("kiosk", None)
    return g.kiosk


def kiosk_or_404():
    return current_kiosk() or abort(404)


@bp.before_app_request
def keep_to_the_kiosk():
    endpoint = request.endpoint or "static"
    if not session.get("kiosk") or endpoint == "static" or endpoint.split(".")[0] in KIOSK_BLUEPRINTS:
        return None
    station = current_kiosk()
    if station is None:
        return None
    on_journey = endpoint in KIOSK_JOURNEY and (request.view_args or {}).get("questionnaire_id") == station.questionnaire_id
    return None if on_journey else redirect(url_for("kiosk.start"))


@bp.after_app_request
def no_store_on_kiosks(response):
    if session.get("kiosk") and request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def kiosk_context():
    return {"kiosk": current_kiosk() if session.get("kiosk") else None}


def forget_person(station):
    """Discard the current person's unfinished draft, if any, and forget it."""
    response_uuid = current_uuid(station.questionnaire_id)
    if response_uuid:
        kiosk.abandon(get_db(), response_uuid)
    for key in set(session) - KEPT_FOR_NEXT_PERSON:
        session.pop(key)


def engagement_session():
    """The open engagement session a kiosk is being set up for (?session=<id>), or None."""
    wanted = request.values.get("session")
    if not wanted:
        return None
    found = sessions.get(get_db(), int(wanted)) if wanted.isascii() and wanted.isdigit() and len(wanted) < 10 else None
    if found is None or not found.takes_answers():
        raise Tampered("no open session with that id")
    return found


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    found = engagement_session()
    offered = [q for q in catalogue.questionnaires() if found is None or q.id in found.questionnaire_ids]
    form, errors = request.form, []
    if request.method == "POST":
        if form.get("questionnaire") and form["questionnaire"] not in {q.id for q in offered}:
            raise Tampered("no such questionnaire here")
        errors = kiosk.setup_problems(form.get("questionnaire", ""), form.get("pin", ""), form.get("pin_again", ""))
        if not errors:
            token = kiosk.open_kiosk(
                get_db(), form["questionnaire"], form["pin"], g.user.id,
                session_id=str(found.id) if found else None, offline=form.get("offline") == "yes",
            )
            session.clear()  # the staff member is signed out on this tablet
            session["kiosk"] = token
            session.permanent = True  # the kiosk outlives a restart of the browser or tablet
            return redirect(url_for(".start"))
    chosen = form.get("questionnaire") or request.args.get("questionnaire")
    return render_template(
        "kiosk/setup.html", questionnaires=offered, errors=errors, chosen=chosen, engagement=found,
        offline=form.get("offline") == "yes",
    ), (400 if errors else 200)


@bp.get("/")
def start():
    station = kiosk_or_404()
    if station.offline and request.args.get("online") != "1":
        return redirect(url_for("offline.document"))
    questionnaire = questionnaire_or_404(station.questionnaire_id)
    return render_template("kiosk/start.html", questionnaire=questionnaire)


@bp.post("/start")
def begin():
    station = kiosk_or_404()
    questionnaire = questionnaire_or_404(station.questionnaire_id)
    forget_person(station)
    remember(questionnaire.id, kiosk.start_response(get_db(), station, questionnaire))
    return redirect(url_for("respondent.page", questionnaire_id=questionnaire.id, page_id=questionnaire.pages[0].id))


@bp.post("/submit")
def submit():
    station = kiosk_or_404()
    questionnaire = questionnaire_or_404(station.questionnaire_id)
    response_uuid = request.form.get("response", "")
    if response_uuid != current_uuid(questionnaire.id):
        raise Tampered("no such response in progress at this kiosk")
    try:
        kiosk.finish(get_db(), questionnaire, response_uuid, request.form.get("helped_by_staff") == "yes")
    except responses.NotReady as not_ready:
        return redirect(url_for("respondent.page", questionnaire_id=questionnaire.id, page_id=not_ready.page_id))
    except responses.NoDraft:
        pass
    remember(questionnaire.id, None)
    return redirect(url_for(".thanks"))


@bp.get("/thank-you")
def thanks():
    station = kiosk_or_404()
    return render_template("kiosk/thanks.html", questionnaire=questionnaire_or_404(station.questionnaire_id))


@bp.post("/discard")
def discard():
    """The idle timer ran out (or the person chose to stop): throw their answers away."""
    forget_person(kiosk_or_404())
    return redirect(url_for(".start"))


@bp.route("/exit", methods=["GET", "POST"])
def exit_kiosk():
    station = kiosk_or_404()
    error = None
    if request.method == "POST":
        config = current_app.config
        error = kiosk.try_pin(get_db(), station.token, request.form.get("pin", ""),
                              config["KIOSK_PIN_TRIES"], config["KIOSK_PIN_LOCK_SECONDS"])
        if error is None:
            forget_person(station)
            session.clear()
            return render_template("kiosk/closed.html")
    return render_template("kiosk/exit.html", error=error), (400 if error else 200)
