"""Answers finished on an offline tablet arrive later, in batches or from a saved file,
and are stored exactly once."""

import io
import json
import re
import uuid

import pytest

from tests.conftest import csrf_token, found, make_session, rows

GOOD = {"who": ["carer"], "name": ["Sam"], "how": ["bus"], "break": ["some"], "else": []}


def item(**changes):
    return {
        "uuid": str(uuid.uuid4()), "questionnaire_id": "small", "answers": GOOD,
        "started_at": "2026-11-23T10:00:00.000Z", "helped_by_staff": True, "session_id": "hall-1", **changes,
    }


def open_kiosk(client, session_id=None):
    """A facilitator (already signed in) opens this browser as an offline kiosk for 'small'."""
    query = f"?session={session_id}" if session_id else ""
    page = client.get(f"/kiosk/setup{query}")
    data = {"csrf_token": csrf_token(page), "questionnaire": "small", "pin": "2468", "pin_again": "2468", "offline": "yes"}
    if session_id:
        data["session"] = str(session_id)
    assert client.post(f"/kiosk/setup{query}", data=data).headers["Location"] == "/kiosk/"
    assert client.get("/kiosk/").headers["Location"] == "/kiosk/offline/"
    return client.get("/kiosk/offline/").get_data(as_text=True)


def post_batch(client, items, token=None):
    token = token or csrf_token(client.get("/staff/sign-in"))
    return client.post("/kiosk/sync", json={"items": items}, headers={"X-CSRFToken": token})


def test_sync_stores_each_item_once_and_reports_per_item(app, client, staff):
    staff("facilitator")
    batch = [item(), item(), item(answers={**GOOD, "how": []})]
    first = post_batch(client, batch).get_json()["results"]
    assert [r["status"] for r in first] == ["stored", "stored", "rejected"]
    assert "how: Select at least one answer" in first[2]["reason"]
    for _ in range(3):
        again = post_batch(client, batch).get_json()["results"]
        assert [r["status"] for r in again] == ["already_had", "already_had", "rejected"]
    assert rows(app, "SELECT channel, session_id, helped_by_staff FROM responses") == [("kiosk", "hall-1", 1)] * 2


@pytest.mark.parametrize(
    "bad",
    [{"uuid": "not-a-uuid"}, {"questionnaire_id": "nothing"}, {"answers": {**GOOD, "how": ["plane"]}},
     {"started_at": "yesterday"}, {"started_at": "2026-11-23T10:00:00"}, {"answers": "who"}],
    ids=["bad uuid", "unknown questionnaire", "unknown option", "bad time", "time without zone", "answers not a dict"],
)
def test_sync_rejects_bad_items_and_stores_nothing(app, client, staff, bad):
    staff("facilitator")
    result = post_batch(client, [item(**bad)]).get_json()["results"]
    assert result[0]["status"] == "rejected"
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_sync_without_csrf_token_is_refused(app, client, staff):
    staff("facilitator")
    assert client.post("/kiosk/sync", json={"items": [item()]}).status_code == 400
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_sync_needs_a_kiosk_or_staff(app, client):
    assert post_batch(client, [item()]).status_code == 404
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_a_kiosk_syncs_with_its_own_session_whatever_the_item_says(app, client, staff):
    session_id = make_session(app, staff("facilitator"))
    page = open_kiosk(client, session_id)
    token = found(r'data-csrf="([^"]+)"', page)
    assert f'data-session-id="{session_id}"' in page
    result = post_batch(client, [item(session_id="somewhere-else")], token).get_json()["results"]
    assert result[0]["status"] == "stored"
    assert rows(app, "SELECT channel, session_id FROM responses") == [("kiosk", str(session_id))]


def test_sync_refuses_an_oversized_batch(client, staff):
    staff("facilitator")
    assert post_batch(client, [item() for _ in range(101)]).status_code == 400


def saved_file(items):
    return io.BytesIO(json.dumps({"format": "engage-offline-answers", "version": 1, "items": items}).encode())


def import_file(client, data):
    token = csrf_token(client.get("/staff/import-answers"))
    return client.post(
        "/staff/import-answers", data={"csrf_token": token, "answers_file": (data, "answers.json")},
        content_type="multipart/form-data",
    )


def test_import_of_a_saved_file_is_idempotent(app, client, staff):
    staff("lead")
    items = [item() for _ in range(5)]
    first = import_file(client, saved_file(items)).get_data(as_text=True)
    assert "5 stored, 0 already here, 0 not stored" in first
    second = import_file(client, saved_file(items)).get_data(as_text=True)
    assert "0 stored, 5 already here, 0 not stored" in second
    assert rows(app, "SELECT count(*) FROM responses") == [(5,)]


def test_import_of_a_wrong_file_says_why(client, staff):
    staff("lead")
    response = import_file(client, io.BytesIO(b"hello"))
    assert response.status_code == 400
    assert "This file is not a saved-answers file: it is not JSON." in response.get_data(as_text=True)


def test_offline_document_needs_an_open_kiosk(client, staff):
    staff("facilitator")
    assert client.get("/kiosk/offline/").status_code == 404


def test_offline_document_carries_every_page_and_the_rules(client, staff):
    staff("facilitator")
    body = open_kiosk(client)
    assert body.count('<template id="step-page-') == 4
    definition = json.loads(found(r'id="offline-definition">(.*?)</script>', body, re.S))
    travel = definition["pages"][1]["questions"][0]
    assert travel["messages"]["too_many"] == "Select no more than 2 answers to ‘How do you travel?’"
    assert travel["labels"]["dont_know"] == "I do not know"
