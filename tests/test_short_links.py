"""Short links: each session's 8-character code opens it at /s/<code>, typed in any case
and with look-alikes; wrong codes are rate-limited per address and audited; the long
22-character links keep working."""

import pytest

from engage.sessions import short_codes
from tests.conftest import create_staff, make_session, rows


@pytest.fixture
def session_id(app):
    return make_session(app, create_staff(app, "lead"))


def stored(app, session_id):
    return rows(app, "SELECT short_code, public_token FROM sessions WHERE id = ?", [session_id])[0]


def test_a_new_session_gets_an_eight_character_code_without_look_alikes(app, session_id):
    code, token = stored(app, session_id)
    assert len(code) == 8 and set(code) <= set(short_codes.ALPHABET)
    assert not set(code) & set("ILOU") and len(token) == 22


def test_codes_are_random_and_different_for_every_session(app):
    user = create_staff(app, "lead")
    codes = {stored(app, make_session(app, user))[0] for _n in range(20)}
    assert len(codes) == 20


@pytest.mark.parametrize("typed, meant", [
    ("k7m2xq9d", "K7M2XQ9D"), ("K7M2-XQ9D", "K7M2XQ9D"), (" k7m2 xq9d ", "K7M2XQ9D"),
    ("O0IL1ABC", "00111ABC"), ("oo11ilab", "001111AB"),
])
def test_typing_is_forgiving_of_case_spaces_and_look_alikes(typed, meant):
    assert short_codes.normalise(typed) == meant


@pytest.mark.parametrize("typed", ["", "K7M2XQ9", "K7M2XQ9DD", "K7M2XQ9U", "K7M2XQ9!", "ÄÄÄÄÄÄÄÄ"])
def test_what_cannot_be_a_code_is_refused(typed):
    assert short_codes.normalise(typed) is None


def look_alike(code):
    """The code as a person might type it: lower case, 0 as o, 1 as l, a hyphen."""
    typed = code.lower().replace("0", "o").replace("1", "l")
    return f"{typed[:4]}-{typed[4:]}"


def test_the_short_link_opens_the_session_whatever_case_and_look_alikes(app, client, session_id):
    code, _token = stored(app, session_id)
    for typed in (code, code.lower(), look_alike(code)):
        response = client.get(f"/s/{typed}")
        assert response.status_code == 302, typed
        assert response.headers["Location"] == "/q/small/"


def test_the_long_link_still_works(app, client, session_id):
    _code, token = stored(app, session_id)
    assert client.get(f"/s/{token}").headers["Location"] == "/q/small/"


def test_an_answer_through_the_short_link_carries_the_session(app, client, respondent, session_id):
    code, _token = stored(app, session_id)
    client.get(f"/s/{code.lower()}")
    person = respondent("small")
    person.start()
    person.answer("about", {"who": "uses"})
    person.answer("travel", {"how": ["bus"]})
    person.answer("more", {})
    assert person.submit().status_code == 302
    assert rows(app, "SELECT channel, session_id FROM responses") == [("link", str(session_id))]


def test_a_wrong_code_is_not_found_counted_and_audited(app, client, session_id):
    response = client.get("/s/ZZZZZZZZ")
    assert response.status_code == 404
    assert "We cannot find that code" in response.get_data(as_text=True)
    assert rows(app, "SELECT action, detail FROM audit_log WHERE action = 'wrong short code'") == [
        ("wrong short code", "ZZZZZZZZ")]
    (key,) = rows(app, "SELECT key FROM short_code_misses")[0]
    assert "127.0.0.1" not in key and len(key) == 64


def test_wrong_codes_are_rate_limited_per_address_and_the_long_link_is_not(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, SHORT_CODE_ADDRESS_LIMIT=3)
    session_id = make_session(app, create_staff(app, "lead"))
    code, token = stored(app, session_id)
    client = app.test_client()
    assert [client.get(f"/s/WRONG{n}AA").status_code for n in range(3)] == [404, 404, 404]
    refused = client.get(f"/s/{code}")
    assert refused.status_code == 429
    assert "Too many wrong codes" in refused.get_data(as_text=True)
    assert client.get(f"/s/{token}").status_code == 302
    other = app.test_client()
    assert other.get(f"/s/{code}", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302
    assert len(rows(app, "SELECT * FROM audit_log WHERE action = 'wrong short code'")) == 3


def test_the_join_form_takes_a_typed_code_to_its_link(app, client, session_id):
    code, _token = stored(app, session_id)
    assert client.get("/join").status_code == 200
    assert client.get("/join", query_string={"code": look_alike(code)}).headers["Location"] == f"/s/{code}"
    bad = client.get("/join", query_string={"code": "abc"})
    assert bad.status_code == 400 and "A code is 8 letters and numbers" in bad.get_data(as_text=True)


def test_the_home_page_has_the_form_to_type_a_code(client):
    assert 'action="/join"' in client.get("/").get_data(as_text=True)


def test_poster_session_page_and_kiosk_chooser_show_the_short_link(app, client, staff):
    staff("lead")
    session_id = make_session(app, create_staff(app, "facilitator"), ("small", "small-easyread"))
    code, token = stored(app, session_id)
    short = f"localhost/s/{code}"
    assert short in client.get(f"/staff/sessions/{session_id}/poster").get_data(as_text=True)
    assert f"http://{short}" in client.get(f"/staff/sessions/{session_id}").get_data(as_text=True)
    assert short in client.get(f"/s/{token}/kiosk").get_data(as_text=True)


def test_migration_gives_sessions_made_before_it_a_code(tmp_path):
    import sqlite_utils

    from engage import schema

    db = sqlite_utils.Database(tmp_path / "old.sqlite3")
    for migration in schema.core._migrations:
        if migration.name.startswith("m2400"):
            break
        migration.fn(db)
    db.execute("INSERT INTO sessions (public_token, name, starts_at, ends_at, created_at, updated_at)"
               " VALUES ('t1', 'a', '2026-01-01', '2026-01-02', 'x', 'x'), ('t2', 'b', '2026-01-01', '2026-01-02', 'x', 'x')")
    schema.m2400_short_codes_and_session_polls(db)
    codes = [row[0] for row in db.execute("SELECT short_code FROM sessions").fetchall()]
    assert len(set(codes)) == 2 and all(short_codes.normalise(c) == c for c in codes)
