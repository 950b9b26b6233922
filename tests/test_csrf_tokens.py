"""The CSRF token in kept pages (engage.csrf_tokens): signed once per session, accepted,
and Flask-WTF's own whenever tokens can expire."""

from tests.conftest import Respondent, csrf_token, make_app, response_uuid


def token_on_two_pages(app):
    client = app.test_client()
    Respondent(client, "small").start()
    return csrf_token(client.get("/q/small/about")), csrf_token(client.get("/q/small/about"))


def test_kept_pages_carry_one_signed_token_per_session(app):
    first, again = token_on_two_pages(app)
    other, _ = token_on_two_pages(app)
    assert first == again and first != other
    assert len(app.extensions["engage.csrf_tokens"]) == 2


def test_the_kept_token_is_accepted(app):
    client = app.test_client()
    Respondent(client, "small").start()
    client.get("/q/small/about")
    page = client.get("/q/small/about")
    answered = client.post("/q/small/about", data={"csrf_token": csrf_token(page), "response": response_uuid(page), "who": "uses"})
    assert answered.status_code == 302 and answered.headers["Location"] == "/q/small/travel"


def test_tokens_that_can_expire_are_signed_afresh(tmp_path, monkeypatch):
    app = make_app(tmp_path, WTF_CSRF_TIME_LIMIT=3600)
    ticks = iter(range(2_000_000_000, 2_000_000_100))
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: next(ticks))
    first, again = token_on_two_pages(app)
    assert first != again and not app.extensions["engage.csrf_tokens"]
