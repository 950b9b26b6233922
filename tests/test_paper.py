"""Paper questionnaires keyed in by staff: one long form per copy, validated by the
respondent's own page reader, stored once with channel "paper"."""

import re

import pytest

from tests.conftest import csrf_token, found, response_uuid, rows
from tests.test_sessions import close_session, create_session

A_CARER = {"who": "carer", "name": "", "how": ["bus", "taxi"], "break": "some", "else": "More trips out"}


def key_in(client, url, answers):
    blank = client.get(url)
    assert blank.status_code == 200
    data = {"csrf_token": csrf_token(blank), "response": response_uuid(blank), **prefilled_date(blank), **answers}
    return client.post(url, data=data), data


def prefilled_date(page):
    """The "completed on" day the blank form offers, as a browser would send it back."""
    html = page.get_data(as_text=True)
    return {name: found(rf'name="{name}" type="text" value="(\d+)"', html) for name in
            ("completed-day", "completed-month", "completed-year")}


@pytest.fixture
def facilitator(staff):
    return staff("facilitator")


def test_paper_copy_is_stored_with_channel_paper_no_session_and_who_keyed_it(app, client, facilitator):
    response, data = key_in(client, "/staff/paper/small", A_CARER)
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/paper/small?saved=1&completed=")
    assert rows(app, "SELECT channel, session_id, keyed_by, questionnaire_id FROM responses") == [
        ("paper", None, facilitator.id, "small")]
    assert sorted(rows(app, "SELECT question_id, value FROM answers")) == [
        ("break", "some"), ("else", "More trips out"), ("how", "bus"), ("how", "taxi"), ("who", "carer")]


def test_paper_copies_for_a_session_are_counted_as_the_pile_goes_down(app, client, staff):
    lead = staff("lead")
    session_id = create_session(client)
    url = f"/staff/paper/small?session={session_id}"
    for _ in range(2):
        response, _data = key_in(client, url, A_CARER)
        assert response.headers["Location"].startswith(f"/staff/paper/small?session={session_id}&saved=1&completed=")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Paper copy saved" in page and "2 entered for this session" in page
    assert "More trips out" not in page  # the next blank form shows nothing of the last copy
    assert "You are entering a paper questionnaire" in page
    assert rows(app, "SELECT channel, session_id, keyed_by FROM responses") == [("paper", str(session_id), lead.id)] * 2


def test_saving_the_same_paper_copy_twice_stores_it_once(app, client, facilitator):
    response, data = key_in(client, "/staff/paper/small", A_CARER)
    again = client.post("/staff/paper/small", data=data)
    assert again.status_code == 302
    assert rows(app, "SELECT count(*) FROM responses") == [(1,)]
    assert rows(app, "SELECT count(*) FROM answers") == [(5,)]


def test_each_blank_form_gets_a_new_response_id(client, facilitator):
    assert response_uuid(client.get("/staff/paper/small")) != response_uuid(client.get("/staff/paper/small"))


