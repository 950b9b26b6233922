"""The admin pages in a real browser, checked by axe: accounts, the audit log and
deleting responses, with their error and confirmation states."""

from tests.browser.conftest import assert_accessible
from tests.conftest import STAFF_PASSWORD, Respondent, create_staff
from tests.test_respond import complete_small


def sign_in_as_admin(page, live_app):
    create_staff(live_app, "admin")
    page.goto(page.base + "/staff/sign-in")
    page.fill("#email", "admin@council.example")
    page.fill("#password", STAFF_PASSWORD)
    page.click("button:has-text('Sign in')")


def test_sign_in_lockout_message_is_accessible(page, live_app):
    create_staff(live_app, "lead")
    page.goto(page.base + "/staff/sign-in")
    for _ in range(5):
        page.fill("#email", "lead@council.example")
        page.fill("#password", "not the password")
        page.click("button:has-text('Sign in')")
    assert "Too many attempts: try again in 15 minutes" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_account_pages_pass_axe(page, live_app):
    sign_in_as_admin(page, live_app)
    page.click("nav >> text=Accounts")
    assert page.locator("h1").inner_text() == "Staff accounts"
    assert_accessible(page)
    page.click("text=Add an account")
    page.fill("#email", "new.lead@council.example")
    page.get_by_label("Lead", exact=True).check()
    page.fill("#password", "password1234")
    page.click("button:has-text('Add account')")
    assert "most common" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.fill("#password", "a fresh long secret")
    page.click("button:has-text('Add account')")
    assert page.locator("h1").inner_text() == "new.lead@council.example"
    assert "Account created" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    page.fill("#password", "short")
    page.click("button:has-text('Set new password')")
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)
    page.click("button:has-text('Disable account')")
    assert "Account disabled" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)


def test_audit_log_page_passes_axe(page, live_app):
    sign_in_as_admin(page, live_app)
    page.click("nav >> text=Audit log")
    signed_in = page.get_by_role("cell", name="signed in", exact=True)
    signed_in.wait_for()
    assert signed_in.count() == 1
    assert_accessible(page)


def test_delete_responses_pages_pass_axe(page, live_app):
    complete_small(lambda qid: Respondent(live_app.test_client(), qid)).submit()
    sign_in_as_admin(page, live_app)
    page.click("nav >> text=Delete responses")
    assert_accessible(page)
    page.click("button:has-text('Continue')")
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)
    page.select_option("#questionnaire", "small")
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "Check before you delete"
    assert "1 response matches." in page.locator("#count").inner_text()
    assert page.locator(".govuk-warning-text").is_visible()
    assert_accessible(page)
    complete_small(lambda qid: Respondent(live_app.test_client(), qid)).submit()
    page.click("button:has-text('Delete 1 response')")
    assert "nothing was deleted" in page.locator(".govuk-error-summary").inner_text()
    assert "2 responses match." in page.locator("#count").inner_text()
    assert_accessible(page)
    page.click("button:has-text('Delete 2 responses')")
    assert "2 responses deleted" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    page.fill("#before-day", "1")
    page.fill("#before-month", "1")
    page.fill("#before-year", "2999")
    page.click("button:has-text('Continue')")
    assert "No responses match" in page.locator("#count").inner_text()
    assert_accessible(page)
