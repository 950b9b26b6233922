"""Rounds of a repeated engagement: responses take the latest round started before them,
and the report compares two rounds side by side."""

from datetime import date

from engage.db import connect
from engage.reports import counts as answer_counts
from engage.reports import rounds
from tests.report_data import Builder
from tests.report_html import tables

COMPARISON = "‘Who is answering?’: round 1 compared with round 2"


def two_years(app):
    builder = Builder(app.config["DATABASE"])
    for year, uses, carers in (("2023", 10, 10), ("2024", 5, 15)):
        stamp = f"{year}-03-01T10:00:00.000000Z"
        builder.add("small", 1, answers={"who": ["uses"]}, submitted_at=stamp, count=uses)
        builder.add("small", 1, answers={"who": ["carer"]}, submitted_at=stamp, count=carers)
    builder.close()


def test_setting_a_round_restamps_responses_and_their_answer_counts(app):
    two_years(app)
    db = connect(app.config["DATABASE"])
    rounds.set_round(db, "small", 2, "2024", date(2024, 1, 1))
    assert db.execute("SELECT round, count(*) FROM responses GROUP BY round").fetchall() == [(1, 20), (2, 20)]
    assert answer_counts.stored(db) == answer_counts.recount(db)


def test_report_compares_two_rounds_with_the_change_in_points(app, client, staff):
    two_years(app)
    rounds.set_round(connect(app.config["DATABASE"]), "small", 2, "2024", date(2024, 1, 1))
    staff("lead")
    rows = tables(client.get("/staff/report/").get_data(as_text=True))[COMPARISON]
    assert rows == [
        ["Answer", "Round 1", "Round 2: 2024", "Change (points)"],
        ["I use day opportunities", "10 (50%)", "5 (25%)", "-25"],
        ["I am a carer", "10 (50%)", "15 (75%)", "+25"],
        ["Prefer not to say", "0 (0%)", "0 (0%)", "+0"],
        ["People who answered", "20", "20", ""],
    ]


def test_round_filter_counts_one_round_only(app, client, staff):
    two_years(app)
    rounds.set_round(connect(app.config["DATABASE"]), "small", 2, "2024", date(2024, 1, 1))
    staff("lead")
    page = client.get("/staff/report/?round=2").get_data(as_text=True)
    assert "In total there were 20 questionnaires completed." in page


def test_rounds_command_sets_and_lists_rounds(app, runner):
    result = runner.invoke(args=["rounds", "set", "small", "2", "Second year", "2024-01-01"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(args=["rounds", "list"]).output
    assert "small  round 2  Second year  from 2024-01-01T00:00:00.000000Z" in listed


def test_rounds_command_refuses_an_unknown_questionnaire(runner):
    result = runner.invoke(args=["rounds", "set", "nope", "2", "x", "2024-01-01"])
    assert result.exit_code == 2 and "no questionnaire 'nope'" in result.output


def test_the_report_names_rounds_in_the_headline_and_the_filter(app, client, staff):
    two_years(app)
    rounds.set_round(connect(app.config["DATABASE"]), "small", 2, "2024", date(2024, 1, 1))
    staff("lead")
    page = client.get("/staff/report/").get_data(as_text=True)
    assert [row[0] for row in tables(page)["Responses by round"][1:]] == ["Round 1", "Round 2: 2024"]
    assert '<option value="2">Round 2: 2024</option>' in page