def test_paper_copy_with_a_missing_answer_gets_the_same_message_as_online_and_stores_nothing(app, client, facilitator):
    response, _data = key_in(client, "/staff/paper/small", {**A_CARER, "who": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Select an answer to ‘Who is answering?’" in html and 'href="#who"' in html
    assert "More trips out" in html  # what was typed is kept
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_paper_copy_with_too_many_choices_gets_the_online_limit_message(app, client, facilitator):
    response, _data = key_in(client, "/staff/paper/small", {**A_CARER, "how": ["bus", "taxi", "walk"]})
    assert response.status_code == 400
    assert "Select no more than 2 answers to ‘How do you travel?’" in response.get_data(as_text=True)


def test_answer_to_a_question_the_person_should_have_skipped_is_left_out_with_a_message(app, client, facilitator):
    response, data = key_in(client, "/staff/paper/small", {**A_CARER, "who": "uses"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Only for people who answered ‘I am a carer’ to ‘Who is answering?’. This answer was left out." in html
    assert not re.search(r'name="break" type="radio" value="some" checked', html)
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]
    data.pop("break")
    data["csrf_token"] = csrf_token(response)
    assert client.post("/staff/paper/small", data=data).status_code == 302
    assert rows(app, "SELECT question_id FROM answers WHERE question_id = 'break'") == []


@pytest.mark.parametrize(
    "change",
    [{"response": "not-a-uuid"}, {"response": "00000000-0000-0000-0000-000000000000"}, {"surprise": "x"},
     {"who": "nobody"}, {"how": ["bus", "bus"]}],
)
def test_tampered_paper_form_is_refused_and_stores_nothing(app, client, facilitator, change):
    blank = client.get("/staff/paper/small")
    data = {"csrf_token": csrf_token(blank), "response": response_uuid(blank), **A_CARER, **change}
    assert client.post("/staff/paper/small", data=data).status_code == 400
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_paper_copies_can_be_keyed_in_after_the_session_closed(app, client, staff):
    staff("lead")
    session_id = create_session(client)
    close_session(client, session_id)
    response, _data = key_in(client, f"/staff/paper/small?session={session_id}", A_CARER)
    assert response.status_code == 302
    assert rows(app, "SELECT channel, session_id FROM responses") == [("paper", str(session_id))]


def test_unknown_session_or_questionnaire_is_not_found(client, facilitator):
    assert client.get("/staff/paper/small?session=999").status_code == 404
    assert client.get("/staff/paper/nope").status_code == 404
    assert client.get("/staff/paper/small?session=abc").status_code == 400


def test_choosing_a_questionnaire_and_session_opens_the_form(client, staff):
    staff("lead")
    session_id = create_session(client)
    choose = client.get("/staff/paper/")
    assert "Poole drop-in" in choose.get_data(as_text=True)
    response = client.post("/staff/paper/", data={"csrf_token": csrf_token(choose), "questionnaire": "small",
                                                  "session": str(session_id)})
    assert response.headers["Location"] == f"/staff/paper/small?session={session_id}"
    missing = client.post("/staff/paper/", data={"csrf_token": csrf_token(choose), "session": ""})
    assert missing.status_code == 400 and "Choose which questionnaire" in missing.get_data(as_text=True)


def test_paper_entry_needs_a_staff_sign_in(app, client):
    assert client.get("/staff/paper/small").status_code == 302
    blank_post = client.post("/staff/paper/small", data={**A_CARER})
    assert blank_post.status_code in (302, 400)
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_a_paper_copy_keyed_in_later_counts_on_the_day_it_was_completed(app, client, facilitator):
    blank = client.get("/staff/paper/small")
    december = {"completed-day": "12", "completed-month": "12", "completed-year": "2025"}
    data = {"csrf_token": csrf_token(blank), "response": response_uuid(blank), **december, **A_CARER}
    response = client.post("/staff/paper/small", data=data)
    assert response.headers["Location"].endswith("completed=2025-12-12")
    assert rows(app, "SELECT submitted_at FROM responses") == [("2025-12-12T12:00:00.000000Z",)]
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="completed-day" type="text" value="12"' in again


def test_a_paper_copy_for_a_past_session_defaults_to_the_sessions_day(app, client, facilitator):
    from tests.conftest import create_staff, make_session

    session_id = make_session(app, create_staff(app, "lead"))  # 1 January 2026
    page = client.get(f"/staff/paper/small?session={session_id}").get_data(as_text=True)
    assert 'name="completed-day" type="text" value="1"' in page
    assert 'name="completed-month" type="text" value="1"' in page and 'value="2026"' in page


@pytest.mark.parametrize("day, message", [
    ({"completed-day": "31", "completed-month": "2", "completed-year": "2026"}, "must be a real date"),
    ({"completed-day": "1", "completed-month": "1", "completed-year": "2099"}, "must be today or in the past"),
    ({}, "must be a real date"),
])
def test_a_wrong_completed_on_date_gets_a_message_and_stores_nothing(app, client, facilitator, day, message):
    blank = client.get("/staff/paper/small")
    data = {"csrf_token": csrf_token(blank), "response": response_uuid(blank), **day, **A_CARER}
    response = client.post("/staff/paper/small", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]
