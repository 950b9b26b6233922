"""Answering the shipped questionnaires in a real browser, by pointer or by keyboard only,
with axe on every page and the easy-read rules axe cannot check measured on the way.

The answers are mirrored in Python so the expected page order comes from the definition
(engage.journey), not from what the browser happens to show.
"""

from urllib.parse import urlparse

from engage.questionnaires import journey
from engage.questionnaires.definitions import load_catalogue
from tests.browser.conftest import assert_accessible
from tests.conftest import ROOT

SURVEYS = ROOT / "surveys"
CATALOGUE = load_catalogue(SURVEYS, ROOT / "static" / "easyread")
SHIPPED = ["group1-standard", "group1-easyread", "group2-standard"]
FACES = {"very-happy.svg", "happy.svg", "unhappy.svg", "very-unhappy.svg"}  # not-sure.svg is a shrug, not a face
SECRET = "Only the first person wrote this"

# Measures one easy-read question screen: font sizes, card sizes, pictures and their places.
MEASURE_EASYREAD = """() => {
  const size = el => parseFloat(getComputedStyle(el).fontSize);
  const box = el => el.getBoundingClientRect();
  const loaded = img => !!img && img.complete && img.naturalWidth > 0 && box(img).width > 0;
  const main = document.querySelector('main');
  const words = [...main.querySelectorAll('p, legend, label, .er-option__label, .govuk-hint, textarea')]
    .filter(el => el.offsetParent !== null && el.textContent.trim() !== '' || el.tagName === 'TEXTAREA');
  const question = main.querySelector('.er-question');
  return {
    body: size(document.body),
    smallest: Math.min(...words.map(size)),
    smallestText: (words.find(el => size(el) === Math.min(...words.map(size))) || {}).outerHTML,
    heading: size(main.querySelector('h1 label') || main.querySelector('h1')),
    questionPicture: loaded(question.querySelector('img')),
    questionPictureLeft: box(question.querySelector('img')).right <= box(question.querySelector('h1')).left,
    options: [...main.querySelectorAll('.er-option')].map(card => ({
      width: box(card).width, height: box(card).height,
      picture: loaded(card.querySelector('img')) ? new URL(card.querySelector('img').src).pathname.split('/').pop() : null,
      pictureLeft: box(card.querySelector('img')).right <= box(card.querySelector('.er-option__label')).left,
    })),
  };
}"""


# How many Tab presses from the focused element to `target`: the sequential focus order of
# visible focusable elements, a radio group counting once (its checked or first radio);
# focus on something outside that order (the error summary, the body) starts from its place.
TABS_TO = """target => {
  const focusable = [...document.querySelectorAll('a[href], button, input, textarea, select')]
    .filter(el => !el.disabled && el.type !== 'hidden' && el.getClientRects().length > 0 && !el.closest('dialog:not([open])'));
  const order = focusable.filter(el => {
    if (el.type !== 'radio') return true;
    const group = focusable.filter(r => r.type === 'radio' && r.name === el.name);
    return group.some(r => r.checked) ? el.checked : el === group[0];
  });
  const active = document.activeElement;
  const start = order.includes(active) ? order.indexOf(active)
    : order.filter(el => active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING).length - 1;
  return order.indexOf(target) - start;
}"""


# Any easy-read screen: the smallest visible text, and the smallest link or button inside <main>.
MEASURE_SCREEN = """() => {
  const main = document.querySelector('main');
  const shown = el => el.getClientRects().length > 0 && el.textContent.trim() !== '';
  const sizes = [...main.querySelectorAll('p, h1, h2, li, label, a, button')].filter(shown)
    .map(el => parseFloat(getComputedStyle(el).fontSize));
  const targets = [...main.querySelectorAll('a, button')].filter(shown).map(el => el.getBoundingClientRect());
  return {body: parseFloat(getComputedStyle(document.body).fontSize), smallest: Math.min(...sizes),
          smallestTarget: Math.min(...targets.map(r => Math.min(r.width, r.height)))};
}"""


ARTEFACTS = ROOT / "tests" / "artefacts" / "easyread"


