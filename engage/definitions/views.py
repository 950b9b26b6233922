"""Staff pages for questionnaires' and polls' versions and lifecycle (leads and admins):
the list, a new draft (uploaded JSON, or a copy), preview of any version exactly as a
respondent sees it (nothing stored), publish with times, close, reopen, archive, restore.
Twins move together unless the lead unticks "its twin too". Every change is audited
(engage/definitions/store.py)."""

import json
import re

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from engage import catalogue
from engage.db import get_db
from engage.definitions import files, store
from engage.polls import forms as poll_forms
from engage.questionnaires import journey
from engage.respondent.page_answers import read_page
from engage.staff import audit

bp = Blueprint("definitions", __name__, url_prefix="/staff/definitions")

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
UPLOAD_SOURCE = "uploaded on the staff pages"


def definition_or_404(definition_id):
    return store.get(get_db(), definition_id) or abort(404)


@bp.get("/")
def index():
    db = get_db()
    archived = request.args.get("archived") == "1"
    items = [d for d in store.definitions(db) if archived or d.state() != store.ARCHIVED]
    return render_template("definitions/index.html", items=items, counts=store.response_counts(db),
                           file_problems=store.file_problems(db), archived=archived)


def read_document(text):
    """(document, error): the posted JSON, or a message to show."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        return None, f"This is not JSON: line {err.lineno} column {err.colno}: {err.msg}"
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not ID_PATTERN.match(doc["id"]):
        return None, "The definition needs an \"id\" of lower-case letters, digits and hyphens"
    return doc, None


def posted_text():
    upload = request.files.get("file")
    if upload and upload.filename:
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            return ""
    return request.form.get("document", "")


def latest_documents(db):
    return {d.id: store.version(db, d.id, d.latest_version).document for d in store.definitions(db)}  # type: ignore[union-attr]


@bp.route("/new", methods=["GET", "POST"])
def new():
    """A new draft: a new definition, or the next version of the one its id names."""
    if request.method == "GET":
        return render_template("definitions/new.html", errors=[], text="", affected=[])
    db = get_db()
    text = posted_text()
    doc, error = read_document(text)
    if error:
        return render_template("definitions/new.html", errors=[("document", error)], text=text, affected=[]), 400
    assert doc is not None
    found = store.get(db, doc["id"])
    if found and found.published_version and found.kind == store.QUESTIONNAIRE and request.form.get("confirm") != "yes":
        published = store.version(db, found.id, found.published_version)
        affected = store.answers_affected(db, found.id, published.document, doc)  # type: ignore[union-attr]
        if affected:
            return render_template("definitions/new.html", errors=[], text=json.dumps(doc, ensure_ascii=False, indent=2),
                                   affected=affected, total=sum(n for _, _, n in affected)), 409
    kind = files.kind_of(doc)
    problems = files.check(kind, doc, f"{doc['id']}.json", current_app.config["PICTURES_DIR"], latest_documents(db))
    try:
        version = store.save_version(db, kind, doc, problems, UPLOAD_SOURCE, g.user)
    except store.NotPublishable as refused:
        return render_template("definitions/new.html", errors=[("document", str(refused))], text=text, affected=[]), 400
    return redirect(url_for(".detail", definition_id=version.definition_id, saved=version.number))


@bp.post("/<definition_id>/versions/<int:number>/copy")
def copy(definition_id, number):
    """A new definition whose first version is a copy of this version, under a new id."""
    db = get_db()
    version = store.version(db, definition_id, number) or abort(404)
    new_id = request.form.get("new_id", "").strip()
    if not ID_PATTERN.match(new_id) or store.get(db, new_id):
        return render_detail(definition_or_404(definition_id), [("new_id", "Enter a new id, not in use, of lower-case letters, digits and hyphens")], 400)
    doc = {**version.document, "id": new_id}
    kind = definition_or_404(definition_id).kind
    problems = files.check(kind, doc, f"{new_id}.json", current_app.config["PICTURES_DIR"], latest_documents(db))
    store.save_version(db, kind, doc, problems, f"copied from {definition_id} version {number}", g.user)
    return redirect(url_for(".detail", definition_id=new_id))


def render_detail(definition, errors=(), status=200):
    db = get_db()
    twins = [t for t in store.twins(db, definition.id) if t != definition.id]
    return render_template("definitions/detail.html", definition=definition, versions=store.versions(db, definition.id),
                           twins=twins, errors=list(errors), counts=store.response_counts(db)), status


@bp.get("/<definition_id>/")
def detail(definition_id):
    return render_detail(definition_or_404(definition_id))


def chosen_ids(definition):
    """This definition, and its twin unless the lead unticked "its twin too"."""
    return store.twins(get_db(), definition.id) if request.form.get("together") == "yes" else [definition.id]


def read_times():
    return poll_forms.read_times(request.form, current_app.config["BABEL_DEFAULT_TIMEZONE"])


@bp.post("/<definition_id>/publish")
def publish(definition_id):
    db = get_db()
    definition = definition_or_404(definition_id)
    opens_at, closes_at, errors = read_times()
    number = request.form.get("version", type=int)
    if number is None or store.version(db, definition.id, number) is None:
        errors.append(("version", "Choose a version to publish"))
    if errors:
        return render_detail(definition, errors, 400)
    ids = chosen_ids(definition)
    latest = {d.id: d.latest_version for d in store.definitions(db)}
    try:
        store.publish(db, ids, lambda i: number if i == definition.id else latest[i], opens_at, closes_at, g.user)
    except store.NotPublishable as refused:
        return render_detail(definition, [("version", str(refused))], 400)
    catalogue.published_changed(db)
    return redirect(url_for(".detail", definition_id=definition.id))


@bp.post("/<definition_id>/times")
def times(definition_id):
    definition = definition_or_404(definition_id)
    opens_at, closes_at, errors = read_times()
    if errors:
        return render_detail(definition, errors, 400)
    store.set_times(get_db(), chosen_ids(definition), opens_at, closes_at, g.user)
    return redirect(url_for(".detail", definition_id=definition.id))


ACTIONS = {"close": store.close_now, "reopen": store.reopen, "archive": store.archive, "restore": store.restore}


@bp.post("/<definition_id>/<action>")
def lifecycle(definition_id, action):
    """Close now, reopen, archive or restore."""
    definition = definition_or_404(definition_id)
    if action not in ACTIONS:
        abort(404)
    if definition.published_version is None:
        return render_detail(definition, [("version", "Publish a version first")], 400)
    ACTIONS[action](get_db(), chosen_ids(definition), g.user)
    return redirect(url_for(".detail", definition_id=definition.id))


def preview_or_404(definition_id, number):
    definition = definition_or_404(definition_id)
    version = store.version(get_db(), definition_id, number) or abort(404)
    built = catalogue.built_version(definition.kind, version) if definition.kind == store.QUESTIONNAIRE else None
    if built is None:
        abort(404)
    return built, version


class PreviewDraft:
    """What the respondent's page template needs of a draft; nothing is ever stored."""

    uuid = "preview"


