"""Fill a SQLite file with N submitted responses (about 30 answer rows each) for timing
reports and exports: both groups, both variants, 7 engagement sessions, every channel,
answers drawn from the real questionnaires in surveys/ (conditions respected).

    .venv/bin/python -m bench.seed /tmp/big.sqlite3 100000

The schema is the app's own (engage.db.migrate); everything goes in with executemany in
one BEGIN IMMEDIATE transaction, and the report's answer counts are rebuilt once at the end.
"""

import argparse
import itertools
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

from engage.config import DEFAULTS
from engage.db import connect, migrate, write_transaction
from engage.questionnaires import journey
from engage.questionnaires.definitions import load_catalogue
from engage.reports import counts as answer_counts

# Share of responses per questionnaire: Group 1 standard and easy read, Group 2 (staff).
MIX = [("group1-standard", 45), ("group1-easyread", 25), ("group2-standard", 30)]
CHANNELS = ["kiosk", "qr", "link", "paper"]
SESSIONS = [f"session-{n}" for n in range(1, 8)]
WORDS = "more buses in the evening a quiet room to sit in staff who know me cheaper trips".split()
START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
POOL = 1000
# Responses per executemany batch: bounds memory; all batches share one transaction.
CHUNK = 5000


def complete_answers(questionnaire, rng):
    """A full set of answers, page by page, as a person could give them."""
    answers: dict = {}
    for page in questionnaire.pages:
        for question in journey.visible_questions(page, answers):
            answers[question.id] = choose(question, rng)
    return answers


def choose(question, rng):
    if not question.options:
        return [" ".join(rng.sample(WORDS, rng.randint(2, 8)))] if rng.random() < 0.6 else []
    if not question.kind.multiple:
        return [rng.choice(question.all_options()).id]
    ids = [option.id for option in question.options]
    return rng.sample(ids, rng.randint(1, min(len(ids), question.max_choices or 3)))


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def response_rows(count, catalogue, rng):
    """(response row, answer rows) for `count` responses, in UUID order for fast inserts."""
    pools = {qid: [complete_answers(catalogue.get(qid), rng) for _ in range(POOL)] for qid, _ in MIX}
    ids = [qid for qid, _ in MIX]
    weights = [share for _, share in MIX]
    for n, response_uuid in enumerate(sorted(str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(count))):
        questionnaire = catalogue.get(rng.choices(ids, weights)[0])
        channel = CHANNELS[n % len(CHANNELS)]
        started = START + timedelta(seconds=rng.randint(0, 60 * 24 * 3600))
        response = (
            response_uuid, questionnaire.id, questionnaire.report_id, questionnaire.definition_hash, questionnaire.group,
            questionnaire.variant, channel, None if channel == "link" else SESSIONS[n % len(SESSIONS)],
            (n % 2) if channel == "kiosk" else None, questionnaire.language, stamp(started),
            stamp(started + timedelta(minutes=rng.randint(3, 40))),
        )
        answers = rng.choice(pools[questionnaire.id])
        yield response, [(response_uuid, qid, value) for qid, values in answers.items() for value in values]


def seed(path, count, seed_value=1):
    """Add `count` responses to the database at `path`; returns (responses, answer rows)."""
    migrate(path)
    catalogue = load_catalogue(DEFAULTS["SURVEYS_DIR"], DEFAULTS["PICTURES_DIR"])
    rows = response_rows(count, catalogue, random.Random(seed_value))
    db = connect(path, synchronous="NORMAL")
    db.execute("PRAGMA cache_size = -131072")
    responses = answers = 0
    try:
        with write_transaction(db):
            while chunk := list(itertools.islice(rows, CHUNK)):
                db.conn.executemany(
                    "INSERT INTO responses (uuid, questionnaire_id, report_id, definition_hash, respondent_group,"
                    " variant, channel, session_id, helped_by_staff, language, started_at, submitted_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [response for response, _ in chunk],
                )
                db.conn.executemany(
                    "INSERT INTO answers (response_uuid, question_id, value) VALUES (?, ?, ?)",
                    [answer for _, rows_of_one in chunk for answer in rows_of_one],
                )
                responses += len(chunk)
                answers += sum(len(rows_of_one) for _, rows_of_one in chunk)
            answer_counts.rebuild(db)  # once for the whole batch, as a bulk import would
    finally:
        db.close()
    return responses, answers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    args = parser.parse_args()
    started = time.perf_counter()
    responses, answers = seed(args.database, args.count, args.seed)
    print(f"{responses:,} responses, {answers:,} answer rows in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
