"""engage.db: one SQLite connection per thread, reused across requests; durable commits."""

import sqlite3
import threading

import pytest

from engage.db import connect, get_db, thread_connection, write_transaction


def test_thread_connection_is_reused_for_the_same_database(tmp_path):
    path = str(tmp_path / "a.sqlite3")
    assert thread_connection(path, 5000, "FULL") is thread_connection(path, 5000, "FULL")


def test_thread_connection_for_another_database_closes_the_previous_one(tmp_path):
    first = thread_connection(str(tmp_path / "a.sqlite3"), 5000, "FULL")
    second = thread_connection(str(tmp_path / "b.sqlite3"), 5000, "FULL")
    assert second is not first
    assert second.execute("PRAGMA database_list").fetchone()[2].endswith("b.sqlite3")
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        first.execute("SELECT 1")


def test_thread_connection_is_never_shared_between_threads(tmp_path):
    path = str(tmp_path / "a.sqlite3")
    ours = thread_connection(path, 5000, "FULL")
    theirs = []
    worker = threading.Thread(target=lambda: theirs.append(thread_connection(path, 5000, "FULL")))
    worker.start()
    worker.join()
    assert theirs[0] is not ours


def test_thread_connection_carries_the_pragmas(tmp_path):
    db = thread_connection(str(tmp_path / "a.sqlite3"), 1234, "NORMAL")
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 1234
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_request_end_rolls_back_a_transaction_left_open(app):
    with app.test_request_context():
        db = get_db()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO users (email, role, password_hash, created_at) VALUES ('a@b.example', 'lead', 'x', 'now')")
    assert not db.conn.in_transaction
    other = connect(app.config["DATABASE"])
    assert other.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    other.close()


def test_durable_write_transaction_commits_with_synchronous_full_then_restores(tmp_path):
    db = connect(str(tmp_path / "a.sqlite3"), synchronous="NORMAL")
    with write_transaction(db, durable=True):
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1
    with pytest.raises(ZeroDivisionError), write_transaction(db, durable=True):
        1 / 0
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1


def test_submitting_a_response_is_a_durable_commit(app):
    from engage.respondent import responses

    questionnaire = app.extensions["engage.catalogue"].get("small")
    db = connect(app.config["DATABASE"], synchronous="NORMAL")
    response_uuid = responses.start(db, questionnaire)
    answers = {"who": ["uses"], "name": [], "how": ["bus"], "else": []}
    responses.save_page(db, questionnaire, response_uuid, answers)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    responses.submit(db, questionnaire, response_uuid)
    assert statements.index("PRAGMA synchronous = 2") < statements.index("BEGIN IMMEDIATE") < statements.index("COMMIT")
