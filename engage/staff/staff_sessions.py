"""Staff sessions kept on the server, checked on every staff request.

The signed cookie holds only a random session id; the `staff_sessions` table holds its
SHA-256 (so a copy of the database opens no session), the user, when it began and when it
was last used. A session ends at sign-out, when the person's password is changed or reset,
when the account is disabled, after STAFF_IDLE_MINUTES unused, and STAFF_SESSION_HOURS
after sign-in however busy. Each sign-in makes a new id. A copied cookie is therefore
worth nothing once its session has ended.
"""

import hashlib
import secrets
import time

from engage.db import write_transaction

# Last-used times are written at most this often, so most staff requests only read.
SEEN_EVERY_SECONDS = 60


def digest(session_id):
    return hashlib.sha256(session_id.encode()).hexdigest()


def begin(db, user_id, idle_seconds, lifetime_seconds):
    """A new session for `user_id`: its id, to keep in the cookie. Sessions that have run
    out, anyone's, are deleted on the way."""
    session_id, at = secrets.token_urlsafe(32), time.time()
    with write_transaction(db):
        db.execute(
            "DELETE FROM staff_sessions WHERE seen_at < ? OR started_at < ?", [at - idle_seconds, at - lifetime_seconds]
        )
        db.execute(
            "INSERT INTO staff_sessions (id_hash, user_id, started_at, seen_at) VALUES (?, ?, ?, ?)",
            [digest(session_id), user_id, at, at],
        )
    return session_id


def user_id_for(db, session_id, idle_seconds, lifetime_seconds):
    """The user whose live session this is, or None (and the session ended when it has run out)."""
    if not isinstance(session_id, str):
        return None
    hashed, at = digest(session_id), time.time()
    row = db.execute("SELECT user_id, started_at, seen_at FROM staff_sessions WHERE id_hash = ?", [hashed]).fetchone()
    if row is None:
        return None
    user_id, started_at, seen_at = row
    if at - seen_at > idle_seconds or at - started_at > lifetime_seconds:
        end(db, session_id)
        return None
    if at - seen_at > SEEN_EVERY_SECONDS:
        with write_transaction(db):
            db.execute("UPDATE staff_sessions SET seen_at = ? WHERE id_hash = ?", [at, hashed])
    return user_id


def end(db, session_id):
    with write_transaction(db):
        db.execute("DELETE FROM staff_sessions WHERE id_hash = ?", [digest(session_id)])


def end_all(db, user_id):
    """End every session of `user_id`. Call inside the caller's write transaction."""
    db.execute("DELETE FROM staff_sessions WHERE user_id = ?", [user_id])
