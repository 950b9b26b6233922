"""Signed-cookie sessions that remember verified cookies (engage.cookie_sessions): the same
sessions as Flask's, tampered cookies refused, old ones still expiring."""

import time

from flask import request, session

from tests.conftest import Respondent


def started(app):
    """A person with a draft; returns their client and session cookie."""
    client = app.test_client()
    Respondent(client, "small").start()
    return client, client.get_cookie("session").value


def test_a_verified_cookie_is_remembered_and_gives_the_same_session(app):
    client, cookie = started(app)
    assert client.get("/q/small/about").status_code == 200
    assert cookie in app.session_interface.verified
    assert client.get("/q/small/about").status_code == 200  # from the remembered cookie: the draft is found


def test_a_tampered_cookie_is_an_empty_session_and_not_remembered(app):
    client, cookie = started(app)
    # the signature's first character: its last one carries base64 padding bits, and
    # changing those can leave the signature the same
    payload, signature = cookie.rsplit(".", 1)
    tampered = f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    client.set_cookie("session", tampered)
    page = client.get("/q/small/about")
    assert page.status_code == 302 and page.headers["Location"] == "/q/small/"
    assert tampered not in app.session_interface.verified


def test_a_remembered_cookie_still_expires(app, monkeypatch):
    client, cookie = started(app)
    assert client.get("/q/small/about").status_code == 200
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    page = client.get("/q/small/about")
    assert page.status_code == 302 and page.headers["Location"] == "/q/small/"


def test_changing_a_session_leaves_the_remembered_one_alone(app):
    _client, cookie = started(app)
    for _ in range(2):  # the second opens the remembered cookie
        with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}):
            opened = app.session_interface.open_session(app, request)
            assert opened["drafts"]["small"]
            opened["drafts"]["small"] = "someone else"
            opened["csrf_token"] = "changed"
    with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}):
        app.preprocess_request()
        assert session["drafts"]["small"] != "someone else" and session["csrf_token"] != "changed"
