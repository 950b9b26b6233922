"""A session's public link, its short link, its QR code's URL, its kiosk chooser, and the
guard that stops a finished session taking answers.

Opening `/s/<token>` (or `/s/<token>?via=qr`, which is what the QR code holds), or the
short link `/s/<code>`, notes in the signed session cookie, for each questionnaire and
poll the session offers, the session and the channel ("qr" or "link"); the respondent's
normal start page then mints the draft, and the poll's start its ballot, with that origin
(`origin_for`, `poll_origin_for`). Nothing else in the journeys changes. Wrong short codes
are rate-limited per address (code_limits.py); `/join` is the form to type one.
"""

from urllib.parse import quote

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from engage import catalogue
from engage.db import get_db
from engage.polls import ballots
from engage.respondent import responses, visitor
from engage.sessions import model as sessions
from engage.sessions import short_codes
from engage.sessions.code_limits import CodeLimits

bp = Blueprint("public_sessions", __name__)

NOT_A_CODE = _l("A code is 8 letters and numbers, like K7M2 XQ9D")

# The respondent's pages that start or carry on an answer: refused once its session has closed.
ANSWERING = {"respondent.start", "respondent.page", "respondent.check", "respondent.submit"}



def absolute(path):
    """An absolute, percent-encoded URL on PUBLIC_BASE_URL (or the request's host)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/") or request.host_url.rstrip("/")
    return quote(base + path, safe=":/?&=%#-._~")


def public_url(found, via=None):
    """The session's public link; `via="qr"` for the QR code."""
    return absolute(url_for("public_sessions.landing", token=found.public_token, via=via))


def short_url(found):
    """The short link people type, e.g. https://engage.example/s/K7M2XQ9D."""
    return absolute(url_for("public_sessions.landing", token=found.short_code))


def short_text(found):
    """The short link without its scheme, as shown in big type."""
    return short_url(found).split("://", 1)[-1]


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


def offered_polls(found):
    return [p for p in (catalogue.polls().get(pid) for pid in found.poll_ids) if p is not None]


def remember_origin(found, channel):
    visitor.put(visitor.ORIGINS, {qid: [found.id, channel] for qid in found.questionnaire_ids})
    visitor.put(visitor.POLL_ORIGINS, {pid: [found.id, channel] for pid in found.poll_ids})


def poll_origin_for(poll_id):
    """The ballots.Origin a new ballot of this poll starts with on this device."""
    entry = visitor.get(visitor.POLL_ORIGINS, poll_id)
    return ballots.Origin(channel=entry[1], session_id=str(entry[0])) if entry else ballots.Origin()


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


def find_session(typed):
    """The session a long link's token or a typed short code names; (None, page) when there
    is none (404, the miss counted) or this address has typed too many wrong codes (429)."""
    db = get_db()
    found = sessions.by_token(db, typed)
    if found:
        return found, None
    limits = CodeLimits(current_app.config, request.remote_addr or "")
    minutes = limits.minutes_locked(db)
    if minutes:
        return None, (render_template("sessions/wrong_code.html", typed=typed, minutes=minutes), 429)
    code = short_codes.normalise(typed)
    found = sessions.by_short_code(db, code) if code else None
    if found:
        return found, None
    limits.missed(db, typed)
    return None, (render_template("sessions/wrong_code.html", typed=typed, minutes=0), 404)


@bp.get("/s/<token>")
def landing(token):
    found, refused = find_session(token)
    if refused:
        return refused
    state = found.state()
    if state != sessions.OPEN:
        return not_open_page(found, state)
    remember_origin(found, "qr" if request.args.get("via") == "qr" else "link")
    questionnaires, polls = offered_questionnaires(found), offered_polls(found)
    chosen = request.args.get("q")
    if chosen in found.questionnaire_ids or (len(questionnaires) == 1 and not polls):
        return redirect(url_for("respondent.start_page", questionnaire_id=chosen or questionnaires[0].id))
    if len(polls) == 1 and not questionnaires:
        return redirect(url_for("polls.start_page", poll_id=polls[0].id))
    cards = [(q, url_for("respondent.start_page", questionnaire_id=q.id)) for q in questionnaires]
    poll_cards = [(p, url_for("polls.start_page", poll_id=p.id), url_for("polls.start_page_easyread", poll_id=p.id))
                  for p in polls]
    return render_template("sessions/chooser.html", found=found, cards=cards, poll_cards=poll_cards, kiosk=False)


@bp.get("/join")
def join():
    """The form to type a short code (also on the home page); a code typed goes to its link."""
    typed = request.args.get("code", "")
    code = short_codes.normalise(typed)
    if code:
        return redirect(url_for(".landing", token=code))
    error = NOT_A_CODE if typed.strip() else None
    return render_template("sessions/join.html", typed=typed[:40], error=error), (400 if error else 200)


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
    app.jinja_env.globals.update(public_url=public_url, kiosk_url=kiosk_url, short_url=short_url, short_text=short_text,
                                 spaced_code=short_codes.spaced)
