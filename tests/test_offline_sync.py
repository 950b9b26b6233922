"""Answers finished on an offline tablet arrive later, in batches or from a saved file,
and are stored exactly once."""

import io
import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import create_staff, csrf_token, found, make_session, rows, sign_in

AN_HOUR_AGO = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
GOOD = {"who": ["carer"], "name": ["Sam"], "how": ["bus"], "break": ["some"], "else": []}


def item(**changes):
    return {
        "uuid": str(uuid.uuid4()), "questionnaire_id": "small", "answers": GOOD,
        "started_at": AN_HOUR_AGO, "helped_by_staff": True, "session_id": None, **changes,
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
    assert rows(app, "SELECT channel, session_id, helped_by_staff FROM responses") == [("kiosk", None, 1)] * 2


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


def test_waiting_answers_keep_the_session_they_were_given_at(app, client, staff):
    user = staff("facilitator")
    first, later = make_session(app, user), make_session(app, user)
    open_kiosk(client, first)  # a kiosk where the answers were given; a later one sends them
    client = app.test_client()
    sign_in(client, create_staff(app, "lead").email)
    page = open_kiosk(client, later)
    token = found(r'data-csrf="([^"]+)"', page)
    assert f'data-session-id="{later}"' in page
    given_earlier, unnamed = item(session_id=str(first)), item()
    del unnamed["session_id"]
    results = post_batch(client, [given_earlier, unnamed, item(session_id="somewhere-else")], token).get_json()["results"]
    assert [r["status"] for r in results] == ["stored", "stored", "rejected"]
    assert sorted(rows(app, "SELECT session_id FROM responses")) == [(str(first),), (str(later),)]


def test_an_offline_kiosk_survives_a_browser_restart(app, client, staff):
    staff("facilitator")
    open_kiosk(client)
    cookie = client.get_cookie("session")
    assert cookie.expires is not None  # a lasting cookie, not one that ends with the browser
    restarted = app.test_client()
    restarted.set_cookie("session", cookie.value)
    assert restarted.get("/kiosk/offline/").status_code == 200


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


DEEP = json.loads("[" * 500 + "]" * 500)


@pytest.mark.parametrize(
    "bad, reason",
    [({"answers": {**GOOD, "name": ["\ud800"]}}, "not valid text"),
     ({"questionnaire_id": "\udfff"}, "not valid text"),
     ({"started_at": "9999-12-31T23:59:59-14:00"}, "start time"),
     ({"started_at": "0001-01-01T00:00:00+14:00"}, "start time"),
     ({"started_at": "1900-01-01T10:00:00Z"}, "start time"),
     ({"started_at": "2099-01-01T10:00:00Z"}, "start time"),
     ({"answers": {**GOOD, "name": DEEP}}, "nested"),
     ({"answers": {**GOOD, "name": [DEEP]}}, "nested"),
     ({"extra": DEEP}, "nested"),
     ({"answers": {**GOOD, "name": ["x" * 200_000]}}, "too large"),
     ({"helped_by_staff": "\ud800"}, "not valid text")],
    ids=["surrogate answer", "surrogate id", "overflow late", "overflow early", "1900", "2099", "nested answer",
         "nested value", "nested extra", "huge", "surrogate elsewhere"],
)
def test_one_bad_item_is_rejected_alone_and_the_rest_are_stored(app, client, staff, bad, reason):
    staff("facilitator")
    batch = [item(), item(**bad), item()]
    response = post_batch(client, batch)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == ["stored", "rejected", "stored"]
    assert reason in results[1]["reason"]
    assert rows(app, "SELECT count(*) FROM responses") == [(2,)]


def test_a_body_nested_too_deeply_is_refused_with_a_reason(app, client, staff):
    staff("facilitator")
    token = csrf_token(client.get("/staff/sign-in"))
    body = '{"items": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    response = client.post("/kiosk/sync", data=body, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 400


def test_import_checks_each_item_alone(app, client, staff):
    staff("lead")
    items = [item(), item(started_at="9999-12-31T23:59:59-14:00"), item(answers={**GOOD, "name": DEEP}), item()]
    page = import_file(client, saved_file(items))
    assert page.status_code == 200
    assert "2 stored, 0 already here, 2 not stored" in page.get_data(as_text=True)


def test_import_of_a_deeply_nested_file_says_why(client, staff):
    staff("lead")
    raw = b'{"format": "engage-offline-answers", "version": 1, "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = import_file(client, io.BytesIO(raw))
    assert response.status_code == 400
    assert "nested too deeply" in response.get_data(as_text=True)


def test_import_takes_a_file_larger_than_the_form_limit(app, client, staff):
    staff("lead")
    items = [item(answers={**GOOD, "else": ["x" * 50]}) for _ in range(900)]
    data = saved_file(items)
    assert 256 * 1024 < len(data.getvalue()) < app.config["IMPORT_MAX_BYTES"]
    page = import_file(client, data)
    assert page.status_code == 200
    assert "900 stored, 0 already here, 0 not stored" in page.get_data(as_text=True)


@pytest.mark.parametrize("session_id", ["hall-1", "<b>x</b>", '=HYPERLINK("http://evil.example","x")', "99", "1" * 70, 5])
def test_staff_sync_refuses_a_session_that_does_not_exist(app, client, staff, session_id):
    staff("facilitator")
    [result] = post_batch(client, [item(session_id=session_id)]).get_json()["results"]
    assert (result["status"], result["reason"]) == ("rejected", "no such session")
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_staff_sync_takes_a_real_session_only_for_the_questionnaires_it_offers(app, client, staff):
    user = staff("facilitator")
    session_id = str(make_session(app, user, questionnaire_ids=("small",)))
    other = str(make_session(app, user, questionnaire_ids=("small-easyread",)))
    results = post_batch(client, [item(session_id=session_id), item(session_id=other)]).get_json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("stored", ""), ("rejected", "that session does not offer this questionnaire")]
    assert rows(app, "SELECT session_id FROM responses") == [(session_id,)]


