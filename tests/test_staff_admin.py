"""Admins manage accounts in the browser, read and download the audit log, and delete
responses after seeing how many will go."""

import csv
import io

from engage.db import connect
from engage.staff import audit
from tests.conftest import STAFF_PASSWORD, create_staff, csrf_token, make_session, rows, sign_in
from tests.test_respond import complete_small


def post_form(client, page_url, url, data):
    return client.post(url, data={"csrf_token": csrf_token(client.get(page_url)), **data})


def test_admin_creates_an_account_that_can_sign_in(app, client, staff):
    staff("admin")
    response = post_form(client, "/staff/admin/accounts/new", "/staff/admin/accounts/new",
                         {"email": "New.Lead@council.example", "role": "lead", "password": "a fresh long secret"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Account created for new.lead@council.example" in page
    assert "new.lead@council.example" in client.get("/staff/admin/accounts").get_data(as_text=True)
    assert sign_in(app.test_client(), "new.lead@council.example", "a fresh long secret").status_code == 302
    assert rows(app, "SELECT user_email, action, detail FROM audit_log WHERE action = 'account created' AND user_email != ''") == [
        ("admin@council.example", "account created", "new.lead@council.example as lead")
    ]


def test_admin_create_refuses_a_common_password_and_stores_nothing(app, client, staff):
    staff("admin")
    response = post_form(client, "/staff/admin/accounts/new", "/staff/admin/accounts/new",
                         {"email": "x@council.example", "role": "lead", "password": "password1234"})
    assert response.status_code == 400
    assert "most common" in response.get_data(as_text=True)
    assert rows(app, "SELECT count(*) FROM users") == [(1,)]


def test_admin_changes_role_disables_enables_and_resets_password(app, client, staff):
    staff("admin")
    lead = create_staff(app, "lead")
    page = f"/staff/admin/accounts/{lead.id}"
    assert post_form(client, page, f"{page}/role", {"role": "facilitator"}).status_code == 302
    assert post_form(client, page, f"{page}/active", {"active": "no"}).status_code == 302
    assert sign_in(app.test_client(), lead.email).status_code == 400
    assert post_form(client, page, f"{page}/active", {"active": "yes"}).status_code == 302
    assert post_form(client, page, f"{page}/password", {"password": "another long secret"}).status_code == 302
    assert sign_in(app.test_client(), lead.email, "another long secret").status_code == 302
    assert rows(app, "SELECT role, active FROM users WHERE id = ?", [lead.id]) == [("facilitator", 1)]
    actions = [r[0] for r in rows(app, "SELECT action FROM audit_log WHERE user_email = 'admin@council.example' ORDER BY id")]
    assert actions[-4:] == ["role changed", "account disabled", "account enabled", "password reset"]


def test_admin_cannot_disable_themselves(app, client, staff):
    admin = staff("admin")
    page = f"/staff/admin/accounts/{admin.id}"
    response = post_form(client, page, f"{page}/active", {"active": "no"})
    assert response.status_code == 400
    assert "You cannot disable your own account" in response.get_data(as_text=True)
    assert rows(app, "SELECT active FROM users WHERE id = ?", [admin.id]) == [(1,)]


def test_the_last_active_admin_cannot_be_removed(app, runner):
    from engage.staff import accounts as staff_accounts

    admin = create_staff(app, "admin")
    other = create_staff(app, "admin", "other.admin@council.example")
    db = connect(app.config["DATABASE"])
    staff_accounts.set_active(db, other, False, by=admin)
    for change in (lambda: staff_accounts.set_role(db, admin, "lead"), lambda: staff_accounts.set_active(db, admin, False)):
        try:
            change()
            raise AssertionError("the last admin was removed")
        except staff_accounts.AccountError as refused:
            assert "There must always be an active admin" in str(refused)
    db.close()
    result = runner.invoke(args=["users", "disable", "--email", admin.email])
    assert result.exit_code == 1 and result.exception.__class__ is SystemExit
    assert "There must always be an active admin" in result.output


def test_admin_cannot_change_own_role(app, client, staff):
    admin = staff("admin")
    page = f"/staff/admin/accounts/{admin.id}"
    response = post_form(client, page, f"{page}/role", {"role": "lead"})
    assert response.status_code == 400
    assert "You cannot change your own role" in response.get_data(as_text=True)


def test_unknown_account_is_not_found(client, staff):
    staff("admin")
    assert client.get("/staff/admin/accounts/999").status_code == 404
    assert client.get("/staff/admin/accounts/99999999999999999999").status_code == 404


def test_sign_ins_are_audited_without_passwords(app, client):
    create_staff(app, "lead")
    sign_in(client, "lead@council.example", "wrong password here")
    sign_in(client, "nobody@council.example", "wrong password here")
    sign_in(client, "lead@council.example")
    entries = rows(app, "SELECT user_email, action, detail FROM audit_log WHERE action LIKE 'sign%' ORDER BY id")
    assert entries == [
        ("", "sign-in failed", "lead@council.example"),
        ("", "sign-in failed", "unknown email"),
        ("lead@council.example", "signed in", ""),
    ]
    assert not rows(app, "SELECT * FROM audit_log WHERE detail LIKE '%wrong%' OR detail LIKE ?", [f"%{STAFF_PASSWORD}%"])


def test_audit_log_page_lists_newest_first_and_pages(app, client, staff):
    staff("admin")
    db = connect(app.config["DATABASE"])
    for n in range(audit.PAGE_SIZE + 5):
        audit.record(db, None, "test entry", f"number {n}")
    db.close()
    first = client.get("/staff/admin/audit").get_data(as_text=True)
    assert first.index(f"number {audit.PAGE_SIZE + 4}") < first.index(f"number {audit.PAGE_SIZE}")
    assert "number 0<" not in first
    second = client.get("/staff/admin/audit?page=2").get_data(as_text=True)
    assert "number 0<" in second
    assert client.get("/staff/admin/audit?page=99").status_code == 200


def test_audit_csv_downloads_every_entry_and_is_audited_itself(app, client, staff):
    staff("admin")
    db = connect(app.config["DATABASE"])
    audit.record(db, None, "test entry", "=HYPERLINK(\"http://evil.example\")")
    db.close()
    response = client.get("/staff/admin/audit.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == ["at", "user_email", "action", "detail"]
    assert ["test entry", "'=HYPERLINK(\"http://evil.example\")"] in [row[2:] for row in table]
    assert table[-1][1:3] == ["admin@council.example", "download"]


def submitted(app):
    return rows(app, "SELECT count(*) FROM responses")[0][0], rows(app, "SELECT count(*) FROM answers")[0][0]


def test_delete_page_shows_the_count_then_deletes_with_answers(app, client, respondent, staff):
    complete_small(respondent).submit()
    complete_small(respondent).submit()
    staff("admin")
    confirm = client.get("/staff/admin/responses/confirm?questionnaire=small")
    assert "2 responses match." in confirm.get_data(as_text=True)
    assert "cannot be undone" in confirm.get_data(as_text=True)
    assert submitted(app) != (0, 0)
    response = client.post("/staff/admin/responses/delete",
                           data={"csrf_token": csrf_token(confirm), "questionnaire": "small", "count": "2"})
    assert response.status_code == 302
    assert "2 responses deleted" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert submitted(app) == (0, 0)
    assert rows(app, "SELECT user_email, detail FROM audit_log WHERE action = 'responses deleted'") == [
        ("admin@council.example", "2 responses to 'small'")
    ]


def test_delete_page_asks_again_without_a_choice_or_with_a_bad_date(client, staff):
    staff("admin")
    nothing = client.get("/staff/admin/responses/confirm?questionnaire=")
    assert nothing.status_code == 400
    assert "Choose a questionnaire, enter a date, or both" in nothing.get_data(as_text=True)
    bad = client.get("/staff/admin/responses/confirm?before-day=31&before-month=2&before-year=2026")
    assert "Enter a real date" in bad.get_data(as_text=True)


def test_delete_before_a_date_keeps_newer_responses(app, client, respondent, staff):
    complete_small(respondent).submit()
    staff("admin")
    confirm = client.get("/staff/admin/responses/confirm?before-day=1&before-month=1&before-year=2020")
    assert "No responses match" in confirm.get_data(as_text=True)
    assert submitted(app)[0] == 1


def test_delete_refuses_when_the_count_changed_since_confirming(app, client, respondent, staff):
    complete_small(respondent).submit()
    staff("admin")
    confirm = client.get("/staff/admin/responses/confirm?questionnaire=small")
    assert "1 response matches." in confirm.get_data(as_text=True)
    complete_small(respondent).submit()
    response = client.post("/staff/admin/responses/delete",
                           data={"csrf_token": csrf_token(confirm), "questionnaire": "small", "count": "1"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "nothing was deleted" in page and "2 responses match." in page
    assert submitted(app)[0] == 2
    assert rows(app, "SELECT count(*) FROM audit_log WHERE action = 'responses deleted'") == [(0,)]


def test_every_staff_change_is_audited(app, client, staff):
    lead = staff("lead")
    session_id = make_session(app, lead)
    token = csrf_token(client.get("/staff/"))
    assert client.post("/staff/polls/small-poll/open", data={"csrf_token": token}).status_code == 302
    assert client.post(f"/staff/sessions/{session_id}/close", data={"csrf_token": token}).status_code == 302
    assert client.post("/staff/polls/nothing/open", data={"csrf_token": token}).status_code == 404
    assert rows(app, "SELECT user_email, action, detail FROM audit_log WHERE action = 'staff change' ORDER BY id") == [
        ("lead@council.example", "staff change", f"sessions.close session_id={session_id}"),
    ]
    # Opening a poll writes its own entry (its lifecycle: engage/definitions/store.py).
    assert rows(app, "SELECT action, detail FROM audit_log WHERE detail = ? AND user_email = ?", ["'small-poll'", lead.email]) == [("opening times changed", "'small-poll'")]
    client.post("/staff/sign-out", data={"csrf_token": token})
    assert rows(app, "SELECT count(*) FROM audit_log WHERE action = 'staff change'") == [(1,)]  # sign-out has its own entry
