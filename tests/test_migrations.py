"""Migrations are frozen SQL, and a database made before issue 17 step 3 (at m1000: answers
also kept as `answers_json`, counts kept by triggers) migrates forward with its report
figures and downloads intact."""

import ast
import csv

from engage.db import connect, migrate
from engage.reports import counts as answer_counts
from engage.reports import exports
from engage.reports import figures as reports
from engage.schema import core
from tests.conftest import ROOT, make_app

# How responses were stored at commit 2481e78 (responses.insert_response then): the triggers
# of m800 counted the response and gave it its round; these filled in the rest.
OLD_ANSWERS_JSON = (
    "UPDATE responses SET answers_json = (SELECT json_array(json_group_array(a.question_id),"
    " json_group_array(a.value)) FROM answers a WHERE a.response_uuid = responses.uuid) WHERE uuid = ?"
)
OLD_ADD_ANSWERS = (
    "WITH k AS MATERIALIZED (SELECT r.report_id, r.respondent_group, r.variant, r.channel, coalesce(r.session_id, ''),"
    " r.round, date(r.submitted_at, CASE WHEN r.submitted_at >= date(substr(r.submitted_at, 1, 4) || '-03-31',"
    " '-6 days', 'weekday 0') || 'T01:00:00' AND r.submitted_at < date(substr(r.submitted_at, 1, 4) || '-10-31',"
    " '-6 days', 'weekday 0') || 'T01:00:00' THEN '+1 hour' ELSE '+0 hours' END) FROM responses r WHERE r.uuid = :uuid),"
    " x AS (SELECT question_id AS q, '' AS v FROM answers WHERE response_uuid = :uuid GROUP BY question_id UNION ALL"
    " SELECT a.question_id, a.value FROM answers a JOIN report_questions rq ON rq.report_id = (SELECT report_id FROM k)"
    " AND rq.question_id = a.question_id WHERE a.response_uuid = :uuid)"
    " INSERT INTO answer_counts (question_id, value, report_id, respondent_group, variant, channel, session_id, round,"
    " day, n) SELECT x.q, x.v, k.*, 1 FROM k, x WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n"
)
OLD_RESPONSES = [
    ("00000000-0000-0000-0000-000000000001", "small", "standard", None, "2023-03-01T10:00:00.000000Z",
     {"who": ["carer"], "how": ["bus", "taxi"], "else": ["=1+1, said Sam"]}),
    ("00000000-0000-0000-0000-000000000002", "small-easyread", "easyread", "s1", "2024-03-01T10:00:00.000000Z",
     {"who": ["uses"], "how": ["walk"]}),
    ("00000000-0000-0000-0000-000000000003", "small", "standard", "s1", "2024-06-30T23:30:00.000000Z", {}),
]


def old_database(path, catalogue):
    """A database as commit 2481e78 made and filled it: migrations up to m1000, then three responses."""
    db = connect(str(path))
    core.apply(db, stop_before="m1100_one_copy_of_each_answer")
    assert len(db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()) == 4
    db.conn.executemany("INSERT INTO report_questions VALUES (?, ?)", sorted(answer_counts.tallied_questions(catalogue)))
    db.execute("INSERT INTO rounds VALUES ('small', 2, '2024', '2024-01-01T00:00:00.000000Z')")
    for uuid, questionnaire_id, variant, session, submitted_at, answers in OLD_RESPONSES:
        db.execute(
            "INSERT INTO responses (uuid, questionnaire_id, report_id, definition_hash, respondent_group, variant,"
            " channel, session_id, language, started_at, submitted_at) VALUES (?, ?, 'small', 'old', 1, ?, ?, ?,"
            " 'en-GB', ?, ?)",
            [uuid, questionnaire_id, variant, "kiosk" if session else "link", session, submitted_at, submitted_at],
        )
        db.conn.executemany("INSERT INTO answers VALUES (?, ?, ?)",
                            [(uuid, q, v) for q, values in answers.items() for v in values])
        db.execute(OLD_ANSWERS_JSON, [uuid])
        db.execute(OLD_ADD_ANSWERS, {"uuid": uuid})
    db.conn.commit()
    db.close()


def test_a_database_at_m1000_migrates_forward_with_its_figures_and_downloads(tmp_path):
    app = make_app(tmp_path)  # its own database: only for the catalogue
    catalogue = app.extensions["engage.catalogue"]
    path = tmp_path / "old.sqlite3"
    old_database(path, catalogue)
    db = connect(str(path))
    before = answer_counts.stored(db)
    assert before == answer_counts.recount(db)
    migrate(str(path))
    assert db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == []
    assert "answers_json" not in {row[1] for row in db.execute("PRAGMA table_info(responses)")}
    assert answer_counts.stored(db) == before == answer_counts.recount(db)
    with app.test_request_context():
        data = reports.full_report(db, catalogue, reports.Filters(), 5)
        assert data.headline.total == 3
        assert dict(data.headline.by["round"]) == {1: 1, 2: 2}
        made = exports.download(str(path), catalogue, "csv", reports.Filters(questionnaire="small"), 5)
        wide = b"".join(made.chunks).decode("utf-8-sig").splitlines()
        long = b"".join(exports.download(str(path), catalogue, "long", reports.Filters(), 5).chunks)
    assert wide[1].startswith("00000000-0000-0000-0000-000000000001,small,1,standard,link,,1,2023-03-01T10:00:00.000000Z,")
    assert "'=1+1, said Sam" in wide[1]
    assert [line.split(",")[0][-1] for line in wide[1:]] == ["1", "2", "3"]
    assert [row[:4] for row in csv.reader(long.decode("utf-8-sig").splitlines()[1:])] == [
        ["00000000-0000-0000-0000-000000000001", "small", "else", "'=1+1, said Sam"],
        ["00000000-0000-0000-0000-000000000001", "small", "how", "bus"],
        ["00000000-0000-0000-0000-000000000001", "small", "how", "taxi"],
        ["00000000-0000-0000-0000-000000000001", "small", "who", "carer"],
        ["00000000-0000-0000-0000-000000000002", "small-easyread", "how", "walk"],
        ["00000000-0000-0000-0000-000000000002", "small-easyread", "who", "uses"],
    ]
    db.close()


def test_the_schema_imports_nothing_live_from_engage():
    tree = ast.parse((ROOT / "engage" / "schema.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert imported == {"sqlite_utils.migrations"}
