"""Issue 24's pages in a real browser, at tablet and phone size, axe with colour contrast
on: typing a short code (home page, /join, a wrong code), a session's chooser with a poll,
the rounds page, and paper entry's "completed on" date."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_sessions import sign_in_as
from tests.conftest import create_staff, make_session, rows
from tests.poll_helpers import POLL, open_poll

SIZES = {"tablet": {"width": 768, "height": 1024}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_a_person_types_a_short_code_with_look_alikes_and_reaches_the_session(page, live_app, size):
    page.set_viewport_size(SIZES[size])
    open_poll(live_app)
    session_id = make_session(live_app, create_staff(live_app, "lead"), ("small",), poll_ids=(POLL,))
    code = rows(live_app, "SELECT short_code FROM sessions WHERE id = ?", [session_id])[0][0]
    page.goto(page.base + "/")
    assert_accessible(page)
    page.fill("#code", code.lower().replace("0", "o").replace("1", "l"))
    page.click("button:text('Go')")
    expect(page.locator("h1")).to_have_text("Choose what to answer")
    assert_accessible(page)
    page.screenshot(path=f"/tmp/issue24-chooser-{size}.png", full_page=True)
    page.goto(page.base + "/join")
    assert_accessible(page)
    page.fill("#code", "abc")
    page.click("button:text('Go')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(page.base + "/s/ZZZZZZZZ")
    expect(page.locator("h1")).to_have_text("We cannot find that code")
    assert_accessible(page)


@pytest.mark.parametrize("size", SIZES)
def test_a_lead_sets_a_round_in_the_browser(page, live_app, size):
    page.set_viewport_size(SIZES[size])
    sign_in_as(page, live_app, "lead")
    page.click("text=Rounds")
    expect(page.locator("h1")).to_have_text("Rounds")
    assert_accessible(page)
    page.click("button:text('Save round')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.select_option("#number", "2")
    page.fill("#name", "2027")
    page.fill("#starts-day", "1")
    page.fill("#starts-month", "4")
    page.fill("#starts-year", "2027")
    page.click("button:text('Save round')")
    expect(page.locator("table").first).to_contain_text("1 April 2027")
    assert_accessible(page)
    page.screenshot(path=f"/tmp/issue24-rounds-{size}.png", full_page=True)


def test_paper_entry_with_its_completed_on_date_and_print_links_is_accessible(page, live_app):
    sign_in_as(page, live_app, "facilitator")
    page.goto(page.base + "/staff/paper/")
    assert_accessible(page)
    page.goto(page.base + "/staff/paper/small")
    page.fill("#completed-month", "13")
    page.click("button:text('Save and enter another')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    assert_accessible(page)
