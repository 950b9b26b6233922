"""Kiosk mode on a shared tablet in a real browser: axe on its screens, nobody reaches the
last person's answers by back button or history, and the idle timer discards a draft.

Timers run on Playwright's fake clock, paused at a fixed time: they fire only when a test
advances it (`run_for`), never on real time, so a slow machine cannot time a screen out."""

import datetime
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from engage.db import connect
from tests.browser.conftest import PHONE, REAL_TIMERS, TABLET, LiveServer, assert_accessible
from tests.browser.journeys import CATALOGUE, SECRET, SURVEYS, Respondent, check_easyread_screen, path_of
from tests.conftest import STAFF_PASSWORD, create_staff, make_app

PIN = "4321"
IDLE, GRACE, THANKS = 5, 3, 4
CLOCK_START = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def kiosk_server(tmp_path):
    app = make_app(tmp_path, surveys_dir=SURVEYS, SEND_FILE_MAX_AGE_DEFAULT=3600,
                   KIOSK_IDLE_SECONDS=IDLE, KIOSK_IDLE_GRACE_SECONDS=GRACE, KIOSK_THANKS_SECONDS=THANKS)
    create_staff(app, "facilitator")
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture
def tablet(browser, kiosk_server):
    contexts = []

    def opened(viewport=TABLET, javascript=True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        if javascript:
            context.add_init_script(REAL_TIMERS)
            page.clock.install(time=CLOCK_START)
            # a minute on, so a slow machine never asks to pause in the past
            page.clock.pause_at(CLOCK_START + datetime.timedelta(minutes=1))
        page.base = kiosk_server.url
        return page

    yield opened
    for context in contexts:
        context.close()


def query(server, sql):
    db = connect(server.app.config["DATABASE"])
    try:
        return [tuple(row) for row in db.execute(sql).fetchall()]
    finally:
        db.close()


def open_kiosk(page, title, axe=False):
    page.goto(page.base + "/staff/sign-in")
    page.get_by_label("Email address").fill("facilitator@council.example")
    page.locator("#password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(page.base + "/kiosk/setup")
    if axe:  # the error state (a POST answered with a page, which "back" cannot show again)
        page.get_by_role("button", name="Start kiosk mode").click()
        assert page.locator(".govuk-error-summary").is_visible()
        assert_accessible(page)
    page.get_by_label(title, exact=True).check()
    page.get_by_label("Facilitator PIN").fill(PIN)
    page.get_by_label("Enter the PIN again").fill(PIN)
    page.get_by_role("button", name="Start kiosk mode").click()
    assert path_of(page) == "/kiosk/"


LINKS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"
KIOSK_PATHS = ("/kiosk/", "/accessibility", "/credits", "/q/")


def assert_no_link_out(page):
    """A kiosk tablet never links outside the kiosk: only its own screens and the two about pages."""
    for href in page.evaluate(LINKS):
        parsed = urlparse(href)
        assert href.startswith(page.base) or parsed.fragment and parsed.path == urlparse(page.url).path, (page.url, href)
        assert parsed.path.startswith(KIOSK_PATHS) or parsed.path == urlparse(page.url).path, (page.url, href)


def press_start(page):
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_load_state()


def test_kiosk_second_person_cannot_reach_the_first_persons_answers(tablet, kiosk_server):
    page = tablet()
    open_kiosk(page, "Day opportunities: views of staff and providers")
    assert_accessible(page)
    assert_no_link_out(page)
    press_start(page)
    assert_no_link_out(page)
    first = Respondent(page, "group2-standard", axe=False, choice=0, show_error=False)
    first.answer_all()
    assert_accessible(page)  # check answers, with the staff-help card
    assert_no_link_out(page)
    page.locator('label[for="helped_by_staff"]').click()
    assert page.locator("#helped_by_staff").is_checked()
    page.get_by_role("button", name="Send my answers").click()
    assert page.locator("h1").inner_text() == "Thank you"
    # kiosk.js shows the countdown once it runs: wait for it rather than look once
    expect(page.get_by_text(f"This screen goes back to the start in {THANKS} seconds")).to_be_visible()
    assert_accessible(page)
    assert_no_link_out(page)
    page.clock.run_for(THANKS * 1000)
    page.wait_for_url("**/kiosk/")
    for _ in range(len(first.visited) + 2):
        page.go_back()
        assert SECRET not in page.content(), page.url
        assert page.locator("input:checked").count() == 0, page.url
        assert path_of(page) in ("/kiosk/", "/staff/sign-in"), page.url
    page.goto(page.base + "/q/group2-standard/check")
    assert path_of(page) == "/kiosk/"
    assert query(kiosk_server, "SELECT channel, helped_by_staff FROM responses") == [("kiosk", 1)]
    assert query(kiosk_server, "SELECT count(*) FROM drafts") == [(0,)]


def test_kiosk_next_person_button_returns_to_a_fresh_start(tablet, kiosk_server):
    page = tablet(PHONE)
    open_kiosk(page, "Day opportunities: tell us what matters to you")
    press_start(page)
    Respondent(page, "group1-standard", axe=False, choice=0).answer_all()
    page.get_by_role("button", name="Send my answers").click()
    assert_accessible(page)
    check_easyread_screen(page)
    page.get_by_role("link", name="Next person").click()
    page.wait_for_url("**/kiosk/")
    assert_accessible(page)
    check_easyread_screen(page)
    page.go_back()
    assert path_of(page) == "/kiosk/" and SECRET not in page.content()
    assert query(kiosk_server, "SELECT channel, helped_by_staff FROM responses") == [("kiosk", 0)]


def test_kiosk_works_with_javascript_off(tablet, kiosk_server):
    page = tablet(PHONE, javascript=False)
    open_kiosk(page, "Day opportunities: views of staff and providers")
    press_start(page)
    Respondent(page, "group2-standard", axe=False, choice=0, show_error=False).answer_all()
    page.get_by_role("button", name="Send my answers").click()
    assert page.locator("h1").inner_text() == "Thank you"
    assert not page.get_by_text("This screen goes back to the start").is_visible()
    page.get_by_role("link", name="Next person").click()
    assert path_of(page) == "/kiosk/"
    assert query(kiosk_server, "SELECT channel FROM responses") == [("kiosk",)]


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_kiosk_idle_asks_are_you_still_there_then_discards_the_draft(tablet, kiosk_server, viewport):
    page = tablet(viewport)
    open_kiosk(page, "Day activities: tell us what you think (easy read)")
    press_start(page)
    page.locator(".er-option").first.click()
    page.get_by_role("button", name="Next").click()
    page.wait_for_load_state()
    dialog = page.get_by_role("dialog", name="Are you still there?")
    page.clock.run_for(IDLE * 1000 - 500)
    assert not dialog.is_visible()
    page.clock.run_for(1000)
    assert dialog.is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, carry on").click()
    assert not dialog.is_visible()
    assert query(kiosk_server, "SELECT count(*) FROM drafts") == [(1,)]
    page.clock.run_for(IDLE * 1000 + 500)
    assert dialog.is_visible()
    page.clock.run_for(GRACE * 1000)
    page.wait_for_url("**/kiosk/")
    assert query(kiosk_server, "SELECT count(*) FROM drafts") == [(0,)]
    page.go_back()
    assert path_of(page) == "/kiosk/" and page.locator("input:checked").count() == 0


def test_kiosk_setup_and_leaving_with_the_pin_pass_axe(tablet):
    page = tablet()
    open_kiosk(page, "Day opportunities: tell us what matters to you", axe=True)
    page.get_by_role("link", name="Staff: leave kiosk mode").click()
    assert_accessible(page)
    page.get_by_label("PIN", exact=True).fill("0000")
    page.get_by_role("button", name="Leave kiosk mode").click()
    page.get_by_text("That PIN is wrong. Tries left: 4.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("PIN", exact=True).fill(PIN)
    page.get_by_role("button", name="Leave kiosk mode").click()
    page.get_by_role("heading", name="Kiosk mode is off").wait_for()
    assert_accessible(page)
    for path in ("/accessibility", "/credits"):
        page.goto(page.base + path)
        assert_accessible(page)


def test_kiosk_start_says_what_it_is_about_and_the_about_pages_lead_only_back(tablet):
    page = tablet(PHONE)
    open_kiosk(page, "Day activities: tell us what you think (easy read)")
    intro = CATALOGUE.get("group1-easyread").intro
    main = page.locator("main").inner_text()
    assert all(paragraph in main for paragraph in intro)
    check_easyread_screen(page)
    for name in ("Accessibility statement", "Picture credits"):
        page.get_by_role("link", name=name).click()
        assert_accessible(page)
        assert_no_link_out(page)
        page.get_by_role("link", name="Back to the start screen").click()
        assert path_of(page) == "/kiosk/"
    page.goto(page.base + "/credits")
    assert "OpenMoji (https://openmoji.org/)" in page.locator("main").inner_text()


def test_kiosk_are_you_still_there_reads_aloud_and_asks_before_clearing(tablet, kiosk_server):
    page = tablet()
    open_kiosk(page, "Day opportunities: views of staff and providers")
    press_start(page)
    page.clock.run_for(IDLE * 1000 + 500)
    dialog = page.get_by_role("dialog", name="Are you still there?")
    assert dialog.is_visible()
    assert dialog.get_by_role("button", name="Read to me").is_visible()
    dialog.get_by_role("button", name="No, clear my answers").click()
    confirm = dialog.get_by_role("button", name="Yes, delete my answers")
    assert confirm.is_visible() and confirm.evaluate("el => el === document.activeElement")
    assert_accessible(page)
    assert query(kiosk_server, "SELECT count(*) FROM drafts") == [(1,)]  # one tap deleted nothing
    dialog.get_by_role("button", name="Yes, carry on").click()
    assert not dialog.is_visible() and query(kiosk_server, "SELECT count(*) FROM drafts") == [(1,)]
    page.clock.run_for(IDLE * 1000 + 500)
    assert not confirm.is_visible()  # asked afresh next time
    dialog.get_by_role("button", name="No, clear my answers").click()
    confirm.click()
    page.wait_for_url("**/kiosk/")
    assert query(kiosk_server, "SELECT count(*) FROM drafts") == [(0,)]
