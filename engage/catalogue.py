"""The app's questionnaires: loaded and validated once at start-up, and the
`flask surveys check` command that runs the same validation."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from engage.definitions import DefinitionError, check_folder, load_catalogue

surveys_cli = AppGroup("surveys", help="Check and list questionnaire definitions.")


@surveys_cli.command("check")
def check_command():
    """Check every definition in surveys/. Example: flask --app app surveys check"""
    questionnaires, problems = check_folder(current_app.config["SURVEYS_DIR"], current_app.config["PICTURES_DIR"])
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    for q in questionnaires:
        click.echo(f"ok  {q.source}: {q.id} (group {q.group}, {q.variant}, {len(q.questions)} questions)")


def init_app(app):
    """Refuse to start with an invalid definition, logging each problem."""
    try:
        app.extensions["engage.catalogue"] = load_catalogue(app.config["SURVEYS_DIR"], app.config["PICTURES_DIR"])
    except DefinitionError as error:
        for problem in error.problems:
            app.logger.error("%s", problem)
        raise
    app.cli.add_command(surveys_cli)
