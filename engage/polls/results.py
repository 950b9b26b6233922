"""Poll results, as pure functions of the database and the poll definition (no Flask).

`results(db, poll, filters)` counts, for each proposal, the votes per option from
submitted ballots and from room tallies (kept apart, then added), the total, % agree and
the comments; and ranks each priority's proposals by agreement. `public_view()` applies
small-number suppression for anything shown to people who are not staff.

Channels: ballots come by "link", "qr" or "kiosk"; tallies are "room". Filtering by a
ballot channel leaves tallies out, filtering by "room" leaves ballots out.
"""

from dataclasses import dataclass, field
from typing import Any

from engage.reports import suppression

ROOM = "room"


@dataclass(frozen=True)
class Filters:
    channel: str | None = None
    session_id: str | None = None
    variant: str | None = None
    # The live screen counts votes as they are cast, before the person submits,
    # and only for the proposals on screen (the others count as zero).
    include_unsubmitted: bool = False
    proposal_ids: tuple | None = None

    @property
    def ballots(self):
        return self.channel != ROOM

    @property
    def tallies(self):
        return self.channel in (None, ROOM) and self.variant is None


@dataclass(frozen=True)
class OptionCount:
    option: Any
    ballots: int
    room: int

    @property
    def total(self):
        return self.ballots + self.room


@dataclass(frozen=True)
class Comment:
    option_id: str | None
    text: str


@dataclass(frozen=True)
class ProposalResult:
    proposal: Any
    counts: tuple[OptionCount, ...]
    agree_option: str
    comments: tuple[Comment, ...] = ()

    @property
    def total(self):
        return sum(c.total for c in self.counts)

    @property
    def ballot_total(self):
        return sum(c.ballots for c in self.counts)

    @property
    def room_total(self):
        return sum(c.room for c in self.counts)

    @property
    def agree(self):
        return self.count(self.agree_option).total

    @property
    def agree_percent(self):
        return percent(self.agree, self.total)

    def count(self, option_id):
        return next(c for c in self.counts if c.option.id == option_id)


@dataclass(frozen=True)
class PriorityResult:
    priority: Any
    proposals: tuple[ProposalResult, ...]

    @property
    def ranked(self):
        """Proposals by % agree (then number agreeing, then the definition's order); no votes last."""
        order = {r.proposal.id: i for i, r in enumerate(self.proposals)}
        return sorted(
            self.proposals,
            key=lambda r: (r.agree_percent is None, -(r.agree_percent or 0), -r.agree, order[r.proposal.id]),
        )


@dataclass(frozen=True)
class PollResults:
    poll: Any
    filters: Filters
    priorities: tuple[PriorityResult, ...]
    ballots_counted: int
    tallies_counted: int
    ballots_unsent: int = 0

    @property
    def proposals(self):
        return {r.proposal.id: r for p in self.priorities for r in p.proposals}


def percent(part, whole):
    """Whole-number percentage, halves rounded up; None when there is nothing to divide."""
    return (part * 200 + whole) // (2 * whole) if whole else None


def results(db, poll, filters=Filters()) -> PollResults:
    ballot_counts = count_ballot_votes(db, poll.id, filters) if filters.ballots else {}
    room_counts = count_tallies(db, poll.id, filters) if filters.tallies else {}
    comments = read_comments(db, poll.id, filters) if filters.ballots else {}
    priorities = []
    for priority in poll.priorities:
        proposals = []
        for proposal in priority.proposals:
            counts = tuple(
                OptionCount(o, ballot_counts.get((proposal.id, o.id), 0), room_counts.get((proposal.id, o.id), 0))
                for o in poll.options
            )
            proposals.append(ProposalResult(proposal, counts, poll.agree_option, tuple(comments.get(proposal.id, ()))))
        priorities.append(PriorityResult(priority, tuple(proposals)))
    return PollResults(
        poll, filters, tuple(priorities),
        ballots_counted=count_ballots(db, poll.id, filters) if filters.ballots else 0,
        tallies_counted=count_tally_rows(db, poll.id, filters) if filters.tallies else 0,
        ballots_unsent=count_unsent(db, poll.id, filters) if filters.ballots and not filters.include_unsubmitted else 0,
    )


def ballot_where(poll_id, filters):
    clauses, params = ["b.poll_id = ?"], [poll_id]
    if not filters.include_unsubmitted:
        clauses.append("b.submitted_at IS NOT NULL")
    for column, value in (("channel", filters.channel), ("session_id", filters.session_id), ("variant", filters.variant)):
        if value is not None:
            clauses.append(f"b.{column} = ?")
            params.append(value)
    return " AND ".join(clauses), params


