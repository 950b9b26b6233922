"""The rate limit on wrong short codes, shared by every worker through SQLite.

Each wrong code typed at `/s/<code>` is counted per client address for
SHORT_CODE_WINDOW_MINUTES (default 15) and written to the audit log. From the
SHORT_CODE_ADDRESS_LIMIT-th wrong code (default 30) that address may not try codes
until the window has passed since the last one, so guessing one of 32^8 codes stays
impractical. The long links (22-character tokens, printed before short codes existed)
are never limited. Keys are HMACs of the address with the secret key, as for staff
sign-in (engage/staff/limits.py): the table never holds an address.
"""

import math
import time

from engage.db import write_transaction
from engage.staff import audit
from engage.staff.limits import key


class CodeLimits:
    def __init__(self, config, address):
        self.window = config["SHORT_CODE_WINDOW_MINUTES"] * 60
        self.limit = config["SHORT_CODE_ADDRESS_LIMIT"]
        self.key = key(config["SECRET_KEY"], "short-code", address)

    def minutes_locked(self, db, now=None):
        """Whole minutes until this address may try a code again, or 0."""
        now = time.time() if now is None else now
        with write_transaction(db):
            db.execute("DELETE FROM short_code_misses WHERE at <= ?", [now - self.window])
        row = db.execute(
            "SELECT at FROM short_code_misses WHERE key = ? ORDER BY at DESC LIMIT 1 OFFSET ?", [self.key, self.limit - 1]
        ).fetchone()
        newest = db.execute("SELECT max(at) FROM short_code_misses WHERE key = ?", [self.key]).fetchone()[0]
        return math.ceil((newest + self.window - now) / 60) if row else 0

    def missed(self, db, typed, now=None):
        """Count a wrong code for this address, and write it to the audit log."""
        with write_transaction(db):
            db.execute("INSERT INTO short_code_misses (key, at) VALUES (?, ?)", [self.key, time.time() if now is None else now])
            audit.record(db, None, "wrong short code", typed[:40])
