"""Staff accounts: admins, leads and facilitators. Respondents never have accounts.

Passwords are hashed with scrypt (werkzeug). Emails are stored lower-cased.
"""

from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from engage.db import write_transaction
from engage.responses import now

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


def password_problem(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use a password of at least {MIN_PASSWORD_LENGTH} characters"
    return None


def as_user(row):
    return User(row[0], row[1], row[2], bool(row[3])) if row else None


def get_user(db, user_id):
    return as_user(db.execute("SELECT id, email, role, active FROM users WHERE id = ?", [user_id]).fetchone())


def find_by_email(db, email):
    row = db.execute("SELECT id, email, role, active FROM users WHERE email = ?", [email.strip().lower()]).fetchone()
    return as_user(row)


def create_user(db, email, role, password):
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}")
    if "@" not in email or len(email) > 254:
        raise AccountError("Enter an email address, like name@council.gov.uk")
    if problem := password_problem(password):
        raise AccountError(problem)
    with write_transaction(db):
        if find_by_email(db, email):
            raise AccountError(f"There is already an account for {email}")
        cursor = db.execute(
            "INSERT INTO users (email, role, password_hash, active, created_at) VALUES (?, ?, ?, 1, ?)",
            [email, role, generate_password_hash(password), now()],
        )
    return get_user(db, cursor.lastrowid)


def set_password(db, user, password):
    if problem := password_problem(password):
        raise AccountError(problem)
    with write_transaction(db):
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [generate_password_hash(password), user.id])


def set_active(db, user, active):
    with write_transaction(db):
        db.execute("UPDATE users SET active = ? WHERE id = ?", [1 if active else 0, user.id])


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