def tally_where(poll_id, filters):
    clauses, params = ["t.poll_id = ?"], [poll_id]
    if filters.session_id is not None:
        clauses.append("t.session_id = ?")
        params.append(filters.session_id)
    return " AND ".join(clauses), params


def only_proposals(column, filters):
    """SQL and parameters limiting `column` to the filter's proposals, if it names any."""
    if filters.proposal_ids is None:
        return "", []
    return f" AND {column} IN ({', '.join('?' for _ in filters.proposal_ids)})", list(filters.proposal_ids)


def count_ballot_votes(db, poll_id, filters):
    where, params = ballot_where(poll_id, filters)
    only, only_params = only_proposals("v.proposal_id", filters)
    rows = db.execute(
        f"SELECT v.proposal_id, v.option_id, count(*) FROM votes v JOIN ballots b ON b.uuid = v.ballot_uuid"
        f" WHERE {where}{only} AND v.option_id IS NOT NULL GROUP BY v.proposal_id, v.option_id",
        params + only_params,
    ).fetchall()
    return {(proposal_id, option_id): n for proposal_id, option_id, n in rows}


def count_tallies(db, poll_id, filters):
    where, params = tally_where(poll_id, filters)
    only, only_params = only_proposals("t.proposal_id", filters)
    rows = db.execute(
        f"SELECT t.proposal_id, c.option_id, sum(c.count) FROM tallies t JOIN tally_counts c ON c.tally_uuid = t.uuid"
        f" WHERE {where}{only} GROUP BY t.proposal_id, c.option_id",
        params + only_params,
    ).fetchall()
    return {(proposal_id, option_id): n for proposal_id, option_id, n in rows}


def read_comments(db, poll_id, filters):
    where, params = ballot_where(poll_id, filters)
    only, only_params = only_proposals("v.proposal_id", filters)
    rows = db.execute(
        f"SELECT v.proposal_id, v.option_id, v.comment FROM votes v JOIN ballots b ON b.uuid = v.ballot_uuid"
        f" WHERE {where}{only} AND v.comment IS NOT NULL ORDER BY b.submitted_at, b.uuid",
        params + only_params,
    ).fetchall()
    comments: dict = {}
    for proposal_id, option_id, text in rows:
        comments.setdefault(proposal_id, []).append(Comment(option_id, text))
    return comments


def count_ballots(db, poll_id, filters):
    where, params = ballot_where(poll_id, filters)
    return db.execute(f"SELECT count(*) FROM ballots b WHERE {where}", params).fetchone()[0]


def count_unsent(db, poll_id, filters):
    """Ballots started but never sent (with at least one vote): not counted, but worth knowing."""
    where, params = ballot_where(poll_id, Filters(filters.channel, filters.session_id, filters.variant, True))
    return db.execute(
        f"SELECT count(*) FROM ballots b WHERE {where} AND b.submitted_at IS NULL"
        " AND EXISTS (SELECT 1 FROM votes v WHERE v.ballot_uuid = b.uuid)",
        params,
    ).fetchone()[0]


def count_tally_rows(db, poll_id, filters):
    where, params = tally_where(poll_id, filters)
    return db.execute(f"SELECT count(*) FROM tallies t WHERE {where}", params).fetchone()[0]


@dataclass(frozen=True)
class PublicCounts:
    """What may be shown to people who are not staff: None means "fewer than the threshold"."""

    result: ProposalResult
    counts: dict = field(default_factory=dict)
    total: int | None = None
    agree_percent: int | None = None


def public_view(result: ProposalResult, threshold: int) -> PublicCounts:
    """The counts a public page may show, by the one small-numbers rule (engage.reports.suppression)."""
    counts = {c.option.id: c.total for c in result.counts}
    hidden = suppression.hidden_in_row(counts, result.total, threshold)
    total = None if suppression.is_small(result.total, threshold) else result.total
    agree_percent = result.agree_percent if total is not None and result.agree_option not in hidden else None
    return PublicCounts(result, {oid: None if oid in hidden else n for oid, n in counts.items()}, total, agree_percent)


def sent_ballot_counts(db):
    """{poll_id: number of sent ballots}, for the staff list of polls."""
    rows = db.execute("SELECT poll_id, count(*) FROM ballots WHERE submitted_at IS NOT NULL GROUP BY poll_id").fetchall()
    return dict(rows)
