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
    "x" * 70_000, "y" * 300_000, "²", "١٢", "12²", "99999999999999999999999999", "1" * 5000, "9" * 11,
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


# Every other staff form and URL value ({s} is an engagement session id, {p} a poll).
STAFF_FORMS = {
    "/staff/sessions/new": ["name", "venue", "contact", "expected", "questionnaires", "starts-day", "starts-month",
                            "starts-year", "starts-time", "ends-day", "ends-month", "ends-year", "ends-time"],
    "/staff/sessions/{s}/edit": ["name", "venue", "expected", "starts-year", "ends-time"],
    "/staff/sessions/{s}/attendance": ["actual"],
    "/staff/sessions/{s}/close": [],
    "/kiosk/setup?session={s}": ["questionnaire", "pin", "pin_again", "offline", "session"],
    "/staff/paper/?session={s}": ["questionnaire", "session"],
    "/staff/paper/small?session={s}": ["who", "name", "how", "response", "session"],
    "/staff/polls/{p}/open": [], "/staff/polls/{p}/close": [],
    "/staff/polls/{p}/times": ["opens-day", "opens-month", "opens-year", "opens-time", "closes-day", "closes-time"],
    "/staff/polls/{p}/publish": ["note"], "/staff/polls/{p}/unpublish": [],
    "/staff/polls/{p}/live": ["proposal", "scope", "action"],
    "/staff/polls/{p}/tally": ["proposal", "tally", "agree", "disagree", "unsure"],
    "/staff/polls/{p}/tally/{s}/delete": [],
    "/staff/import-answers": ["answers_file"],
}
STAFF_PAGES = {
    "/kiosk/setup": ["session", "questionnaire"], "/staff/paper/": ["session"], "/staff/sessions/{s}": [],
    "/staff/report/": ["questionnaire", "group", "variant", "channel", "session", "date_from", "date_to", "round",
                       "compare_from", "compare_to"],
    "/staff/report/text/small/else": ["search", "page", "session"], "/staff/polls/{p}/": [],
    "/staff/polls/{p}/results": ["session", "channel"], "/staff/polls/{p}/live": [],
}
ids = st.sampled_from(["1", "small-poll", "²", "١٢", "99999999999999999999", "-1", "\x00", "%F0%9F%92%A5"])


@SETTINGS
@given(url=st.sampled_from(sorted(STAFF_FORMS)), data=st.data(), csrf=csrf_choice, session_id=ids, poll_id=ids)
def test_every_staff_form_survives_hostile_posts(world, url, data, csrf, session_id, poll_id):
    app, _, lead = world
    fields = data.draw(form(STAFF_FORMS[url] + ["csrf_token"]))
    client = client_for(app, lead)
    post_and_check(app, client, url.format(s=session_id, p=poll_id), with_csrf(client, fields, csrf))


@SETTINGS
@given(path=st.sampled_from(sorted(STAFF_PAGES)), data=st.data(), session_id=ids, poll_id=ids)
def test_every_staff_page_survives_hostile_url_values(world, path, data, session_id, poll_id):
    app, _, lead = world
    args = data.draw(st.dictionaries(st.sampled_from(STAFF_PAGES[path] or ["x"]), text, max_size=6))
    response = client_for(app, lead).get(path.format(s=session_id, p=poll_id), query_string={k: v[:5000] for k, v in args.items()})
    assert response.status_code < 500, (path, args, response.status_code)


NUMBER_LIKE = [
    ("GET", "/kiosk/setup?session=²", {}), ("GET", "/staff/paper/?session=99999999999999999999", {}),
    ("GET", "/staff/paper/?session=²", {}), ("POST", "/staff/sessions/{s}/attendance", {"actual": "²"}),
    ("POST", "/staff/sessions/new", {"name": "x", "starts-year": "9" * 30, "starts-month": "1", "starts-day": "1"}),
    ("POST", "/staff/polls/small-poll/tally", {"proposal": "buses", "agree": "²"}),
    ("GET", "/staff/report/?session=²", {}), ("GET", "/staff/report/?round=99999999999999999999", {}),
    ("GET", "/staff/report/text/small/else?page=²", {}), ("GET", "/staff/admin/audit?page=99999999999999999999", {}),
]


@pytest.mark.parametrize("method, url, data", NUMBER_LIKE)
def test_staff_values_that_only_look_like_numbers_get_no_500(app, client, staff, method, url, data):
    from tests.conftest import make_session

    session_id = make_session(app, staff("admin"))
    token = csrf_token(client.get("/staff/sign-in"))
    response = client.open(url.format(s=session_id), method=method, data={"csrf_token": token, **data})
    assert response.status_code < 500