def save_screenshot(page):
    """Every easy-read screen, as the person saw it, for a reviewer to look at (git-ignored)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    where = urlparse(page.url).path.strip("/").replace("/", "_") or "home"
    name = f"{page.viewport_size['width']}-{where}.png" if page.viewport_size else f"{where}.png"
    page.screenshot(path=str(ARTEFACTS / name), full_page=True)


def check_easyread_screen(page):
    save_screenshot(page)
    m = page.evaluate(MEASURE_SCREEN)
    assert m["body"] >= 20 and m["smallest"] >= 20 and m["smallestTarget"] >= 48, (page.url, m)


def path_of(page):
    return urlparse(page.url).path


def check_easyread_rules(page, question):
    save_screenshot(page)
    m = page.evaluate(MEASURE_EASYREAD)
    assert m["body"] >= 20, m
    assert m["smallest"] >= 20, (page.url, m["smallest"], m["smallestText"])
    assert m["heading"] >= 24, m
    assert m["questionPicture"] and m["questionPictureLeft"], (page.url, m)
    assert len(m["options"]) == len(question.all_options(True)), page.url
    for card in m["options"]:
        assert card["width"] >= 48 and card["height"] >= 88, (page.url, card)
        assert card["picture"] and card["pictureLeft"], (page.url, card)
    pictures = [c["picture"] for c in m["options"]]
    assert len(set(pictures)) == len(pictures), (page.url, pictures)  # two answers never share a picture
    if question.type == "scale":  # faces are for feelings: a scale shows an amount, thumbs or words
        assert not set(pictures) & FACES, (page.url, pictures)
    return m


class Respondent:
    """One person answering one questionnaire in `page`.

    mode "click" presses each card at its top-left corner (the whole card is the target);
    mode "keyboard" reaches every field and button with Tab and uses Space and Enter.
    `choice` is the option index picked for single choices (keyboard uses 0: Tab lands
    on a radio group's first radio). With `show_error`, the first page with a required
    question is sent empty once to see (and axe) the error state."""

    def __init__(self, page, questionnaire_id, mode="click", axe=True, choice=1, show_error=True):
        self.page, self.q = page, CATALOGUE.get(questionnaire_id)
        self.mode, self.axe = mode, axe
        self.choice = 0 if mode == "keyboard" else choice
        self.answers, self.visited, self.error_seen = {}, [], not show_error
        self.shown_left = len(self.q.questions) + 1

    def check_page(self):
        if self.axe:
            assert_accessible(self.page)

    # -- pressing things -------------------------------------------------------------
    def tab_to(self, locator):
        """Press Tab as many times as the page's focus order says, then check focus landed."""
        target = locator.element_handle()
        for _ in range(self.page.evaluate(TABS_TO, target)):
            self.page.keyboard.press("Tab")
        assert self.page.evaluate("el => document.activeElement === el", target), f"{self.page.url}: Tab missed {locator}"

    def press_button(self, name):
        button = self.page.get_by_role("button", name=name, exact=True)
        with self.page.expect_navigation():
            if self.mode == "keyboard":
                self.tab_to(button)
                self.page.keyboard.press("Enter")
            else:
                button.click()

    def choose(self, question, index):
        field = self.page.locator(f'input[name="{question.id}"]').nth(index)
        if self.mode == "keyboard":
            self.tab_to(field)
            self.page.keyboard.press("Space")
        elif self.q.easyread:
            self.page.locator(".er-option").nth(index).click(position={"x": 6, "y": 6})
        else:
            self.page.locator(f'label[for="{field.get_attribute("id")}"]').click()
        assert field.is_checked(), (self.page.url, question.id, index)

    def write(self, question, text):
        field = self.page.locator(f"#{question.id}")
        if self.mode == "keyboard":
            self.tab_to(field)
            self.page.keyboard.type(text)
        else:
            field.fill(text)

    def check_progress(self):
        """The figure shown is the definition's (journey.progress) and only ever goes down."""
        progress = journey.progress(self.q, self.answers)
        text = "This is the last question." if progress.left <= 1 else f"About {progress.left} questions left"
        assert self.page.locator("#progress-text").inner_text() == text, self.page.url
        assert self.page.locator("progress").get_attribute("value") == str(progress.percent)
        assert progress.left < self.shown_left, (self.page.url, progress, self.shown_left)
        self.shown_left = progress.left

    # -- the journey -----------------------------------------------------------------
    def start(self):
        self.page.goto(f"{self.page.base}/q/{self.q.id}/")
        self.check_page()
        if self.q.easyread:
            check_easyread_screen(self.page)
        self.press_button("Start now")

    def answer_page(self):
        self.page.wait_for_load_state()  # pictures loaded before they are measured
        page_def = self.q.page(path_of(self.page).rsplit("/", 1)[1])
        assert page_def is not None, self.page.url
        pages = journey.visible_pages(self.q, self.answers)
        expected = journey.first_unfinished(pages, self.answers)
        assert page_def.id == expected.id, (self.page.url, expected.id)
        self.visited.append(page_def.id)
        questions = journey.visible_questions(page_def, self.answers)
        self.check_progress()
        self.check_page()
        if self.q.easyread:
            check_easyread_rules(self.page, questions[0])
        if not self.error_seen and any(q.required for q in questions):
            self.press_button(self.next_label)
            assert self.page.locator(".govuk-error-summary").is_visible(), self.page.url
            self.check_page()
            self.error_seen = True
        for question in questions:
            self.answers[question.id] = self.fill(question)
        self.press_button(self.next_label)

    @property
    def next_label(self):
        return "Next" if self.q.easyread else "Continue"

    def fill(self, question):
        if not question.options:
            text = SECRET if question.type == "long_text" else "Swimming"
            self.write(question, text)
            return [text]
        ids = [o.id for o in question.options]
        picks = [0, 1] if question.kind.multiple else [min(self.choice, len(ids) - 1)]
        for index in picks:
            self.choose(question, index)
        return [ids[i] for i in picks]

    def answer_all(self):
        while not path_of(self.page).endswith("/check"):
            self.answer_page()
        assert self.visited == [p.id for p in journey.visible_pages(self.q, self.answers)]

    def send(self):
        self.check_page()
        assert "Check your answers" in self.page.locator("h1").inner_text()
        if self.q.easyread:
            check_easyread_screen(self.page)
        self.press_button("Send my answers")

    def complete(self):
        self.start()
        self.answer_all()
        self.send()
        assert self.page.locator("h1").inner_text().startswith("Thank you"), self.page.url
        self.check_page()
        if self.q.easyread:
            check_easyread_screen(self.page)
