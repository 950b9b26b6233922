"""The two ceilings our figures are compared with, served by gunicorn with our settings:

- GET /ok: a bare Flask route returning "ok" (no session, no template, no database);
- POST /insert: a minimal Flask route storing one response and 30 answer rows in one
  BEGIN IMMEDIATE transaction, with the app's schema, pragmas and connection handling,
  fsynced like a real submit (write_transaction(durable=True)).

Run: CEILING_DATABASE=/tmp/x.sqlite3 gunicorn -c gunicorn.conf.py 'bench.ceiling_app:create_app()'
"""

import os
import uuid

from flask import Flask

from engage.config import DEFAULTS
from engage.db import migrate, thread_connection, write_transaction

ANSWERS = [(f"q{n:02d}", f"option_{n % 5}") for n in range(30)]


def store_response(db):
    response_uuid = str(uuid.uuid4())
    with write_transaction(db, durable=True):
        db.execute(
            "INSERT INTO responses (uuid, questionnaire_id, report_id, definition_hash, respondent_group,"
            " variant, channel, language, started_at, submitted_at)"
            " VALUES (?, 'ceiling', 'ceiling', 'x', 1, 'standard', 'link', 'en-GB',"
            " strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'))",
            [response_uuid],
        )
        db.conn.executemany(
            "INSERT INTO answers (response_uuid, question_id, value) VALUES (?, ?, ?)",
            [(response_uuid, question, value) for question, value in ANSWERS],
        )
    return response_uuid


def create_app():
    database = os.environ["CEILING_DATABASE"]
    migrate(database)
    app = Flask(__name__)

    @app.get("/ok")
    def ok():
        return "ok"

    @app.post("/insert")
    def insert():
        return store_response(thread_connection(database, DEFAULTS["SQLITE_BUSY_TIMEOUT_MS"], DEFAULTS["SQLITE_SYNCHRONOUS"]))

    return app
