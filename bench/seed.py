"""Seed a SQLite file with synthetic responses to the shipped questionnaires, fast.

Responses are spread over 7 sessions and the online link, four channels and about
four months. The report's triggers are set aside during the bulk insert and the
tallies rebuilt once afterwards (what a bulk import would do).

    .venv/bin/python bench/seed.py /tmp/engage-bench.sqlite3 100000
"""

import random
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engage import tallies  # noqa: E402
from engage.db import connect, migrate  # noqa: E402
from engage.definitions import load_catalogue  # noqa: E402

SESSIONS = [f"session-{n}" for n in range(1, 8)] + [None]
CHANNELS = ["kiosk", "qr", "link", "paper"]
WORDS = "bus taxi friends building garden cost lunch music art swimming walk safe staff".split()
START = datetime(2023, 1, 9, tzinfo=timezone.utc)
INSERT_RESPONSE = (
    "INSERT INTO responses (uuid, questionnaire_id, report_id, definition_hash, respondent_group, variant,"
    " channel, session_id, language, started_at, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
INSERT_ANSWER = "INSERT INTO answers (response_uuid, question_id, value) VALUES (?,?,?)"


def catalogue():
    return load_catalogue(ROOT / "surveys", ROOT / "static" / "easyread")


def answer(question, rng):
    options = [o.id for o in question.all_options()]
    if question.type == "multiple_choice":
        return rng.sample(options[:-1] if question.extra_option else options, rng.randint(1, 3))
    if options:
        return [rng.choice(options)]
    return [" ".join(rng.choices(WORDS, k=rng.randint(3, 12)))]


def rows(questionnaires, count, answers_each, rng, first=0):
    """Yield (response row, [answer rows]) for `count` responses, at most `answers_each` questions each."""
    for n in range(first, first + count):
        q = questionnaires[n % len(questionnaires)]
        stamp = (START + timedelta(seconds=n * 97)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        session = rng.choice(SESSIONS)
        response = (
            str(uuid.UUID(int=rng.getrandbits(128))), q.id, q.report_id, q.version, q.group, q.variant,
            "link" if session is None else rng.choice(CHANNELS), session, "en-GB", stamp, stamp,
        )
        questions = list(q.questions.values())[:answers_each]
        yield response, [(response[0], question.id, v) for question in questions for v in answer(question, rng)]


def insert(db, generated, batch=5000, count_answers=False):
    """Insert in batches; `count_answers` counts each response's answers as the app does."""
    responses, answers = [], []
    for response, answer_rows in generated:
        responses.append(response)
        answers += answer_rows
        if len(responses) >= batch:
            flush(db, responses, answers, count_answers)
    flush(db, responses, answers, count_answers)


def flush(db, responses, answers, count_answers=False):
    db.conn.executemany(INSERT_RESPONSE, responses)
    db.conn.executemany(INSERT_ANSWER, answers)
    if count_answers:
        db.conn.executemany(tallies.ADD_ANSWERS, [{"uuid": r[0]} for r in responses])
    responses.clear()
    answers.clear()


def seed(path, count=100_000, answers_each=30, seed_value=8):
    """Create the schema at `path` and insert `count` responses; returns seconds taken."""
    started = time.perf_counter()
    migrate(str(path))
    shipped = catalogue()
    db = connect(str(path), synchronous="OFF")
    tallies.sync_questions(db, shipped)
    triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    db.execute("BEGIN")
    for name, _sql in triggers:
        db.execute(f"DROP TRIGGER {name}")
    insert(db, rows(list(shipped), count, answers_each, random.Random(seed_value)))
    tallies.rebuild(db)
    for _name, sql in triggers:
        db.execute(sql)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    return time.perf_counter() - started


if __name__ == "__main__":
    print(f"seeded in {seed(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000):.1f} s")
