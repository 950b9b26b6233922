"""Voting in a poll: one proposal a screen in easy read, all on one page in standard,
skipping, one ballot per participant (changes replace, double submits are idempotent,
concurrent changes never add a second ballot or vote), and closed polls storing nothing."""

import threading

import pytest

from engage.polls import ballots
from tests.conftest import ROOT, csrf_token, make_app, rows
from tests.poll_helpers import POLL, Voter, close_poll, open_poll, with_db


@pytest.fixture
def voter(app, client):
    open_poll(app)
    return Voter(client)


def votes_of(app, ballot_uuid):
    return rows(app, "SELECT proposal_id, option_id, comment FROM votes WHERE ballot_uuid = ? ORDER BY proposal_id", [ballot_uuid])


def test_easy_read_ballot_goes_one_proposal_a_screen_to_the_summary(app, voter):
    assert voter.start("easyread") == f"/p/{POLL}/vote/buses"
    screen = voter.client.get(f"/p/{POLL}/vote/buses").get_data(as_text=True)
    assert "Have more buses to day centres." in screen
    assert "Idea 1 of 3" in screen
    assert all(face in screen for face in ("happy.svg", "not-sure.svg", "unhappy.svg"))
    assert all(word in screen for word in ("I agree", "I am not sure", "I disagree"))
    assert voter.vote("buses", "agree", "More please").headers["Location"] == f"/p/{POLL}/vote/taxis"
    assert voter.vote("taxis", "disagree").headers["Location"] == f"/p/{POLL}/vote/fair-charges"
    assert voter.vote("fair-charges", "not_sure").headers["Location"] == f"/p/{POLL}/check"
    summary = voter.client.get(f"/p/{POLL}/check").get_data(as_text=True)
    assert "More please" in summary and "I disagree" in summary
    assert voter.submit().headers["Location"] == f"/p/{POLL}/thanks"
    assert votes_of(app, voter.uuid) == [("buses", "agree", "More please"), ("fair-charges", "not_sure", None), ("taxis", "disagree", None)]
    assert rows(app, "SELECT variant, channel, session_id, submitted_at IS NOT NULL FROM ballots") == [("easyread", "link", None, 1)]


def test_skipping_a_proposal_stores_no_vote_and_the_summary_says_skipped(app, voter):
    voter.start()
    voter.vote("buses", "agree")
    assert voter.skip("buses").headers["Location"] == f"/p/{POLL}/vote/taxis"
    assert votes_of(app, voter.uuid) == []
    assert voter.client.get(f"/p/{POLL}/check").get_data(as_text=True).count("Skipped") == 3


def test_pressing_next_without_choosing_skips_but_keeps_a_comment(app, voter):
    voter.start()
    voter.post_one("buses", comment="Depends on the route")
    assert votes_of(app, voter.uuid) == [("buses", None, "Depends on the route")]


def test_standard_page_shows_every_proposal_grouped_by_priority_and_stores_them(app, voter):
    assert voter.start("standard") == f"/p/{POLL}/all"
    page = voter.client.get(f"/p/{POLL}/all").get_data(as_text=True)
    assert "&lt;" not in page  # no markup shown as text
    assert '<span class="govuk-visually-hidden"> on More buses</span>' in page
    assert page.index("Travel") < page.index("More buses") < page.index("Shared taxis") < page.index("Money") < page.index("Fair charges")
    response = voter.vote_all(**{"vote-buses": "agree", "comment-buses": "Yes", "vote-taxis": "none", "vote-fair-charges": "disagree"})
    assert response.headers["Location"] == f"/p/{POLL}/check"
    assert votes_of(app, voter.uuid) == [("buses", "agree", "Yes"), ("fair-charges", "disagree", None)]


def test_changing_a_vote_after_submitting_replaces_it(app, voter):
    voter.start()
    voter.vote("buses", "agree")
    voter.submit()
    assert voter.client.get(f"/p/{POLL}/check").status_code == 200
    change = voter.client.get(f"/p/{POLL}/vote/buses?change=1")
    assert change.status_code == 200
    response = voter.post_one("buses", vote="disagree", change="1")
    assert response.headers["Location"] == f"/p/{POLL}/check"
    assert votes_of(app, voter.uuid) == [("buses", "disagree", None)]
    assert rows(app, "SELECT count(*) FROM ballots") == [(1,)]


