"""Tampered, forged and oversized posts get a readable 4xx page and store nothing."""

import pytest

from tests.conftest import csrf_token, response_uuid, rows


@pytest.fixture
def on_travel_page(respondent):
    r = respondent("small")
    r.start()
    r.answer("about", {"who": "uses"})
    return r


def post_travel(client, answers):
    page = client.get("/q/small/travel")
    data = {"csrf_token": csrf_token(page), "response": response_uuid(page), **answers}
    return client.post("/q/small/travel", data=data)


@pytest.mark.parametrize(
    "answers",
    [
        {"how": "helicopter"},
        {"how": ["bus", "bus"]},
        {"how": "bus", "break": "some"},
        {"how": "bus", "unknown_field": "x"},
    ],
    ids=["unknown option", "same option twice", "answer to a hidden question", "unknown field"],
)
def test_tampered_answers_get_400_and_store_nothing(app, client, on_travel_page, answers):
    before = rows(app, "SELECT answers FROM drafts")
    response = post_travel(client, answers)
    assert response.status_code == 400
    assert "Sorry, we could not use that" in response.get_data(as_text=True)
    assert rows(app, "SELECT answers FROM drafts") == before


def stored(app):
    """What the real database file holds of anyone's answers: drafts and responses."""
    return (
        rows(app, "SELECT uuid, answers FROM drafts ORDER BY uuid"),
        rows(app, "SELECT count(*) FROM responses"),
        rows(app, "SELECT count(*) FROM answers"),
    )


NOT_USED = ("Sorry, we could not use that", "so nothing was saved")
EXPIRED = ("Your page had expired", "the form could not be sent")


def assert_refused(response, words, app, before):
    """A 400 page that says what went wrong, and the database file unchanged."""
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for phrase in words:
        assert phrase in page
    assert stored(app) == before


def test_two_answers_to_single_choice_is_tampering(app, client, respondent):
    r = respondent("small")
    r.start()
    before = stored(app)
    response = r.answer("about", {"who": ["uses", "carer"]})
    assert_refused(response, NOT_USED, app, before)


def test_null_byte_in_text_is_refused(app, client, respondent):
    r = respondent("small")
    r.start()
    before = stored(app)
    response = r.answer("about", {"who": "uses", "name": "a\x00b"})
    assert_refused(response, NOT_USED, app, before)


def test_post_without_csrf_token_is_refused(app, client, on_travel_page):
    page = client.get("/q/small/travel")
    before = stored(app)
    response = client.post("/q/small/travel", data={"response": response_uuid(page), "how": "bus"})
    assert_refused(response, EXPIRED, app, before)


def test_post_for_another_response_is_refused(app, client, on_travel_page):
    page = client.get("/q/small/travel")
    before = stored(app)
    response = client.post("/q/small/travel", data={"csrf_token": csrf_token(page), "response": "someone-else", "how": "bus"})
    assert_refused(response, NOT_USED, app, before)


def test_unknown_questionnaire_is_404(app, client):
    response = client.get("/q/nothing/")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    before = stored(app)
    posted = client.post("/q/nothing/submit", data={})  # no CSRF token: refused before the route is looked at
    assert_refused(posted, EXPIRED, app, before)


def test_oversized_post_is_413_with_readable_page(client, on_travel_page):
    page = client.get("/q/small/travel")
    response = client.post(
        "/q/small/travel",
        data={"csrf_token": csrf_token(page), "response": response_uuid(page), "how": "x" * 300_000},
    )
    assert response.status_code == 413
    assert "That was too much to send" in response.get_data(as_text=True)


def test_submit_of_unknown_uuid_is_refused(app, client, on_travel_page):
    page = client.get("/q/small/travel")
    before = stored(app)
    response = client.post("/q/small/submit", data={"csrf_token": csrf_token(page), "response": "not-a-uuid"})
    assert_refused(response, NOT_USED, app, before)
    assert before[1] == [(0,)]


def test_submit_before_finishing_goes_to_unfinished_page(app, client, on_travel_page):
    page = client.get("/q/small/travel")
    response = client.post("/q/small/submit", data={"csrf_token": csrf_token(page), "response": response_uuid(page)})
    assert response.headers["Location"] == "/q/small/travel"
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_security_headers_on_pages(client):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
