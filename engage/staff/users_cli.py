"""`flask users ...`: manage staff accounts from the command line (the first admin has
no one to invite them)."""

import sys

import click
from flask.cli import AppGroup

from engage.db import get_db
from engage.staff import accounts as staff_accounts

users_cli = AppGroup("users", help="Manage staff accounts.")


def fail(message):
    click.echo(message, err=True)
    sys.exit(1)


def existing(email):
    user = staff_accounts.find_by_email(get_db(), email)
    if user is None:
        fail(f"No account for {email}")
    return user


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(staff_accounts.ROLES))
@click.option("--password", help="Prompted for (hidden) when not given.")
def create(email, role, password):
    """Create an account. Example: flask --app app users create --email a@council.gov.uk --role admin"""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = staff_accounts.create_user(get_db(), email, role, password)
    except staff_accounts.AccountError as error:
        fail(str(error))
    click.echo(f"Created {user.role} account for {user.email}")


@users_cli.command("reset-password")
@click.option("--email", required=True)
@click.option("--password", help="Prompted for (hidden) when not given.")
def reset_password(email, password):
    """Set a new password. Example: flask --app app users reset-password --email a@council.gov.uk"""
    user = existing(email)
    if password is None:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        staff_accounts.set_password(get_db(), user, password)
    except staff_accounts.AccountError as error:
        fail(str(error))
    click.echo(f"Password changed for {user.email}")


@users_cli.command("disable")
@click.option("--email", required=True)
def disable(email):
    """Stop an account signing in. Example: flask --app app users disable --email a@council.gov.uk"""
    user = existing(email)
    try:
        staff_accounts.set_active(get_db(), user, False)
    except staff_accounts.AccountError as error:
        fail(str(error))
    click.echo(f"Disabled {user.email}")


def init_app(app):
    app.cli.add_command(users_cli)