def test_coming_back_on_the_same_device_resumes_the_same_ballot(app, voter):
    voter.start("easyread")
    first = voter.uuid
    voter.start("standard")
    assert voter.uuid == first
    assert rows(app, "SELECT uuid, variant FROM ballots") == [(first, "standard")]


def test_double_submit_counts_the_ballot_once_and_keeps_the_first_time(app, voter):
    voter.start()
    voter.vote("buses", "agree")
    assert voter.submit().status_code == 302
    first = rows(app, "SELECT submitted_at FROM ballots")
    assert voter.submit().headers["Location"] == f"/p/{POLL}/thanks"
    assert rows(app, "SELECT submitted_at FROM ballots") == first
    assert rows(app, "SELECT count(*) FROM votes") == [(1,)]


def test_concurrent_changes_keep_one_ballot_and_one_vote_per_proposal(app, voter):
    """Two clients with the same cookie (one person, two tabs) change votes at once, against the same SQLite file."""
    voter.start()
    voter.submit()
    cookie = voter.client.get_cookie("session").value
    options = ["agree", "not_sure", "disagree"]
    barrier, statuses = threading.Barrier(6), []

    def change(n):
        client = app.test_client()
        client.set_cookie("session", cookie)
        barrier.wait()
        for i in range(5):
            proposal = ["buses", "taxis", "fair-charges"][(n + i) % 3]
            data = {"csrf_token": voter.token, "ballot": voter.uuid, "vote": options[(n * i) % 3], "comment": f"from {n}"}
            statuses.append(client.post(f"/p/{POLL}/vote/{proposal}", data=data).status_code)
            statuses.append(client.post(f"/p/{POLL}/submit", data={"csrf_token": voter.token, "ballot": voter.uuid}).status_code)

    threads = [threading.Thread(target=change, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(statuses) == {302}
    assert rows(app, "SELECT count(*) FROM ballots") == [(1,)]
    stored = votes_of(app, voter.uuid)
    assert [proposal for proposal, _, _ in stored] == ["buses", "fair-charges", "taxis"]
    assert all(option in options and comment.startswith("from ") for _, option, comment in stored)


def test_two_participants_get_two_ballots(app, voter):
    voter.start()
    voter.vote("buses", "agree")
    voter.submit()
    other = Voter(app.test_client())
    other.start()
    assert other.uuid != voter.uuid
    other.vote("buses", "disagree")
    other.submit()
    assert rows(app, "SELECT count(*) FROM ballots WHERE submitted_at IS NOT NULL") == [(2,)]


def test_closed_poll_says_so_and_post_stores_nothing(app, voter):
    voter.start()
    voter.vote("buses", "agree")
    close_poll(app)
    page = voter.client.get(f"/p/{POLL}/vote/taxis")
    assert page.status_code == 200
    assert "This poll is closed" in page.get_data(as_text=True)
    refused = voter.vote("taxis", "agree")
    assert refused.status_code == 409
    assert "What you just sent was not saved." in refused.get_data(as_text=True)
    assert voter.vote_all(**{"vote-taxis": "agree"}).status_code == 409
    assert voter.submit().status_code == 409
    assert voter.client.post(f"/p/{POLL}/start", data={"csrf_token": voter.token, "variant": "standard"}).status_code == 409
    assert votes_of(app, voter.uuid) == [("buses", "agree", None)]
    assert rows(app, "SELECT count(*) FROM ballots WHERE submitted_at IS NOT NULL") == [(0,)]


def test_thanks_page_offers_changes_only_while_the_poll_is_open(app, voter):
    voter.start()
    voter.vote("buses", "agree")
    voter.submit()
    assert "Change my votes" in voter.client.get(f"/p/{POLL}/thanks").get_data(as_text=True)
    close_poll(app)
    thanks = voter.client.get(f"/p/{POLL}/thanks")
    assert thanks.status_code == 200 and "Change my votes" not in thanks.get_data(as_text=True)


def test_poll_not_opened_yet_says_so(client):
    page = client.get(f"/p/{POLL}/")
    assert page.status_code == 200
    assert "This poll is not open yet" in page.get_data(as_text=True)


def test_unknown_poll_or_proposal_is_404(voter):
    voter.start()
    assert voter.client.get("/p/no-such-poll/").status_code == 404
    assert voter.client.get(f"/p/{POLL}/vote/no-such-proposal").status_code == 404


@pytest.mark.parametrize(
    "fields",
    [
        {"vote": "maybe"},
        {"vote": ["agree", "disagree"]},
        {"vote": "agree", "comment": "a\x00b"},
    ],
)
def test_tampered_vote_is_refused_with_400_and_stores_nothing(app, voter, fields):
    voter.start()
    assert voter.post_one("buses", **fields).status_code == 400
    assert votes_of(app, voter.uuid) == []


def test_post_for_another_ballot_is_refused(app, voter):
    voter.start()
    response = voter.client.post(f"/p/{POLL}/vote/buses", data={"csrf_token": voter.token, "ballot": "someone-else", "vote": "agree"})
    assert response.status_code == 400
    assert votes_of(app, voter.uuid) == []


def test_unknown_variant_is_refused(voter):
    page = voter.client.get(f"/p/{POLL}/")
    assert voter.client.post(f"/p/{POLL}/start", data={"csrf_token": csrf_token(page), "variant": "braille"}).status_code == 400


def test_too_long_comment_shows_the_error_and_stores_nothing(app, voter):
    voter.start()
    response = voter.vote("buses", "agree", "x" * 1001)
    assert response.status_code == 400
    assert "Your comment is too long. Use 1000 letters or fewer." in response.get_data(as_text=True)
    voter.start("standard")
    response = voter.vote_all(**{"vote-buses": "agree", "comment-taxis": "y" * 1001})
    assert response.status_code == 400
    assert "Your comment on ‘Shared taxis’ must be 1000 characters or fewer" in response.get_data(as_text=True)
    assert votes_of(app, voter.uuid) == []


def test_voting_without_starting_goes_to_the_start_page(app, client):
    open_poll(app)
    assert client.get(f"/p/{POLL}/vote/buses").headers["Location"] == f"/p/{POLL}/"


def test_ballot_can_carry_a_session_and_channel(app):
    open_poll(app)
    poll = app.extensions["engage.polls"].get(POLL)
    origin = ballots.Origin(channel="kiosk", session_id="library-2026-11-23")
    ballot_uuid = with_db(app, lambda db: ballots.start(db, poll, "easyread", origin=origin))
    assert rows(app, "SELECT channel, session_id FROM ballots WHERE uuid = ?", [ballot_uuid]) == [("kiosk", "library-2026-11-23")]


def test_home_page_lists_open_polls_only(app, client):
    assert "A small poll" not in client.get("/").get_data(as_text=True)
    open_poll(app)
    home = client.get("/").get_data(as_text=True)
    assert f'href="/p/{POLL}/"' in home and f'href="/p/{POLL}/easy-read"' in home
    close_poll(app)
    assert "A small poll" not in client.get("/").get_data(as_text=True)


def test_ballots_store_no_ip_address_or_user_agent(app, voter):
    voter.start()
    columns = [row[1] for row in with_db(app, lambda db: db.execute("PRAGMA table_info(ballots)").fetchall())]
    assert columns == ["uuid", "poll_id", "definition_hash", "variant", "channel", "session_id", "started_at", "submitted_at", "updated_at"]


def test_shipped_bcp_poll_can_be_voted_on_in_both_versions(tmp_path):
    app = make_app(tmp_path, surveys_dir=ROOT / "surveys")
    open_poll(app, "bcp-priorities-2023")
    standard = Voter(app.test_client(), "bcp-priorities-2023")
    standard.start("standard")
    page = standard.client.get("/p/bcp-priorities-2023/all").get_data(as_text=True)
    assert page.count('class="poll-proposal"') == 25
    assert standard.vote_all(**{"vote-travel-training": "agree", "vote-better-data": "disagree"}).status_code == 302
    easy = Voter(app.test_client(), "bcp-priorities-2023")
    assert easy.start("easyread") == "/p/bcp-priorities-2023/vote/travel-training"
    screen = easy.client.get("/p/bcp-priorities-2023/vote/better-data").get_data(as_text=True)
    assert "Idea 25 of 25" in screen
    assert easy.vote("better-data", "agree").headers["Location"] == "/p/bcp-priorities-2023/check"
    assert easy.client.get("/p/bcp-priorities-2023/check").status_code == 200


def test_every_poll_page_a_participant_sees_is_sent_no_store(app, voter):
    first = voter.start("easyread")
    voter.vote("buses", "agree")
    for path in (f"/p/{POLL}/", f"/p/{POLL}/easy-read", first, f"/p/{POLL}/check"):
        assert voter.client.get(path).headers["Cache-Control"] == "no-store", path
    thanks = voter.submit()
    assert voter.client.get(thanks.headers["Location"]).headers["Cache-Control"] == "no-store"
