"""Polls in a real browser: every poll page passes axe; the live screen's counts change
after Reveal when someone votes from another browser, without the page reloading.
Screenshots go to /tmp/issue7-*.png for a person to look at."""

from playwright.sync_api import expect

from engage.polls import live as poll_live
from tests.browser.conftest import PHONE, TABLET, assert_accessible
from tests.conftest import STAFF_PASSWORD, create_staff
from tests.poll_helpers import POLL, close_poll, lead_id, open_poll, with_db


def sign_in(page, email):
    page.goto(page.base + "/staff/sign-in")
    page.fill("#email", email)
    page.fill("#password", STAFF_PASSWORD)
    page.click("button[type=submit]")


def test_easy_read_vote_summary_and_thanks_pass_axe(page, live_app):
    open_poll(live_app)
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/")
    page.click("text=Easy read: Our small poll")
    assert_accessible(page)
    page.click("text=Start")
    assert page.locator("h1").inner_text() == "Have more buses to day centres."
    assert_accessible(page)
    page.screenshot(path="/tmp/issue7-easyread-vote.png", full_page=True)
    page.click("text=I agree")
    page.fill("#comment", "Buses every hour please")
    page.click("button:has-text('Next')")
    page.click("button:has-text('Skip this idea')")
    page.click("text=I disagree")
    page.click("button:has-text('Next')")
    assert page.locator("h1").inner_text() == "Check your votes"
    assert page.locator("text=Skipped").count() == 1
    assert_accessible(page)
    page.click("text=Send my votes")
    assert page.locator("h1").inner_text().startswith("Thank you")
    assert_accessible(page)


def test_standard_vote_error_and_closed_pages_pass_axe(page, live_app):
    open_poll(live_app)
    page.goto(page.base + f"/p/{POLL}/")
    assert_accessible(page)
    page.click("text=Start now")
    assert page.locator("h1").inner_text() == "A small poll"
    page.check("#vote-buses")
    page.fill("#comment-taxis", "x" * 1001)
    page.click("button:has-text('Continue')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/issue7-standard-vote.png", full_page=True)
    page.fill("#comment-taxis", "Only if they are on time")
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "Check your votes before sending them"
    assert_accessible(page)
    close_poll(live_app)
    page.goto(page.base + f"/p/{POLL}/all")
    assert page.locator("h1").inner_text() == "This poll is closed"
    assert_accessible(page)


def test_live_screen_updates_after_reveal_without_reloading(browser, live_server, live_app):
    open_poll(live_app)
    create_staff(live_app, "facilitator")
    screen = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    screen.base = live_server.url
    sign_in(screen, "facilitator@council.example")
    screen.goto(screen.base + f"/staff/polls/{POLL}/live")
    assert screen.locator("[data-count='buses:agree']").inner_text() == "?"
    assert_accessible(screen)
    screen.click("button:has-text('Reveal')")
    assert screen.locator("[data-count='buses:agree']").inner_text() == "0"
    screen.evaluate("window.stillTheSamePage = true")

    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(live_server.url + f"/p/{POLL}/easy-read")
    phone.click("text=Start")
    phone.click("text=I agree")
    phone.click("button:has-text('Next')")

    expect(screen.locator("[data-count='buses:agree']")).to_have_text("1", timeout=10000)
    assert screen.evaluate("window.stillTheSamePage") is True
    assert screen.locator("[data-total='buses']").inner_text() == "1"
    assert screen.locator("[data-agree='buses']").inner_text() == "100%"
    assert_accessible(screen)
    screen.screenshot(path="/tmp/issue7-live.png", full_page=False)
    screen.click("button:has-text('Show the whole priority')")
    assert screen.locator("h1").inner_text() == "Travel"
    assert screen.locator("[data-count='taxis:agree']").inner_text() == "?"
    assert_accessible(screen)
    screen.screenshot(path="/tmp/issue7-live-priority.png", full_page=True)
    screen.context.close()
    phone.context.close()


def test_results_and_public_results_pass_axe(page, live_app):
    open_poll(live_app)
    poll = live_app.extensions["engage.polls"].get(POLL)
    user = lead_id(live_app)
    with_db(live_app, lambda db: poll_live.record_tally(
        db, poll, "buses", {"agree": 14, "not_sure": 5, "disagree": 2}, user, poll_live.new_tally_uuid()))
    create_staff(live_app, "lead", "results-lead@council.example")
    sign_in(page, "results-lead@council.example")
    page.goto(page.base + f"/staff/polls/{POLL}/results")
    assert page.locator("[data-cell='buses:total']").inner_text() == "21"
    assert_accessible(page)
    page.screenshot(path="/tmp/issue7-results.png", full_page=True)
    page.goto(page.base + f"/staff/polls/{POLL}/")
    page.fill("#next_steps", "The council's board will decide in March.\n\nWe will send you an easy read letter.")
    page.click("text=Publish the results")
    assert_accessible(page)
    page.goto(page.base + "/staff/polls/")
    assert_accessible(page)
    page.goto(page.base + f"/p/{POLL}/results")
    assert "67% agree" in page.locator("main").inner_text()
    assert_accessible(page)
    page.set_viewport_size(TABLET)
    page.goto(page.base + f"/p/{POLL}/results/easy-read")
    assert "14 out of 21 people agreed." in page.locator("main").inner_text()
    assert_accessible(page)
    page.screenshot(path="/tmp/issue7-public-results.png", full_page=True)


def test_voting_works_with_javascript_off(browser, live_server, live_app):
    open_poll(live_app)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + f"/p/{POLL}/easy-read")
    page.click("text=Start")
    page.click("text=I am not sure")
    page.click("button:has-text('Next')")
    page.click("button:has-text('Skip this idea')")
    page.click("button:has-text('Skip this idea')")
    page.click("text=Send my votes")
    assert page.locator("h1").inner_text().startswith("Thank you")
    votes = with_db(live_app, lambda db: db.execute(
        "SELECT v.proposal_id, v.option_id FROM votes v JOIN ballots b ON b.uuid = v.ballot_uuid WHERE b.submitted_at IS NOT NULL").fetchall())
    assert votes == [("buses", "not_sure")]
    context.close()
