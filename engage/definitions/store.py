"""The versions of every questionnaire and poll, and their lifecycle, in SQLite.

A definition (`definitions` row) is one questionnaire or poll id. Each change is a new
version (`definition_versions`): its JSON exactly as checked, the hash responses and
ballots store, the problems it had, who made it and when. A version is never changed.
A definition serves its `published_version`; a later version is a draft until published.

Its state comes from its times, read when asked: draft (never published), archived,
closed (`closes_at` has passed), open (`opens_at` has passed), else scheduled.

Every change that respondents could see bumps the one-row `catalogue_version` counter
in the same transaction, so each worker reloads its parsed definitions (engage/catalogue.py).
Every lifecycle change is written to the audit log with who made it.

This is the whole API the builder needs: `save_version`, `publish`, `set_times`,
`close_now`, `reopen`, `archive`, `restore`, and the readers below them.
"""

import json
from dataclasses import dataclass

from engage import clock
from engage.db import write_transaction
from engage.questionnaires.definitions import definition_hash
from engage.staff import audit

DRAFT, SCHEDULED, OPEN, CLOSED, ARCHIVED = "draft", "scheduled", "open", "closed", "archived"
QUESTIONNAIRE, POLL = "questionnaire", "poll"


class NotPublishable(Exception):
    """The version has problems, or does not exist."""


@dataclass(frozen=True)
class Definition:
    id: str
    kind: str
    twin_of: str | None
    published_version: int | None
    opens_at: str | None
    closes_at: str | None
    archived_at: str | None
    latest_version: int
    title: str

    def state(self, at=None):
        at = at or clock.stamp()
        if self.published_version is None:
            return DRAFT
        if self.archived_at:
            return ARCHIVED
        if self.closes_at and self.closes_at <= at:
            return CLOSED
        if self.opens_at and self.opens_at <= at:
            return OPEN
        return SCHEDULED

    def is_open(self, at=None):
        return self.state(at) == OPEN


@dataclass(frozen=True)
class Version:
    definition_id: str
    number: int
    document: dict
    definition_hash: str
    problems: tuple[str, ...]
    source: str
    created_by: str | None
    created_at: str

    @property
    def publishable(self):
        return not self.problems


DEFINITION_COLUMNS = (
    "d.id, d.kind, d.twin_of, d.published_version, d.opens_at, d.closes_at, d.archived_at,"
    " (SELECT max(number) FROM definition_versions v WHERE v.definition_id = d.id),"
    " (SELECT json_extract(v.document, '$.title') FROM definition_versions v WHERE v.definition_id = d.id"
    " ORDER BY v.number DESC LIMIT 1)"
)
VERSION_COLUMNS = (
    "v.definition_id, v.number, v.document, v.definition_hash, v.problems, v.source,"
    " (SELECT email FROM users u WHERE u.id = v.created_by), v.created_at"
)


def _version(row):
    return Version(row[0], row[1], json.loads(row[2]), row[3], tuple(json.loads(row[4])), row[5], row[6], row[7])


def catalogue_number(db) -> int:
    """The counter every worker compares with the one its parsed definitions were read at."""
    return db.execute("SELECT n FROM catalogue_version").fetchone()[0]


def bump(db):
    db.execute("UPDATE catalogue_version SET n = n + 1")


def definitions(db, kind=None) -> list[Definition]:
    where, params = ("WHERE d.kind = ?", [kind]) if kind else ("", [])
    return [Definition(*row) for row in db.execute(f"SELECT {DEFINITION_COLUMNS} FROM definitions d {where} ORDER BY d.id", params)]


def get(db, definition_id) -> Definition | None:
    row = db.execute(f"SELECT {DEFINITION_COLUMNS} FROM definitions d WHERE d.id = ?", [definition_id]).fetchone()
    return Definition(*row) if row else None


def versions(db, definition_id) -> list[Version]:
    rows = db.execute(f"SELECT {VERSION_COLUMNS} FROM definition_versions v WHERE v.definition_id = ? ORDER BY v.number",
                      [definition_id])
    return [_version(row) for row in rows]


