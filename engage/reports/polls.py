"""Poll results in the engagement report: every poll's proposals per priority, ranked by
agreement, with ballots and room tallies added, and the report's small-number rule
(`reports.Cell`, each proposal's row decided by engage.reports.suppression). Pure: no Flask.

Only the report's session and channel filters apply to polls; the others (dates, group,
variant, round, questionnaire) describe questionnaire responses, not ballots.
"""

from dataclasses import dataclass

from engage.polls import results as poll_results
from engage.reports import figures as reports
from engage.reports import suppression


@dataclass(frozen=True)
class ProposalFigures:
    result: poll_results.ProposalResult
    options: tuple  # (option, Cell) per vote option, out of the proposal's total
    total: reports.Cell
    agree: reports.Cell

    @property
    def room(self):
        """True when a room tally is part of the counts (the report marks it)."""
        return self.result.room_total > 0


@dataclass(frozen=True)
class PriorityFigures:
    priority: object
    proposals: tuple  # ProposalFigures, ranked by agreement


@dataclass(frozen=True)
class PollFigures:
    poll: object
    priorities: tuple
    counted: bool  # any sent ballot or room tally at all


def poll_filters(filters):
    """The report's filters as the polls' own: session and channel only. The "no session"
    choice has no poll equivalent, so it leaves polls unfiltered by session."""
    session = None if filters.session == reports.NO_SESSION else filters.session
    return poll_results.Filters(channel=filters.channel, session_id=session)


def proposal_figures(result, threshold):
    """A proposal's row: its options add up to its total, so the one rule decides what to hide."""
    total = result.total
    hidden = suppression.hidden_in_row({c.option.id: c.total for c in result.counts}, total, threshold)

    def cell(option_id, n):
        return reports.Cell(n, total, threshold, secondary=option_id in hidden and not suppression.is_small(n, threshold))

    options = tuple((c.option, cell(c.option.id, c.total)) for c in result.counts)
    return ProposalFigures(result, options, reports.Cell(total, total, threshold),
                           cell(result.agree_option, result.agree))


def poll_figures(db, poll, filters, threshold):
    found = poll_results.results(db, poll, poll_filters(filters))
    priorities = tuple(
        PriorityFigures(p.priority, tuple(proposal_figures(r, threshold) for r in p.ranked)) for p in found.priorities
    )
    return PollFigures(poll, priorities, bool(found.ballots_counted or found.tallies_counted))


def sections(db, polls, filters, threshold):
    """One PollFigures per poll, in the catalogue's order (by title)."""
    return [poll_figures(db, poll, filters, threshold) for poll in polls]
