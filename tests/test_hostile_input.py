"""Property tests: malformed, oversized and hostile input (unicode, null bytes, huge
fields, wrong types, missing or bad CSRF tokens, unknown ids) thrown at every respondent
and staff form. Never a 500, and a refused request stores nothing.

`audit_log` and `sign_in_attempts` are left out of "stores nothing": a refused sign-in is
recorded there on purpose."""

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import create_staff, csrf_token, make_app
from tests.conftest import signed_in_client as client_for

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
RECORDED_ON_PURPOSE = {"audit_log", "sign_in_attempts"}

NASTY = [
    "", "\x00", "a\x00b", "\u202e\u0000\ufeff", "💥" * 500, "<script>alert(1)</script>", "'; DROP TABLE responses; --",
    "../../etc/passwd", "-1", "0", "9" * 40, "1e309", "NaN", "true", "{}", "[]", "%00", "\r\nSet-Cookie: x=y",
    "x" * 70_000, "y" * 300_000,
]
text = st.one_of(st.text(max_size=40), st.sampled_from(NASTY))
value = st.one_of(text, st.lists(text, max_size=4))  # a list is a repeated field: the wrong type for most


def form(known_fields):
    names = st.one_of(st.sampled_from(known_fields), st.text(max_size=12))
    return st.dictionaries(names, value, max_size=8)


csrf_choice = st.sampled_from(["valid", "missing", "wrong"])


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("hostile"))
    return app, create_staff(app, "admin"), create_staff(app, "lead")


def snapshot(app):
    conn = sqlite3.connect(app.config["DATABASE"])
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if r[0] not in RECORDED_ON_PURPOSE]
    contents = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    conn.close()
    return contents


def with_csrf(client, data, choice, page="/staff/sign-in"):
    """The token is the session's, whichever page it is read from; sign-in always has one."""
    data = dict(data)
    if choice == "valid":
        data["csrf_token"] = csrf_token(client.get(page))
    elif choice == "wrong":
        data["csrf_token"] = "not-a-token"
    else:
        data.pop("csrf_token", None)
    return data


def post_and_check(app, client, url, data):
    before = snapshot(app)
    response = client.post(url, data=data)
    assert response.status_code < 500, (url, response.status_code)
    if response.status_code >= 400:
        assert snapshot(app) == before, (url, response.status_code)
    return response


def started(app, questionnaire_id="small"):
    """A respondent client part-way through, and its response id."""
    client = app.test_client()
    page = client.get(f"/q/{questionnaire_id}/")
    client.post(f"/q/{questionnaire_id}/start", data={"csrf_token": csrf_token(page)})
    with client.session_transaction() as session:
        return client, session["drafts"][questionnaire_id]


@SETTINGS
@given(page_id=st.sampled_from(["about", "travel", "carers", "more", "nope", "\x00", "💥"]),
       data=form(["who", "name", "how", "break", "else", "response", "change", "csrf_token"]), csrf=csrf_choice,
       own_response=st.booleans())
def test_respondent_pages_survive_hostile_posts(world, page_id, data, csrf, own_response):
    app = world[0]
    client, response_uuid = started(app)
    if own_response:
        data = {**data, "response": response_uuid}
    post_and_check(app, client, f"/q/small/{page_id}", with_csrf(client, data, csrf, "/q/small/"))


@SETTINGS
@given(questionnaire_id=st.sampled_from(["small", "small-easyread", "nope", "\x00", "a" * 2000]),
       action=st.sampled_from(["start", "submit", "check", "done"]),
       data=form(["response", "restart", "csrf_token"]), csrf=csrf_choice)
def test_start_and_submit_survive_hostile_posts_and_unknown_ids(world, questionnaire_id, action, data, csrf):
    app = world[0]
    client, _ = started(app)
    post_and_check(app, client, f"/q/{questionnaire_id}/{action}", with_csrf(client, data, csrf, "/q/small/"))


@SETTINGS
@given(data=form(["email", "password", "csrf_token"]), csrf=csrf_choice, next_url=text)
def test_sign_in_survives_hostile_posts(world, data, csrf, next_url):
    app = world[0]
    client = client_for(app)
    response = post_and_check(app, client, "/staff/sign-in?" + "next=" + next_url[:200], with_csrf(client, data, csrf))
    assert response.status_code in (400, 413, 429), response.status_code


ADMIN_FORMS = {
    "/staff/admin/accounts/new": ["email", "role", "password"],
    "/staff/admin/accounts/{id}/role": ["role"],
    "/staff/admin/accounts/{id}/active": ["active"],
    "/staff/admin/accounts/{id}/password": ["password"],
    "/staff/admin/responses/delete": ["questionnaire", "before-day", "before-month", "before-year", "count"],
    "/staff/sign-out": [],
}


@SETTINGS
@given(url=st.sampled_from(sorted(ADMIN_FORMS)), data=st.data(), csrf=csrf_choice,
       target=st.sampled_from(["admin", "lead", "999999", "99999999999999999999", "-1"]), as_role=st.sampled_from(["admin", "lead"]))
def test_staff_forms_survive_hostile_posts_and_unknown_ids(world, url, data, csrf, target, as_role):
    app, admin, lead = world
    user_id = {"admin": admin.id, "lead": lead.id}.get(target, target)
    fields = data.draw(form(ADMIN_FORMS[url] + ["csrf_token"]))
    client = client_for(app, admin if as_role == "admin" else lead)
    post_and_check(app, client, url.format(id=user_id), with_csrf(client, fields, csrf))


@SETTINGS
@given(args=st.dictionaries(st.sampled_from(["questionnaire", "before-day", "before-month", "before-year", "page"]), text, max_size=5),
       path=st.sampled_from(["/staff/admin/responses/confirm", "/staff/admin/responses", "/staff/admin/audit"]))
def test_staff_pages_survive_hostile_query_strings(world, args, path):
    app, admin, _ = world
    response = client_for(app, admin).get(path, query_string={k: v[:5000] for k, v in args.items()})
    assert response.status_code in (200, 400), response.status_code
