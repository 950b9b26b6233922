"""The app's questionnaires and polls: loaded and validated once at start-up, and the
`flask surveys check` command that runs the same validation."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from engage.polls.definitions import check_poll_folder, load_polls
from engage.questionnaires.definitions import DefinitionError, check_folder, load_catalogue


def questionnaires():
    """The app's questionnaires (a Catalogue: iterate, or look up by id with .get)."""
    return current_app.extensions["engage.catalogue"]


def polls():
    """The app's polls (iterate, or look up by id with .get)."""
    return current_app.extensions["engage.polls"]


surveys_cli = AppGroup("surveys", help="Check and list questionnaire and poll definitions.")


@surveys_cli.command("check")
def check_command():
    """Check every definition in surveys/ and surveys/polls/. Example: flask --app app surveys check"""
    questionnaires, problems = check_folder(current_app.config["SURVEYS_DIR"], current_app.config["PICTURES_DIR"])
    polls, poll_problems = check_poll_folder(current_app.config["SURVEYS_DIR"], current_app.config["PICTURES_DIR"])
    problems += poll_problems
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    for q in questionnaires:
        click.echo(f"ok  {q.source}: {q.id} (group {q.group}, {q.variant}, {len(q.questions)} questions)")
    for poll in polls:
        click.echo(f"ok  {poll.source}: {poll.id} (poll, {len(poll.priorities)} priorities, {len(poll.proposals)} proposals)")


def init_app(app):
    """Refuse to start with an invalid questionnaire or poll, logging every problem."""
    problems = []
    for key, load in (("engage.catalogue", load_catalogue), ("engage.polls", load_polls)):
        try:
            app.extensions[key] = load(app.config["SURVEYS_DIR"], app.config["PICTURES_DIR"])
        except DefinitionError as error:
            problems += error.problems
    for problem in problems:
        app.logger.error("%s", problem)
    if problems:
        raise DefinitionError(problems)
    app.cli.add_command(surveys_cli)
