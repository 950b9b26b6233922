"""A session's public link, its QR code's URL, its kiosk chooser, and the guard that
stops a finished session taking answers.

Opening `/s/<token>` (or `/s/<token>?via=qr`, which is what the QR code holds) notes in
the signed session cookie, for each questionnaire the session offers, the session and
the channel ("qr" or "link"); the respondent's normal start page then mints the draft
with that origin (`origin_for`). Nothing else in the respondent's journey changes.
"""

from urllib.parse import quote

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from engage import catalogue
from engage.db import get_db
from engage.respondent import responses, visitor
from engage.sessions import model as sessions

bp = Blueprint("public_sessions", __name__)

# The respondent's pages that start or carry on an answer: refused once its session has closed.
ANSWERING = {"respondent.start", "respondent.page", "respondent.check", "respondent.submit"}



def absolute(path):
    """An absolute, percent-encoded URL on PUBLIC_BASE_URL (or the request's host)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/") or request.host_url.rstrip("/")
    return quote(base + path, safe=":/?&=%#-._~")


def public_url(found, via=None):
    """The session's public link; `via="qr"` for the QR code."""
    return absolute(url_for("public_sessions.landing", token=found.public_token, via=via))


def kiosk_url(found):
    return absolute(url_for("public_sessions.kiosk_chooser", token=found.public_token))


def kiosk_card_url(found, questionnaire):
    """Where a card on the kiosk chooser leads: a facilitator signs in and opens kiosk mode
    on this tablet for this questionnaire at this session."""
    return url_for("kiosk.setup", session=found.id, questionnaire=questionnaire.id)


def session_or_404(token):
    return sessions.by_token(get_db(), token) or abort(404)


def offered_questionnaires(found):
    return [q for q in (catalogue.questionnaires().get(qid) for qid in found.questionnaire_ids) if q is not None]


def remember_origin(found, channel):
    visitor.put(visitor.ORIGINS, {qid: [found.id, channel] for qid in found.questionnaire_ids})


def forget_origin(questionnaire_id):
    visitor.forget(visitor.ORIGINS, questionnaire_id)


def origin_for(questionnaire_id):
    """The Origin a new draft of this questionnaire starts with on this device."""
    entry = visitor.get(visitor.ORIGINS, questionnaire_id)
    if not entry:
        return responses.Origin()
    return responses.Origin(channel=entry[1], session_id=str(entry[0]))


def not_open_page(found, state, status=200, refused=False):
    return render_template("sessions/finished.html", found=found, state=state, refused=refused), status


@bp.get("/s/<token>")
def landing(token):
    found = session_or_404(token)
    state = found.state()
    if state != sessions.OPEN:
        return not_open_page(found, state)
    remember_origin(found, "qr" if request.args.get("via") == "qr" else "link")
    questionnaires = offered_questionnaires(found)
    chosen = request.args.get("q")
    if chosen in found.questionnaire_ids or len(questionnaires) == 1:
        return redirect(url_for("respondent.start_page", questionnaire_id=chosen or questionnaires[0].id))
    cards = [(q, url_for("respondent.start_page", questionnaire_id=q.id)) for q in questionnaires]
    return render_template("sessions/chooser.html", found=found, cards=cards, kiosk=False)


@bp.get("/s/<token>/kiosk")
def kiosk_chooser(token):
    found = session_or_404(token)
    state = found.state()
    if state != sessions.OPEN:
        return not_open_page(found, state)
    cards = [(q, kiosk_card_url(found, q)) for q in offered_questionnaires(found)]
    return render_template("sessions/chooser.html", found=found, cards=cards, kiosk=True)


def session_being_answered():
    """The session behind this request's answer, if any: the draft's, or the one its
    new draft would start with."""
    db = get_db()
    questionnaire_id = (request.view_args or {}).get("questionnaire_id", "")
    if request.endpoint == "respondent.start":
        entry = visitor.get(visitor.ORIGINS, questionnaire_id)
        return sessions.get(db, entry[0]) if entry else None
    posted = request.form.get("response") if request.method == "POST" else None  # a GET has no form to parse
    response_uuid = posted or visitor.get(visitor.DRAFTS, questionnaire_id)
    return sessions.draft_session(db, response_uuid) if response_uuid else None


def refuse_finished_sessions():
    """Before a respondent's page: refuse (410) to start or carry on an answer for a
    session that is not taking answers. Nothing is stored."""
    if request.endpoint not in ANSWERING:
        return None
    found = session_being_answered()
    if found is None or found.takes_answers():
        return None
    if request.endpoint == "respondent.start":
        forget_origin((request.view_args or {})["questionnaire_id"])
    state = found.state()
    return not_open_page(found, state, 410 if state == sessions.CLOSED else 403, refused=True)


def init_app(app):
    app.before_request(refuse_finished_sessions)
    app.jinja_env.globals.update(public_url=public_url, kiosk_url=kiosk_url)
