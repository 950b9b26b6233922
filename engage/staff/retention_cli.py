"""`flask responses delete|purge-drafts`: erase responses and stale drafts from the command line."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from engage.db import get_db
from engage.staff import retention

responses_cli = AppGroup("responses", help="Delete responses and stale drafts.")


@responses_cli.command("delete")
@click.option("--questionnaire", help="Delete the responses to this questionnaire (its id).")
@click.option("--before", type=click.DateTime(["%Y-%m-%d"]), help="Delete responses submitted before this day (YYYY-MM-DD).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete(questionnaire, before, yes):
    """Delete responses and their answers, after confirming the count.
    Example: flask --app app responses delete --questionnaire day-ops --before 2026-01-01"""
    if not questionnaire and not before:
        click.echo("Give --questionnaire ID, --before YYYY-MM-DD or both.", err=True)
        sys.exit(2)
    selection = retention.Selection(questionnaire, before.date() if before else None)
    count = retention.count_responses(get_db(), selection)
    click.echo(f"{count} responses {selection.describe()} match.")
    if count == 0:
        return
    if not yes and not click.confirm(f"Delete these {count} responses and their answers? This cannot be undone"):
        click.echo("Nothing deleted.")
        return
    try:
        deleted = retention.delete_responses(get_db(), selection, expected=count)
    except retention.CountChanged:
        click.echo("The number of matching responses changed meanwhile: nothing deleted. Run the command again.", err=True)
        sys.exit(1)
    click.echo(f"Deleted {deleted} responses.")


@responses_cli.command("purge-drafts")
@click.option("--days", type=click.IntRange(min=1), help="Age in days; default DRAFT_RETENTION_DAYS (30).")
def purge_drafts(days):
    """Delete unfinished answers not touched for DRAFT_RETENTION_DAYS days.
    Example: flask --app app responses purge-drafts"""
    days = days or current_app.config["DRAFT_RETENTION_DAYS"]
    purged = retention.purge_drafts(get_db(), days)
    click.echo(f"Deleted {purged} drafts not touched for {days} days.")


def init_app(app):
    app.cli.add_command(responses_cli)
