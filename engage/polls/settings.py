"""When each poll is open, and whether its results are published: set by a lead, not in
the JSON definition, so a lead opens and closes a poll without editing files or
restarting the app. The times are the poll's lifecycle in `definitions` (the same as a
questionnaire's, engage/definitions/store.py); the results' publication is in `poll_settings`.

A poll is open from `opens_at` until `closes_at` (either may be a time to come) unless
archived. A poll with no `opens_at` has not been opened yet.
"""

from dataclasses import dataclass

from engage import clock
from engage.db import write_transaction
from engage.definitions import store

NOT_OPEN, OPEN, CLOSED = "not_open", "open", "closed"


@dataclass(frozen=True)
class Settings:
    opens_at: str | None = None
    closes_at: str | None = None
    published_at: str | None = None
    next_steps: str | None = None
    archived_at: str | None = None

    def status(self, at=None):
        at = at or clock.stamp()
        if self.archived_at or self.closes_at and self.closes_at <= at:
            return CLOSED
        if self.opens_at and self.opens_at <= at:
            return OPEN
        return NOT_OPEN

    @property
    def published(self):
        return self.published_at is not None


SELECT = (
    "SELECT d.id, d.opens_at, d.closes_at, s.published_at, s.next_steps, d.archived_at FROM definitions d"
    " LEFT JOIN poll_settings s ON s.poll_id = d.id WHERE d.kind = 'poll'"
)


def get(db, poll_id) -> Settings:
    row = db.execute(f"{SELECT} AND d.id = ?", [poll_id]).fetchone()
    return Settings(*row[1:]) if row else Settings()


def all_settings(db) -> dict:
    return {row[0]: Settings(*row[1:]) for row in db.execute(SELECT).fetchall()}


def is_open(db, poll_id) -> bool:
    return get(db, poll_id).status() == OPEN


def _upsert(db, poll_id, user_id, **fields):
    """Set some columns of a poll's row, creating the row if need be (inside a transaction)."""
    stamp = clock.stamp()
    names = list(fields)
    db.execute(
        f"INSERT INTO poll_settings (poll_id, {', '.join(names)}, updated_by, updated_at)"
        f" VALUES (?, {', '.join('?' for _ in names)}, ?, ?)"
        f" ON CONFLICT (poll_id) DO UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in names)},"
        " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        [poll_id, *fields.values(), user_id, stamp],
    )


def open_now(db, poll_id, user):
    """Open the poll now (or reopen it), with no closing time."""
    store.set_times(db, [poll_id], clock.stamp(), None, user)


def close_now(db, poll_id, user):
    store.close_now(db, [poll_id], user)


def schedule(db, poll_id, user, opens_at, closes_at):
    """Set both times (UTC strings, or None)."""
    store.set_times(db, [poll_id], opens_at, closes_at, user)


def publish(db, poll_id, user_id, next_steps):
    """Publish the results with the lead's "what happens next" text (again: update the text)."""
    with write_transaction(db):
        _upsert(db, poll_id, user_id, published_at=clock.stamp(), next_steps=next_steps)


def unpublish(db, poll_id, user_id):
    with write_transaction(db):
        _upsert(db, poll_id, user_id, published_at=None)


def open_polls(db, polls):
    """The polls open now, in the catalogue's order."""
    settings = all_settings(db)
    return [poll for poll in polls if settings.get(poll.id, Settings()).status() == OPEN]
