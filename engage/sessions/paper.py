"""Paper questionnaires keyed in by staff: the whole questionnaire posted on one page.

Each page's part of the form is read with page_answers.read_page, the same reader the
respondent's pages use, in page order, so `show_if` follows the answers keyed in above
it. A paper form may have an answer to a question the person should have skipped (the
`show_if` condition is not met): that is the person's slip, not tampering, so it gets a
message on the question and is left out until the form is saved again.

The response UUID is minted when the blank form is shown, so saving twice stores once.
"""

import uuid as uuidlib

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from engage import clock
from engage.questionnaires import journey
from engage.respondent import responses
from engage.respondent.page_answers import read_page
from engage.web.errors import Tampered

FORM_FIELDS = {"csrf_token", "response"}


def checked_uuid(value):
    try:
        parsed = uuidlib.UUID(value, version=4)
    except (ValueError, TypeError):
        raise Tampered("not a response id") from None
    if str(parsed) != value:
        raise Tampered("not a response id")
    return value


def condition_text(questionnaire, question):
    """Who a conditional question is for, in words: shown above it on the long form."""
    condition = question.show_if
    earlier = questionnaire.questions[condition.question]
    labels = f" {_('or')} ".join(f"‘{earlier.label_for(option)}’" for option in condition.any_of)
    return _("Only for people who answered %(answers)s to ‘%(question)s’.", answers=labels, question=earlier.text)


def conditions(questionnaire):
    """{question id: who it is for} for every conditional question."""
    return {qid: condition_text(questionnaire, q) for qid, q in questionnaire.questions.items() if q.show_if}


def skipped_message(questionnaire, question):
    return _("%(condition)s This answer was left out. Check the paper form, then save again.",
             condition=condition_text(questionnaire, question))


def read_form(questionnaire, form):
    """Return (answers, errors) for a whole questionnaire; errors are (question id, message)."""
    unexpected = [key for key in form.keys() if key not in questionnaire.questions and key not in FORM_FIELDS]
    if unexpected:
        raise Tampered(f"unexpected field '{unexpected[0][:40]}'")
    answers: dict = {}
    errors: list = []
    for page in questionnaire.pages:
        visible = {q.id for q in journey.visible_questions(page, answers)}
        for question in page.questions:
            if question.id not in visible and any(v.strip() for v in form.getlist(question.id)):
                errors.append((question.id, skipped_message(questionnaire, question)))
        page_form = MultiDict([(qid, value) for qid in visible for value in form.getlist(qid)])
        page_answers, page_errors = read_page(page, answers, page_form)
        answers.update(page_answers)
        errors += page_errors
    return answers, errors


def store(db, questionnaire, response_uuid, answers, session_id, keyed_by):
    """Store a keyed-in paper response once; False when that UUID was already stored."""
    origin = responses.Origin(channel="paper", session_id=session_id, keyed_by=keyed_by)
    return responses.store_complete(db, questionnaire, response_uuid, answers, origin, clock.stamp()).new


def entered_count(db, session_id, questionnaire_id):
    """Paper responses entered for a session (any questionnaire), or with no session for this questionnaire."""
    if session_id:
        sql, params = "session_id = ?", [session_id]
    else:
        sql, params = "session_id IS NULL AND questionnaire_id = ?", [questionnaire_id]
    return db.execute(f"SELECT count(*) FROM responses WHERE channel = 'paper' AND {sql}", params).fetchone()[0]
