"""`flask surveys`: check definition files, export a stored version, list what is stored.

`check` needs no app and no database (a broken file must not stop it):
`flask --app app surveys check [FILE...]`, or without Flask at all
`python -m engage.definitions.cli check [FILE...]`. Each problem is printed on its own
line, in words and with the JSON path; the exit status is 1 when there is any.
"""

import json
import os
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from engage.config import DEFAULTS
from engage.definitions import files, store

surveys = AppGroup("surveys", help="Check, list and export questionnaire and poll definitions.")


def default_dir(setting):
    return os.environ.get(f"ENGAGE_{setting}", DEFAULTS[setting])


@surveys.command("check", with_appcontext=False)
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False))
def check_command(paths):
    """Check definition files (default: every file in surveys/ and surveys/polls/).
    Example: flask --app app surveys check surveys/group1-standard.json"""
    chosen = list(paths) or files.folder_paths(default_dir("SURVEYS_DIR"))
    missing = [p for p in chosen if not os.path.isfile(p)]
    for path in missing:
        click.echo(f"{path}: no such file", err=True)
    good, bad = files.check_paths([p for p in chosen if p not in missing], default_dir("PICTURES_DIR"))
    problems = [problem for found in bad.values() for problem in found]
    for problem in problems:
        click.echo(problem.plain(), err=True)
    for kind, name, doc in good:
        click.echo(f"ok  {name}: {kind} '{doc['id']}'")
    if problems or missing:
        click.echo(f"{len(problems) + len(missing)} problem(s) found.", err=True)
        sys.exit(1)


@surveys.command("export")
@click.argument("definition_id")
@click.option("--version", "number", type=int, help="Which version (default: the published one, else the latest).")
def export_command(definition_id, number):
    """Write a stored version's JSON to standard output. Example: flask --app app surveys export group1-standard --version 2"""
    from engage.db import connect

    db = connect(current_app.config["DATABASE"])
    try:
        found = store.get(db, definition_id)
        if found is None:
            raise click.ClickException(f"no questionnaire or poll '{definition_id}'")
        number = number or found.published_version or found.latest_version
        version = store.version(db, definition_id, number)
        if version is None:
            raise click.ClickException(f"'{definition_id}' has no version {number} (it has 1 to {found.latest_version})")
        click.echo(json.dumps(version.document, ensure_ascii=False, indent=2))
    finally:
        db.close()


@surveys.command("list")
def list_command():
    """List every stored questionnaire and poll with its state and versions. Example: flask --app app surveys list"""
    from engage.db import connect

    db = connect(current_app.config["DATABASE"])
    try:
        for d in store.definitions(db):
            click.echo(f"{d.id}  {d.kind}  {d.state()}  published version {d.published_version or '-'} of {d.latest_version}")
        for name, problems in store.file_problems(db):
            click.echo(f"{name}  skipped: {len(problems)} problem(s)")
    finally:
        db.close()


if __name__ == "__main__":
    surveys()
