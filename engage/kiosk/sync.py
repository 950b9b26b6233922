"""Responses finished on a tablet while offline, sent later in batches (or imported from
a file the facilitator saved). Each item is checked like a normal submit and stored once
by its UUID, so a replayed batch reports "already_had" and never doubles.

An item: {"uuid": "<uuid4 minted at the start>", "questionnaire_id": "...",
          "answers": {"question_id": ["value", ...]}, "started_at": "<ISO 8601 UTC>",
          "helped_by_staff": true | false | null, "session_id": "<engagement session or null>"}

Every item arrives through a kiosk, so its channel is "kiosk".
"""

import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime

from engage import clock
from engage.respondent import complete_answers, responses
from engage.web.errors import Tampered

MAX_BATCH = 100
STORED, ALREADY_HAD, REJECTED = "stored", "already_had", "rejected"


@dataclass(frozen=True)
class Result:
    uuid: str
    status: str
    reason: str = ""

    def as_dict(self):
        return {"uuid": self.uuid, "status": self.status, "reason": self.reason}


def sync_batch(db, catalogue, items):
    """One batch sent by a tablet: at most MAX_BATCH items."""
    if not isinstance(items, list) or len(items) > MAX_BATCH:
        raise Tampered(f"items must be a list of at most {MAX_BATCH}")
    return sync_all(db, catalogue, items)


def sync_all(db, catalogue, items):
    return [sync_item(db, catalogue, item) for item in items]


def sync_item(db, catalogue, item):
    item_uuid = item.get("uuid") if isinstance(item, dict) else None
    if not valid_uuid(item_uuid):
        return Result(str(item_uuid)[:40], REJECTED, "not a response id")
    try:
        questionnaire, answers, started_at = checked(catalogue, item)
    except (Tampered, ValueError) as problem:
        return Result(item_uuid, REJECTED, str(problem))
    receipt = responses.store_complete(db, questionnaire, item_uuid, answers, origin_of(item), started_at)
    return Result(item_uuid, STORED if receipt.new else ALREADY_HAD)


def checked(catalogue, item):
    questionnaire = catalogue.get(str(item.get("questionnaire_id")))
    if questionnaire is None:
        raise ValueError("no such questionnaire")
    problems = complete_answers.problems(questionnaire, item.get("answers"))
    if problems:
        raise ValueError("; ".join(problems))
    return questionnaire, complete_answers.normalised(questionnaire, item["answers"]), iso_stamp(item.get("started_at"))


def origin_of(item):
    helped, session_id = item.get("helped_by_staff"), item.get("session_id")
    return responses.Origin(
        channel="kiosk",
        session_id=session_id if isinstance(session_id, str) and 0 < len(session_id) <= 64 else None,
        helped_by_staff=helped if isinstance(helped, bool) else None,
    )


def valid_uuid(value):
    try:
        return isinstance(value, str) and str(uuidlib.UUID(value)) == value
    except ValueError:
        return False


def iso_stamp(value):
    """The start time as our own UTC format; a bad or missing value is refused."""
    if not isinstance(value, str):
        raise ValueError("no start time")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("start time has no time zone")
    return clock.stamp(moment)
