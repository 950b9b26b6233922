"""Staff pages for engagement sessions: list, create, edit, close, attendance, and each
session's links, QR codes and poster. Who may open each is decided in permissions.py
(leads and admins change sessions; facilitators look and print)."""

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from engage import catalogue
from engage.db import get_db
from engage.sessions import forms as session_form
from engage.sessions import model as sessions
from engage.sessions import qr as qr_codes
from engage.sessions.public_links import public_url

bp = Blueprint("sessions", __name__, url_prefix="/staff/sessions")



def session_or_404(session_id):
    return sessions.get(get_db(), session_id) or abort(404)


@bp.get("/")
def index():
    return render_template(
        "sessions/index.html", sessions=sessions.all_sessions(get_db()), totals=sessions.response_totals(get_db()),
        response_rate=sessions.response_rate,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    values, errors = request.form, {}
    if request.method == "POST":
        details, errors = session_form.read_details(request.form, catalogue.questionnaires(), catalogue.polls())
        if details:
            session_id = sessions.create(get_db(), details, g.user.id)
            return redirect(url_for(".detail", session_id=session_id))
    return render_form(None, values, request.form.getlist("questionnaires") + request.form.getlist("polls"), errors)


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
def edit(session_id):
    found = session_or_404(session_id)
    if request.method == "GET":
        return render_form(found, session_form.form_values(found), found.questionnaire_ids + found.poll_ids, {})
    details, errors = session_form.read_details(request.form, catalogue.questionnaires(), catalogue.polls())
    if details:
        sessions.update(get_db(), found.id, details)
        return redirect(url_for(".detail", session_id=found.id))
    return render_form(found, request.form, request.form.getlist("questionnaires") + request.form.getlist("polls"), errors)


def render_form(found, values, chosen, errors):
    return render_template(
        "sessions/form.html", found=found, values=values, chosen=chosen, errors=errors,
        questionnaires=catalogue.not_archived(), polls=list(catalogue.polls()),
    ), (400 if errors else 200)


@bp.get("/<int:session_id>")
def detail(session_id):
    found = session_or_404(session_id)
    return render_template(
        "sessions/detail.html", found=found, counts=sessions.channel_counts(get_db(), found.id),
        questionnaires=[catalogue.questionnaires().get(qid) for qid in found.questionnaire_ids if catalogue.questionnaires().get(qid)],
        polls=[catalogue.polls().get(pid) for pid in found.poll_ids if catalogue.polls().get(pid)],
        ballots=sessions.ballot_counts(get_db(), found.id),
    )


@bp.post("/<int:session_id>/close")
def close(session_id):
    sessions.close(get_db(), session_or_404(session_id).id)
    return redirect(url_for(".detail", session_id=session_id))


@bp.route("/<int:session_id>/attendance", methods=["GET", "POST"])
def attendance(session_id):
    found = session_or_404(session_id)
    errors = {}
    if request.method == "POST":
        number, errors = session_form.read_attendance(request.form)
        if not errors:
            sessions.record_attendance(get_db(), found.id, number)
            return redirect(url_for(".detail", session_id=found.id))
    value = request.form.get("actual", "" if found.actual_attendance is None else str(found.actual_attendance))
    return render_template("sessions/attendance.html", found=found, value=value, errors=errors), (400 if errors else 200)


@bp.get("/<int:session_id>/qr.<any(png, svg):kind>")
def qr(session_id, kind):
    found = session_or_404(session_id)
    url = public_url(found, via="qr")
    body, mimetype = (qr_codes.png(url), "image/png") if kind == "png" else (qr_codes.svg(url), "image/svg+xml")
    download = {"Content-Disposition": f"attachment; filename=session-{found.id}-qr.{kind}"}
    return Response(body, mimetype=mimetype, headers=download if "download" in request.args else {})


@bp.get("/<int:session_id>/poster")
def poster(session_id):
    return render_template("sessions/poster.html", found=session_or_404(session_id))
