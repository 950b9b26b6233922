"""Validate a whole set of answers at once, as they arrive from an offline tablet or an
imported file, with the same rules as answering page by page."""

from engage.questionnaires import journey
from engage.web.errors import Tampered


def problems(questionnaire, answers):
    """Return a list of readable problems; empty when the answers could have been given
    by a person answering page by page. Raises Tampered for impossible values."""
    if not isinstance(answers, dict) or not all(isinstance(v, list) for v in answers.values()):
        raise Tampered("answers must map each question id to a list of strings")
    unknown = [qid for qid in answers if qid not in questionnaire.questions]
    if unknown:
        raise Tampered(f"no question '{str(unknown[0])[:40]}'")
    found: list = []
    given: dict = {}
    for page in questionnaire.pages:
        for question in page.questions:
            values = answers.get(question.id, [])
            if not journey.is_visible(question, given):
                if values:
                    raise Tampered(f"{question.id}: answered but hidden")
                continue
            if not all(isinstance(v, str) for v in values):
                raise Tampered(f"{question.id}: values must be strings")
            values = question.kind.parse(question, values)
            given[question.id] = values
            message = question.kind.problem(question, values)
            if message:
                found.append(f"{question.id}: {message}")
    return found


def normalised(questionnaire, answers):
    """The answers as page-by-page answering would have saved them."""
    given: dict = {}
    for page in questionnaire.pages:
        for question in page.questions:
            if journey.is_visible(question, given):
                given[question.id] = question.kind.parse(question, answers.get(question.id, []))
    return given
