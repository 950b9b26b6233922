"""Engagement sessions and online consultation periods, and whether each takes answers.

A session with a venue is an engagement session: its public link takes answers from the
moment it is created until it ends or a lead closes it (posters go out beforehand). A
session with no venue is an online consultation period: its link takes answers only
between its start and its end. Whether a session is open is worked out when it is read,
so nothing has to run at the end time.

Staff URLs use the integer id; public links and QR codes use `public_token`, 128 random
bits from `secrets`, so a session's link cannot be guessed from another's; `short_code`
(engage/sessions/short_codes.py) is the link a person types. A session offers
questionnaires and polls, each in the order the lead chose.
"""

import secrets
from dataclasses import dataclass, fields

from engage import clock
from engage.clock import parse_stamp
from engage.db import write_transaction
from engage.sessions import short_codes

TOKEN_BYTES = 16  # 128 bits

OPEN, NOT_YET, CLOSED = "open", "not_yet", "closed"


@dataclass(frozen=True)
class Session:
    id: int
    public_token: str
    name: str
    starts_at: str
    ends_at: str
    venue: str
    expected_attendance: int | None
    actual_attendance: int | None
    contact: str
    status: str
    closed_at: str | None
    created_by: int | None
    short_code: str
    questionnaire_ids: tuple[str, ...]
    poll_ids: tuple[str, ...] = ()

    @property
    def online(self):
        """A session with no venue is an online consultation period."""
        return not self.venue

    def state(self, at=None):
        """OPEN, NOT_YET (an online period before its start) or CLOSED."""
        at = at or clock.now()
        if self.status == "closed" or at >= parse_stamp(self.ends_at):
            return CLOSED
        if self.online and at < parse_stamp(self.starts_at):
            return NOT_YET
        return OPEN

    def takes_answers(self, at=None):
        return self.state(at) == OPEN


@dataclass(frozen=True)
class Details:
    """What a lead types in when creating or editing a session."""

    name: str
    starts_at: str
    ends_at: str
    venue: str
    expected_attendance: int | None
    contact: str
    questionnaire_ids: tuple[str, ...]
    poll_ids: tuple[str, ...] = ()


COLUMNS = (
    "id, public_token, name, starts_at, ends_at, venue, expected_attendance, actual_attendance,"
    " contact, status, closed_at, created_by, short_code"
)


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def offered(db, session_ids, table="session_questionnaires", column="questionnaire_id"):
    """{session id: (questionnaire ids, or poll ids, in order)} in one query."""
    marks = ", ".join("?" * len(session_ids))
    rows = db.execute(
        f"SELECT session_id, {column} FROM {table} WHERE session_id IN ({marks}) ORDER BY session_id, position",
        list(session_ids),
    ).fetchall()
    found: dict[str, tuple[str, ...]] = {session_id: () for session_id in session_ids}
    for session_id, item_id in rows:
        found[session_id] += (item_id,)
    return found


def as_sessions(db, rows):
    ids = [row[0] for row in rows]
    questionnaires = offered(db, ids)
    polls = offered(db, ids, "session_polls", "poll_id")
    names = [f.name for f in fields(Session) if f.name not in ("questionnaire_ids", "poll_ids")]  # COLUMNS, in order
    return [Session(**dict(zip(names, row)), questionnaire_ids=questionnaires[row[0]], poll_ids=polls[row[0]])
            for row in rows]


def get(db, session_id):
    rows = db.execute(f"SELECT {COLUMNS} FROM sessions WHERE id = ?", [session_id]).fetchall()
    return next(iter(as_sessions(db, rows)), None)


def by_token(db, token):
    rows = db.execute(f"SELECT {COLUMNS} FROM sessions WHERE public_token = ?", [token]).fetchall()
    return next(iter(as_sessions(db, rows)), None)


def by_short_code(db, code):
    rows = db.execute(f"SELECT {COLUMNS} FROM sessions WHERE short_code = ?", [code]).fetchall()
    return next(iter(as_sessions(db, rows)), None)


def unused_code(db):
    """A new short code no session has (40 random bits: a clash is rare, but checked)."""
    while True:
        code = short_codes.new_code()
        if db.execute("SELECT 1 FROM sessions WHERE short_code = ?", [code]).fetchone() is None:
            return code