def test_a_kiosk_takes_only_its_own_questionnaire(app, client, staff):
    staff("facilitator")
    page = open_kiosk(client)
    token = found(r'data-csrf="([^"]+)"', page)
    wrong = item(questionnaire_id="small-easyread")
    [result] = post_batch(client, [wrong], token).get_json()["results"]
    assert (result["status"], result["reason"]) == ("rejected", "no such questionnaire on this kiosk")


def test_who_sent_answers_is_in_the_audit_log(app, client, staff):
    staff("facilitator")
    post_batch(client, [item(), item(session_id="made-up")])
    post_batch(client, [])
    assert rows(app, "SELECT user_email, action, detail FROM audit_log WHERE action LIKE 'answers%'") == [
        ("facilitator@council.example", "answers synced", "1 stored, 0 already here, 1 rejected")]
    open_kiosk(client)
    token = found(r'data-csrf="([^"]+)"', client.get("/kiosk/offline/").get_data(as_text=True))
    post_batch(client, [item()], token)
    assert rows(app, "SELECT user_email, detail FROM audit_log WHERE action = 'answers synced' ORDER BY id")[-1] == (
        "", "1 stored, 0 already here, 0 rejected, from the kiosk opened by facilitator@council.example")


def test_saving_waiting_answers_to_a_file_needs_the_pin_and_says_what_the_file_holds(app, client, staff):
    staff("facilitator")
    page = open_kiosk(client)
    token = found(r'data-csrf="([^"]+)"', page)
    assert "The file holds the answers of everyone waiting to send." in page
    assert 'data-file-pin-url="/kiosk/offline/file-pin"' in page
    wrong = client.post("/kiosk/offline/file-pin", json={"pin": "1111"}, headers={"X-CSRFToken": token})
    assert (wrong.status_code, wrong.get_json()) == (400, {"error": "That PIN is wrong. Tries left: 4."})
    assert client.post("/kiosk/offline/file-pin", json={"pin": ["2468"]}, headers={"X-CSRFToken": token}).status_code == 400
    right = client.post("/kiosk/offline/file-pin", json={"pin": "2468"}, headers={"X-CSRFToken": token})
    assert right.get_json() == {"ok": True}
    assert client.get("/kiosk/offline/").status_code == 200  # the kiosk stays open
    assert rows(app, "SELECT action FROM audit_log WHERE action = 'answers saved to a file'") == [("answers saved to a file",)]


def test_the_file_pin_needs_an_open_kiosk(client, staff):
    staff("facilitator")
    token = csrf_token(client.get("/staff/sign-in"))
    assert client.post("/kiosk/offline/file-pin", json={"pin": "2468"}, headers={"X-CSRFToken": token}).status_code == 404
