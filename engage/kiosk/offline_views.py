"""Kiosk tablets that keep working offline: the one-document questionnaire, its service
worker, the sync endpoint, and the staff page that imports a saved-answers file."""

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request, send_from_directory

from engage import catalogue
from engage.db import get_db
from engage.kiosk import offline, sync
from engage.kiosk.views import current_kiosk, kiosk_or_404
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
    response = send_from_directory(current_app.static_folder, "js/offline-sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.post("/kiosk/sync")
def sync_answers():
    """Answers from an open kiosk (its session is the kiosk's), or sent by signed-in staff."""
    station = current_kiosk()
    if station is None and g.get("user") is None:
        abort(404)  # like every kiosk page on a browser with no kiosk open
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise Tampered("the body is not a JSON object with a list of items")
    items = body["items"]
    if station is not None:
        items = [{**item, "session_id": station.session_id} if isinstance(item, dict) else item for item in items]
    results = sync.sync_batch(get_db(), catalogue.questionnaires(), items)
    return jsonify({"results": [r.as_dict() for r in results]})


@bp.route("/staff/import-answers", methods=["GET", "POST"])
def import_answers():
    results, error = None, None
    if request.method == "POST":
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
        upload = request.files.get("answers_file")
        try:
            items = offline.read_file(upload.read() if upload else b"")
            results = sync.sync_all(get_db(), catalogue.questionnaires(), items)
        except offline.FileError as problem:
            error = str(problem)
    return render_template("offline/import.html", results=results, error=error), (400 if error else 200)
