"""Rate limits on staff sign-in, shared by every worker through SQLite.

Failures are counted per account (email) and per client address within a window
(SIGN_IN_WINDOW_MINUTES, default 15). When the limit is reached (SIGN_IN_ACCOUNT_LIMIT,
default 5; SIGN_IN_ADDRESS_LIMIT, default 20) further tries are refused for the window,
counted from the failure that reached the limit, without checking the password.

Keys are HMACs of the email or address with the secret key, so the table never holds a
client address; rows older than the window are purged on every sign-in.
"""

import hashlib
import hmac
import math
import time

from engage.db import write_transaction
from engage.staff import accounts as staff_accounts
from engage.staff import audit


def key(secret, kind, value):
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


class Limits:
    """The limits in the app's settings, applied to one database."""

    def __init__(self, config):
        self.window = config["SIGN_IN_WINDOW_MINUTES"] * 60
        self.limits = {"account": config["SIGN_IN_ACCOUNT_LIMIT"], "address": config["SIGN_IN_ADDRESS_LIMIT"]}
        self.secret = config["SECRET_KEY"]

    def keys(self, email, address):
        return {"account": key(self.secret, "account", email.strip().lower()), "address": key(self.secret, "address", address)}

    def minutes_locked(self, db, email, address):
        """Whole minutes until sign-in may be tried again, or 0 when it may be tried now."""
        now = time.time()
        with write_transaction(db):
            db.execute("DELETE FROM sign_in_attempts WHERE at <= ?", [now - self.window])
        until = 0
        for kind, hashed in self.keys(email, address).items():
            row = db.execute(
                "SELECT at FROM sign_in_attempts WHERE key = ? ORDER BY at DESC LIMIT 1 OFFSET ?",
                [hashed, self.limits[kind] - 1],
            ).fetchone()
            if row:
                until = max(until, row[0] + self.window)
        return math.ceil((until - now) / 60) if until > now else 0

    def failed(self, db, email, address):
        now = time.time()
        with write_transaction(db):
            for hashed in self.keys(email, address).values():
                db.execute("INSERT INTO sign_in_attempts (key, at) VALUES (?, ?)", [hashed, now])

    def succeeded(self, db, email):
        with write_transaction(db):
            db.execute("DELETE FROM sign_in_attempts WHERE key = ?", [key(self.secret, "account", email.strip().lower())])


def attempt(db, config, email, password, address):
    """(the signed-in user or None, minutes locked out: 0 when not locked). Audited."""
    limits = Limits(config)
    minutes = limits.minutes_locked(db, email, address)
    if minutes:
        return None, minutes
    user = staff_accounts.verify(db, email, password)
    if user:
        limits.succeeded(db, email)
        audit.record(db, user, "signed in")
        return user, 0
    limits.failed(db, email, address)
    known = staff_accounts.find_by_email(db, email)
    audit.record(db, None, "sign-in failed", known.email if known else "unknown email")
    return None, limits.minutes_locked(db, email, address)
