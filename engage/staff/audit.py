"""The audit log: who did what, and when, to accounts and data.

Call `record(db, user, action, detail)` from any feature that signs in, changes an
account, downloads or deletes data:

    with write_transaction(db):
        db.execute("DELETE FROM ...")
        audit.record(db, g.user, "responses deleted", "12 responses to 'day-ops'")

- `user`: the signed-in `staff_accounts.User`, or None (command line, failed sign-in).
- `action`: a short fixed phrase, e.g. "signed in", "download".
- `detail`: free text naming what was affected (never answers or passwords).

Inside an open write transaction the entry commits or rolls back with the change;
outside one it is written in its own transaction.

Every other staff change is audited too: a POST behind sign-in that succeeds and wrote no
entry of its own is recorded as "staff change" with its endpoint and URL values
(`record_staff_change`, run after each request), e.g. a room's count deleted.
"""

import csv
import io

from flask import g, has_request_context, request

from engage import clock
from engage.db import get_db, write_transaction

PAGE_SIZE = 50
DETAIL_LIMIT = 500
CSV_COLUMNS = ("at", "user_email", "action", "detail")


def record(db, user, action, detail=""):
    """Add an audit entry, in the caller's transaction when one is open."""
    if has_request_context():
        g.audited = True
    values = [clock.stamp(), user.id if user else None, user.email if user else "", action, str(detail)[:DETAIL_LIMIT]]
    sql = "INSERT INTO audit_log (at, user_id, user_email, action, detail) VALUES (?, ?, ?, ?, ?)"
    if db.conn.in_transaction:
        db.execute(sql, values)
        return
    with write_transaction(db):
        db.execute(sql, values)


def not_a_change():
    """For a POST that changes nothing (a preview's page): no "staff change" entry."""
    g.audited = True


def record_staff_change(response):
    """Audit a successful POST behind sign-in that recorded nothing itself."""
    user = g.get("user")
    if request.method == "POST" and user is not None and response.status_code < 400 and not g.get("audited"):
        values = " ".join(f"{name}={value}" for name, value in sorted((request.view_args or {}).items()))
        record(get_db(), user, "staff change", f"{request.endpoint} {values}".strip())
    return response


def page_of_entries(db, page=1):
    """(entries newest first, number of pages) for page `page` (1-based)."""
    total = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    pages = max(1, -(-total // PAGE_SIZE))
    rows = db.execute(
        f"SELECT {', '.join(CSV_COLUMNS)} FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
        [PAGE_SIZE, (min(max(page, 1), pages) - 1) * PAGE_SIZE],
    ).fetchall()
    return [dict(zip(CSV_COLUMNS, row)) for row in rows], pages


def safe_cell(value):
    """Stop a spreadsheet reading a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(db):
    """The whole log as CSV text, oldest first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in db.execute(f"SELECT {', '.join(CSV_COLUMNS)} FROM audit_log ORDER BY id"):
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
