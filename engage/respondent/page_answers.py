"""Read one posted page of a questionnaire: tampering raises, a person's mistakes are listed."""

from engage.questionnaires import journey
from engage.web.errors import Tampered

# Fields every page form carries besides the answers.
FORM_FIELDS = {"csrf_token", "response", "change"}


def read_page(page, answers, form, easyread=False):
    """Return (page_answers, errors) where errors is a list of (question_id, message)."""
    visible = journey.visible_questions(page, answers)
    allowed = {q.id for q in visible} | FORM_FIELDS
    unexpected = [key for key in form.keys() if key not in allowed]
    if unexpected:
        raise Tampered(f"unexpected field '{unexpected[0][:40]}'")
    page_answers, errors = {}, []
    for question in visible:
        values = question.kind.parse(question, form.getlist(question.id))
        page_answers[question.id] = values
        message = question.kind.problem(question, values, easyread)
        if message:
            errors.append((question.id, message))
    return page_answers, errors
