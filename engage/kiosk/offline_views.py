"""Kiosk tablets that keep working offline: the one-document questionnaire, its service
worker, the sync endpoint, and the staff page that imports a saved-answers file. Every
batch that stores or rejects anything is audited with who sent it."""

import json

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request, send_from_directory

from engage import catalogue
from engage.db import get_db
from engage.kiosk import model as kiosk_model
from engage.kiosk import offline, sync
from engage.kiosk.views import current_kiosk, kiosk_or_404
from engage.staff import accounts as staff_accounts
from engage.staff import audit
from engage.web.errors import Tampered

bp = Blueprint("offline", __name__)



@bp.get("/kiosk/offline/")
def document():
    """The kiosk's questionnaire as one document that works offline (kiosks opened so)."""
    station = kiosk_or_404()
    questionnaire = catalogue.questionnaires().get(station.questionnaire_id) or abort(404)
    return render_template(
        "offline/questionnaire.html",
        questionnaire=questionnaire,
        definition=offline.client_definition(questionnaire),
        session_id=station.session_id,
        worker_scope="/kiosk/offline/",
    )


@bp.get("/kiosk/offline/sw.js")
def worker():
    response = send_from_directory(str(current_app.static_folder), "js/offline-sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.post("/kiosk/offline/file-pin")
def file_pin():
    """The facilitator's PIN, checked before the offline kiosk saves waiting answers to a file."""
    station = kiosk_or_404()
    body = json_body()
    pin = body.get("pin") if isinstance(body, dict) else None
    config = current_app.config
    error = kiosk_model.check_pin(get_db(), station.token, pin if isinstance(pin, str) else "",
                                  config["KIOSK_PIN_TRIES"], config["KIOSK_PIN_LOCK_SECONDS"])
    if error is not None:
        return jsonify({"error": str(error)}), 400
    audit.record(get_db(), None, "answers saved to a file", "at an offline kiosk, with the PIN")
    return jsonify({"ok": True})


@bp.post("/kiosk/sync")
def sync_answers():
    """Answers from an open kiosk (its session is the kiosk's), or sent by signed-in staff."""
    station = current_kiosk()
    if station is None and g.get("user") is None:
        abort(404)  # like every kiosk page on a browser with no kiosk open
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise Tampered("the body is not a JSON object with a list of items")
    sender = sync.Kiosk(station.questionnaire_id, station.session_id) if station else None
    results = sync.sync_batch(get_db(), catalogue.questionnaires(), body["items"], sender)
    record(results, "answers synced", station)
    return jsonify({"results": [r.as_dict() for r in results]})


def json_body():
    """The request's JSON, or None when it is not JSON (or nested too deeply to read)."""
    try:
        return json.loads(request.get_data())
    except (ValueError, RecursionError):
        return None


def record(results, action, station=None):
    """Audit a batch that stored or rejected anything, naming who sent it."""
    if all(r.status == sync.ALREADY_HAD for r in results):
        return
    db, sent = get_db(), ""
    if station is not None:
        opener = staff_accounts.get_user(db, station.opened_by or 0)
        sent = f", from the kiosk opened by {opener.email if opener else 'an account no longer there'}"
    audit.record(db, g.get("user"), action, sync.summary(results) + sent)


@bp.url_value_preprocessor
def allow_large_imports(endpoint, values):
    """Raise the size limit for an import before CSRF protection reads the form: URL value
    preprocessors run before every before_request function."""
    if endpoint == "offline.import_answers":
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]


@bp.route("/staff/import-answers", methods=["GET", "POST"])
def import_answers():
    results, error = None, None
    if request.method == "POST":
        upload = request.files.get("answers_file")
        try:
            items = offline.read_file(upload.read() if upload else b"")
            results = sync.sync_all(get_db(), catalogue.questionnaires(), items)
            record(results, "answers imported")
        except offline.FileError as problem:
            error = str(problem)
    return render_template("offline/import.html", results=results, error=error), (400 if error else 200)
