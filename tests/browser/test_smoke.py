"""The standard questionnaire in a real browser, checked by axe on every page."""

from tests.browser.conftest import assert_accessible


def test_small_questionnaire_completes_in_browser_with_no_axe_violations(page):
    page.goto(page.base + "/")
    assert_accessible(page)
    page.click("text=A small questionnaire")
    assert_accessible(page)
    page.click("text=Start now")
    page.click("text=Continue")
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.check("text=I am a carer")
    page.click("text=Continue")
    page.check("text=Bus")
    assert_accessible(page)
    page.click("text=Continue")
    page.check("text=Some")
    page.click("text=Continue")
    page.click("text=Continue")
    assert_accessible(page)
    page.click("text=Send my answers")
    assert page.locator("h1").inner_text().startswith("Thank you")
    assert_accessible(page)
