"""The live screen: counts hidden until Reveal (JSON and page), Next/Previous, the whole
priority, state shared by every screen, and room tallies keyed in by a facilitator."""

import pytest

from tests.conftest import csrf_token, rows
from tests.poll_helpers import POLL, Voter, open_poll

LIVE = f"/staff/polls/{POLL}/live"


@pytest.fixture
def facilitator(app, client, staff):
    open_poll(app)
    staff("facilitator")
    return client


def press(client, action):
    page = client.get(LIVE)
    return client.post(LIVE, data={"csrf_token": csrf_token(page), "action": action})


def vote(app, proposal_id, option_id):
    voter = Voter(app.test_client())
    voter.start()
    voter.vote(proposal_id, option_id)


def test_reveal_hides_counts_before_and_shows_them_after(app, facilitator):
    vote(app, "buses", "agree")
    vote(app, "buses", "disagree")
    before = facilitator.get(f"{LIVE}.json").get_json()
    assert before["revealed"] is False
    assert before["items"] == [{"proposal_id": "buses", "total": 2, "room": 0, "counts": None, "agree_percent": None}]
    page = facilitator.get(LIVE).get_data(as_text=True)
    assert 'data-count="buses:agree">?<' in page and "Votes are hidden until the facilitator presses Reveal." in page
    assert press(facilitator, "reveal").status_code == 302
    after = facilitator.get(f"{LIVE}.json").get_json()
    assert after["items"][0]["counts"] == {"agree": 1, "not_sure": 0, "disagree": 1}
    assert after["items"][0]["agree_percent"] == 50
    page = facilitator.get(LIVE).get_data(as_text=True)
    assert 'data-count="buses:agree">1<' in page and 'data-agree="buses">50%<' in page


def test_next_moves_on_and_hides_again_previous_goes_back(facilitator):
    press(facilitator, "reveal")
    press(facilitator, "next")
    state = facilitator.get(f"{LIVE}.json").get_json()
    assert (state["state"], state["items"][0]["counts"]) == ("taxis|proposal|0", None)
    press(facilitator, "next")
    press(facilitator, "next")
    assert facilitator.get(f"{LIVE}.json").get_json()["state"] == "fair-charges|proposal|0"
    press(facilitator, "previous")
    assert facilitator.get(f"{LIVE}.json").get_json()["state"] == "taxis|proposal|0"


def test_whole_priority_shows_each_of_its_proposals(facilitator):
    press(facilitator, "show-priority")
    data = facilitator.get(f"{LIVE}.json").get_json()
    assert [item["proposal_id"] for item in data["items"]] == ["buses", "taxis"]
    page = facilitator.get(LIVE).get_data(as_text=True)
    assert "<h1" in page and "Shared taxis" in page
    press(facilitator, "next")
    assert [item["proposal_id"] for item in facilitator.get(f"{LIVE}.json").get_json()["items"]] == ["fair-charges"]


def test_a_second_screen_follows_the_first(app, facilitator):
    second = app.test_client()
    second.set_cookie("session", facilitator.get_cookie("session").value)
    press(facilitator, "next")
    press(facilitator, "reveal")
    assert second.get(f"{LIVE}.json").get_json()["state"] == "taxis|proposal|1"


def test_unknown_action_is_refused(facilitator):
    page = facilitator.get(LIVE)
    assert facilitator.post(LIVE, data={"csrf_token": csrf_token(page), "action": "explode"}).status_code == 400


def post_tally(client, proposal="buses", **counts):
    page = client.get(LIVE)
    tally_uuid = page.get_data(as_text=True).split('name="tally" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_token(page), "proposal": proposal, "tally": tally_uuid, **counts}
    return client.post(f"/staff/polls/{POLL}/tally", data=data), data


def test_room_tally_is_stored_once_with_who_entered_it(app, facilitator):
    response, data = post_tally(facilitator, **{"count-agree": "12", "count-not_sure": "3", "count-disagree": ""})
    assert response.status_code == 302
    assert facilitator.post(f"/staff/polls/{POLL}/tally", data=data).status_code == 302  # sent twice
    assert rows(app, "SELECT t.proposal_id, t.channel, u.role FROM tallies t JOIN users u ON u.id = t.entered_by") == [
        ("buses", "room", "facilitator")
    ]
    assert rows(app, "SELECT option_id, count FROM tally_counts ORDER BY option_id") == [("agree", 12), ("disagree", 0), ("not_sure", 3)]
    vote(app, "buses", "agree")
    press(facilitator, "reveal")
    item = facilitator.get(f"{LIVE}.json").get_json()["items"][0]
    assert (item["counts"], item["total"], item["room"]) == ({"agree": 13, "not_sure": 3, "disagree": 0}, 16, 15)
    assert "includes 15 counted in the room" in facilitator.get(LIVE).get_data(as_text=True)


@pytest.mark.parametrize(
    "counts, message",
    [
        ({"count-agree": "-1"}, "Enter how many chose ‘Agree’ as a whole number from 0 to 10000"),
        ({"count-not_sure": "lots"}, "Enter how many chose ‘Not sure’ as a whole number from 0 to 10000"),
        ({"count-agree": "10001"}, "Enter how many chose ‘Agree’ as a whole number from 0 to 10000"),
        ({}, "Enter how many people chose each answer"),
    ],
)
def test_bad_tally_shows_the_error_and_stores_nothing(app, facilitator, counts, message):
    response, _ = post_tally(facilitator, **counts)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert rows(app, "SELECT count(*) FROM tallies") == [(0,)]


def test_tampered_tally_is_refused(app, facilitator):
    page = facilitator.get(LIVE)
    data = {"csrf_token": csrf_token(page), "proposal": "buses", "tally": "not-a-uuid", "count-agree": "1"}
    assert facilitator.post(f"/staff/polls/{POLL}/tally", data=data).status_code == 400
    assert facilitator.post(f"/staff/polls/{POLL}/tally", data={**data, "proposal": "nope"}).status_code == 400
    assert rows(app, "SELECT count(*) FROM tallies") == [(0,)]


def test_a_mistaken_tally_can_be_deleted(app, facilitator):
    post_tally(facilitator, **{"count-agree": "2"})
    tally_uuid = rows(app, "SELECT uuid FROM tallies")[0][0]
    page = facilitator.get(LIVE)
    assert "entered by facilitator@council.example" in page.get_data(as_text=True)
    facilitator.post(f"/staff/polls/{POLL}/tally/{tally_uuid}/delete", data={"csrf_token": csrf_token(page)})
    assert rows(app, "SELECT count(*) FROM tallies") == [(0,)]
    assert rows(app, "SELECT count(*) FROM tally_counts") == [(0,)]


def test_live_screen_needs_staff(app, client):
    assert client.get(f"{LIVE}.json").status_code == 302
