"""The counts behind the report: `answer_counts`, a table derived from `answers` and
`responses` so a report never has to group millions of answer rows.

It holds one row per combination of question, value and the things a report filters or
splits by (group, variant, channel, session, round, London day), with a count:
- question_id '' and value '': the responses themselves (headline counts);
- value '': the people who answered that question (the base of every percentage);
- any other value: the people who chose that option (choice and scale questions only,
  listed in `report_questions`, which `sync_questions` keeps in step with the definitions).

One function fills it, `count_into`, with one query over the responses a condition
selects: it adds a new response inside the transaction that stores it
(responses.insert_response), takes away responses before they are deleted (retention),
takes away and adds back the responses whose round changes (rounds), and counts the
options of a question the report starts tallying (definitions changed). Only what changed
is counted, so no change waits for the whole table. No triggers. `recount` is the same
query read without storing, for the tests to compare.
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


RESPONSES = f"""SELECT '' AS question_id, '' AS value, {_key('r')}, {{sign}} * count(*) AS n FROM responses r
    WHERE {{where}} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""
ANSWERED = f"""SELECT a.question_id, '', {_key('r')}, {{sign}} * count(DISTINCT a.response_uuid) FROM responses r
    JOIN answers a ON a.response_uuid = r.uuid WHERE {{where}} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""
CHOSEN = f"""SELECT a.question_id, a.value, {_key('r')}, {{sign}} * count(*) FROM responses r JOIN answers a ON a.response_uuid = r.uuid
    JOIN report_questions rq ON rq.report_id = r.report_id AND rq.question_id = a.question_id
    WHERE {{where}} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""
COUNTS = f"{RESPONSES} UNION ALL {ANSWERED} UNION ALL {CHOSEN}"
EVERYTHING = COUNTS.format(where="true", sign=1)


def count_into(db, where="true", params=(), sign=1):
    """Add (sign 1) or take away (sign -1) the counts of the responses `where` selects (SQL
    over `responses` aliased r), inside the caller's transaction. Call it once for a new
    response after storing its answers, and with sign -1 before responses are deleted or
    moved (then again with sign 1 after a move)."""
    picked = f"WITH picked AS MATERIALIZED (SELECT uuid FROM responses r WHERE {where})"
    add(db, f"{picked} SELECT * FROM ({COUNTS.format(where='r.uuid IN picked', sign=sign)})", params)
    if sign < 0:
        db.execute("DELETE FROM answer_counts WHERE n = 0")


def add(db, select, params=()):
    db.execute(f"INSERT INTO answer_counts ({COLUMNS}, n) {select} WHERE true {ADD}", params)


def rebuild(db):
    """Recount everything from `responses` and `answers` (a database whose table was lost, or the tests)."""
    db.execute("DELETE FROM answer_counts")
    count_into(db)


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
    """Keep `report_questions` in step with the definitions, counting the options of questions
    added and dropping those of questions gone. Returns True when it changed."""
    wanted = tallied_questions(catalogue)
    with write_transaction(db):
        have = set(map(tuple, db.execute("SELECT report_id, question_id FROM report_questions").fetchall()))
        if have == wanted:
            return False
        for report_id, question_id in sorted(have - wanted):
            db.execute("DELETE FROM report_questions WHERE report_id = ? AND question_id = ?", [report_id, question_id])
            db.execute("DELETE FROM answer_counts WHERE report_id = ? AND question_id = ? AND value != ''", [report_id, question_id])
        for report_id, question_id in sorted(wanted - have):
            db.execute("INSERT INTO report_questions (report_id, question_id) VALUES (?, ?)", [report_id, question_id])
            add(db, f"SELECT * FROM ({CHOSEN.format(where='r.report_id = ? AND a.question_id = ?', sign=1)})",
                [report_id, question_id])
    return True


def init_app(app):
    """Bring `report_questions` in step with the definitions loaded at start-up."""
    db = connect(app.config["DATABASE"])
    try:
        if sync_questions(db, app.extensions["engage.report_catalogue"]):
            app.logger.info("Report answer_counts rebuilt: the questionnaire definitions changed.")
    finally:
        db.close()
