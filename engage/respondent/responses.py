"""Drafts in progress and submitted responses.

A response's UUID is minted when the person starts. Answers are kept in `drafts` page by
page; submitting copies them into `responses` and `answers` and deletes the draft in one
transaction. Submitting is idempotent: a second submit of the same UUID (double-click,
refresh, retry, back button) stores nothing and gets the same receipt.

The `answers` rows, stamped through their response with the definition version answered
against, are the one copy of a submitted answer.
"""

import json
import uuid as uuidlib
from dataclasses import dataclass

from engage import clock
from engage.db import write_transaction
from engage.questionnaires import journey
from engage.reports import counts as answer_counts
from engage.reports import rounds


@dataclass(frozen=True)
class Draft:
    uuid: str
    questionnaire_id: str
    answers: dict


@dataclass(frozen=True)
class Receipt:
    uuid: str
    questionnaire_id: str
    submitted_at: str
    new: bool


class NotReady(Exception):
    """The draft is missing answers; `page_id` is where the person should go."""

    def __init__(self, page_id):
        self.page_id = page_id
        super().__init__(page_id)


class NoDraft(Exception):
    """Nothing in progress under that UUID, and nothing submitted either."""


def new_uuid():
    return str(uuidlib.uuid4())


@dataclass(frozen=True)
class Origin:
    """How a response arrives: its channel (link, qr, kiosk, paper), the engagement
    session if any, whether staff helped, and who keyed it in from paper."""

    channel: str = "link"
    session_id: str | None = None
    helped_by_staff: bool | None = None
    keyed_by: int | None = None


def start(db, questionnaire, origin=Origin()):
    response_uuid = new_uuid()
    stamp = clock.stamp()
    with write_transaction(db):
        db.execute(
            "INSERT INTO drafts (uuid, questionnaire_id, definition_hash, answers, channel, session_id,"
            " helped_by_staff, keyed_by, started_at, updated_at) VALUES (?, ?, ?, '{}', ?, ?, ?, ?, ?, ?)",
            [response_uuid, questionnaire.id, questionnaire.definition_hash, origin.channel, origin.session_id,
             origin.helped_by_staff, origin.keyed_by, stamp, stamp],
        )
    return response_uuid


def get_draft(db, response_uuid):
    row = db.execute("SELECT uuid, questionnaire_id, answers FROM drafts WHERE uuid = ?", [response_uuid]).fetchone()
    return Draft(row[0], row[1], json.loads(row[2])) if row else None


def save_page(db, questionnaire, response_uuid, page_answers):
    """Merge one page's answers into the draft; drop answers that are hidden now."""
    with write_transaction(db):
        draft = get_draft(db, response_uuid)
        if draft is None:
            raise NoDraft(response_uuid)
        answers = journey.prune(questionnaire, {**draft.answers, **page_answers})
        db.execute(
            "UPDATE drafts SET answers = ?, definition_hash = ?, updated_at = ? WHERE uuid = ?",
            [json.dumps(answers), questionnaire.definition_hash, clock.stamp(), response_uuid],
        )
    return answers


def discard(db, response_uuid):
    with write_transaction(db):
        db.execute("DELETE FROM drafts WHERE uuid = ?", [response_uuid])


def get_receipt(db, response_uuid):
    row = db.execute(
        "SELECT uuid, questionnaire_id, submitted_at FROM responses WHERE uuid = ?", [response_uuid]
    ).fetchone()
    return Receipt(row[0], row[1], row[2], new=False) if row else None


def submit(db, questionnaire, response_uuid, language="en-GB"):
    """Store the draft as a response, once, durably. Raises NotReady or NoDraft."""
    with write_transaction(db, durable=True):
        receipt = get_receipt(db, response_uuid)
        if receipt:
            return receipt
        row = db.execute(
            "SELECT answers, channel, session_id, helped_by_staff, keyed_by, started_at FROM drafts"
            " WHERE uuid = ? AND questionnaire_id = ?",
            [response_uuid, questionnaire.id],
        ).fetchone()
        if row is None:
            raise NoDraft(response_uuid)
        answers = journey.prune(questionnaire, json.loads(row[0]))
        unfinished = journey.first_unfinished(journey.visible_pages(questionnaire, answers), answers)
        if unfinished:
            raise NotReady(unfinished.id)
        submitted_at = clock.stamp()
        origin = Origin(*row[1:5])
        insert_response(db, questionnaire, response_uuid, answers, origin, row[5], submitted_at, language)
        db.execute("DELETE FROM drafts WHERE uuid = ?", [response_uuid])
    return Receipt(response_uuid, questionnaire.id, submitted_at, new=True)


def store_complete(db, questionnaire, response_uuid, answers, origin, started_at, language="en-GB", submitted_at=None):
    """Store a response finished elsewhere (an offline tablet, an imported file, paper), once.
    `answers` must already be checked with complete_answers.problems; `submitted_at` is now
    unless given (a paper copy's "completed on" day). Returns a Receipt whose `new` is False
    when the UUID was already stored."""
    with write_transaction(db, durable=True):
        receipt = get_receipt(db, response_uuid)
        if receipt:
            return receipt
        submitted_at = submitted_at or clock.stamp()
        insert_response(db, questionnaire, response_uuid, answers, origin, started_at, submitted_at, language)
        db.execute("DELETE FROM drafts WHERE uuid = ?", [response_uuid])
    return Receipt(response_uuid, questionnaire.id, submitted_at, new=True)


def insert_response(db, questionnaire, response_uuid, answers, origin, started_at, submitted_at, language):
    """Store the response in the round its submission falls in, its answer rows (the one
    copy of each answer), and count it into the report's figures."""
    db.execute(
        "INSERT INTO responses (uuid, questionnaire_id, report_id, definition_hash, respondent_group, variant,"
        " channel, session_id, helped_by_staff, keyed_by, language, started_at, submitted_at, round)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {rounds.ROUND_OF.format(report_id='?3', submitted_at='?13')})",
        [
            response_uuid, questionnaire.id, questionnaire.report_id, questionnaire.definition_hash,
            questionnaire.group, questionnaire.variant, origin.channel, origin.session_id,
            origin.helped_by_staff, origin.keyed_by, language, started_at, submitted_at,
        ],
    )
    db.conn.executemany(
        "INSERT INTO answers (response_uuid, question_id, value) VALUES (?, ?, ?)",
        [(response_uuid, qid, value) for qid, values in answers.items() for value in values],
    )
    answer_counts.count_into(db, "r.uuid = ?", [response_uuid])
