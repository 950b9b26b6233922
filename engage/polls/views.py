"""A participant's pages for a poll: start, vote (one proposal a screen in easy read, all
on one page in standard), check, submit, thanks, and the published results.

Participants never sign in. Their ballot's UUID is kept per poll in the signed session
cookie, so they can come back on the same device and change their votes until the poll
closes. A closed poll shows a friendly page and refuses posts (409, nothing stored).
"""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from engage import catalogue
from engage.db import get_db
from engage.polls import ballots
from engage.polls import forms as poll_forms
from engage.polls import settings as poll_settings
from engage.polls.results import public_view, results
from engage.respondent import visitor
from engage.sessions import public_links
from engage.web.errors import Tampered

bp = Blueprint("polls", __name__, url_prefix="/p")


@bp.after_request
def never_cached(response):
    """Votes a person chose are never kept by a browser or proxy cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def poll_or_404(poll_id):
    return catalogue.polls().get(poll_id) or abort(404)


def ensure_open(poll):
    if not poll_settings.is_open(get_db(), poll.id):
        raise ballots.PollClosed(poll.id)


@bp.errorhandler(ballots.PollClosed)
def closed(error):
    poll = catalogue.polls().get(error.args[0])
    settings = poll_settings.get(get_db(), poll.id)
    refused = request.method == "POST"
    return render_template("polls/closed.html", poll=poll, settings=settings, refused=refused), (409 if refused else 200)


def remembered_uuid(poll_id):
    return visitor.get(visitor.BALLOTS, poll_id)


def remember(poll_id, ballot_uuid):
    visitor.put(visitor.BALLOTS, {poll_id: ballot_uuid})


def current_ballot(poll):
    ballot_uuid = remembered_uuid(poll.id)
    return ballots.get(get_db(), ballot_uuid, poll.id) if ballot_uuid else None


def ballot_or_start(poll):
    """The person's ballot, or a redirect to the start page when they have none."""
    ensure_open(poll)
    ballot = current_ballot(poll)
    return ballot, None if ballot else redirect(url_for(".start_page", poll_id=poll.id))


def posted_ballot_matches(ballot):
    if request.form.get("ballot") != ballot.uuid:
        raise Tampered("this page belongs to another ballot")


@bp.get("/<poll_id>/")
def start_page(poll_id):
    return render_start(poll_or_404(poll_id), easyread=False)


@bp.get("/<poll_id>/easy-read")
def start_page_easyread(poll_id):
    return render_start(poll_or_404(poll_id), easyread=True)


def render_start(poll, easyread):
    ensure_open(poll)
    settings = poll_settings.get(get_db(), poll.id)
    return render_template("polls/start.html", poll=poll, easyread=easyread, ballot=current_ballot(poll), settings=settings)


@bp.post("/<poll_id>/start")
def start(poll_id):
    poll = poll_or_404(poll_id)
    variant = request.form.get("variant")
    if variant not in ballots.VARIANTS:
        raise Tampered("no such variant")
    origin = public_links.poll_origin_for(poll.id)
    remember(poll.id, ballots.start(get_db(), poll, variant, remembered_uuid(poll.id), origin))
    if variant == "easyread":
        return redirect(url_for(".vote_one", poll_id=poll.id, proposal_id=poll.proposals[0].id))
    return redirect(url_for(".vote_all", poll_id=poll.id))


@bp.route("/<poll_id>/vote/<proposal_id>", methods=["GET", "POST"])
def vote_one(poll_id, proposal_id):
    poll = poll_or_404(poll_id)
    proposal = poll.proposal(proposal_id) or abort(404)
    ballot, elsewhere = ballot_or_start(poll)
    if elsewhere:
        return elsewhere
    change = request.values.get("change")
    vote, error = ballot.votes.get(proposal.id), None
    if request.method == "POST":
        posted_ballot_matches(ballot)
        vote, error = poll_forms.read_one(poll, proposal, request.form)
        if not error:
            ballots.save_votes(get_db(), poll, ballot.uuid, {proposal.id: vote})
            following = None if change else poll.neighbour(proposal.id, 1)
            if following:
                return redirect(url_for(".vote_one", poll_id=poll.id, proposal_id=following.id))
            return redirect(url_for(".check", poll_id=poll.id))
    previous = poll.neighbour(proposal.id, -1)
    back = url_for(".vote_one", poll_id=poll.id, proposal_id=previous.id) if previous else url_for(".start_page_easyread", poll_id=poll.id)
    return render_template(
        "polls/vote_one.html", poll=poll, proposal=proposal, ballot=ballot, vote=vote, error=error,
        number=poll.proposals.index(proposal) + 1, back_url=url_for(".check", poll_id=poll.id) if change else back,
        change=change,
    ), (400 if error else 200)


@bp.route("/<poll_id>/all", methods=["GET", "POST"])
def vote_all(poll_id):
    poll = poll_or_404(poll_id)
    ballot, elsewhere = ballot_or_start(poll)
    if elsewhere:
        return elsewhere
    votes, errors = ballot.votes, []
    if request.method == "POST":
        posted_ballot_matches(ballot)
        votes, errors = poll_forms.read_all(poll, request.form)
        if not errors:
            ballots.save_votes(get_db(), poll, ballot.uuid, votes)
            return redirect(url_for(".check", poll_id=poll.id))
    return render_template("polls/vote_all.html", poll=poll, ballot=ballot, votes=votes, errors=errors), (400 if errors else 200)


@bp.get("/<poll_id>/check")
def check(poll_id):
    poll = poll_or_404(poll_id)
    ballot, elsewhere = ballot_or_start(poll)
    if elsewhere:
        return elsewhere
    return render_template("polls/check.html", poll=poll, ballot=ballot, easyread=ballot.variant == "easyread")


@bp.post("/<poll_id>/submit")
def submit(poll_id):
    poll = poll_or_404(poll_id)
    ballot, elsewhere = ballot_or_start(poll)
    if elsewhere:
        return elsewhere
    posted_ballot_matches(ballot)
    ballots.submit(get_db(), poll, ballot.uuid)
    return redirect(url_for(".thanks", poll_id=poll.id))


@bp.get("/<poll_id>/thanks")
def thanks(poll_id):
    poll = poll_or_404(poll_id)
    ballot = current_ballot(poll)
    if ballot is None or not ballot.submitted:
        return redirect(url_for(".start_page", poll_id=poll.id))
    settings = poll_settings.get(get_db(), poll.id)
    return render_template("polls/thanks.html", poll=poll, settings=settings, easyread=ballot.variant == "easyread")


@bp.get("/<poll_id>/results")
def public_results(poll_id):
    return render_public_results(poll_or_404(poll_id), easyread=False)


@bp.get("/<poll_id>/results/easy-read")
def public_results_easyread(poll_id):
    return render_public_results(poll_or_404(poll_id), easyread=True)


def render_public_results(poll, easyread):
    settings = poll_settings.get(get_db(), poll.id)
    if not settings.published:
        abort(404)
    threshold = current_app.config["SUPPRESS_BELOW"]
    counted = results(get_db(), poll)
    shown = {r.proposal.id: public_view(r, threshold) for r in counted.proposals.values()}
    return render_template(
        "polls/public_results.html", poll=poll, settings=settings, results=counted, shown=shown,
        threshold=threshold, easyread=easyread,
    )


def open_polls():
    """For the home page: the polls open now."""
    return poll_settings.open_polls(get_db(), catalogue.polls())


def init_app(app):
    app.jinja_env.globals["open_polls"] = open_polls
