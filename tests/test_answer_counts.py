"""The report's derived counts (`answer_counts`), filled by counts.count_into, always equal
the plain aggregate query over responses and answers (`recount`)."""

from datetime import date

from engage.db import connect, write_transaction
from engage.reports import counts as answer_counts
from engage.reports import rounds
from engage.staff import retention
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
    assert answer_counts.stored(db)[("", "", "small", 1, "easyread", "link", "s1", 1, "2023-03-01")] == 1


def test_answer_counts_skip_the_values_of_text_questions_but_count_who_answered(app):
    Builder(app.config["DATABASE"]).add("small", 1, answers={"else": ["My name is Sam"]})
    db = open_db(app)
    keys = answer_counts.stored(db)
    assert ("else", "", "small", 1, "standard", "link", "", 1, "2023-03-01") in keys
    assert not [k for k in keys if k[1] == "My name is Sam"]


def test_answer_counts_match_a_recount_after_deleting_responses(app):
    builder = Builder(app.config["DATABASE"])
    builder.add("small", 1, answers={"who": ["carer"], "how": ["bus"]}, submitted_at="2023-01-05T10:00:00.000000Z")
    builder.add("small", 1, answers={"who": ["uses"], "how": ["bus", "taxi"]}, count=2)
    db = open_db(app)
    assert retention.delete_responses(db, retention.Selection(before=date(2023, 2, 1))) == 1
    assert answer_counts.stored(db) == answer_counts.recount(db)
    assert ("who", "carer") not in {k[:2] for k in answer_counts.stored(db)}
    assert answer_counts.stored(db)[("how", "", "small", 1, "standard", "link", "", 1, "2023-03-01")] == 2
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 6  # the deleted one's answers went too


def test_answer_counts_match_a_recount_after_a_round_changes(app):
    builder = Builder(app.config["DATABASE"])
    builder.add("small", 1, answers={"who": ["uses"]}, submitted_at="2023-03-01T10:00:00.000000Z", count=2)
    builder.add("small", 1, answers={"who": ["carer"]}, submitted_at="2024-03-01T10:00:00.000000Z", count=3)
    db = open_db(app)
    rounds.set_round(db, "small", 2, "2024", date(2024, 1, 1))
    assert answer_counts.stored(db) == answer_counts.recount(db)
    assert answer_counts.stored(db)[("who", "carer", "small", 1, "standard", "link", "", 2, "2024-03-01")] == 3
    rounds.set_round(db, "small", 2, "2024", date(2025, 1, 1))  # moved later: everything is round 1 again
    assert answer_counts.stored(db) == answer_counts.recount(db)
    assert {k[7] for k in answer_counts.stored(db)} == {1}


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
    (before_any,) = builder.add("small", 1, answers={"who": ["uses"]}, submitted_at="2022-02-01T10:00:00.000000Z")
    rounds_of = dict(db.execute("SELECT uuid, round FROM responses").fetchall())
    assert (rounds_of[late], rounds_of[early], rounds_of[before_any]) == (2, 1, 1)
    assert answer_counts.stored(db) == answer_counts.recount(db)


def test_a_question_the_report_starts_tallying_gets_its_option_counts(app):
    Builder(app.config["DATABASE"]).add("small", 1, answers={"who": ["carer"]})
    db = open_db(app)
    with write_transaction(db):
        db.execute("DELETE FROM report_questions")
        answer_counts.rebuild(db)
    assert ("who", "carer") not in {k[:2] for k in answer_counts.stored(db)}
    assert answer_counts.stored(db) == answer_counts.recount(db)
    assert answer_counts.sync_questions(db, app.extensions["engage.catalogue"]) is True
    assert ("who", "carer") in {k[:2] for k in answer_counts.stored(db)}
    assert answer_counts.stored(db) == answer_counts.recount(db)
    assert answer_counts.sync_questions(db, app.extensions["engage.catalogue"]) is False


def test_no_triggers_keep_anything(app):
    db = open_db(app)
    assert db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == []


def test_a_submitted_response_is_counted_in_its_round(app, respondent):
    db = open_db(app)
    rounds.set_round(db, "small", 2, "Now", date(2020, 1, 1))
    person = respondent()
    person.start()
    person.answer("about", {"who": "carer"})
    person.answer("travel", {"how": ["bus", "taxi"]})
    person.answer("carers", {"break": "some"})
    person.answer("more", {"else": "Thanks"})
    assert person.submit().status_code == 302
    assert answer_counts.stored(db) == answer_counts.recount(db)
    assert sum(n for key, n in answer_counts.stored(db).items() if key[:2] == ("how", "")) == 1
    assert db.execute("SELECT round FROM responses").fetchall() == [(2,)]


def test_a_question_the_report_stops_tallying_loses_its_option_counts_and_keeps_who_answered(app):
    Builder(app.config["DATABASE"]).add("small", 1, answers={"who": ["carer"]})
    db = open_db(app)
    with write_transaction(db):
        db.execute("INSERT INTO report_questions (report_id, question_id) VALUES ('small', 'gone')")
    assert answer_counts.sync_questions(db, app.extensions["engage.catalogue"]) is True
    assert db.execute("SELECT count(*) FROM report_questions WHERE question_id = 'gone'").fetchone()[0] == 0
    assert answer_counts.stored(db) == answer_counts.recount(db)