def version(db, definition_id, number) -> Version | None:
    row = db.execute(f"SELECT {VERSION_COLUMNS} FROM definition_versions v WHERE v.definition_id = ? AND v.number = ?",
                     [definition_id, number]).fetchone()
    return _version(row) if row else None


def version_by_hash(db, definition_id, hash_) -> Version | None:
    """The version a response or ballot stored (its `definition_hash`)."""
    row = db.execute(f"SELECT {VERSION_COLUMNS} FROM definition_versions v WHERE v.definition_id = ? AND v.definition_hash = ?"
                     " ORDER BY v.number LIMIT 1", [definition_id, hash_]).fetchone()
    return _version(row) if row else None


def published(db) -> list[tuple[Definition, Version]]:
    """Every published definition with the version it serves, in one query."""
    rows = db.execute(
        f"SELECT {DEFINITION_COLUMNS}, {VERSION_COLUMNS} FROM definitions d"
        " JOIN definition_versions v ON v.definition_id = d.id AND v.number = d.published_version ORDER BY d.id"
    ).fetchall()
    return [(Definition(*row[:9]), _version(row[9:])) for row in rows]


def ever_published(db) -> list[Version]:
    """Every version that has been published, by definition and number (the report merges them)."""
    rows = db.execute(f"SELECT {VERSION_COLUMNS} FROM definition_versions v WHERE v.first_published_at IS NOT NULL"
                      " ORDER BY v.definition_id, v.number")
    return [_version(row) for row in rows]


def save_version(db, kind, document, problems, source, user) -> Version:
    """Store `document` as the next version of its definition (created if new), with the
    problems it has (a version with problems is a draft that cannot be published)."""
    with write_transaction(db):
        number = insert_version(db, kind, document, problems, source, user)
    found = version(db, document["id"], number)
    assert found is not None
    return found


def insert_version(db, kind, document, problems, source, user) -> int:
    """save_version inside the caller's transaction; the new version's number."""
    definition_id = document["id"]
    stamp = clock.stamp()
    found = db.execute("SELECT kind FROM definitions WHERE id = ?", [definition_id]).fetchone()
    if found and found[0] != kind:
        raise NotPublishable(f"'{definition_id}' is already the id of a {found[0]}")
    if not found:
        db.execute("INSERT INTO definitions (id, kind, twin_of, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                   [definition_id, kind, document.get("twin_of"), stamp, stamp])
    number = db.execute("SELECT coalesce(max(number), 0) + 1 FROM definition_versions WHERE definition_id = ?",
                        [definition_id]).fetchone()[0]
    db.execute(
        "INSERT INTO definition_versions (definition_id, number, document, definition_hash, problems, source,"
        " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [definition_id, number, json.dumps(document, ensure_ascii=False, indent=2), definition_hash(document),
         json.dumps([str(p) for p in problems]), source, user.id if user else None, stamp],
    )
    audit.record(db, user, "definition version saved",
                 f"{kind} '{definition_id}' version {number} from {source}" + (f" with {len(problems)} problem(s)" if problems else ""))
    return number


def _change(db, definition_id, user, action, sql, params=()):
    db.execute(f"UPDATE definitions SET {sql}, updated_at = ? WHERE id = ?", [*params, clock.stamp(), definition_id])
    bump(db)
    audit.record(db, user, action, f"'{definition_id}'")


def publish(db, ids, number_of, opens_at, closes_at, user):
    """Publish a version of each definition in `ids` (number_of(id) gives which), opening at
    `opens_at` (None: now) and closing at `closes_at` (None: no end). All or none."""
    with write_transaction(db):
        for definition_id in ids:
            publish_one(db, definition_id, number_of(definition_id), opens_at or clock.stamp(), closes_at, user)


