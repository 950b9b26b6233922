"""`flask demo`: accounts for a newcomer to sign in with, one per role.

Each gets a random password, printed once and kept in DEMO_ACCOUNTS_FILE (default
instance/demo-accounts.txt, git-ignored). Running it again creates nothing new and prints where the file is.
"""

import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from engage.db import get_db
from engage.staff import accounts as staff_accounts

ROLES = ("admin", "lead", "facilitator")


def create_demo_accounts(db, path):
    """Create the missing demo accounts; return [(email, role, password)] for those created."""
    created = []
    for role in ROLES:
        email = f"{role}@demo.invalid"
        if staff_accounts.find_by_email(db, email):
            continue
        password = secrets.token_urlsafe(12)
        staff_accounts.create_user(db, email, role, password)
        created.append((email, role, password))
    if created:
        with path.open("a") as out:
            out.writelines(f"{role}\t{email}\t{password}\n" for email, role, password in created)
        path.chmod(0o600)
    return created


@click.command("demo")
@with_appcontext
def demo_command():
    """Create demo staff accounts (admin, lead, facilitator). Example: flask --app app demo"""
    path = Path(current_app.config["DEMO_ACCOUNTS_FILE"])
    created = create_demo_accounts(get_db(), path)
    for email, role, password in created:
        click.echo(f"Demo {role}: {email}  password: {password}")
    click.echo(f"Demo accounts and their passwords are in {path}")


def init_app(app):
    app.cli.add_command(demo_command)
