"""Sessions, the poster and paper entry in a real browser: axe on every page, the poster
printed to PDF on one A4 page, and screenshots to /tmp/issue6-*.png for a human look."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import STAFF_PASSWORD, create_staff


def sign_in_as(page, app, role):
    user = create_staff(app, role)
    page.goto(page.base + "/staff/sign-in")
    page.fill("#email", user.email)
    page.fill("#password", STAFF_PASSWORD)
    page.click("button:text('Sign in')")
    expect(page.locator("h1")).to_have_text("Dashboard")


def fill_session(page):
    page.fill("#name", "Day opportunities: Poole drop-in")
    page.fill("#venue", "Poole Library, Dolphin Centre, Poole BH15 1QE")
    page.fill("#starts-day", "1")
    page.fill("#starts-month", "12")
    page.fill("#starts-year", "2030")
    page.fill("#starts-time", "10:00")
    page.fill("#ends-day", "1")
    page.fill("#ends-month", "12")
    page.fill("#ends-year", "2030")
    page.fill("#ends-time", "14:30")
    page.check("input[value='small']")
    page.check("input[value='small-easyread']")
    page.fill("#expected", "20")
    page.fill("#contact", "Call Sam Smith on 01202 123456, or ask at the library desk.")


def pdf_pages(pdf):
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_lead_sets_up_a_session_and_prints_its_poster_with_no_axe_violations(page, live_app):
    sign_in_as(page, live_app, "lead")
    page.goto(page.base + "/staff/sessions/")
    assert_accessible(page)
    page.click("text=Create a session")
    page.click("button:text('Create session')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/issue6-form.png", full_page=True)
    fill_session(page)
    page.click("button:text('Create session')")
    expect(page.locator("h1")).to_have_text("Day opportunities: Poole drop-in")
    assert_accessible(page)
    page.screenshot(path="/tmp/issue6-session.png", full_page=True)
    page.click("text=All sessions")
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)
    page.go_back()
    page.click("a[href$='/attendance']")
    page.click("button:text('Save attendance')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.fill("#actual", "17")
    page.click("button:text('Save attendance')")
    page.click("text=Edit session")
    expect(page.locator("h1")).to_have_text("Edit Day opportunities: Poole drop-in")
    assert_accessible(page)
    page.go_back()
    page.click("text=Printable A4 poster and handout")
    qr = page.locator("img.poster__qr-image")
    expect(qr).to_have_js_property("complete", True)  # wait for it: the click does not wait for images
    assert qr.evaluate("img => img.naturalWidth > 0")
    assert_accessible(page)
    page.screenshot(path="/tmp/issue6-poster.png", full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/issue6-poster-print.png", full_page=True)
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    Path("/tmp/issue6-poster.pdf").write_bytes(pdf)
    assert pdf_pages(pdf) == 1


def test_public_link_chooser_kiosk_and_finished_pages_have_no_axe_violations(page, live_app):
    sign_in_as(page, live_app, "lead")
    page.goto(page.base + "/staff/sessions/new")
    fill_session(page)
    page.click("button:text('Create session')")
    public = page.locator(".session-link a").first.get_attribute("href")
    kiosk = page.locator(".session-link a").nth(1).get_attribute("href")
    session_page = page.url
    page.goto(kiosk)
    expect(page.locator(".session-card")).to_have_count(2)
    assert_accessible(page)
    page.screenshot(path="/tmp/issue6-kiosk.png", full_page=True)
    page.goto(public + "?via=qr")
    assert_accessible(page)
    page.click("text=A small questionnaire")
    page.click("text=Start now")
    expect(page.locator("h1")).to_have_text("About you")
    page.goto(session_page)
    page.click("button:text('Close this session now')")
    expect(page.locator(".govuk-tag")).to_have_text("Finished")
    assert_accessible(page)
    page.goto(public)
    expect(page.locator("h1")).to_have_text("This session has finished")
    assert_accessible(page)
    page.screenshot(path="/tmp/issue6-finished.png", full_page=True)


def test_facilitator_keys_in_a_pile_of_paper_copies_with_no_axe_violations(page, live_app):
    sign_in_as(page, live_app, "facilitator")
    page.goto(page.base + "/staff/paper/")
    assert_accessible(page)
    page.click("button:text('Start entering')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.check("text=A small questionnaire")
    page.click("button:text('Start entering')")
    expect(page.locator(".paper-banner__title")).to_have_text("You are entering a paper questionnaire")
    page.check("input[name='who'][value='uses']")
    page.check("input[name='break'][value='some']")
    page.check("input[name='how'][value='bus']")
    page.click("button:text('Save and enter another')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.click("button:text('Save and enter another')")
    expect(page.locator(".paper-banner")).to_contain_text("1 entered with no session")
    assert_accessible(page)
    page.screenshot(path="/tmp/issue6-paper.png", full_page=True)


def test_poster_with_the_longest_details_allowed_still_prints_on_one_a4_page(page, live_app):
    from engage.db import connect
    from engage.sessions import model as sessions

    db = connect(live_app.config["DATABASE"])
    details = sessions.Details(
        name=("Day opportunities review: " + "drop-in and coffee morning " * 4)[:100],
        starts_at="2030-12-01T10:00:00.000000Z", ends_at="2030-12-02T14:30:00.000000Z",
        venue=("The Community Hall, " * 10)[:150], expected_attendance=None,
        contact=("Call Sam Smith on 01202 123456 or email engagement@council.example. " * 8)[:250],
        questionnaire_ids=("small",),
    )
    assert (len(details.name), len(details.venue), len(details.contact)) == (100, 150, 250)  # the most the form accepts
    session_id = sessions.create(db, details, None)
    db.close()
    sign_in_as(page, live_app, "facilitator")
    page.goto(f"{page.base}/staff/sessions/{session_id}/poster")
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/issue6-poster-longest.png", full_page=True)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    Path("/tmp/issue6-poster-longest.pdf").write_bytes(pdf)
    assert pdf_pages(pdf) == 1