def all_sessions(db):
    """Every session, the latest first."""
    return as_sessions(db, db.execute(f"SELECT {COLUMNS} FROM sessions ORDER BY starts_at DESC, id DESC").fetchall())


def today_first(found_sessions, today=None):
    """Sessions on today's London date first, then the rest, each the latest first."""
    today = today or clock.london_today()
    return sorted(found_sessions, key=lambda s: clock.london_today(parse_stamp(s.starts_at)) != today)


def offering_poll(db, poll_id):
    """The sessions that offer this poll, today's first."""
    rows = db.execute(
        f"SELECT {COLUMNS} FROM sessions WHERE id IN (SELECT session_id FROM session_polls WHERE poll_id = ?)"
        " ORDER BY starts_at DESC, id DESC", [poll_id],
    ).fetchall()
    return today_first(as_sessions(db, rows))


def create(db, details, created_by):
    stamp = clock.stamp()
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO sessions (public_token, short_code, name, starts_at, ends_at, venue, expected_attendance,"
            " contact, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [new_token(), unused_code(db), details.name, details.starts_at, details.ends_at, details.venue,
             details.expected_attendance, details.contact, created_by, stamp, stamp],
        )
        set_offered(db, cursor.lastrowid, details)
    return cursor.lastrowid


def update(db, session_id, details):
    with write_transaction(db):
        db.execute(
            "UPDATE sessions SET name = ?, starts_at = ?, ends_at = ?, venue = ?, expected_attendance = ?,"
            " contact = ?, updated_at = ? WHERE id = ?",
            [details.name, details.starts_at, details.ends_at, details.venue, details.expected_attendance,
             details.contact, clock.stamp(), session_id],
        )
        set_offered(db, session_id, details)


def set_offered(db, session_id, details):
    """Replace the questionnaires and polls the session offers."""
    for table, column, ids in (("session_questionnaires", "questionnaire_id", details.questionnaire_ids),
                               ("session_polls", "poll_id", details.poll_ids)):
        db.execute(f"DELETE FROM {table} WHERE session_id = ?", [session_id])
        db.conn.executemany(
            f"INSERT INTO {table} (session_id, {column}, position) VALUES (?, ?, ?)",
            [(session_id, item_id, position) for position, item_id in enumerate(ids)],
        )


def close(db, session_id):
    """Close a session now; closing it again changes nothing."""
    with write_transaction(db):
        db.execute(
            "UPDATE sessions SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ? AND status = 'open'",
            [clock.stamp(), clock.stamp(), session_id],
        )


def record_attendance(db, session_id, attendance):
    with write_transaction(db):
        db.execute(
            "UPDATE sessions SET actual_attendance = ?, updated_at = ? WHERE id = ?", [attendance, clock.stamp(), session_id]
        )


def channel_counts(db, session_id):
    """{channel: number of responses} for one session."""
    rows = db.execute(
        "SELECT channel, count(*) FROM responses WHERE session_id = ? GROUP BY channel", [str(session_id)]
    ).fetchall()
    return dict(rows)


def ballot_counts(db, session_id):
    """{channel: number of sent ballots} for one session, over all its polls."""
    rows = db.execute(
        "SELECT channel, count(*) FROM ballots WHERE session_id = ? AND submitted_at IS NOT NULL GROUP BY channel",
        [str(session_id)],
    ).fetchall()
    return dict(rows)


def response_rate(responses, attendance):
    """Responses as a whole percentage of the people who came (half up); None when no
    attendance is recorded."""
    if not attendance:
        return None
    return (200 * responses + attendance) // (2 * attendance)


def response_totals(db):
    """{session id (text): number of responses} for every session."""
    rows = db.execute(
        "SELECT session_id, count(*) FROM responses WHERE session_id IS NOT NULL GROUP BY session_id"
    ).fetchall()
    return dict(rows)


def draft_session(db, response_uuid):
    """The session a draft in progress belongs to, or None."""
    row = db.execute("SELECT session_id FROM drafts WHERE uuid = ?", [response_uuid]).fetchone()
    return get(db, int(row[0])) if row and row[0] else None
