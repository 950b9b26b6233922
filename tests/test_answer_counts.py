"""The running counts kept by triggers always equal a fresh count of responses and answers."""

from engage.db import connect, write_transaction
from engage.reports import counts as answer_counts
from tests.report_data import Builder


def open_db(app):
    return connect(app.config["DATABASE"])


def test_answer_counts_match_a_recount_after_inserts(app):
    builder = Builder(app.config["DATABASE"])
    builder.add("small", 1, answers={"who": ["carer"], "how": ["bus", "taxi"], "else": ["Fine"]}, count=3)
    builder.add("small-easyread", 1, "easyread", {"who": ["uses"], "how": ["walk"]}, report_id="small", session_id="s1")
    db = open_db(app)
    assert answer_counts.stored(db) == answer_counts.recount(db)
    assert answer_counts.stored(db)[("how", "bus", "small", 1, "standard", "link", "", 1, "2023-03-01")] == 3
    assert answer_counts.stored(db)[("how", "", "small", 1, "standard", "link", "", 1, "2023-03-01")] == 3


def test_answer_counts_skip_the_values_of_text_questions_but_count_who_answered(app):
    Builder(app.config["DATABASE"]).add("small", 1, answers={"else": ["My name is Sam"]})
    db = open_db(app)
    keys = answer_counts.stored(db)
    assert ("else", "", "small", 1, "standard", "link", "", 1, "2023-03-01") in keys
    assert not [k for k in keys if k[1] == "My name is Sam"]


def test_answer_counts_match_a_recount_after_deletes_and_moves(app):
    builder = Builder(app.config["DATABASE"])
    first, second = builder.add("small", 1, answers={"who": ["carer"], "how": ["bus", "taxi"]}, count=2)
    db = open_db(app)
    with write_transaction(db):
        db.execute("DELETE FROM responses WHERE uuid = ?", [first])
        db.execute("UPDATE responses SET session_id = 's2', round = 2 WHERE uuid = ?", [second])
        db.execute("DELETE FROM answers WHERE response_uuid = ? AND value = 'taxi'", [second])
    assert answer_counts.stored(db) == answer_counts.recount(db)
    assert answer_counts.stored(db)[("how", "", "small", 1, "standard", "link", "s2", 2, "2023-03-01")] == 1


def test_answer_counts_count_days_in_london_time(app):
    builder = Builder(app.config["DATABASE"])
    builder.add("small", 1, submitted_at="2023-06-30T23:30:00.000000Z")  # 00:30 BST on 1 July
    builder.add("small", 1, submitted_at="2023-12-31T23:30:00.000000Z")  # GMT: still 31 December
    days = {key[-1] for key in answer_counts.stored(open_db(app))}
    assert days == {"2023-07-01", "2023-12-31"}


def test_new_response_takes_the_latest_round_started_before_it(app):
    db = open_db(app)
    with write_transaction(db):
        db.execute("INSERT INTO rounds VALUES ('small', 1, '2023', '2023-01-01T00:00:00.000000Z')")
        db.execute("INSERT INTO rounds VALUES ('small', 2, '2024', '2024-01-01T00:00:00.000000Z')")
    builder = Builder(app.config["DATABASE"])
    (late,) = builder.add("small", 1, answers={"who": ["uses"]}, submitted_at="2024-02-01T10:00:00.000000Z")
    (early,) = builder.add("small", 1, answers={"who": ["uses"]}, submitted_at="2023-02-01T10:00:00.000000Z")
    rounds = dict(db.execute("SELECT uuid, round FROM responses").fetchall())
    assert (rounds[late], rounds[early]) == (2, 1)
    assert answer_counts.stored(db) == answer_counts.recount(db)


def test_changed_definitions_rebuild_the_answer_counts(app):
    Builder(app.config["DATABASE"]).add("small", 1, answers={"who": ["carer"]})
    db = open_db(app)
    with write_transaction(db):
        db.execute("DELETE FROM report_questions")
        answer_counts.rebuild(db)
    assert ("who", "carer") not in {k[:2] for k in answer_counts.stored(db)}
    assert answer_counts.sync_questions(db, app.extensions["engage.catalogue"]) is True
    assert ("who", "carer") in {k[:2] for k in answer_counts.stored(db)}
    assert answer_counts.sync_questions(db, app.extensions["engage.catalogue"]) is False


def test_a_submitted_response_is_counted(app, respondent):
    person = respondent()
    person.start()
    person.answer("about", {"who": "carer"})
    person.answer("travel", {"how": ["bus", "taxi"]})
    person.answer("carers", {"break": "some"})
    person.answer("more", {"else": "Thanks"})
    assert person.submit().status_code == 302
    db = open_db(app)
    assert answer_counts.stored(db) == answer_counts.recount(db)
    assert sum(n for key, n in answer_counts.stored(db).items() if key[:2] == ("how", "")) == 1
