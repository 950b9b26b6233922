"""`flask backup --out FILE`: an online backup of the database with SQLite's backup API,
safe while the app is serving (readers and writers carry on). The backup is readable by
its owner only (0600), like the database."""

import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from engage.db import private_file


def backup(source_path, out_path):
    """Copy the database at `source_path` to a new file `out_path`; return its page count."""
    source = sqlite3.connect(source_path)
    private_file(out_path)
    target = sqlite3.connect(out_path)
    try:
        with target:
            source.backup(target, pages=1024)
        return target.execute("PRAGMA page_count").fetchone()[0]
    finally:
        target.close()
        source.close()


@click.command("backup")
@with_appcontext
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="The new backup file.")
def backup_command(out_path):
    """Back up the database to a new file. Example: flask --app app backup --out backups/engage-2026-11-23.sqlite3"""
    if Path(out_path).exists():
        click.echo(f"{out_path} already exists: choose a new file name.", err=True)
        sys.exit(1)
    pages = backup(current_app.config["DATABASE"], out_path)
    click.echo(f"Backed up {current_app.config['DATABASE']} to {out_path} ({pages} pages).")


def init_app(app):
    app.cli.add_command(backup_command)