def publish_one(db, definition_id, number, opens_at, closes_at, user):
    """Publish one version inside the caller's transaction."""
    row = db.execute("SELECT problems, document FROM definition_versions WHERE definition_id = ? AND number = ?",
                     [definition_id, number]).fetchone()
    if row is None or json.loads(row[0]):
        raise NotPublishable(f"version {number} of '{definition_id}' has problems to fix first")
    db.execute("UPDATE definition_versions SET first_published_at = coalesce(first_published_at, ?)"
               " WHERE definition_id = ? AND number = ?", [clock.stamp(), definition_id, number])
    _change(db, definition_id, user, f"published version {number}",
            "published_version = ?, twin_of = ?, opens_at = ?, closes_at = ?",
            [number, json.loads(row[1]).get("twin_of"), opens_at, closes_at])


def set_times(db, ids, opens_at, closes_at, user):
    """Change when published definitions open and close (UTC stamps; closes_at may be None)."""
    with write_transaction(db):
        for definition_id in ids:
            _change(db, definition_id, user, "opening times changed", "opens_at = ?, closes_at = ?", [opens_at, closes_at])


def close_now(db, ids, user):
    with write_transaction(db):
        for definition_id in ids:
            _change(db, definition_id, user, "closed", "closes_at = ?", [clock.stamp()])


def reopen(db, ids, user):
    """Open now, with no closing time (a lead sets one again if wanted)."""
    now = clock.stamp()
    with write_transaction(db):
        for definition_id in ids:
            _change(db, definition_id, user, "reopened", "opens_at = min(coalesce(opens_at, ?), ?), closes_at = NULL",
                    [now, now])


def archive(db, ids, user):
    """Leave the home page and the staff lists' default view; the report keeps it."""
    with write_transaction(db):
        for definition_id in ids:
            _change(db, definition_id, user, "archived", "archived_at = ?", [clock.stamp()])


def restore(db, ids, user):
    with write_transaction(db):
        for definition_id in ids:
            _change(db, definition_id, user, "restored from the archive", "archived_at = NULL")


def twins(db, definition_id) -> list[str]:
    """The definition and its easy-read or standard twin, which move together by default."""
    row = db.execute("SELECT twin_of FROM definitions WHERE id = ?", [definition_id]).fetchone()
    standard = (row[0] if row else None) or definition_id
    rows = db.execute("SELECT id FROM definitions WHERE (id = ? OR twin_of = ?) AND published_version IS NOT NULL"
                      " ORDER BY id", [standard, standard]).fetchall()
    return sorted({definition_id, *(r[0] for r in rows)})


def response_counts(db) -> dict:
    """{definition id: submitted responses (questionnaires) or sent ballots (polls)}."""
    rows = db.execute("SELECT questionnaire_id, count(*) FROM responses GROUP BY 1"
                      " UNION ALL SELECT poll_id, count(*) FROM ballots WHERE submitted_at IS NOT NULL GROUP BY 1")
    return dict(rows.fetchall())


def answers_affected(db, definition_id, before, after) -> list[tuple[str, str, int]]:
    """(question id, option id, answers) for each option of a choice question in `before`
    that people chose and that `after` changes or removes."""
    kept = {q["id"]: {o["id"] for o in q.get("options", [])} | {q.get("extra_option")}
            for page in after.get("pages", []) if isinstance(page, dict)
            for q in page.get("questions", []) if isinstance(q, dict)}
    choice = {q["id"] for page in before["pages"] for q in page["questions"] if "options" in q}
    rows = db.execute("SELECT a.question_id, a.value, count(*) FROM answers a JOIN responses r ON r.uuid = a.response_uuid"
                      " WHERE r.questionnaire_id = ? GROUP BY 1, 2 ORDER BY 1, 2", [definition_id]).fetchall()
    return [(q, v, n) for q, v, n in rows if q in choice and v not in kept.get(q, set())]


def file_problems(db) -> list[tuple[str, list[str]]]:
    """The files in surveys/ skipped at the last start-up, with their problems."""
    return [(row[0], json.loads(row[1])) for row in db.execute("SELECT file, problems FROM definition_file_problems ORDER BY file")]


def set_file_problems(db, problems_by_file):
    db.execute("DELETE FROM definition_file_problems")
    for name, problems in problems_by_file.items():
        db.execute("INSERT INTO definition_file_problems (file, problems, seen_at) VALUES (?, ?, ?)",
                   [name, json.dumps([str(p) for p in problems]), clock.stamp()])
