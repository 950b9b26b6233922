"""The SQLite connection: one per thread, reused by its requests; pragmas, migrations
and write transactions.

Writes go through `write_transaction()`: it starts with BEGIN IMMEDIATE, so that two
workers writing at once wait for each other (busy_timeout) instead of failing with
"database is locked" half-way through a transaction.
"""

import contextlib
import os
import sqlite3
import threading

import click
import sqlite_utils
from flask import current_app, g


def connect(path: str, busy_timeout_ms: int = 5000, synchronous: str = "FULL") -> sqlite_utils.Database:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    return sqlite_utils.Database(conn)


def private_file(path: str) -> None:
    """Create `path` readable by its owner only (0600), or make it so. SQLite gives the
    WAL and shared-memory files the database file's permissions."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)


def migrate(path: str) -> None:
    """Create or upgrade the schema; running it again changes nothing."""
    from engage.schema import MIGRATION_SETS

    if path not in ("", ":memory:"):
        private_file(path)
    db = connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    for migrations in MIGRATION_SETS:
        migrations.apply(db)
    db.close()


_thread = threading.local()
FULL = 2  # PRAGMA synchronous value


def thread_connection(path, busy_timeout_ms, synchronous) -> sqlite_utils.Database:
    """This thread's connection to `path`, opened (with its pragmas) once, not per request.

    A connection is never used by two threads, nor after a fork: a forked child opens its
    own and leaves the parent's alone (closing it could release the parent's locks).
    """
    key = (os.getpid(), path, busy_timeout_ms, synchronous)
    cached = getattr(_thread, "cached", None)
    if cached is None or cached[0] != key:
        if cached is not None and cached[0][0] == key[0]:
            cached[1].close()
        _thread.cached = cached = (key, connect(path, busy_timeout_ms, synchronous))
    return cached[1]


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        config = current_app.config
        g.db = thread_connection(config["DATABASE"], config["SQLITE_BUSY_TIMEOUT_MS"], config["SQLITE_SYNCHRONOUS"])
    return g.db


def close_db(_exc=None) -> None:
    """End of request: the connection stays open for the thread's next request, never mid-transaction."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.execute("ROLLBACK")


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database, durable: bool = False):
    """One atomic write. Use plain SQL inside: sqlite-utils' insert helpers commit on their own.

    Every commit survives a crash of the process (WAL). `durable=True` also waits for the
    disk (synchronous=FULL: the WAL is fsynced, with every commit before it) so that it
    survives a power cut: use it for whatever a person is told has been received.
    """
    previous = db.execute("PRAGMA synchronous").fetchone()[0] if durable else None
    if previous is not None:
        db.execute(f"PRAGMA synchronous = {max(previous, FULL)}")
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    finally:
        if previous is not None:
            db.execute(f"PRAGMA synchronous = {previous}")


@click.command("init-db")
def init_db_command():
    """Create or upgrade the database schema. Example: flask --app app init-db"""
    migrate(current_app.config["DATABASE"])
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


def init_app(app) -> None:
    migrate(app.config["DATABASE"])
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
