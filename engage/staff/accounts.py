"""Staff accounts: admins, leads and facilitators. Respondents never have accounts.

Passwords are hashed with scrypt (werkzeug), at least 12 characters, not one of the
common passwords in engage/data/common_passwords.txt and not containing the email's
name part. Emails are stored lower-cased. A password change or reset, or disabling an
account, ends that person's staff sessions. Every change is audited in its own transaction;
`by` is the admin making it (None from the command line). There is always an active admin.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from engage import clock
from engage.db import write_transaction
from engage.staff import audit, staff_sessions

ROLES = ("admin", "lead", "facilitator")
MIN_PASSWORD_LENGTH = 12


class AccountError(ValueError):
    """A readable reason an account change was refused."""


@dataclass(frozen=True)
class User:
    id: int
    email: str
    role: str
    active: bool


COMMON_PASSWORDS = Path(__file__).parent.parent / "data" / "common_passwords.txt"


@cache
def common_passwords():
    return frozenset(COMMON_PASSWORDS.read_text().split("\n"))


def password_problem(password, email=""):
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("Use a password of at least %(n)d characters", n=MIN_PASSWORD_LENGTH)
    if password.lower() in common_passwords():
        return _l("That password is one of the most common and easy to guess: choose another")
    name = email.strip().lower().split("@")[0]
    if len(name) >= 3 and name in password.lower():
        return _l("Do not use your email address in your password")
    return None


def as_user(row):
    return User(row[0], row[1], row[2], bool(row[3])) if row else None


def get_user(db, user_id):
    if not 0 < user_id < 2**63:  # beyond SQLite's integers: no such account
        return None
    return as_user(db.execute("SELECT id, email, role, active FROM users WHERE id = ?", [user_id]).fetchone())


def find_by_email(db, email):
    row = db.execute("SELECT id, email, role, active FROM users WHERE email = ?", [email.strip().lower()]).fetchone()
    return as_user(row)


def list_users(db):
    rows = db.execute("SELECT id, email, role, active FROM users ORDER BY email").fetchall()
    return [as_user(row) for row in rows]


def check_role(role):
    if role not in ROLES:
        raise AccountError(_l("Role must be one of %(roles)s", roles=", ".join(ROLES)))


def create_user(db, email, role, password, by=None):
    email = email.strip().lower()
    check_role(role)
    if "@" not in email or len(email) > 254 or any(c.isspace() or ord(c) < 32 for c in email):
        raise AccountError(_l("Enter an email address, like name@council.gov.uk"))
    if problem := password_problem(password, email):
        raise AccountError(problem)
    password_hash = generate_password_hash(password)
    with write_transaction(db):
        if find_by_email(db, email):
            raise AccountError(_l("There is already an account for %(email)s", email=email))
        cursor = db.execute(
            "INSERT INTO users (email, role, password_hash, active, created_at) VALUES (?, ?, ?, 1, ?)",
            [email, role, password_hash, clock.stamp()],
        )
        audit.record(db, by, "account created", f"{email} as {role}")
    return get_user(db, cursor.lastrowid)


def set_password(db, user, password, by=None):
    if problem := password_problem(password, user.email):
        raise AccountError(problem)
    password_hash = generate_password_hash(password)
    with write_transaction(db):
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user.id])
        staff_sessions.end_all(db, user.id)
        audit.record(db, by, "password reset", user.email)


def keep_an_admin(db, user):
    """Refuse a change that would leave no active admin."""
    others = db.execute("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND id != ?", [user.id]).fetchone()[0]
    if user.role == "admin" and user.active and others == 0:
        raise AccountError(_l("There must always be an active admin: make another account an admin first"))


def set_active(db, user, active, by=None):
    if by is not None and by.id == user.id and not active:
        raise AccountError(_l("You cannot disable your own account"))
    with write_transaction(db):
        if not active:
            keep_an_admin(db, get_user(db, user.id))
        db.execute("UPDATE users SET active = ? WHERE id = ?", [1 if active else 0, user.id])
        if not active:
            staff_sessions.end_all(db, user.id)
        audit.record(db, by, "account enabled" if active else "account disabled", user.email)


def set_role(db, user, role, by=None):
    check_role(role)
    if by is not None and by.id == user.id:
        raise AccountError(_l("You cannot change your own role"))
    with write_transaction(db):
        if role != "admin":
            keep_an_admin(db, get_user(db, user.id))
        db.execute("UPDATE users SET role = ? WHERE id = ?", [role, user.id])
        audit.record(db, by, "role changed", f"{user.email} to {role}")


def verify(db, email, password):
    """The active user with that email and password, or None."""
    row = db.execute(
        "SELECT id, email, role, active, password_hash FROM users WHERE email = ?", [email.strip().lower()]
    ).fetchone()
    if row is None:
        check_password_hash(DUMMY_HASH, password)  # same work whether or not the account exists
        return None
    if not check_password_hash(row[4], password) or not row[3]:
        return None
    return as_user(row)


DUMMY_HASH = generate_password_hash("not-a-real-password")
