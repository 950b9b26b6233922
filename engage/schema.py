"""The database schema, as numbered migrations recorded in `_sqlite_migrations`.

Tables are meant to be opened by a project lead with sqlite3 or Datasette:
- `drafts`: answers in progress, keyed by the response UUID minted at the start.
  Drafts never count as responses.
- `responses`: one row per submitted questionnaire.
- `answers`: one row per response, question and value; a multiple-choice answer
  is one row per chosen option.
"""

from sqlite_utils.migrations import Migrations

core = Migrations("core")


@core()
def m001_responses(db):
    db.execute(
        """CREATE TABLE drafts (
            uuid TEXT PRIMARY KEY,
            questionnaire_id TEXT NOT NULL,
            definition_hash TEXT NOT NULL,
            answers TEXT NOT NULL DEFAULT '{}',
            channel TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE responses (
            uuid TEXT PRIMARY KEY,
            questionnaire_id TEXT NOT NULL,
            report_id TEXT NOT NULL,
            definition_hash TEXT NOT NULL,
            respondent_group INTEGER NOT NULL,
            variant TEXT NOT NULL,
            channel TEXT NOT NULL,
            language TEXT NOT NULL,
            started_at TEXT NOT NULL,
            submitted_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE answers (
            response_uuid TEXT NOT NULL REFERENCES responses(uuid) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (response_uuid, question_id, value)
        )"""
    )
    db.execute("CREATE INDEX answers_question_value ON answers(question_id, value)")
    db.execute("CREATE INDEX responses_report_submitted ON responses(report_id, submitted_at)")
    db.execute("CREATE INDEX drafts_updated ON drafts(updated_at)")


@core()
def m002_users(db):
    db.execute(
        """CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'facilitator')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )"""
    )


@core()
def m003_where_answers_came_from(db):
    """How a response arrived (channel), at which engagement session, in which round,
    whether staff helped (kiosk) and which staff member keyed it in (paper)."""
    for table in ("drafts", "responses"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN session_id TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN helped_by_staff INTEGER")
        db.execute(f"ALTER TABLE {table} ADD COLUMN keyed_by INTEGER REFERENCES users(id)")
    db.execute("ALTER TABLE responses ADD COLUMN round INTEGER NOT NULL DEFAULT 1")
    db.execute("CREATE INDEX responses_session ON responses(session_id)")


# Applied in this order; a feature that adds tables adds its set to the end.
MIGRATION_SETS = [core]


@core()
def m800_report_tallies(db):
    """Rounds of a repeated engagement, and the running counts behind the report
    (tables and triggers described in engage/tallies.py)."""
    from engage import tallies

    tallies.create(db)
