"""Staff pages for polls: the list, a lead's settings (open, close, publish), the live
screen and room tallies (facilitators), the results and downloads (leads).
Who may open each page is decided in permissions.py.

Every download is written to the audit log.
"""

import functools

from flask import Blueprint, Response, abort, current_app, g, jsonify, redirect, render_template, request, url_for

from engage import catalogue
from engage.db import connect, get_db
from engage.polls import ballots
from engage.polls import exports as poll_exports
from engage.polls import forms as poll_forms
from engage.polls import live as poll_live
from engage.polls import settings as poll_settings
from engage.polls.results import ROOM, Filters, results, sent_ballot_counts
from engage.staff import audit

bp = Blueprint("poll_staff", __name__, url_prefix="/staff/polls")

CHANNELS = (*ballots.CHANNELS, ROOM)



def poll_or_404(poll_id):
    return catalogue.polls().get(poll_id) or abort(404)


@bp.get("/")
def index():
    db = get_db()
    return render_template(
        "poll_staff/index.html", polls=list(catalogue.polls()), settings=poll_settings.all_settings(db),
        sent=sent_ballot_counts(db),
    )


@bp.get("/<poll_id>/")
def manage(poll_id):
    return render_manage(poll_or_404(poll_id))


def public_url(endpoint, **values):
    """An absolute link for participants, on PUBLIC_BASE_URL when it is set."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)


def render_manage(poll, errors=(), posted=None, status=200):
    settings = poll_settings.get(get_db(), poll.id)
    links = {name: public_url(f"polls.{name}", poll_id=poll.id) for name in ("start_page", "start_page_easyread", "public_results")}
    return render_template(
        "poll_staff/manage.html", poll=poll, settings=settings, errors=list(errors), posted=posted or {}, links=links
    ), status


@bp.post("/<poll_id>/open")
def open_poll(poll_id):
    poll_settings.open_now(get_db(), poll_or_404(poll_id).id, g.user)
    return redirect(url_for(".manage", poll_id=poll_id))


@bp.post("/<poll_id>/close")
def close_poll(poll_id):
    poll_settings.close_now(get_db(), poll_or_404(poll_id).id, g.user)
    return redirect(url_for(".manage", poll_id=poll_id))


@bp.post("/<poll_id>/times")
def set_times(poll_id):
    poll = poll_or_404(poll_id)
    opens_at, closes_at, errors = poll_forms.read_times(request.form, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if errors:
        return render_manage(poll, errors, request.form, 400)
    poll_settings.schedule(get_db(), poll.id, g.user, opens_at, closes_at)
    return redirect(url_for(".manage", poll_id=poll_id))


@bp.post("/<poll_id>/publish")
def publish(poll_id):
    poll = poll_or_404(poll_id)
    next_steps = request.form.get("next_steps", "").replace("\r\n", "\n").strip()
    error = poll_forms.next_steps_problem(next_steps)
    if error:
        return render_manage(poll, [("next_steps", error)], request.form, 400)
    poll_settings.publish(get_db(), poll.id, g.user.id, next_steps)
    return redirect(url_for(".manage", poll_id=poll_id))


@bp.post("/<poll_id>/unpublish")
def unpublish(poll_id):
    poll_settings.unpublish(get_db(), poll_or_404(poll_id).id, g.user.id)
    return redirect(url_for(".manage", poll_id=poll_id))


@bp.get("/<poll_id>/live")
def live(poll_id):
    return render_live(poll_or_404(poll_id))


def render_live(poll, errors=(), posted=None, status=200):
    db = get_db()
    state = poll_live.get_state(db, poll)
    return render_template(
        "poll_staff/live.html", poll=poll, state=state, shown=poll_live.shown(poll, state),
        snapshot=poll_live.snapshot(db, poll, state), tallies=poll_live.tallies(db, poll.id, state.proposal_id),
        tally_uuid=poll_live.new_tally_uuid(), errors=list(errors), posted=posted or {},
    ), status


@bp.get("/<poll_id>/live.json")
def live_json(poll_id):
    response = jsonify(poll_live.snapshot(get_db(), poll_or_404(poll_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<poll_id>/live")
def live_action(poll_id):
    poll = poll_or_404(poll_id)
    action = request.form.get("action")
    if action not in poll_live.ACTIONS:
        abort(400)
    poll_live.act(get_db(), poll, action, g.user.id)
    return redirect(url_for(".live", poll_id=poll.id))


@bp.post("/<poll_id>/tally")
def record_tally(poll_id):
    poll = poll_or_404(poll_id)
    proposal = poll.proposal(request.form.get("proposal", "")) or abort(400)
    tally_uuid = poll_forms.read_uuid(request.form.get("tally", ""))
    counts, errors = poll_forms.read_tally(poll, request.form, poll_live.MAX_TALLY)
    if errors:
        return render_live(poll, errors, request.form, 400)
    poll_live.record_tally(get_db(), poll, proposal.id, counts, g.user.id, tally_uuid)
    return redirect(url_for(".live", poll_id=poll.id))


@bp.post("/<poll_id>/tally/<tally_uuid>/delete")
def delete_tally(poll_id, tally_uuid):
    poll_live.delete_tally(get_db(), poll_or_404(poll_id).id, tally_uuid)
    return redirect(url_for(".live", poll_id=poll_id))


def connection_opener():
    """Opens a connection of a download's own (a streamed CSV outlives the request's connection)."""
    config = current_app.config
    return functools.partial(connect, config["DATABASE"], config["SQLITE_BUSY_TIMEOUT_MS"], config["SQLITE_SYNCHRONOUS"])


def read_filters():
    """Filters from the query string; an unknown channel or variant is a 400."""
    channel = request.args.get("channel") or None
    variant = request.args.get("variant") or None
    if channel not in (None, *CHANNELS) or variant not in (None, *ballots.VARIANTS):
        abort(400)
    return Filters(channel=channel, session_id=request.args.get("session") or None, variant=variant)


@bp.get("/<poll_id>/results")
def results_page(poll_id):
    poll = poll_or_404(poll_id)
    filters = read_filters()
    return render_template(
        "poll_staff/results.html", poll=poll, results=results(get_db(), poll, filters), filters=filters, channels=CHANNELS
    )


@bp.get("/<poll_id>/download/<what>.<fmt>")
def download(poll_id, what, fmt):
    poll = poll_or_404(poll_id)
    if what not in ("results", "ballots") or fmt not in ("csv", "xlsx"):
        abort(404)
    filters = read_filters()
    audit.record(get_db(), g.user, "download", f"poll {poll.id} {what} as {fmt.upper()}")
    mimetype, body = poll_exports.export(connection_opener(), poll, what, fmt, filters)
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{poll.id}-{what}.{fmt}"'})
