"""Ballots: one per participant per poll, with one vote per proposal.

A ballot's UUID is minted when the person presses Start and kept in their signed session
cookie. Each saved vote replaces the ballot's earlier vote on that proposal (the votes
table's key is ballot + proposal), so changing a vote never adds a second one. A ballot
counts in results once submitted; submitting again changes nothing but `updated_at`.
Every write checks, inside its transaction, that the poll is still open.
"""

import uuid as uuidlib
from dataclasses import dataclass, field

from engage import clock
from engage.db import write_transaction
from engage.polls import settings as poll_settings

CHANNELS = ("link", "qr", "kiosk")
VARIANTS = ("standard", "easyread")


class PollClosed(Exception):
    """The poll is not open: nothing was stored."""


@dataclass(frozen=True)
class Origin:
    """Where a ballot came from: the channel (link, qr, kiosk) and the engagement session, if any."""

    channel: str = "link"
    session_id: str | None = None


@dataclass(frozen=True)
class Vote:
    option_id: str | None
    comment: str | None = None


@dataclass(frozen=True)
class Ballot:
    uuid: str
    poll_id: str
    variant: str
    submitted_at: str | None
    votes: dict = field(default_factory=dict)

    @property
    def submitted(self):
        return self.submitted_at is not None


def require_open(db, poll_id):
    if not poll_settings.is_open(db, poll_id):
        raise PollClosed(poll_id)


def start(db, poll, variant, resume_uuid=None, origin=Origin()):
    """The person's ballot for this poll: `resume_uuid`'s if it is theirs, else a new one."""
    stamp = clock.stamp()
    with write_transaction(db):
        require_open(db, poll.id)
        if resume_uuid and db.execute(
            "UPDATE ballots SET variant = ?, updated_at = ? WHERE uuid = ? AND poll_id = ?",
            [variant, stamp, resume_uuid, poll.id],
        ).rowcount:
            return resume_uuid
        ballot_uuid = str(uuidlib.uuid4())
        db.execute(
            "INSERT INTO ballots (uuid, poll_id, definition_hash, variant, channel, session_id, started_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [ballot_uuid, poll.id, poll.definition_hash, variant, origin.channel, origin.session_id, stamp, stamp],
        )
    return ballot_uuid


def get(db, ballot_uuid, poll_id):
    """The ballot with its votes, or None if there is no such ballot for this poll."""
    row = db.execute(
        "SELECT uuid, poll_id, variant, submitted_at FROM ballots WHERE uuid = ? AND poll_id = ?", [ballot_uuid, poll_id]
    ).fetchone()
    if row is None:
        return None
    votes = db.execute("SELECT proposal_id, option_id, comment FROM votes WHERE ballot_uuid = ?", [ballot_uuid])
    uuid, poll_id, variant, submitted_at = row
    return Ballot(uuid, poll_id, variant, submitted_at, {pid: Vote(option, comment) for pid, option, comment in votes.fetchall()})


def save_votes(db, poll, ballot_uuid, votes):
    """Replace the ballot's votes on these proposals: {proposal_id: Vote, or None to skip}."""
    with write_transaction(db):
        require_open(db, poll.id)
        for proposal_id, vote in votes.items():
            if vote is None or (vote.option_id is None and not vote.comment):
                db.execute("DELETE FROM votes WHERE ballot_uuid = ? AND proposal_id = ?", [ballot_uuid, proposal_id])
                continue
            db.execute(
                "INSERT INTO votes (ballot_uuid, proposal_id, option_id, comment) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (ballot_uuid, proposal_id) DO UPDATE SET option_id = excluded.option_id, comment = excluded.comment",
                [ballot_uuid, proposal_id, vote.option_id, vote.comment or None],
            )
        db.execute(
            "UPDATE ballots SET definition_hash = ?, updated_at = ? WHERE uuid = ?", [poll.definition_hash, clock.stamp(), ballot_uuid]
        )


def submit(db, poll, ballot_uuid):
    """Count the ballot. Idempotent: the first submit's time is kept. Returns it."""
    with write_transaction(db, durable=True):
        require_open(db, poll.id)
        db.execute(
            "UPDATE ballots SET submitted_at = coalesce(submitted_at, ?), updated_at = ? WHERE uuid = ? AND poll_id = ?",
            [clock.stamp(), clock.stamp(), ballot_uuid, poll.id],
        )
        row = db.execute("SELECT submitted_at FROM ballots WHERE uuid = ?", [ballot_uuid]).fetchone()
    return row[0] if row else None
