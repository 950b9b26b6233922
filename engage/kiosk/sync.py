"""Responses finished on a tablet while offline, sent later in batches (or imported from
a file the facilitator saved). Each item is checked like a normal submit and stored once
by its UUID, so a replayed batch reports "already_had" and never doubles.

An item: {"uuid": "<uuid4 minted at the start>", "questionnaire_id": "...",
          "answers": {"question_id": ["value", ...]}, "started_at": "<ISO 8601 UTC>",
          "helped_by_staff": true | false | null, "session_id": "<engagement session or null>"}

Every item arrives through a kiosk, so its channel is "kiosk". Each item is checked on
its own, and a bad one is answered "rejected" with a reason while the rest are stored:
its shape first (at most MAX_DEPTH deep, MAX_ITEM_CHARS of text, valid Unicode), then a
start time within the window (MAX_AGE_DAYS back, MAX_AHEAD_HOURS ahead for a fast clock),
then a session that exists and offers the questionnaire, then the answers. An item keeps
the session it was given at, even when a later kiosk on the tablet sends it; an item from
a kiosk that names none is the kiosk's, and a kiosk sends only its own questionnaire.
"""

import uuid as uuidlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from engage import clock
from engage.respondent import complete_answers, responses
from engage.sessions import model as sessions
from engage.web.errors import Tampered

MAX_BATCH = 100
# item -> answers -> a question's list -> a value
MAX_DEPTH = 3
MAX_ITEM_CHARS = 64 * 1024
MAX_AGE_DAYS = 366
MAX_AHEAD_HOURS = 24
STORED, ALREADY_HAD, REJECTED = "stored", "already_had", "rejected"


@dataclass(frozen=True)
class Result:
    uuid: str
    status: str
    reason: str = ""

    def as_dict(self):
        return {"uuid": self.uuid, "status": self.status, "reason": self.reason}


@dataclass(frozen=True)
class Kiosk:
    """Where a batch came from when a kiosk sent it: its questionnaire and session."""

    questionnaire_id: str
    session_id: str | None


def sync_batch(db, catalogue, items, kiosk=None):
    """One batch sent by a tablet: at most MAX_BATCH items."""
    if not isinstance(items, list) or len(items) > MAX_BATCH:
        raise Tampered(f"items must be a list of at most {MAX_BATCH}")
    return sync_all(db, catalogue, items, kiosk)


def sync_all(db, catalogue, items, kiosk=None):
    """Each item's Result. From a kiosk, items keep to its questionnaire."""
    return [sync_item(db, catalogue, item, kiosk) for item in items]


def sync_item(db, catalogue, item, kiosk=None):
    problem = shape_problem(item)
    item_uuid = item.get("uuid") if isinstance(item, dict) and problem is None else None
    if not valid_uuid(item_uuid):
        return Result(str(item_uuid)[:40] if problem is None else "", REJECTED, problem or "not a response id")
    if kiosk is not None and "session_id" not in item:
        item = {**item, "session_id": kiosk.session_id}
    try:
        questionnaire, answers, started_at = checked(db, catalogue, item, kiosk)
    except (Tampered, ValueError) as problem:
        return Result(str(item_uuid), REJECTED, str(problem))
    receipt = responses.store_complete(db, questionnaire, item_uuid, answers, origin_of(item), started_at)
    return Result(str(item_uuid), STORED if receipt.new else ALREADY_HAD)


def shape_problem(item):
    """Why an item cannot even be read (too deep, too large, not valid text), or None."""
    waiting, chars = [(item, 0)], 0
    while waiting:
        value, depth = waiting.pop()
        if depth > MAX_DEPTH:
            return "nested too deeply"
        if isinstance(value, dict):
            waiting.extend((part, depth + 1) for pair in value.items() for part in pair)
        elif isinstance(value, list):
            waiting.extend((part, depth + 1) for part in value)
        elif isinstance(value, str):
            chars += len(value)
            if chars > MAX_ITEM_CHARS:
                return "too large"
            try:
                value.encode()
            except UnicodeEncodeError:
                return "not valid text (a lone surrogate)"
    return None


def checked(db, catalogue, item, kiosk):
    questionnaire_id = str(item.get("questionnaire_id"))
    questionnaire = catalogue.get(questionnaire_id)
    if questionnaire is None or (kiosk is not None and questionnaire_id != kiosk.questionnaire_id):
        raise ValueError("no such questionnaire on this kiosk" if questionnaire else "no such questionnaire")
    check_session(db, item.get("session_id"), questionnaire_id)
    started_at = iso_stamp(item.get("started_at"))
    problems = complete_answers.problems(questionnaire, item.get("answers"))
    if problems:
        raise ValueError("; ".join(problems))
    return questionnaire, complete_answers.normalised(questionnaire, item["answers"]), started_at


def check_session(db, session_id, questionnaire_id):
    """A session id must name a real session that offers the questionnaire (or be null)."""
    if session_id is None:
        return
    found = (
        sessions.get(db, int(session_id))
        if isinstance(session_id, str) and session_id.isascii() and session_id.isdigit() and len(session_id) < 10
        else None
    )
    if found is None:
        raise ValueError("no such session")
    if questionnaire_id not in found.questionnaire_ids:
        raise ValueError("that session does not offer this questionnaire")


def origin_of(item):
    helped = item.get("helped_by_staff")
    return responses.Origin(
        channel="kiosk", session_id=item.get("session_id"), helped_by_staff=helped if isinstance(helped, bool) else None
    )


def valid_uuid(value):
    try:
        return isinstance(value, str) and str(uuidlib.UUID(value)) == value
    except ValueError:
        return False


def iso_stamp(value, now=None):
    """The start time as our own UTC format; a bad, missing or implausible value is refused."""
    if not isinstance(value, str):
        raise ValueError("no start time")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        zoned = moment.tzinfo is not None
        moment = moment.astimezone(UTC) if zoned else moment
    except (ValueError, OverflowError) as problem:
        raise ValueError(f"start time: {problem}") from None
    if not zoned:
        raise ValueError("start time has no time zone")
    now = now or clock.now()
    if not now - timedelta(days=MAX_AGE_DAYS) <= moment <= now + timedelta(hours=MAX_AHEAD_HOURS):
        raise ValueError(f"start time {value[:40]} is not within the last {MAX_AGE_DAYS} days")
    return clock.stamp(moment)


def summary(results):
    """Counts for the audit log, e.g. "3 stored, 1 already here, 0 rejected"."""
    count = {status: sum(r.status == status for r in results) for status in (STORED, ALREADY_HAD, REJECTED)}
    return f"{count[STORED]} stored, {count[ALREADY_HAD]} already here, {count[REJECTED]} rejected"
