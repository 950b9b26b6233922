"""Passwords people guess are refused, and guessing sign-ins gets locked out."""

import time

import pytest

from engage.db import connect
from engage.staff import accounts as staff_accounts
from tests.conftest import STAFF_PASSWORD, create_staff, make_app, sign_in


@pytest.mark.parametrize("password", ["password1234", "Qwertyuiop123", "iloveyou123456", "football2025", "p@ssw0rd1234"])
def test_common_passwords_are_refused_with_a_message(password):
    assert staff_accounts.password_problem(password) == "That password is one of the most common and easy to guess: choose another"


def test_common_password_list_holds_thousands_lower_cased():
    words = staff_accounts.common_passwords()
    assert len(words) > 3000
    assert all(word == word.lower() for word in words)


def test_password_containing_the_email_name_is_refused():
    assert staff_accounts.password_problem("Jo.Bloggs-long-secret", "jo.bloggs@council.example") == (
        "Do not use your email address in your password"
    )
    assert staff_accounts.password_problem("a long unusual phrase", "jo.bloggs@council.example") is None


def test_cli_refuses_a_common_password(runner):
    result = runner.invoke(args=["users", "create", "--email", "x@council.example", "--role", "lead", "--password", "password1234"])
    assert result.exit_code == 1
    assert "most common" in result.output


def failures(client, email, count):
    return [sign_in(client, email, "not the password").status_code for _ in range(count)]


def test_five_wrong_passwords_lock_the_account_with_a_message(app, client):
    create_staff(app, "lead")
    assert failures(client, "lead@council.example", 4) == [400] * 4
    locked = sign_in(client, "lead@council.example", "not the password")
    assert locked.status_code == 429
    assert "Too many attempts: try again in 15 minutes" in locked.get_data(as_text=True)
    right_password = sign_in(client, "lead@council.example")
    assert right_password.status_code == 429
    assert client.get("/staff/").status_code == 302


def test_lock_lifts_after_the_window(app, client, monkeypatch):
    create_staff(app, "lead")
    failures(client, "lead@council.example", 5)
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert sign_in(client, "lead@council.example").status_code == 302


def test_lock_shows_minutes_left(app, client, monkeypatch):
    create_staff(app, "lead")
    failures(client, "lead@council.example", 5)
    later = time.time() + 10 * 60 + 30
    monkeypatch.setattr(time, "time", lambda: later)
    assert "try again in 5 minutes" in sign_in(client, "lead@council.example").get_data(as_text=True)


def test_one_address_is_limited_across_accounts(tmp_path):
    app = make_app(tmp_path, SIGN_IN_ADDRESS_LIMIT=6)
    client = app.test_client()
    create_staff(app, "lead")
    for n in range(5):
        assert sign_in(client, f"guess{n}@council.example", "not the password").status_code == 400
    assert sign_in(client, "guess5@council.example", "not the password").status_code == 429
    assert sign_in(client, "lead@council.example").status_code == 429
    other_address = app.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert sign_in(other_address, "lead@council.example").status_code == 302


def test_success_resets_the_account_count(app, client):
    create_staff(app, "lead")
    failures(client, "lead@council.example", 4)
    assert sign_in(client, "lead@council.example").status_code == 302
    assert failures(client, "lead@council.example", 4) == [400] * 4


def test_attempts_table_holds_no_address_or_email(app, client):
    create_staff(app, "lead")
    failures(client, "lead@council.example", 2)
    db = connect(app.config["DATABASE"])
    keys = [row[0] for row in db.execute("SELECT key FROM sign_in_attempts")]
    db.close()
    assert len(keys) == 4
    assert not any("127.0.0.1" in key or "lead" in key for key in keys)


def test_old_attempts_are_purged(app, client, monkeypatch):
    create_staff(app, "lead")
    failures(client, "lead@council.example", 3)
    later = time.time() + 16 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    sign_in(client, "lead@council.example")
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT count(*) FROM sign_in_attempts").fetchone()[0] == 0
    db.close()


def test_test_password_is_not_common():
    assert staff_accounts.password_problem(STAFF_PASSWORD) is None
