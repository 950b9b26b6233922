"""Reading what is posted on poll pages (votes; and staff's tallies, texts and times): a post
no page of ours could send raises Tampered (400, nothing stored); a person's mistake (a
comment that is too long, a count that is not a number) comes back as an error message.

Field names: one proposal a screen (easy read) posts `vote` and `comment`; all on one page
(standard) posts `vote-<proposal id>` and `comment-<proposal id>` for each proposal.
"""

import uuid as uuidlib
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from engage import clock
from engage.polls.ballots import Vote
from engage.web.errors import Tampered

NO_VOTE = "none"


def comment_too_long(proposal, n, easyread):
    if easyread:
        return _l("Your comment is too long. Use %(n)d letters or fewer.", n=n)
    return _l("Your comment on ‘%(title)s’ must be %(n)d characters or fewer", title=proposal.title, n=n)


def read_vote(poll, proposal, form, vote_field, comment_field, easyread=False):
    """(Vote or None, error message or None) for one proposal."""
    values = [v for v in form.getlist(vote_field) if v != ""]
    if len(values) > 1:
        raise Tampered(f"{proposal.id}: more than one vote")
    option_id = values[0] if values and values[0] != NO_VOTE else None
    if option_id is not None and poll.option(option_id) is None:
        raise Tampered(f"{proposal.id}: no option '{option_id[:40]}'")
    comment = read_comment(poll, form, comment_field)
    error = None
    if comment and len(comment) > poll.comment_max_length:
        error = comment_too_long(proposal, poll.comment_max_length, easyread)
    if option_id is None and not comment:
        return None, error
    return Vote(option_id, comment), error


def read_comment(poll, form, comment_field):
    values = form.getlist(comment_field)
    if values and not poll.allow_comments:
        raise Tampered("this poll takes no comments")
    if len(values) > 1:
        raise Tampered("more than one comment")
    text = values[0].replace("\r\n", "\n").strip() if values else ""
    if "\x00" in text:
        raise Tampered("a null character")
    return text or None


def read_one(poll, proposal, form):
    """One proposal a screen (easy read). Pressing Skip clears the vote."""
    if form.get("skip"):
        return None, None
    return read_vote(poll, proposal, form, "vote", "comment", easyread=True)


def read_all(poll, form):
    """Every proposal on one page (standard): ({proposal id: Vote or None}, [(field id, error)])."""
    votes, errors = {}, []
    for proposal in poll.proposals:
        vote, error = read_vote(poll, proposal, form, f"vote-{proposal.id}", f"comment-{proposal.id}")
        votes[proposal.id] = vote
        if error:
            errors.append((f"comment-{proposal.id}", error))
    return votes, errors


def read_tally(poll, form, limit):
    """A room count: ({option id: n}, [(field id, error)]). Blank counts as 0."""
    counts, errors = {}, []
    for option in poll.options:
        text = form.get(f"count-{option.id}", "").strip()
        if text == "":
            counts[option.id] = 0
        elif text.isascii() and text.isdigit() and int(text) <= limit:
            counts[option.id] = int(text)
        else:
            errors.append((f"count-{option.id}", _l("Enter how many chose ‘%(label)s’ as a whole number from 0 to %(n)d", label=option.label, n=limit)))
    if not errors and not any(counts.values()):
        errors.append((f"count-{poll.options[0].id}", _l("Enter how many people chose each answer")))
    return counts, errors


NEXT_STEPS_MAX = 5000


def next_steps_problem(text):
    if not text:
        return _l("Enter what happens next, so people know what their votes will change")
    if len(text) > NEXT_STEPS_MAX:
        return _l("What happens next must be %(n)d characters or fewer", n=NEXT_STEPS_MAX)
    return None


def read_uuid(text):
    """The tally's UUID minted into the form; anything else was not sent by our form."""
    try:
        return str(uuidlib.UUID(text))
    except ValueError:
        raise Tampered("not a tally id") from None


def read_time(text, zone):
    """A `datetime-local` value ("2026-11-23T17:00") in the council's time zone, as our UTC
    string; None when blank; ValueError when it is not a date and time."""
    if not text.strip():
        return None
    local = datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M").replace(tzinfo=ZoneInfo(zone))
    return clock.stamp(local)


def read_times(form, zone):
    """(opens_at, closes_at, [(field id, error)]) from a lead's form."""
    times, errors = {}, []
    for field in ("opens_at", "closes_at"):
        try:
            times[field] = read_time(form.get(field, ""), zone)
        except ValueError:
            times[field] = None
            errors.append((field, _l("Enter a date and time, like 23/11/2026 17:00")))
    if not errors and times["opens_at"] and times["closes_at"] and times["closes_at"] <= times["opens_at"]:
        errors.append(("closes_at", _l("The closing time must be after the opening time")))
    return times["opens_at"], times["closes_at"], errors
