"""The database schema, as numbered migrations recorded in `_sqlite_migrations`.

Tables are meant to be opened by a project lead with sqlite3 or Datasette:
- `drafts`: answers in progress, keyed by the response UUID minted at the start.
  Drafts never count as responses.
- `responses`: one row per submitted questionnaire.
- `answers`: one row per response, question and value; a multiple-choice answer
  is one row per chosen option: the one copy of a submitted answer, which the report,
  the downloads and the written-answer search all read. A response keeps the
  `definition_hash` of the questionnaire version it was answered against.
- `answer_counts`: figures derived from `answers` and `responses` for the report
  (engage/reports/counts.py fills it); never a source of truth.

Every migration is frozen SQL that imports no live code.
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

# Migrations are frozen SQL, written out here in full: never edit one (its meaning must not
# change when live code does); change the schema in a new migration.

# m800, as written out by engage/answer_counts.py when it was made: the rounds, the
# questions the report tallies, the running counts and the triggers that kept them
# (dropped again by m1100).
M800 = [
    """CREATE TABLE rounds (
        report_id TEXT NOT NULL,
        number INTEGER NOT NULL CHECK (number >= 1),
        name TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        PRIMARY KEY (report_id, number),
        UNIQUE (report_id, starts_at)
    )""",
    """CREATE TABLE report_questions (
        report_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        PRIMARY KEY (report_id, question_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE answer_counts (
        question_id TEXT NOT NULL,
        value TEXT NOT NULL,
        report_id TEXT NOT NULL,
        respondent_group INTEGER NOT NULL,
        variant TEXT NOT NULL,
        channel TEXT NOT NULL,
        session_id TEXT NOT NULL,
        round INTEGER NOT NULL,
        day TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (question_id, value, report_id, respondent_group, variant, round, channel, session_id, day)
    ) WITHOUT ROWID""",
    """CREATE INDEX answer_counts_session
        ON answer_counts(session_id, question_id, value, report_id, respondent_group, variant, round, n)""",
    """CREATE TRIGGER answer_counts_response_insert AFTER INSERT ON responses BEGIN
        INSERT INTO answer_counts (question_id, value, report_id, respondent_group, variant, channel, session_id, round, day, n) SELECT '', '', NEW.report_id, NEW.respondent_group, NEW.variant, NEW.channel, coalesce(NEW.session_id, ''), NEW.round, date(NEW.submitted_at, CASE WHEN NEW.submitted_at >= date(substr(NEW.submitted_at, 1, 4) || '-03-31', '-6 days', 'weekday 0') || 'T01:00:00' AND NEW.submitted_at < date(substr(NEW.submitted_at, 1, 4) || '-10-31', '-6 days', 'weekday 0') || 'T01:00:00' THEN '+1 hour' ELSE '+0 hours' END), 1 WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n;
        UPDATE responses SET round = (
            SELECT number FROM rounds WHERE report_id = NEW.report_id AND starts_at <= NEW.submitted_at
            ORDER BY starts_at DESC LIMIT 1)
        WHERE uuid = NEW.uuid AND EXISTS (
            SELECT 1 FROM rounds WHERE report_id = NEW.report_id AND starts_at <= NEW.submitted_at);
    END""",
    """CREATE TRIGGER answer_counts_response_update
        AFTER UPDATE OF report_id, respondent_group, variant, channel, session_id, round, submitted_at ON responses
        BEGIN UPDATE answer_counts SET n = n - 1 WHERE (report_id, respondent_group, variant, channel, session_id, round, day) = (OLD.report_id, OLD.respondent_group, OLD.variant, OLD.channel, coalesce(OLD.session_id, ''), OLD.round, date(OLD.submitted_at, CASE WHEN OLD.submitted_at >= date(substr(OLD.submitted_at, 1, 4) || '-03-31', '-6 days', 'weekday 0') || 'T01:00:00' AND OLD.submitted_at < date(substr(OLD.submitted_at, 1, 4) || '-10-31', '-6 days', 'weekday 0') || 'T01:00:00' THEN '+1 hour' ELSE '+0 hours' END)) AND (question_id, value) IN (SELECT '' AS q, '' AS v UNION ALL SELECT question_id AS q, '' AS v FROM answers WHERE response_uuid = OLD.uuid GROUP BY question_id UNION ALL SELECT a.question_id, a.value FROM answers a JOIN report_questions rq ON rq.report_id = OLD.report_id AND rq.question_id = a.question_id WHERE a.response_uuid = OLD.uuid); INSERT INTO answer_counts (question_id, value, report_id, respondent_group, variant, channel, session_id, round, day, n) SELECT x.q, x.v, NEW.report_id, NEW.respondent_group, NEW.variant, NEW.channel, coalesce(NEW.session_id, ''), NEW.round, date(NEW.submitted_at, CASE WHEN NEW.submitted_at >= date(substr(NEW.submitted_at, 1, 4) || '-03-31', '-6 days', 'weekday 0') || 'T01:00:00' AND NEW.submitted_at < date(substr(NEW.submitted_at, 1, 4) || '-10-31', '-6 days', 'weekday 0') || 'T01:00:00' THEN '+1 hour' ELSE '+0 hours' END), 1 FROM (SELECT '' AS q, '' AS v UNION ALL SELECT question_id AS q, '' AS v FROM answers WHERE response_uuid = NEW.uuid GROUP BY question_id UNION ALL SELECT a.question_id, a.value FROM answers a JOIN report_questions rq ON rq.report_id = NEW.report_id AND rq.question_id = a.question_id WHERE a.response_uuid = NEW.uuid) x WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n; END""",
    """CREATE TRIGGER answer_counts_response_delete BEFORE DELETE ON responses BEGIN
        DELETE FROM answers WHERE response_uuid = OLD.uuid;
        UPDATE answer_counts SET n = n - 1 WHERE question_id = '' AND value = ''
            AND (report_id, respondent_group, variant, channel, session_id, round, day) = (OLD.report_id, OLD.respondent_group, OLD.variant, OLD.channel, coalesce(OLD.session_id, ''), OLD.round, date(OLD.submitted_at, CASE WHEN OLD.submitted_at >= date(substr(OLD.submitted_at, 1, 4) || '-03-31', '-6 days', 'weekday 0') || 'T01:00:00' AND OLD.submitted_at < date(substr(OLD.submitted_at, 1, 4) || '-10-31', '-6 days', 'weekday 0') || 'T01:00:00' THEN '+1 hour' ELSE '+0 hours' END));
    END""",
    """CREATE TRIGGER answer_counts_answer_delete AFTER DELETE ON answers BEGIN
        UPDATE answer_counts SET n = n - 1 WHERE question_id = OLD.question_id
            AND (value = OLD.value AND EXISTS (SELECT 1 FROM report_questions rq JOIN responses r ON r.report_id = rq.report_id
                                               WHERE r.uuid = OLD.response_uuid AND rq.question_id = OLD.question_id)
                 OR value = '' AND NOT EXISTS (SELECT 1 FROM answers WHERE response_uuid = OLD.response_uuid
                                               AND question_id = OLD.question_id))
            AND (report_id, respondent_group, variant, channel, session_id, round, day) =
                (SELECT r.report_id, r.respondent_group, r.variant, r.channel, coalesce(r.session_id, ''), r.round, date(r.submitted_at, CASE WHEN r.submitted_at >= date(substr(r.submitted_at, 1, 4) || '-03-31', '-6 days', 'weekday 0') || 'T01:00:00' AND r.submitted_at < date(substr(r.submitted_at, 1, 4) || '-10-31', '-6 days', 'weekday 0') || 'T01:00:00' THEN '+1 hour' ELSE '+0 hours' END) FROM responses r WHERE r.uuid = OLD.response_uuid);
    END""",
]


@core()
def m800_report_counts(db):
    """Rounds of a repeated engagement, and the running counts behind the report."""
    for statement in M800:
        db.execute(statement)


@core()
def m1000_answers_json(db):
    """Each response's answers as one JSON document beside it, filled for those already stored."""
    db.execute("ALTER TABLE responses ADD COLUMN answers_json TEXT")
    db.execute(
        "UPDATE responses SET answers_json = (SELECT json_array(json_group_array(a.question_id),"
        " json_group_array(a.value)) FROM answers a WHERE a.response_uuid = responses.uuid)"
        " WHERE answers_json IS NULL"
    )


@core()
def m1100_one_copy_of_each_answer(db):
    """The `answers` rows are the one copy of a submitted answer (issue 17): no JSON copy,
    and no triggers. `answer_counts` stays as a table derived from `answers` and
    `responses` by engage/reports/counts.py, which refills it explicitly."""
    for trigger in ("answer_counts_response_insert", "answer_counts_response_update",
                    "answer_counts_response_delete", "answer_counts_answer_delete"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("ALTER TABLE responses DROP COLUMN answers_json")


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


@core()
def m2000_definitions(db):
    """Questionnaires and polls kept as versions (issue 20). `definitions`: one row per
    questionnaire or poll with its lifecycle (the published version, opening and closing
    times, archived); `definition_versions`: every version's JSON, never changed once
    written (but for when it was first published), with the problems it had when saved;
    `definition_file_problems`: files in
    surveys/ skipped at start-up; `catalogue_version`: one counter, bumped whenever what
    respondents see changes, so every worker reloads its parsed definitions."""
    db.execute(
        """CREATE TABLE definitions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('questionnaire', 'poll')),
            twin_of TEXT,
            published_version INTEGER,
            opens_at TEXT,
            closes_at TEXT,
            archived_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE definition_versions (
            definition_id TEXT NOT NULL REFERENCES definitions(id),
            number INTEGER NOT NULL CHECK (number >= 1),
            document TEXT NOT NULL,
            definition_hash TEXT NOT NULL,
            problems TEXT NOT NULL DEFAULT '[]',
            source TEXT NOT NULL,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL,
            first_published_at TEXT,
            PRIMARY KEY (definition_id, number)
        )"""
    )
    db.execute("CREATE INDEX definition_versions_hash ON definition_versions(definition_hash)")
    db.execute(
        """CREATE TABLE definition_file_problems (
            file TEXT PRIMARY KEY,
            problems TEXT NOT NULL,
            seen_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE TABLE catalogue_version (one INTEGER PRIMARY KEY CHECK (one = 1), n INTEGER NOT NULL)")
    db.execute("INSERT INTO catalogue_version (one, n) VALUES (1, 0)")
    # Polls' opening and closing times move here from poll_settings (one place for both kinds).
    db.execute(
        "INSERT INTO definitions (id, kind, opens_at, closes_at, created_at, updated_at)"
        " SELECT poll_id, 'poll', opens_at, closes_at, updated_at, updated_at FROM poll_settings"
    )
    db.execute("ALTER TABLE poll_settings DROP COLUMN opens_at")
    db.execute("ALTER TABLE poll_settings DROP COLUMN closes_at")
