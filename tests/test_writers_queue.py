"""engage.db.writers_turn: writers queue on a file lock instead of SQLite's sleeping busy handler.

Each writer below has busy_timeout 0, so SQLite alone would refuse a second writer at once
("database is locked"): only the queue makes it wait.
"""

import subprocess
import sys
import threading
from pathlib import Path

from engage.db import connect, migrate, write_transaction

ROOT = Path(__file__).resolve().parent.parent


def add_user(db, email):
    db.execute("INSERT INTO users (email, role, password_hash, created_at) VALUES (?, 'lead', 'x', 'now')", [email])


def emails(path):
    db = connect(path)
    try:
        return sorted(email for (email,) in db.execute("SELECT email FROM users"))
    finally:
        db.close()


def test_a_second_writer_waits_for_the_first_to_commit(tmp_path):
    path = str(tmp_path / "a.sqlite3")
    migrate(path)
    first_in, let_go, second_done, failures = threading.Event(), threading.Event(), threading.Event(), []

    def first():
        db = connect(path, busy_timeout_ms=0)
        with write_transaction(db):
            add_user(db, "first@example.org")
            first_in.set()
            let_go.wait(10)

    def second():
        first_in.wait(10)
        db = connect(path, busy_timeout_ms=0)
        try:
            with write_transaction(db):
                add_user(db, "second@example.org")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    try:
        assert not second_done.wait(0.3), failures  # still queued behind the first
    finally:
        let_go.set()
        for thread in threads:
            thread.join(10)
    assert failures == []
    assert emails(path) == ["first@example.org", "second@example.org"]


HOLD_THE_TURN = """
import sys, time
from engage.db import connect, write_transaction
db = connect(sys.argv[1])
with write_transaction(db):
    db.execute("INSERT INTO users (email, role, password_hash, created_at) VALUES ('gone@example.org', 'lead', 'x', 'now')")
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_writer_killed_in_its_turn_lets_the_next_in(tmp_path):
    path = str(tmp_path / "a.sqlite3")
    migrate(path)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_TURN, path], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        holder.kill()
        holder.wait(10)
        db = connect(path, busy_timeout_ms=0)
        with write_transaction(db):
            add_user(db, "next@example.org")
        db.close()
    finally:
        holder.kill()
        holder.stdout.close()
    assert emails(path) == ["next@example.org"]


def test_a_database_in_memory_writes_without_a_queue_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = connect(":memory:")
    db.execute("CREATE TABLE t (x)")
    with write_transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
    assert db.execute("SELECT x FROM t").fetchall() == [(1,)]
    assert list(tmp_path.iterdir()) == []
