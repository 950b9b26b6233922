"""Staff sign in with an account; respondents never do."""

import time

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


def test_sign_out_ends_the_session(client, staff):
    staff("lead")
    page = client.get("/staff/")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(page)})
    assert client.get("/staff/").status_code == 302


def test_session_expires_after_inactivity(app, client, staff, monkeypatch):
    staff("lead")
    later = time.time() + app.config["STAFF_IDLE_MINUTES"] * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/staff/").status_code == 302


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
