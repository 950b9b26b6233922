"""Polls at sessions: a session offers polls beside its questionnaires; ballots through its
links carry the session and channel, room counts are entered for it, and the report's
session filter and the poll results page find them by the session's name."""

import pytest

from engage.db import connect
from engage.sessions import model as sessions
from tests.conftest import create_staff, csrf_token, make_session, rows
from tests.poll_helpers import POLL, Voter, open_poll
from tests.report_html import tables
from tests.test_sessions import create_session

TRAVEL = "A small poll, ‘Travel’: votes on each proposal, ranked by agreement"


def token_of(app, session_id):
    return rows(app, "SELECT public_token FROM sessions WHERE id = ?", [session_id])[0][0]


def vote_through(app, url, option="agree"):
    """One person opens the session's link, then votes on buses and sends the ballot."""
    voter = Voter(app.test_client())
    voter.client.get(url)
    voter.start()
    voter.vote("buses", option)
    voter.skip("taxis")
    voter.skip("fair-charges")
    assert voter.submit().status_code == 302
    return voter


@pytest.fixture
def at_session(app):
    open_poll(app)
    return make_session(app, create_staff(app, "lead", "session-lead@council.example"), ("small",), poll_ids=(POLL,))


def test_lead_chooses_the_polls_a_session_offers(app, client, staff):
    staff("lead")
    session_id = create_session(client, questionnaires=["small"], polls=[POLL])
    found = rows(app, "SELECT poll_id, position FROM session_polls WHERE session_id = ?", [session_id])
    assert found == [(POLL, 0)]
    assert "A small poll" in client.get(f"/staff/sessions/{session_id}").get_data(as_text=True)
    assert 'value="small-poll" checked' in client.get(f"/staff/sessions/{session_id}/edit").get_data(as_text=True)


def test_a_session_may_offer_only_a_poll_but_not_nothing(app, client, staff):
    staff("lead")
    session_id = create_session(client, questionnaires=[], polls=[POLL])
    assert rows(app, "SELECT count(*) FROM session_questionnaires WHERE session_id = ?", [session_id]) == [(0,)]
    page = client.get("/staff/sessions/new")
    refused = client.post("/staff/sessions/new", data={"csrf_token": csrf_token(page), "name": "x", "questionnaires": []})
    assert "Choose at least one questionnaire or poll" in refused.get_data(as_text=True)


def test_an_unknown_poll_is_refused(client, staff):
    staff("lead")
    page = client.get("/staff/sessions/new")
    response = client.post("/staff/sessions/new", data={"csrf_token": csrf_token(page), "polls": ["nope"]})
    assert response.status_code == 400


def test_the_session_link_offers_its_questionnaires_and_its_poll(app, client, at_session):
    page = client.get(f"/s/{token_of(app, at_session)}").get_data(as_text=True)
    assert "Choose what to answer" in page
    assert 'href="/p/small-poll/"' in page and 'href="/p/small-poll/easy-read"' in page and 'href="/q/small/"' in page


def test_a_session_with_only_a_poll_goes_straight_to_it(app, client):
    open_poll(app)
    session_id = make_session(app, create_staff(app, "lead"), (), poll_ids=(POLL,))
    assert client.get(f"/s/{token_of(app, session_id)}").headers["Location"] == f"/p/{POLL}/"


def test_ballots_through_the_qr_code_and_the_link_carry_the_session(app, at_session):
    token = token_of(app, at_session)
    vote_through(app, f"/s/{token}?via=qr")
    vote_through(app, f"/s/{token}")
    vote_through(app, f"/p/{POLL}/")  # not through the session
    assert sorted(rows(app, "SELECT channel, coalesce(session_id, '-') FROM ballots")) == [
        ("link", "-"), ("link", str(at_session)), ("qr", str(at_session))]


def test_room_counts_are_entered_for_a_session(app, client, staff, at_session):
    staff("facilitator")
    live = client.get(f"/staff/polls/{POLL}/live?session={at_session}")
    html = live.get_data(as_text=True)
    assert f'<option value="{at_session}" selected>Poole drop-in' in html
    data = {"csrf_token": csrf_token(live), "proposal": "buses", "tally": "8b1e5f46-4bd6-4a6b-9d3c-0a9b2f0c6a11",
            "session": str(at_session), "count-agree": "6", "count-not_sure": "0", "count-disagree": "1"}
    response = client.post(f"/staff/polls/{POLL}/tally", data=data)
    assert response.headers["Location"] == f"/staff/polls/{POLL}/live?session={at_session}"
    assert rows(app, "SELECT session_id FROM tallies") == [(str(at_session),)]


