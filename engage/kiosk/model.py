"""Kiosk mode: one shared tablet answering one questionnaire, person after person.

A facilitator opens a kiosk with a PIN. The kiosk lives in the `kiosks` table, keyed by
a random token that is all the tablet's session cookie holds (the cookie is signed, not
encrypted, so the PIN hash stays on the server). Each person's draft is stored with
channel "kiosk" and the kiosk's engagement session, if any. Leaving kiosk mode, and saving
an offline kiosk's waiting answers to a file, need the PIN; wrong PINs are counted on the
server and lock the kiosk for a while.
"""

import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import format_time
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from engage import clock
from engage.db import write_transaction
from engage.respondent import responses

PIN_PATTERN = re.compile(r"[0-9]{4,8}")
CHOOSE_QUESTIONNAIRE = _l("Choose the questionnaire this tablet will show")
PIN_FORMAT = _l("Enter a PIN of 4 to 8 numbers")
PIN_MISMATCH = _l("The two PINs are different: enter the same PIN twice")


def pin_wrong(tries_left):
    return _l("That PIN is wrong. Tries left: %(n)d.", n=tries_left)


def pin_locked(until):
    """Locked until the epoch second `until`, shown as a local clock time."""
    return _l("Too many wrong PINs. Try again at %(time)s.", time=format_time(datetime.fromtimestamp(until, UTC), "short"))


@dataclass(frozen=True)
class Kiosk:
    token: str
    questionnaire_id: str
    session_id: str | None
    offline: bool = False
    opened_by: int | None = None


def pin_problem(pin, again):
    """The reason a new PIN is refused, or None."""
    if not PIN_PATTERN.fullmatch(pin):
        return PIN_FORMAT
    if pin != again:
        return PIN_MISMATCH
    return None


def setup_problems(questionnaire_id, pin, again):
    """A facilitator's mistakes on the setup form, as (field id, message) pairs."""
    problems = [("questionnaire", None if questionnaire_id else CHOOSE_QUESTIONNAIRE), ("pin", pin_problem(pin, again))]
    return [(field, message) for field, message in problems if message]


def open_kiosk(db, questionnaire_id, pin, opened_by, session_id=None, offline=False):
    """Record a new kiosk and return its token."""
    token = secrets.token_urlsafe(24)
    with write_transaction(db):
        db.execute(
            "INSERT INTO kiosks (token, questionnaire_id, session_id, pin_hash, opened_by, opened_at, offline)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [token, questionnaire_id, session_id, generate_password_hash(pin), opened_by, clock.stamp(), int(offline)],
        )
    return token


def get_open(db, token):
    row = db.execute(
        "SELECT token, questionnaire_id, session_id, offline, opened_by FROM kiosks WHERE token = ? AND closed_at IS NULL",
        [token],
    ).fetchone()
    return Kiosk(row[0], row[1], row[2], bool(row[3]), row[4]) if row else None


def check_pin(db, token, pin, tries, lock_seconds, seconds=time.time):
    """Check the kiosk's PIN. Returns None when it was right, else the message to show.
    `tries` wrong PINs in a row lock it for `lock_seconds`."""
    with write_transaction(db):
        row = db.execute("SELECT pin_hash, failed_pins, locked_until FROM kiosks WHERE token = ?", [token]).fetchone()
        pin_hash, failed, locked_until = row
        now = seconds()
        if locked_until and locked_until > now:
            return pin_locked(locked_until)
        if check_password_hash(pin_hash, pin):
            db.execute("UPDATE kiosks SET failed_pins = 0 WHERE token = ?", [token])
            return None
        failed += 1
        if failed >= tries:
            db.execute("UPDATE kiosks SET failed_pins = 0, locked_until = ? WHERE token = ?", [now + lock_seconds, token])
            return pin_locked(now + lock_seconds)
        db.execute("UPDATE kiosks SET failed_pins = ? WHERE token = ?", [failed, token])
        return pin_wrong(tries - failed)


def try_pin(db, token, pin, tries, lock_seconds, seconds=time.time):
    """Check the PIN to leave kiosk mode (check_pin), closing the kiosk when it was right."""
    error = check_pin(db, token, pin, tries, lock_seconds, seconds)
    if error is None:
        with write_transaction(db):
            db.execute("UPDATE kiosks SET closed_at = ? WHERE token = ?", [clock.stamp(), token])
    return error


def start_response(db, kiosk, questionnaire):
    """A fresh draft for the next person at this kiosk."""
    return responses.start(db, questionnaire, responses.Origin(channel="kiosk", session_id=kiosk.session_id))


def finish(db, questionnaire, response_uuid, helped_by_staff):
    """Record whether staff helped, then submit (idempotent; raises like responses.submit)."""
    with write_transaction(db):
        db.execute(
            "UPDATE drafts SET helped_by_staff = ? WHERE uuid = ? AND channel = 'kiosk'", [helped_by_staff, response_uuid]
        )
    return responses.submit(db, questionnaire, response_uuid, questionnaire.language)


def abandon(db, response_uuid):
    """Throw away an unfinished kiosk draft (idle timeout, or the next person starting)."""
    with write_transaction(db):
        db.execute("DELETE FROM drafts WHERE uuid = ? AND channel = 'kiosk'", [response_uuid])
