"""The checks a version passes before it can be published, and the start-up import of
the files in surveys/ (questionnaires) and surveys/polls/ (polls) as versions.

A file whose content is already a version of its definition changes nothing; a changed
file becomes a new published version (its opening and closing times stay); a new
questionnaire file opens at once, a new poll waits for a lead to open it. A broken file
is logged, skipped and listed (`definition_file_problems`) for the staff page; the
others keep serving. Nothing here needs the Flask app, so `surveys check` runs without it.
"""

from pathlib import Path

from engage import clock
from engage.db import write_transaction
from engage.definitions import store
from engage.polls.definitions import check_ids_across, check_poll_document
from engage.questionnaires.definitions import (
    Problem,
    check_across,
    check_document,
    check_twin,
    definition_hash,
    display_name,
    read_document,
)

NOT_AN_OBJECT = "a definition is one JSON object, in braces { }"


def kind_of(doc) -> str:
    """A poll has priorities; anything else is checked as a questionnaire."""
    return store.POLL if isinstance(doc, dict) and "priorities" in doc else store.QUESTIONNAIRE


def check(kind, doc, name, pictures_dir, others=None) -> list[Problem]:
    """Every problem of one document; an easy-read questionnaire is also checked against
    its standard twin, looked up by id in `others` ({id: document})."""
    if not isinstance(doc, dict):
        return [Problem(name, "", NOT_AN_OBJECT)]
    if kind == store.POLL:
        return check_poll_document(doc, name, Path(pictures_dir))
    problems = check_document(doc, name, Path(pictures_dir))
    if not problems and doc["variant"] == "easyread" and "twin_of" in doc and others is not None:
        problems = [Problem(name, path, message) for path, message in check_twin(doc, others.get(doc["twin_of"]))]
    return problems


def folder_paths(surveys_dir) -> list[Path]:
    surveys_dir = Path(surveys_dir)
    return sorted(surveys_dir.glob("*.json")) + sorted((surveys_dir / "polls").glob("*.json"))


def check_paths(paths, pictures_dir):
    """([(kind, name, document)] of the sound files, {name: [Problem]} of the broken ones):
    each file on its own, then the sound ones against each other (ids, twins)."""
    good, bad = [], {}
    for path in map(Path, paths):
        name = display_name(path)
        doc, problems = read_document(path, name)
        kind = store.POLL if path.parent.name == "polls" else kind_of(doc)
        problems = problems or check(kind, doc, name, pictures_dir)
        if problems:
            bad[name] = problems
        else:
            good.append((kind, name, doc))
    for kind, check_between in ((store.QUESTIONNAIRE, check_across), (store.POLL, check_ids_across)):
        for problem in check_between([(name, doc) for k, name, doc in good if k == kind]):
            bad.setdefault(problem.file, []).append(problem)
    return [item for item in good if item[1] not in bad], bad


def import_folder(db, surveys_dir, pictures_dir, logger=None) -> dict:
    """Import surveys/ as versions (see the module's docstring); {file: [Problem]} skipped."""
    good, bad = check_paths(folder_paths(surveys_dir), pictures_dir)
    with write_transaction(db):
        for kind, name, doc in good:
            known = db.execute("SELECT 1 FROM definition_versions WHERE definition_id = ? AND definition_hash = ?",
                               [doc["id"], definition_hash(doc)]).fetchone()
            if known:
                continue
            try:
                number = store.insert_version(db, kind, doc, [], name, None)
            except store.NotPublishable as refused:
                bad[name] = [Problem(name, "id", str(refused))]
                continue
            found = store.get(db, doc["id"])
            assert found is not None
            first = found.published_version is None
            opens_at = clock.stamp() if first and kind == store.QUESTIONNAIRE else found.opens_at
            store.publish_one(db, doc["id"], number, opens_at, found.closes_at, None)
        store.set_file_problems(db, bad)
    for problems in bad.values():
        for problem in problems:
            if logger:
                logger.error("Skipped: %s", problem)
    return bad
