"""Paper questionnaires keyed in by staff: the whole questionnaire posted on one page.

Each page's part of the form is read with page_answers.read_page, the same reader the
respondent's pages use, in page order, so `show_if` follows the answers keyed in above
it. A paper form may have an answer to a question the person should have skipped (the
`show_if` condition is not met): that is the person's slip, not tampering, so it gets a
message on the question and is left out until the form is saved again.

The response UUID is minted when the blank form is shown, so saving twice stores once.
Each copy has a "completed on" day (the session's day by default, else today): a copy
keyed in later is stored as sent at midday London time on that day, so it lands in its
own round and week; one completed today is stored as sent now.
"""

import uuid as uuidlib
from datetime import date, datetime, time

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from engage import clock
from engage.clock import LONDON
from engage.questionnaires import journey
from engage.respondent import responses
from engage.respondent.page_answers import read_page
from engage.web.errors import Tampered

FORM_FIELDS = {"csrf_token", "response", "completed-day", "completed-month", "completed-year"}
COMPLETED_FIELD = "completed-day"


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


def default_completed_on(found):
    """The session's London day (today at the latest), else today."""
    today = clock.london_today()
    return min(clock.london_today(clock.parse_stamp(found.starts_at)), today) if found else today


def read_completed_on(form):
    """(the day the paper copy was filled in, or None; an error message, or None)."""
    parts = [form.get(f"completed-{part}", "").strip() for part in ("year", "month", "day")]
    try:
        day = date(*(int(part) for part in parts))
    except (ValueError, OverflowError):
        return None, _("The date it was filled in must be a real date, like 27 3 2027")
    if day > clock.london_today() or day.year < 2000:
        return None, _("The date it was filled in must be today or in the past")
    return day, None


def sent_at(completed_on):
    """When a paper copy counts as sent: now if completed today, else midday that London day."""
    if completed_on == clock.london_today():
        return clock.stamp()
    return clock.stamp(datetime.combine(completed_on, time(12), LONDON))


def store(db, questionnaire, response_uuid, answers, session_id, keyed_by, completed_on=None):
    """Store a keyed-in paper response once; False when that UUID was already stored."""
    origin = responses.Origin(channel="paper", session_id=session_id, keyed_by=keyed_by)
    at = sent_at(completed_on or clock.london_today())
    return responses.store_complete(db, questionnaire, response_uuid, answers, origin, at, submitted_at=at).new


def entered_count(db, session_id, questionnaire_id):
    """Paper responses entered for a session (any questionnaire), or with no session for this questionnaire."""
    if session_id:
        sql, params = "session_id = ?", [session_id]
    else:
        sql, params = "session_id IS NULL AND questionnaire_id = ?", [questionnaire_id]
    return db.execute(f"SELECT count(*) FROM responses WHERE channel = 'paper' AND {sql}", params).fetchone()[0]
