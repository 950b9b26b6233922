"""What a visitor's browser keeps in its signed session cookie, and nothing else: one map
per kind, keyed by questionnaire or poll id. No answer is ever kept here, only ids.

- `drafts`: the response in progress (its UUID) for each questionnaire;
- `origins`: the engagement session and channel a new response starts with, for each
  questionnaire reached through a session's link or QR code: [session id, channel];
- `receipts`: the short reference shown on each questionnaire's confirmation;
- `ballots`: the ballot in progress or sent for each poll.
A kiosk tablet also keeps `kiosk` (engage.kiosk.views); staff keep `staff` (engage.staff).
"""

from flask import session

DRAFTS, ORIGINS, RECEIPTS, BALLOTS = "drafts", "origins", "receipts", "ballots"


def get(kind, item_id):
    """The value kept for `item_id` in map `kind`, or None."""
    return session.get(kind, {}).get(item_id)


def put(kind, values):
    """Keep each item id -> value of `values` in map `kind`, for the cookie's lifetime."""
    session[kind] = {**session.get(kind, {}), **values}
    session.permanent = True


def forget(kind, item_id):
    kept = dict(session.get(kind, {}))
    kept.pop(item_id, None)
    session[kind] = kept
