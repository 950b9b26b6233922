"""The questionnaires' lifecycle pages in a real browser, at tablet and phone size, with axe
on every page: the list (with a skipped file), a definition, a new draft and its errors,
the confirmation for changed options, the preview (standard and easy read) and the closed
page; and the whole draft-to-published path with JavaScript off."""

import json
import shutil

import pytest

from tests.browser.conftest import PHONE, TABLET, assert_accessible
from tests.conftest import STAFF_PASSWORD, VALID_SURVEYS, Respondent, create_staff, make_app
from tests.test_definition_versions import TRIAL
from tests.test_respond import complete_small


@pytest.fixture
def live_app(tmp_path):
    folder = tmp_path / "surveys"
    shutil.copytree(VALID_SURVEYS, folder)
    (folder / "broken.json").write_text(json.dumps({**TRIAL, "id": "broken", "pages": []}))
    app = make_app(tmp_path, surveys_dir=folder)
    create_staff(app, "lead")
    complete_small(lambda qid="small": Respondent(app.test_client(), qid)).submit()
    return app


def sign_in(page):
    page.goto(page.base + "/staff/sign-in")
    page.fill("#email", "lead@council.example")
    page.fill("#password", STAFF_PASSWORD)
    page.click("button:has-text('Sign in')")


def checked(page, shot=None):
    assert page.locator("h1").count() == 1
    assert page.title().removeprefix("Error: ").startswith(page.locator("h1").inner_text().strip())
    assert_accessible(page)
    if shot:
        page.screenshot(path=f"/tmp/issue20-{shot}.png", full_page=True)


@pytest.mark.parametrize("size", [TABLET, PHONE], ids=["tablet", "phone"])
def test_lifecycle_pages_pass_axe(page, size):
    page.set_viewport_size(size)
    name = "tablet" if size == TABLET else "phone"
    sign_in(page)
    page.get_by_role("link", name="Questionnaires", exact=True).click()
    assert "surveys/broken.json" in page.locator(".govuk-error-summary").inner_text()
    checked(page, f"list-{name}")
    page.click("text=Add a questionnaire or poll, or a new version")
    page.fill("#document", "{")
    page.click("button:has-text('Save as a draft')")
    assert "This is not JSON" in page.locator(".govuk-error-summary").inner_text()
    checked(page)
    changed = json.loads((VALID_SURVEYS / "small.json").read_text())
    changed["pages"][0]["questions"][0]["options"][1]["id"] = "family_carer"
    page.fill("#document", json.dumps(changed))
    page.click("button:has-text('Save as a draft')")
    assert "1 answers chose" in page.locator(".govuk-warning-text").inner_text()
    checked(page, f"confirm-{name}")
    page.goto(page.base + "/staff/definitions/small/")
    checked(page, f"detail-{name}")
    for definition in ("small", "small-easyread"):
        page.goto(page.base + f"/staff/definitions/{definition}/versions/1/preview/")
        assert "Preview: answers are not kept" in page.locator(".govuk-notification-banner").inner_text()
        checked(page)
        page.locator("ol a").first.click()
        checked(page, f"preview-{definition}-{name}")
        page.click("button.govuk-button")
        assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
        checked(page)
    page.goto(page.base + "/staff/definitions/small/")
    page.click("button:has-text('Close now')")
    page.goto(page.base + "/q/small/")
    assert page.locator("h1").inner_text() == "This questionnaire has closed"
    checked(page, f"closed-{name}")


def test_draft_preview_and_publish_work_without_javascript(browser, live_server, live_app):
    context = browser.new_context(viewport=TABLET, java_script_enabled=False)
    page = context.new_page()
    page.base = live_server.url
    try:
        sign_in(page)
        page.goto(page.base + "/staff/definitions/new")
        page.fill("#document", json.dumps(TRIAL))
        page.click("button:has-text('Save as a draft')")
        assert "Version 1 saved as a draft." in page.locator("#saved").inner_text()
        page.click("text=Preview version 1")
        page.locator("ol a").first.click()
        page.get_by_label("Good").check()
        page.click("button.govuk-button")
        assert "That was the last page. Nothing was sent." in page.locator("main").inner_text()
        page.goto(page.base + "/staff/definitions/trial/")
        page.click("button:has-text('Publish version 1')")
        assert "Open" in page.locator(".govuk-summary-list").inner_text()
        page.goto(page.base + "/q/trial/")
        assert page.locator("h1").inner_text() == "A trial questionnaire"
    finally:
        context.close()
