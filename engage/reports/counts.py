"""The counts behind the report: `answer_counts`, a table derived from `answers` and
`responses` so a report never has to group millions of answer rows.

It holds one row per combination of question, value and the things a report filters or
splits by (group, variant, channel, session, round, London day), with a count:
- question_id '' and value '': the responses themselves (headline counts);
- value '': the people who answered that question (the base of every percentage);
- any other value: the people who chose that option (choice and scale questions only,
  listed in `report_questions`, which `sync_questions` keeps in step with the definitions).

One function fills it, `count_into`, with one query: for one new response inside the
transaction that stores it (responses.insert_response), or for everything after responses
are deleted (retention), rounds change (rounds) or the definitions change (start-up).
No triggers. `recount` is the same query read without storing, for the tests to compare.
"""

from engage.db import connect, write_transaction


def london_day(stamp):
    """SQL for the Europe/London date of a stored UTC stamp ('...Z'): British Summer Time
    runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October."""
    year = f"substr({stamp}, 1, 4)"
    bst_start = f"date({year} || '-03-31', '-6 days', 'weekday 0') || 'T01:00:00'"
    bst_end = f"date({year} || '-10-31', '-6 days', 'weekday 0') || 'T01:00:00'"
    return f"date({stamp}, CASE WHEN {stamp} >= {bst_start} AND {stamp} < {bst_end} THEN '+1 hour' ELSE '+0 hours' END)"


def _key(r):
    """The tally columns after question_id and value, for a responses row aliased `r`."""
    return (
        f"{r}.report_id, {r}.respondent_group, {r}.variant, {r}.channel, coalesce({r}.session_id, ''),"
        f" {r}.round, {london_day(f'{r}.submitted_at')}"
    )


COLUMNS = "question_id, value, report_id, respondent_group, variant, channel, session_id, round, day"
ADD = "ON CONFLICT DO UPDATE SET n = n + excluded.n"


COUNTS = f"""
    SELECT '' AS question_id, '' AS value, {_key('r')}, count(*) AS n FROM responses r
        WHERE {{where}} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    UNION ALL
    SELECT a.question_id, '', {_key('r')}, count(DISTINCT a.response_uuid) FROM responses r
        JOIN answers a ON a.response_uuid = r.uuid WHERE {{where}} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    UNION ALL
    SELECT a.question_id, a.value, {_key('r')}, count(*) FROM responses r JOIN answers a ON a.response_uuid = r.uuid
        JOIN report_questions rq ON rq.report_id = r.report_id AND rq.question_id = a.question_id
        WHERE {{where}} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
"""
EVERYTHING = COUNTS.format(where="true")
ONE = COUNTS.format(where="r.uuid = :uuid")


def count_into(db, where_uuid=None):
    """Fill `answer_counts` from `responses` and `answers`, inside the caller's transaction:
    with `where_uuid`, add one new response (call once, after storing its answers);
    without, recount everything (after deleting responses, moving rounds, or when the
    questions the report tallies change)."""
    if where_uuid is None:
        db.execute("DELETE FROM answer_counts")
        db.execute(f"INSERT INTO answer_counts ({COLUMNS}, n) {EVERYTHING}")
    else:
        db.execute(f"INSERT INTO answer_counts ({COLUMNS}, n) SELECT * FROM ({ONE}) WHERE true {ADD}",
                   {"uuid": where_uuid})


def recount(db):
    """Every tally computed straight from responses and answers: {key tuple: n}."""
    return {tuple(row[:-1]): row[-1] for row in db.execute(EVERYTHING)}


def stored(db):
    """Every non-zero tally as kept in `answer_counts`: {key tuple: n}."""
    rows = db.execute(f"SELECT {COLUMNS}, n FROM answer_counts WHERE n != 0")
    return {tuple(row[:-1]): row[-1] for row in rows}


def tallied_questions(catalogue):
    """(report_id, question_id) of every choice and scale question, twins merged."""
    return {(q.report_id, question.id) for q in catalogue for question in q.questions.values() if question.options}


def sync_questions(db, catalogue):
    """Keep `report_questions` in step with the definitions; rebuild the answer_counts when it changes.
    Returns True when it changed."""
    wanted = tallied_questions(catalogue)
    with write_transaction(db):
        have = set(map(tuple, db.execute("SELECT report_id, question_id FROM report_questions").fetchall()))
        if have == wanted:
            return False
        db.execute("DELETE FROM report_questions")
        db.conn.executemany("INSERT INTO report_questions (report_id, question_id) VALUES (?, ?)", sorted(wanted))
        count_into(db)
    return True


def init_app(app):
    """Bring `report_questions` in step with the definitions loaded at start-up."""
    db = connect(app.config["DATABASE"])
    try:
        if sync_questions(db, app.extensions["engage.catalogue"]):
            app.logger.info("Report answer_counts rebuilt: the questionnaire definitions changed.")
    finally:
        db.close()
