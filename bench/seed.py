"""Seed a SQLite file with synthetic responses to the shipped questionnaires, fast.

Used by bench/report_timing.py; run alone with
    .venv/bin/python bench/seed.py /tmp/engage-bench.sqlite3 100000
"""

import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engage.db import connect, migrate  # noqa: E402
from engage.definitions import load_catalogue  # noqa: E402

SESSIONS = [f"session-{n}" for n in range(1, 8)] + [None]
CHANNELS = ["kiosk", "qr", "link", "paper"]
WORDS = "bus taxi friends building garden cost lunch music art swimming walk safe staff".split()
START = datetime(2023, 1, 9, tzinfo=timezone.utc)


def answer(question, rng):
    options = [o.id for o in question.all_options()]
    if question.type == "multiple_choice":
        return rng.sample(options[:-1] if question.extra_option else options, rng.randint(1, 3))
    if options:
        return [rng.choice(options)]
    return [" ".join(rng.choices(WORDS, k=rng.randint(3, 12)))]


def rows(catalogue, count, answers_each, rng):
    questionnaires = list(catalogue)
    for n in range(count):
        q = questionnaires[n % len(questionnaires)]
        stamp = (START + timedelta(seconds=n * 97)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        session = rng.choice(SESSIONS)
        response = (
            str(uuid.UUID(int=rng.getrandbits(128))), q.id, q.report_id, q.version, q.group, q.variant,
            "link" if session is None else rng.choice(CHANNELS), session, "en-GB", stamp, stamp,
        )
        questions = list(q.questions.values())[:answers_each]
        yield response, [(response[0], question.id, value) for question in questions for value in answer(question, rng)]


def seed(path, count=100_000, answers_each=30, seed_value=8):
    """Create the schema at `path` and insert `count` responses in one transaction."""
    migrate(str(path))
    catalogue = load_catalogue(ROOT / "surveys", ROOT / "static" / "easyread")
    db = connect(str(path), synchronous="OFF")
    rng = random.Random(seed_value)
    db.execute("BEGIN")
    batch_r, batch_a = [], []
    for response, answers in rows(catalogue, count, answers_each, rng):
        batch_r.append(response)
        batch_a += answers
        if len(batch_r) >= 5000:
            flush(db, batch_r, batch_a)
    flush(db, batch_r, batch_a)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()


def flush(db, batch_r, batch_a):
    db.conn.executemany(
        "INSERT INTO responses (uuid, questionnaire_id, report_id, definition_hash, respondent_group, variant,"
        " channel, session_id, language, started_at, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        batch_r,
    )
    db.conn.executemany("INSERT INTO answers (response_uuid, question_id, value) VALUES (?,?,?)", batch_a)
    batch_r.clear()
    batch_a.clear()


if __name__ == "__main__":
    seed(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