@bp.get("/<definition_id>/versions/<int:number>/preview/")
def preview(definition_id, number):
    questionnaire, version = preview_or_404(definition_id, number)
    return render_template("definitions/preview.html", questionnaire=questionnaire, version=version, preview=True)


@bp.route("/<definition_id>/versions/<int:number>/preview/<page_id>", methods=["GET", "POST"])
def preview_page(definition_id, number, page_id):
    """A page exactly as a respondent sees it; a posted page is checked and the answers dropped."""
    questionnaire, version = preview_or_404(definition_id, number)
    page = questionnaire.page(page_id) or abort(404)
    pages = list(questionnaire.pages)
    errors, answers = [], {}
    if request.method == "POST":
        audit.not_a_change()
        answers, errors = read_page(page, {}, request.form, questionnaire.easyread)
        if not errors:
            following = journey.next_page(pages, page.id)
            if following is None:
                return redirect(url_for(".preview", definition_id=definition_id, number=number, done=1))
            return redirect(url_for(".preview_page", definition_id=definition_id, number=number, page_id=following.id))
    previous = journey.previous_page(pages, page.id)
    back = (url_for(".preview_page", definition_id=definition_id, number=number, page_id=previous.id) if previous
            else url_for(".preview", definition_id=definition_id, number=number))
    # progress as if every earlier page had been left unanswered (a preview keeps no answers)
    earlier: dict[str, list[str]] = {q.id: [] for p in pages[: pages.index(page)] for q in p.questions}
    return render_template(
        "respondent/page.html", questionnaire=questionnaire, page=page, questions=journey.visible_questions(page, {}),
        answers=answers, errors=errors, back_url=back, progress=journey.progress(questionnaire, earlier), change=None,
        draft=PreviewDraft(), preview=True,
    ), (400 if errors else 200)


def init_app(app):
    app.register_blueprint(bp)
