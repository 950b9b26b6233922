"""Every shipped questionnaire completed in a real browser at tablet and phone sizes, by
pointer and by keyboard only, with axe on every page and the easy-read rules measured;
with JavaScript off; and the "Read to me" button."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, TABLET, LiveServer, assert_accessible
from tests.browser.journeys import CATALOGUE, SHIPPED, SURVEYS, Respondent
from tests.conftest import make_app

VIEWPORTS = {"tablet": TABLET, "phone": PHONE}
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The app serving the real surveys/ folder, shared by this file's tests."""
    app = make_app(tmp_path_factory.mktemp("shipped"), surveys_dir=SURVEYS, SEND_FILE_MAX_AGE_DEFAULT=3600)
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture
def open_page(browser, shipped):
    contexts = []

    def opened(viewport="tablet", javascript=True, init_script=None):
        context = browser.new_context(viewport=VIEWPORTS.get(viewport, NARROW), java_script_enabled=javascript)
        if init_script:
            context.add_init_script(init_script)
        contexts.append(context)
        page = context.new_page()
        page.base = shipped.url
        return page

    yield opened
    for context in contexts:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("questionnaire", SHIPPED)
def test_shipped_questionnaire_completes_by_pointer_with_no_axe_violations(open_page, questionnaire, viewport):
    Respondent(open_page(viewport), questionnaire, mode="click").complete()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("questionnaire", SHIPPED)
def test_shipped_questionnaire_completes_by_keyboard_only(open_page, questionnaire, viewport):
    Respondent(open_page(viewport), questionnaire, mode="keyboard", axe=False).complete()


@pytest.mark.parametrize("questionnaire", SHIPPED)
def test_shipped_questionnaire_completes_with_javascript_off(open_page, questionnaire):
    page = open_page("phone", javascript=False)
    Respondent(page, questionnaire, mode="click", axe=False, choice=0).complete()
    read_to_me = page.locator(".er-readaloud")
    assert read_to_me.count() == (1 if "easyread" in questionnaire else 0)
    assert not read_to_me.is_visible()


# A stand-in for the browser's speech engine that records what it was asked to say.
FAKE_SPEECH = """
window.__spoken = [];
const voices = [{lang: 'en-US', name: 'American'}, {lang: 'en-GB', name: 'British'}];
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  getVoices: () => voices,
  speak: u => window.__spoken.push({text: u.text, voice: u.voice && u.voice.name, lang: u.lang}),
  cancel: () => window.__spoken.push('cancel'),
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
NO_SPEECH = "delete window.speechSynthesis; delete Window.prototype.speechSynthesis;"


def first_easyread_question(page):
    page.goto(page.base + "/q/group1-easyread/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/who-answering")


def test_read_to_me_reads_question_hint_and_options_in_a_british_voice_and_stops(open_page):
    page = open_page(init_script=FAKE_SPEECH)
    first_easyread_question(page)
    button = page.get_by_role("button", name="Read to me")
    assert button.is_visible()
    assert_accessible(page)
    button.click()
    spoken = [s for s in page.evaluate("window.__spoken") if s != "cancel"]
    question = CATALOGUE.get("group1-easyread").questions["who_answering"]
    assert [s["text"] for s in spoken] == [
        question.text, "You do not have to answer this question.", question.hint,
        *[o.label for o in question.options], "I don't want to answer",
    ]
    assert {(s["voice"], s["lang"]) for s in spoken} == {("British", "en-GB")}
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    assert page.evaluate("window.__spoken").pop() == "cancel"
    assert button.get_attribute("aria-pressed") == "false"


def test_read_to_me_also_reads_the_error(open_page):
    page = open_page(init_script=FAKE_SPEECH)
    page.goto(page.base + "/q/group1-easyread/")
    page.get_by_role("button", name="Start now").click()
    for _ in range(4):
        page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    assert page.locator(".govuk-error-summary").is_visible()
    page.get_by_role("button", name="Read to me").click()
    assert "Error: Choose an answer. You can choose up to 3." in [s["text"] for s in page.evaluate("window.__spoken") if s != "cancel"]


def test_after_read_to_me_choosing_an_answer_reads_that_answer_alone(open_page):
    page = open_page(init_script=FAKE_SPEECH)
    first_easyread_question(page)
    page.locator(".er-option").nth(1).click()
    assert page.evaluate("window.__spoken") == []  # not until the person asks for reading
    page.get_by_role("button", name="Read to me").click()
    page.evaluate("window.__spoken = []")
    page.locator(".er-option").nth(2).click()
    question = CATALOGUE.get("group1-easyread").questions["who_answering"]
    assert page.evaluate("window.__spoken") == ["cancel", {"text": question.options[2].label, "voice": "British", "lang": "en-GB"}]
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/helped")
    page.locator(".er-option").first.click()  # the next screen remembers the choice to hear answers
    assert page.evaluate("window.__spoken")[-1]["text"] == "Yes"


def test_easy_read_stops_a_fourth_choice_and_i_dont_know_with_others_on_the_screen(open_page):
    page = open_page(init_script=FAKE_SPEECH)
    respondent = Respondent(page, "group1-easyread", axe=False, choice=0, show_error=False)
    respondent.start()
    while not page.url.endswith("/what-value"):
        respondent.answer_page()
    boxes = page.locator('input[name="what_value"]')
    cards = page.locator(".er-option")
    for index in range(4):
        cards.nth(index).click(position={"x": 6, "y": 6})
    assert [boxes.nth(i).is_checked() for i in range(4)] == [True, True, True, False]
    message = page.locator("[data-choices-message]")
    expect(message).to_have_text("You can choose up to 3 answers. Untick one to choose another.")
    assert_accessible(page)
    cards.last.click(position={"x": 6, "y": 6})  # I don't know
    assert boxes.last.is_checked() and page.locator('input[name="what_value"]:checked').count() == 1
    expect(message).to_have_text("‘I don't know’ goes on its own. Untick it to choose other answers.")
    assert "‘I don't know’ goes on its own. Untick it to choose other answers." in [
        s["text"] for s in page.evaluate("window.__spoken") if s != "cancel"]
    cards.first.click(position={"x": 6, "y": 6})
    assert not boxes.last.is_checked() and boxes.first.is_checked()


def test_read_to_me_is_not_shown_where_the_browser_cannot_speak(open_page):
    page = open_page(init_script=NO_SPEECH)
    first_easyread_question(page)
    assert page.locator(".er-readaloud").count() == 1
    assert not page.locator(".er-readaloud").is_visible()


def test_easy_read_screens_reflow_at_320_css_pixels_without_sideways_scrolling(open_page):
    """WCAG 1.4.10: 1280px zoomed to 400%. The start, written-answer and choice screens."""
    page = open_page("narrow")
    page.goto(page.base + "/q/group1-easyread/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    respondent = Respondent(page, "group1-easyread", axe=False, choice=0, show_error=False)
    respondent.start()
    while len(respondent.visited) < 6:
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
        respondent.answer_page()