def test_a_room_count_for_a_session_not_offering_the_poll_is_refused(app, client, staff, at_session):
    staff("facilitator")
    other = make_session(app, create_staff(app, "lead", "other@council.example"), ("small",))
    live = client.get(f"/staff/polls/{POLL}/live")
    data = {"csrf_token": csrf_token(live), "proposal": "buses", "tally": "8b1e5f46-4bd6-4a6b-9d3c-0a9b2f0c6a11",
            "session": str(other), "count-agree": "6", "count-not_sure": "0", "count-disagree": "1"}
    assert client.post(f"/staff/polls/{POLL}/tally", data=data).status_code == 400
    assert client.get(f"/staff/polls/{POLL}/live?session=abc").status_code == 400
    assert rows(app, "SELECT count(*) FROM tallies") == [(0,)]


def test_the_report_session_filter_shows_the_votes_at_that_session(app, client, staff, at_session):
    token = token_of(app, at_session)
    for option in ("agree", "agree", "agree", "agree", "disagree"):
        vote_through(app, f"/s/{token}?via=qr", option)
    vote_through(app, f"/p/{POLL}/", "disagree")
    staff("lead")
    html = client.get(f"/staff/report/?session={at_session}").get_data(as_text=True)
    assert "No votes have been counted" not in html
    buses = tables(html)[TRAVEL][1]
    assert buses[0] == "More buses" and buses[1] == "fewer than 5" and buses[4] == "5"


def test_the_poll_results_page_picks_a_session_by_name(app, client, staff, at_session):
    vote_through(app, f"/s/{token_of(app, at_session)}?via=qr")
    vote_through(app, f"/p/{POLL}/")
    staff("lead")
    page = client.get(f"/staff/polls/{POLL}/results").get_data(as_text=True)
    assert f'<option value="{at_session}">Poole drop-in (1 January 2026)</option>' in page
    filtered = client.get(f"/staff/polls/{POLL}/results?session={at_session}").get_data(as_text=True)
    assert "Sent ballots counted: 1." in filtered


def test_today_first_puts_todays_sessions_before_the_others(app):
    from datetime import date

    user = create_staff(app, "lead")
    earlier = make_session(app, user)  # 1 January 2026 (make_session's day)
    db = connect(app.config["DATABASE"])
    db.execute("UPDATE sessions SET starts_at = '2026-03-01T10:00:00.000000Z' WHERE id != ?", [earlier])
    later = make_session(app, user)
    db.execute("UPDATE sessions SET starts_at = '2026-03-01T10:00:00.000000Z' WHERE id = ?", [later])
    db.conn.commit()
    latest_first = sessions.all_sessions(db)
    assert [s.id for s in latest_first] == [later, earlier]
    assert [s.id for s in sessions.today_first(latest_first, today=date(2026, 1, 1))] == [earlier, later]
    assert [s.id for s in sessions.today_first(latest_first, today=date(2030, 1, 1))] == [later, earlier]


def test_the_projector_view_has_no_staff_chrome_and_shows_how_to_join(app, client, staff, at_session):
    staff("facilitator")
    code = rows(app, "SELECT short_code FROM sessions WHERE id = ?", [at_session])[0][0]
    html = client.get(f"/staff/polls/{POLL}/present?session={at_session}").get_data(as_text=True)
    assert f"localhost/s/{code}" in html and 'aria-live="polite"' in html
    assert "facilitator@council.example" not in html and "Sign out" not in html and "Delete" not in html
    alone = client.get(f"/staff/polls/{POLL}/present").get_data(as_text=True)
    assert "localhost/p/small-poll/" in alone
    assert client.get(f"/staff/polls/{POLL}/present?session=999").status_code == 400
    assert client.get("/staff/polls/nope/present").status_code == 404
    assert f"/staff/polls/{POLL}/present?session={at_session}" in client.get(
        f"/staff/polls/{POLL}/live?session={at_session}").get_data(as_text=True)


def test_the_projector_view_needs_staff(app, at_session):
    assert app.test_client().get(f"/staff/polls/{POLL}/present").status_code in (302, 403)
