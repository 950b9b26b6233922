"""`flask demo`: accounts for a newcomer to sign in with, one per role, and with
`--engagement` a BCP-shaped engagement to look at (demo_engagement.py).

Each account gets a random password, printed once and kept in DEMO_ACCOUNTS_FILE (default
instance/demo-accounts.txt, git-ignored). Running it again creates nothing new and prints where the file is.
"""

import secrets
from pathlib import Path

import click
from flask import current_app, g
from flask.cli import with_appcontext

from engage.db import get_db
from engage.staff import accounts as staff_accounts
from engage.staff import demo_engagement

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
@click.option("--engagement", is_flag=True, help="Also fill an empty database with a BCP-shaped engagement (321 responses).")
@with_appcontext
def demo_command(engagement):
    """Create demo staff accounts (admin, lead, facilitator). Example: flask --app app demo --engagement"""
    path = Path(current_app.config["DEMO_ACCOUNTS_FILE"])
    db = get_db()
    if engagement and not demo_engagement.is_demo(db) and demo_engagement.holds_data(db):
        raise click.UsageError("this database already holds responses, sessions or ballots: "
                               "demo data is only added to an empty database")
    created = create_demo_accounts(db, path)
    for email, role, password in created:
        click.echo(f"Demo {role}: {email}  password: {password}")
    click.echo(f"Demo accounts and their passwords are in {path}")
    if engagement:
        admin = staff_accounts.find_by_email(db, "admin@demo.invalid")
        if demo_engagement.fill(db, admin):
            click.echo("Demo engagement added: 321 responses over 7 sessions, and the priorities poll.")
        else:
            click.echo("The demo engagement is already in this database.")


def demo_banner():
    """True on a database holding the demo engagement: every staff page says so."""
    if "demo_data" not in g:
        g.demo_data = demo_engagement.is_demo(get_db())
    return g.demo_data


def init_app(app):
    app.cli.add_command(demo_command)
    app.jinja_env.globals["demo_data"] = demo_banner
