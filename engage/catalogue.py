"""The questionnaires and polls respondents are served: the published version of each,
parsed once per worker and reloaded when the database's `catalogue_version` counter moves
(read at most once per request: one one-row query), so every worker serves a newly
published version at its next request, without a restart. Also any version by the hash
a response stored, and any version for a preview.

At start-up the files in surveys/ are imported as versions (engage/definitions/files.py):
a broken file is logged and skipped, the others serve.
"""

from flask import current_app, g

from engage.db import connect, get_db
from engage.definitions import files, store
from engage.definitions.merge import merged
from engage.polls.definitions import PollCatalogue
from engage.polls.definitions import build as build_poll
from engage.questionnaires.definitions import Catalogue
from engage.questionnaires.definitions import build as build_questionnaire
from engage.reports import counts

BUILDERS = {store.QUESTIONNAIRE: build_questionnaire, store.POLL: build_poll}


class Library:
    """One reading of the published definitions, at catalogue counter `number`."""

    def __init__(self, number, pairs, history=()):
        self.number = number
        self.lifecycles = {d.id: d for d, _ in pairs}
        self.versions = {d.id: v.number for d, v in pairs}
        built = [(d.kind, BUILDERS[d.kind](v.document, v.source)) for d, v in pairs]
        self.questionnaires = Catalogue([b for kind, b in built if kind == store.QUESTIONNAIRE])
        self.polls = PollCatalogue([b for kind, b in built if kind == store.POLL])
        self.report_questionnaires = Catalogue([merged(self.report_versions(q, history)) for q in self.questionnaires])

    def report_versions(self, questionnaire, history):
        """(number, questionnaire) of each version ever published, the one served last."""
        number = self.versions[questionnaire.id]
        earlier = [(v.number, build_questionnaire(v.document, v.source)) for v in history
                   if v.definition_id == questionnaire.id and v.number != number]
        return earlier + [(number, questionnaire)]


def load(db) -> Library:
    number = store.catalogue_number(db)  # first: a change made while reading shows at the next check
    return Library(number, store.published(db), store.ever_published(db))


def install(app, library):
    app.extensions["engage.library"] = library
    app.extensions["engage.catalogue"] = library.questionnaires
    app.extensions["engage.polls"] = library.polls
    app.extensions["engage.report_catalogue"] = library.report_questionnaires


def library() -> Library:
    """The current reading, checked against the counter once per request (or app context)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    current = app.extensions["engage.library"]
    if not g.get("catalogue_checked"):
        g.catalogue_checked = True
        if store.catalogue_number(get_db()) != current.number:
            current = load(get_db())
            install(app, current)
    return current


def questionnaires():
    """The published questionnaires, open or not (a Catalogue: iterate, or .get by id)."""
    return library().questionnaires


def polls():
    """The published polls (iterate, or look up by id with .get)."""
    return library().polls


def not_archived():
    """The published questionnaires a staff list shows by default."""
    current = library()
    return [q for q in current.questionnaires if current.lifecycles[q.id].state() != store.ARCHIVED]


def report_questionnaires():
    """Every published questionnaire for the report: all its published versions merged by
    question and option id, with notes where only some versions have one (merge.py)."""
    return library().report_questionnaires


def lifecycle(definition_id) -> store.Definition | None:
    """The published definition's state and times (None when it is not published)."""
    return library().lifecycles.get(definition_id)


def version_number(definition_id) -> int | None:
    """The version number a published definition serves."""
    return library().versions.get(definition_id)


_by_hash: dict = {}  # versions never change: kept for the life of the worker


def version_by_hash(definition_id, definition_hash):
    """The questionnaire or poll exactly as a response or ballot with this hash saw it."""
    key = (definition_id, definition_hash)
    if key not in _by_hash:
        found = store.version_by_hash(get_db(), definition_id, definition_hash)
        if found is None:
            return None
        kind = store.get(get_db(), definition_id).kind  # type: ignore[union-attr]
        _by_hash[key] = BUILDERS[kind](found.document, found.source)
    return _by_hash[key]


def built_version(kind, version: store.Version):
    """A stored version as the objects respondents' pages use (a preview); None when its
    shape is too broken to show."""
    try:
        return BUILDERS[kind](version.document, version.source)
    except (KeyError, TypeError, IndexError, AttributeError):
        return None


def published_changed(db):
    """After a publish in this worker: read the new versions now, and bring the report's
    tallied questions in step (other workers follow the counter)."""
    current = load(db)
    install(current_app._get_current_object(), current)  # type: ignore[attr-defined]
    g.catalogue_checked = True
    counts.sync_questions(db, current.report_questionnaires)


def init_app(app):
    """Import surveys/ as versions (broken files skipped and listed), then read the catalogue."""
    db = connect(app.config["DATABASE"])
    try:
        files.import_folder(db, app.config["SURVEYS_DIR"], app.config["PICTURES_DIR"], app.logger)
        install(app, load(db))
    finally:
        db.close()
    from engage.definitions import cli

    app.cli.add_command(cli.surveys)
