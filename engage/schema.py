"""The database schema, as numbered migrations recorded in `_sqlite_migrations`.

Tables are meant to be opened by a project lead with sqlite3 or Datasette:
- `drafts`: answers in progress, keyed by the response UUID minted at the start.
  Drafts never count as responses.
- `responses`: one row per submitted questionnaire.
- `answers`: one row per response, question and value; a multiple-choice answer
  is one row per chosen option. The report counts and searches these.
- `responses.answers_json`: the same answers as one JSON document per response, for
  reading whole responses (downloads); see engage/responses.py.
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


@core()
def m600_sessions(db):
    """Engagement sessions and online consultation periods (a session with no venue).
    Staff URLs use the integer id; public links and QR codes use `public_token`
    (128 random bits). Times are UTC strings like responses' timestamps."""
    db.execute(
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            public_token TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            venue TEXT NOT NULL DEFAULT '',
            expected_attendance INTEGER,
            actual_attendance INTEGER,
            contact TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
            closed_at TEXT,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (ends_at > starts_at)
        )"""
    )
    db.execute(
        """CREATE TABLE session_questionnaires (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            questionnaire_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (session_id, questionnaire_id)
        )"""
    )
    db.execute("CREATE INDEX sessions_starts ON sessions(starts_at)")


@core()
def m400_audit_log(db):
    """Who did what to accounts and data, and when. `user_email` is kept as text so the
    entry still reads after an account changes."""
    db.execute(
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id INTEGER,
            user_email TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX audit_log_at ON audit_log(at)")


@core()
def m401_sign_in_attempts(db):
    """Failed staff sign-ins in the rate-limit window. `key` is an HMAC of the account's
    email or of the client address (never the address itself); rows older than the
    window are purged."""
    db.execute("CREATE TABLE sign_in_attempts (key TEXT NOT NULL, at REAL NOT NULL)")
    db.execute("CREATE INDEX sign_in_attempts_key_at ON sign_in_attempts(key, at)")


@core()
def m700_polls(db):
    """Polls (issue 7). `poll_settings`: when a lead opened/closed a poll and published its
    results. `ballots`: one per participant per poll (UUID minted at the start; counted once
    submitted), with `votes`: one per ballot and proposal, replaced when changed.
    `tallies` + `tally_counts`: room votes keyed in by a facilitator, kept apart from
    ballots. `poll_live`: what the live screen shows, so every screen follows."""
    db.execute(
        """CREATE TABLE poll_settings (
            poll_id TEXT PRIMARY KEY,
            opens_at TEXT,
            closes_at TEXT,
            published_at TEXT,
            next_steps TEXT,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE ballots (
            uuid TEXT PRIMARY KEY,
            poll_id TEXT NOT NULL,
            definition_hash TEXT NOT NULL,
            variant TEXT NOT NULL CHECK (variant IN ('standard', 'easyread')),
            channel TEXT NOT NULL CHECK (channel IN ('link', 'qr', 'kiosk')),
            session_id TEXT,
            started_at TEXT NOT NULL,
            submitted_at TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE votes (
            ballot_uuid TEXT NOT NULL REFERENCES ballots(uuid) ON DELETE CASCADE,
            proposal_id TEXT NOT NULL,
            option_id TEXT,
            comment TEXT,
            CHECK (option_id IS NOT NULL OR comment IS NOT NULL),
            PRIMARY KEY (ballot_uuid, proposal_id)
        )"""
    )
    db.execute(
        """CREATE TABLE tallies (
            uuid TEXT PRIMARY KEY,
            poll_id TEXT NOT NULL,
            proposal_id TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT 'room' CHECK (channel = 'room'),
            session_id TEXT,
            entered_by INTEGER NOT NULL REFERENCES users(id),
            entered_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE tally_counts (
            tally_uuid TEXT NOT NULL REFERENCES tallies(uuid) ON DELETE CASCADE,
            option_id TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count >= 0),
            PRIMARY KEY (tally_uuid, option_id)
        )"""
    )
    db.execute(
        """CREATE TABLE poll_live (
            poll_id TEXT PRIMARY KEY,
            proposal_id TEXT NOT NULL,
            scope TEXT NOT NULL CHECK (scope IN ('proposal', 'priority')),
            revealed INTEGER NOT NULL DEFAULT 0,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX ballots_poll_submitted ON ballots(poll_id, submitted_at)")
    db.execute("CREATE INDEX ballots_session ON ballots(session_id)")
    db.execute("CREATE INDEX votes_proposal ON votes(proposal_id, option_id)")
    db.execute("CREATE INDEX tallies_poll_proposal ON tallies(poll_id, proposal_id)")


@core()
def m500_kiosks(db):
    """Shared tablets in kiosk mode: which questionnaire (and session), the PIN to leave,
    and wrong PINs counted here so clearing the cookie cannot reset them."""
    db.execute(
        """CREATE TABLE kiosks (
            token TEXT PRIMARY KEY,
            questionnaire_id TEXT NOT NULL,
            session_id TEXT,
            pin_hash TEXT NOT NULL,
            opened_by INTEGER REFERENCES users(id),
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            failed_pins INTEGER NOT NULL DEFAULT 0,
            locked_until REAL
        )"""
    )


@core()
def m900_kiosk_offline(db):
    """A kiosk opened to keep working without Wi-Fi (the one-document questionnaire)."""
    db.execute("ALTER TABLE kiosks ADD COLUMN offline INTEGER NOT NULL DEFAULT 0")


# Applied in this order; a feature that adds tables adds its set to the end.
MIGRATION_SETS = [core]


@core()
def m800_report_counts(db):
    """Rounds of a repeated engagement, and the running counts behind the report
    (tables and triggers described in engage/answer_counts.py)."""
    from engage.reports import counts as answer_counts

    answer_counts.create(db)


@core()
def m1000_answers_json(db):
    """Each response's answers as one JSON document beside it, filled for those already stored."""
    from engage.respondent import responses

    db.execute("ALTER TABLE responses ADD COLUMN answers_json TEXT")
    responses.write_answers_json(db)


@core()
def m1100_staff_sessions(db):
    """Staff sessions kept on the server (engage/staff/staff_sessions.py)."""
    db.execute(
        """CREATE TABLE staff_sessions (
            id_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            started_at REAL NOT NULL,
            seen_at REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX staff_sessions_user ON staff_sessions(user_id)")
