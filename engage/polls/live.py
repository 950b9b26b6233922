"""The live screen in the room and the room tallies.

What the live screen shows (which proposal, one proposal or its whole priority, revealed
or not) is kept in `poll_live`, so a second screen on the same poll follows the first.
Counts stay hidden until a facilitator presses Reveal; moving to another proposal hides
them again, so early votes don't sway the room.

A tally is a room vote keyed in by a facilitator (Agree n, Not sure n, Disagree n),
stored apart from ballots with channel "room". Its UUID comes from the form, so sending
the same form twice stores it once.
"""

import uuid as uuidlib
from dataclasses import dataclass

from engage import clock
from engage.db import write_transaction
from engage.polls.results import Filters, results

PROPOSAL, PRIORITY = "proposal", "priority"
ACTIONS = ("next", "previous", "reveal", "hide", "show-proposal", "show-priority")
MAX_TALLY = 10000


@dataclass(frozen=True)
class LiveState:
    proposal_id: str
    scope: str = PROPOSAL
    revealed: bool = False

    @property
    def key(self):
        """Changes whenever a screen must redraw more than its counts."""
        return f"{self.proposal_id}|{self.scope}|{int(self.revealed)}"


def get_state(db, poll) -> LiveState:
    row = db.execute("SELECT proposal_id, scope, revealed FROM poll_live WHERE poll_id = ?", [poll.id]).fetchone()
    if row is None or poll.proposal(row[0]) is None:
        return LiveState(poll.proposals[0].id)
    return LiveState(row[0], row[1], bool(row[2]))


def shown(poll, state):
    """The proposals on screen: one, or every proposal of its priority."""
    proposal = poll.proposal(state.proposal_id)
    if state.scope == PRIORITY:
        return poll.priority(proposal.priority_id).proposals
    return (proposal,)


def step(poll, state, direction):
    """The next (or previous) proposal; in priority scope, the next priority's first proposal."""
    if state.scope == PROPOSAL:
        target = poll.neighbour(state.proposal_id, direction)
        return target.id if target else state.proposal_id
    ids = [p.id for p in poll.priorities]
    index = ids.index(poll.proposal(state.proposal_id).priority_id) + direction
    return poll.priorities[index].proposals[0].id if 0 <= index < len(ids) else state.proposal_id


def apply(poll, state, action) -> LiveState:
    if action in ("next", "previous"):
        return LiveState(step(poll, state, 1 if action == "next" else -1), state.scope, False)
    if action in ("reveal", "hide"):
        return LiveState(state.proposal_id, state.scope, action == "reveal")
    return LiveState(state.proposal_id, PRIORITY if action == "show-priority" else PROPOSAL, False)


def act(db, poll, action, user_id) -> LiveState:
    """Apply a facilitator's button press to the stored state, in one transaction."""
    with write_transaction(db):
        state = apply(poll, get_state(db, poll), action)
        db.execute(
            "INSERT INTO poll_live (poll_id, proposal_id, scope, revealed, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (poll_id) DO UPDATE SET proposal_id = excluded.proposal_id,"
            " scope = excluded.scope, revealed = excluded.revealed, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            [poll.id, state.proposal_id, state.scope, int(state.revealed), user_id, clock.stamp()],
        )
    return state


def snapshot(db, poll, state=None):
    """What the live screen shows now, as JSON-ready data. Counts are None until revealed."""
    state = state or get_state(db, poll)
    on_screen = shown(poll, state)
    counted = results(db, poll, Filters(include_unsubmitted=True, proposal_ids=tuple(p.id for p in on_screen))).proposals
    items = []
    for proposal in on_screen:
        result = counted[proposal.id]
        items.append(
            {
                "proposal_id": proposal.id,
                "total": result.total,
                "room": result.room_total,
                "counts": {c.option.id: c.total for c in result.counts} if state.revealed else None,
                "agree_percent": result.agree_percent if state.revealed else None,
            }
        )
    return {"state": state.key, "revealed": state.revealed, "items": items}


@dataclass(frozen=True)
class Tally:
    uuid: str
    proposal_id: str
    counts: dict
    entered_by: str
    entered_at: str
    session_id: str | None


def new_tally_uuid():
    return str(uuidlib.uuid4())


def record_tally(db, poll, proposal_id, counts, user_id, tally_uuid, session_id=None):
    """Store a room count once per tally UUID: {option_id: n} for every option of the poll."""
    with write_transaction(db):
        inserted = db.execute(
            "INSERT INTO tallies (uuid, poll_id, proposal_id, channel, session_id, entered_by, entered_at)"
            " VALUES (?, ?, ?, 'room', ?, ?, ?) ON CONFLICT (uuid) DO NOTHING",
            [tally_uuid, poll.id, proposal_id, session_id, user_id, clock.stamp()],
        ).rowcount
        if inserted:
            db.conn.executemany(
                "INSERT INTO tally_counts (tally_uuid, option_id, count) VALUES (?, ?, ?)",
                [(tally_uuid, o.id, counts[o.id]) for o in poll.options],
            )


def delete_tally(db, poll_id, tally_uuid):
    with write_transaction(db):
        db.execute("DELETE FROM tallies WHERE uuid = ? AND poll_id = ?", [tally_uuid, poll_id])


def tallies(db, poll_id, proposal_id):
    rows = db.execute(
        "SELECT t.uuid, t.proposal_id, t.entered_at, t.session_id, u.email, c.option_id, c.count"
        " FROM tallies t JOIN users u ON u.id = t.entered_by JOIN tally_counts c ON c.tally_uuid = t.uuid"
        " WHERE t.poll_id = ? AND t.proposal_id = ? ORDER BY t.entered_at, t.uuid",
        [poll_id, proposal_id],
    ).fetchall()
    found: dict = {}
    for uuid, pid, entered_at, session_id, email, option_id, count in rows:
        tally = found.setdefault(uuid, Tally(uuid, pid, {}, email, entered_at, session_id))
        tally.counts[option_id] = count
    return list(found.values())
