"""The report page in a real browser: axe on screen and in print emulation, with a screenshot."""

import pytest

from engage.polls import live as poll_live
from tests.browser.conftest import assert_accessible
from tests.conftest import ROOT, STAFF_PASSWORD, create_staff, make_app
from tests.poll_helpers import with_db
from tests.report_data import build_bcp

BCP_POLL = "bcp-priorities-2023"


@pytest.fixture
def live_app(tmp_path):
    app = make_app(tmp_path, surveys_dir=ROOT / "surveys")
    build_bcp(app.config["DATABASE"])
    user = create_staff(app, "lead")
    poll = app.extensions["engage.polls"].get(BCP_POLL)
    counts = {"agree": 9, "not_sure": 2, "disagree": 1}  # a room tally, so axe sees the poll charts and tables
    with_db(app, lambda db: poll_live.record_tally(db, poll, "travel-training", counts, user.id, poll_live.new_tally_uuid()))
    return app


def sign_in(page):
    page.goto(page.base + "/staff/sign-in")
    page.fill("#email", "lead@council.example")
    page.fill("#password", STAFF_PASSWORD)
    page.click("button:has-text('Sign in')")


def test_report_page_has_no_axe_violations_on_screen_or_in_print(page):
    sign_in(page)
    page.goto(page.base + "/staff/report/")
    assert "321 questionnaires completed" in page.locator(".govuk-body-l").inner_text()
    assert page.locator(f"#poll-{BCP_POLL} table").first.is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 1400})
    page.screenshot(path="/tmp/issue8-report.png", full_page=False)
    page.locator("#q-group1-standard-building_or_community").screenshot(path="/tmp/issue8-question.png")
    page.locator(f"#poll-{BCP_POLL} .report-figure").first.screenshot(path="/tmp/issue8-poll.png")
    page.emulate_media(media="print")
    assert page.locator(".report-filters").is_hidden()
    assert page.locator("#results-group1-standard").is_visible()
    breaks = page.eval_on_selector_all(".report-section", "els => els.map(el => getComputedStyle(el).breakBefore)")
    assert breaks[0] == "auto" and set(breaks[1:]) == {"page"}
    assert_accessible(page)
    page.pdf(path="/tmp/issue8-report.pdf")


def test_report_filters_apply_through_the_form_and_land_in_the_address(page):
    sign_in(page)
    page.goto(page.base + "/staff/report/")
    page.select_option("#filter-session", "s2")
    page.click("button:has-text('Apply filters')")
    page.wait_for_url("**session=s2**")
    assert "57 questionnaires completed" in page.locator(".govuk-body-l").inner_text()
    assert_accessible(page)


def test_written_answers_page_has_no_axe_violations(page):
    sign_in(page)
    page.goto(page.base + "/staff/report/text/group1-standard/anything_else?search=garden")
    assert "2 answers match" in page.locator("[role=status]").inner_text()
    assert_accessible(page)


def test_report_page_reflows_at_320_px_and_prints_folded_sections_open(page):
    """WCAG 1.4.10: nothing wider than a 320 px page; a question folded away still prints."""
    sign_in(page)
    for width, height in ((390, 844), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(page.base + "/staff/report/")
        assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(page.base + "/staff/report/")
    # No box reaches past the page's right edge (scrollWidth itself rounds a sub-pixel edge up to 321).
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 320.5)
        .map(e => e.tagName + '.' + e.className)""")
    assert wide == [] and page.evaluate("document.documentElement.scrollWidth") <= 321
    page.screenshot(path="/tmp/i23-report-320.png")
    question = page.locator("#q-group1-standard-building_or_community")
    question.screenshot(path="/tmp/i23-question-320.png")
    question.locator("summary").click()
    assert not question.locator("table").first.is_visible()
    page.emulate_media(media="print")
    assert question.locator("table").first.is_visible()
