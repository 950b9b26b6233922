"""The SQLite connection: one per request, pragmas, migrations and write transactions.

Writes go through `write_transaction()`, which starts with BEGIN IMMEDIATE so that two
workers writing at once queue on the busy timeout instead of failing with
"database is locked" half-way through a transaction.
"""

import contextlib
import sqlite3

import click
import sqlite_utils
from flask import current_app, g

def connect(path: str, busy_timeout_ms: int = 5000, synchronous: str = "FULL") -> sqlite_utils.Database:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    return sqlite_utils.Database(conn)


def migrate(path: str) -> None:
    """Create or upgrade the schema; running it again changes nothing."""
    from engage.schema import MIGRATION_SETS

    db = connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    for migrations in MIGRATION_SETS:
        migrations.apply(db)
    db.close()


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        g.db = connect(
            current_app.config["DATABASE"],
            current_app.config["SQLITE_BUSY_TIMEOUT_MS"],
            current_app.config["SQLITE_SYNCHRONOUS"],
        )
    return g.db


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database):
    """One atomic write. Use plain SQL inside: sqlite-utils' insert helpers commit on their own."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@click.command("init-db")
def init_db_command():
    """Create or upgrade the database schema. Example: flask --app app init-db"""
    migrate(current_app.config["DATABASE"])
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


def init_app(app) -> None:
    migrate(app.config["DATABASE"])
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
