"""Which questions and pages a person sees, from the definition and their answers so far.

Answers are a dict of question id -> list of strings. A question with `show_if` is
visible only when the earlier answer includes one of the listed options; answers to
questions that are no longer visible are dropped (`prune`).

`visible_pages` is worked out once per request; the functions that find a page among
them (next, previous, first unfinished) take that list. Progress (`progress`) counts the
questions that could still be asked on the longest path from here, so as a person goes
forward the figure only goes down, however conditions open questions.
"""

from dataclasses import dataclass


def is_visible(question, answers):
    condition = question.show_if
    return condition is None or any(v in condition.any_of for v in answers.get(condition.question, []))


def reminder(questionnaire, answers):
    """The questionnaire's reminder text when the person's answers call for it, else None."""
    found = questionnaire.reminder
    return found.text if found and is_visible(found, answers) else None


def visible_questions(page, answers):
    return [q for q in page.questions if is_visible(q, answers)]


def visible_pages(questionnaire, answers):
    return [p for p in questionnaire.pages if visible_questions(p, answers)]


def prune(questionnaire, answers):
    """Drop answers to questions that are hidden now (conditions only look backwards)."""
    kept: dict = {}
    for page in questionnaire.pages:
        for question in page.questions:
            if question.id in answers and is_visible(question, kept):
                kept[question.id] = answers[question.id]
    return kept


def page_is_done(page, answers):
    """A page is done once it has been saved: every visible question has an entry."""
    return all(q.id in answers for q in visible_questions(page, answers))


def next_page(pages, page_id):
    ids = [p.id for p in pages]
    if page_id not in ids:
        return pages[0] if pages else None
    index = ids.index(page_id)
    return pages[index + 1] if index + 1 < len(pages) else None


def previous_page(pages, page_id):
    ids = [p.id for p in pages]
    index = ids.index(page_id) if page_id in ids else 0
    return pages[index - 1] if index > 0 else None


def first_unfinished(pages, answers):
    """The page to resume at, or None when every visible page has been saved."""
    return next((p for p in pages if not page_is_done(p, answers)), None)


def can_visit(pages, page_id, answers):
    """A page may be visited once every visible page before it has been saved."""
    for page in pages:
        if page.id == page_id:
            return True
        if not page_is_done(page, answers):
            return False
    return False


@dataclass(frozen=True)
class Progress:
    """`left`: questions not yet saved that could still be asked (the longest path);
    `done`: visible questions already saved; `percent`: done out of done + left."""

    left: int
    done: int

    @property
    def percent(self):
        total = self.done + self.left
        return 100 if total == 0 else (100 * self.done) // total


def could_be_asked(questionnaire, answers):
    """Ids of the questions visible now or on some way forward from `answers`: a question
    whose condition's question is still unanswered might yet be shown."""
    possible: set[str] = set()
    for page in questionnaire.pages:
        for question in page.questions:
            condition = question.show_if
            if condition is None:
                possible.add(question.id)
            elif condition.question in answers:
                if is_visible(question, answers):
                    possible.add(question.id)
            elif condition.question in possible:
                possible.add(question.id)
    return possible


def progress(questionnaire, answers):
    """The same figure on every screen: it never grows and never goes back as the person
    saves page after page (answering can only close ways forward, never open new ones)."""
    possible = could_be_asked(questionnaire, answers)
    left = sum(1 for qid in possible if qid not in answers)
    return Progress(left=left, done=len(possible) - left)
