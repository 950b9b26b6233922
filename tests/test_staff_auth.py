"""Staff sign in with an account; respondents never do."""

import time

import pytest

from tests.conftest import STAFF_PASSWORD, create_staff, csrf_token, sign_in
from tests.test_respond import complete_small


def test_staff_home_needs_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/sign-in?next=/staff/"


def test_sign_in_goes_to_next_page(app, client):
    create_staff(app, "lead")
    page = client.get("/staff/sign-in?next=/staff/")
    response = client.post(
        "/staff/sign-in?next=/staff/",
        data={"csrf_token": csrf_token(page), "email": "LEAD@council.example ", "password": STAFF_PASSWORD},
    )
    assert response.headers["Location"] == "/staff/"


def test_sign_in_never_redirects_off_site(app, client):
    create_staff(app, "lead")
    page = client.get("/staff/sign-in")
    response = client.post(
        "/staff/sign-in?next=//evil.example/",
        data={"csrf_token": csrf_token(page), "email": "lead@council.example", "password": STAFF_PASSWORD},
    )
    assert response.headers["Location"] == "/staff/"


def test_wrong_password_is_refused_with_a_message(app, client):
    create_staff(app, "lead")
    response = sign_in(client, "lead@council.example", "wrong password here")
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_disabled_account_cannot_sign_in(app, runner, client):
    create_staff(app, "lead")
    assert runner.invoke(args=["users", "disable", "--email", "lead@council.example"]).exit_code == 0
    assert sign_in(client, "lead@council.example").status_code == 400


def test_dashboard_counts_responses(app, client, respondent, staff):
    complete_small(respondent).submit()
    staff("facilitator")
    page = client.get("/staff/").get_data(as_text=True)
    assert "A small questionnaire" in page
    assert page.count('<td class="govuk-table__cell govuk-table__cell--numeric">1</td>') == 2


ANSWERS = "/staff/report/text/small/else"


def signed_in_with_answers(client, respondent, staff, role="lead"):
    """Sign in with a written answer stored; (the user, a copy of the session cookie)."""
    complete_small(respondent).submit()
    user = staff(role)
    assert "More buses please" in client.get(ANSWERS).get_data(as_text=True)
    return user, client.get_cookie("session").value


def copied(app, cookie):
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def shows_no_answers(response):
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/sign-in?next={ANSWERS}"
    assert "More buses please" not in response.get_data(as_text=True)
    return True


def test_sign_out_ends_the_session(app, client, respondent, staff):
    _, cookie = signed_in_with_answers(client, respondent, staff)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/"))})
    response = client.get("/staff/")
    assert response.headers["Location"] == "/staff/sign-in?next=/staff/"
    assert shows_no_answers(copied(app, cookie).get(ANSWERS))


def test_session_expires_after_inactivity(app, client, respondent, staff, monkeypatch):
    _, cookie = signed_in_with_answers(client, respondent, staff)
    later = time.time() + app.config["STAFF_IDLE_MINUTES"] * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert shows_no_answers(copied(app, cookie).get(ANSWERS))
    assert "You were signed out" in client.get("/staff/sign-in").get_data(as_text=True)


def test_session_ends_after_its_lifetime_however_busy(app, client, respondent, staff, monkeypatch):
    _, cookie = signed_in_with_answers(client, respondent, staff)
    start, step = time.time(), app.config["STAFF_IDLE_MINUTES"] * 60 - 60
    steps = app.config["STAFF_SESSION_HOURS"] * 3600 // step
    for n in range(1, steps + 1):
        monkeypatch.setattr(time, "time", lambda n=n: start + n * step)
        assert client.get("/staff/").status_code == 200
    monkeypatch.setattr(time, "time", lambda: start + app.config["STAFF_SESSION_HOURS"] * 3600 + 1)
    assert shows_no_answers(client.get(ANSWERS))
    assert shows_no_answers(copied(app, cookie).get(ANSWERS))


def test_password_reset_and_disable_end_the_persons_sessions(app, client, respondent, staff):
    from engage.db import connect
    from engage.staff import accounts as staff_accounts

    lead, cookie = signed_in_with_answers(client, respondent, staff)
    db = connect(app.config["DATABASE"])
    staff_accounts.set_password(db, lead, "a brand new password")
    assert shows_no_answers(copied(app, cookie).get(ANSWERS))
    other = app.test_client()
    sign_in(other, lead.email, "a brand new password")
    cookie = other.get_cookie("session").value
    staff_accounts.set_active(db, lead, False)
    db.close()
    assert shows_no_answers(copied(app, cookie).get(ANSWERS))


def test_each_sign_in_gets_a_new_session_id_and_ends_the_old(app, client, respondent, staff):
    lead, cookie = signed_in_with_answers(client, respondent, staff)
    sign_in(client, lead.email)
    assert client.get_cookie("session").value != cookie
    assert "More buses please" in client.get(ANSWERS).get_data(as_text=True)
    assert shows_no_answers(copied(app, cookie).get(ANSWERS))


def test_a_session_made_up_in_the_cookie_opens_nothing(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {"id": create_staff(app, "lead").id, "seen": int(time.time()), "sid": "made-up"}
    assert shows_no_answers(client.get(ANSWERS))


def test_the_database_holds_no_usable_session_id(app, client, staff):
    from tests.conftest import rows

    staff("lead")
    [(stored,)] = rows(app, "SELECT id_hash FROM staff_sessions")
    cookie_copy = copied(app, client.get_cookie("session").value)
    with cookie_copy.session_transaction() as session:
        session["staff"] = {"sid": stored}
    assert cookie_copy.get("/staff/").status_code == 302


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "/%09/example.invalid", "/\\example.invalid", "/%5Cevil.example", "https://evil.example/",
     "%2F%2Fevil.example", "/%0d%0a/evil.example", "javascript:alert(1)", "///evil.example"],
)
def test_sign_in_redirects_only_to_local_paths(app, client, target):
    create_staff(app, "lead")
    page = client.get("/staff/sign-in")
    response = client.post(
        f"/staff/sign-in?next={target}",
        data={"csrf_token": csrf_token(page), "email": "lead@council.example", "password": STAFF_PASSWORD},
    )
    assert response.headers["Location"] == "/staff/"


def test_cli_creates_account_and_refuses_short_password(runner):
    ok = runner.invoke(args=["users", "create", "--email", "a@council.example", "--role", "admin", "--password", "long enough password"])
    assert ok.exit_code == 0, ok.output
    short = runner.invoke(args=["users", "create", "--email", "b@council.example", "--role", "admin", "--password", "short"])
    assert short.exit_code == 1
    assert "Use a password of at least 12 characters" in short.output


def test_cli_prompts_for_password(runner, client):
    result = runner.invoke(
        args=["users", "create", "--email", "c@council.example", "--role", "lead"],
        input="prompted password 1\nprompted password 1\n",
    )
    assert result.exit_code == 0, result.output
    assert sign_in(client, "c@council.example", "prompted password 1").status_code == 302
