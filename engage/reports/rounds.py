"""Rounds of a repeated engagement (Cheshire East asks again every year).

A round belongs to a questionnaire's report (twins share it) and starts on a London day.
A response is in the latest round of its report that started at or before its submission;
before the first round starts (or when none is defined) it is in round 1 (`ROUND_OF`, the
one statement of that rule). A new response is given its round as it is stored
(responses.insert_response); adding or moving a round re-stamps that report's responses
and moves their counts (counts.count_into) in the same transaction.
"""

from datetime import date

import click
from flask.cli import AppGroup

from engage import catalogue, clock
from engage.db import get_db, write_transaction
from engage.reports import counts

# SQL for the round of a response of report `{report_id}` submitted at `{submitted_at}`.
ROUND_OF = (
    "coalesce((SELECT number FROM rounds ro WHERE ro.report_id = {report_id} AND ro.starts_at <= {submitted_at}"
    " ORDER BY ro.starts_at DESC LIMIT 1), 1)"
)

rounds_cli = AppGroup("rounds", help="Rounds of a repeated engagement.")


def set_round(db, report_id, number, name, starts_on: date):
    """Add or change round `number` of a report, then re-stamp its responses."""
    with write_transaction(db):
        db.execute(
            "INSERT INTO rounds (report_id, number, name, starts_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (report_id, number) DO UPDATE SET name = excluded.name, starts_at = excluded.starts_at",
            [report_id, number, name, clock.london_midnight(starts_on)],
        )
        restamp(db, report_id)


MOVED = "r.uuid IN (SELECT uuid FROM temp.moved)"


def restamp(db, report_id):
    """Give each of the report's responses the round ROUND_OF says, counting only those that move."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS moved (uuid TEXT PRIMARY KEY, number INTEGER NOT NULL)")
    db.execute("DELETE FROM temp.moved")
    db.execute(
        "INSERT INTO temp.moved SELECT uuid, number FROM ("
        f" SELECT r.uuid, r.round, {ROUND_OF.format(report_id='r.report_id', submitted_at='r.submitted_at')} AS number"
        " FROM responses r WHERE r.report_id = ?) WHERE round != number",
        [report_id],
    )
    counts.count_into(db, MOVED, sign=-1)
    db.execute("UPDATE responses SET round = m.number FROM temp.moved m WHERE responses.uuid = m.uuid")
    counts.count_into(db, MOVED)


def list_rounds(db):
    return db.execute("SELECT report_id, number, name, starts_at FROM rounds ORDER BY report_id, number").fetchall()


@rounds_cli.command("set")
@click.argument("questionnaire")
@click.argument("number", type=click.IntRange(min=1))
@click.argument("name")
@click.argument("starts_on", type=click.DateTime(formats=["%Y-%m-%d"]))
def set_command(questionnaire, number, name, starts_on):
    """Add or change a round. Example: flask --app app rounds set group1-standard 2 "2024" 2024-01-01"""
    report_ids = {q.report_id for q in catalogue.questionnaires()}
    if questionnaire not in report_ids:
        raise click.UsageError(f"no questionnaire '{questionnaire}': use one of {', '.join(sorted(report_ids))}")
    set_round(get_db(), questionnaire, number, name, starts_on.date())
    click.echo(f"Round {number} of {questionnaire} ({name}) starts on {starts_on.date().isoformat()}.")


@rounds_cli.command("list")
def list_command():
    """List the rounds. Example: flask --app app rounds list"""
    for report_id, number, name, starts_at in list_rounds(get_db()):
        click.echo(f"{report_id}  round {number}  {name}  from {starts_at}")


def init_app(app):
    app.cli.add_command(rounds_cli)
