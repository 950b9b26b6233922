"""Reading the create/edit session form and the attendance form: each mistake gets a
message on its field, and nothing is saved until there are none.

Dates and times are typed in London time and stored in UTC.
"""

import re
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l

from engage.clock import LONDON, parse_stamp, stamp
from engage.sessions.model import Details
from engage.web.errors import Tampered

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
# Short enough that the longest details still print the poster on one A4 page.
MAX_TEXT = {"name": 100, "venue": 150, "contact": 250}

ENTER_NAME = _l("Enter a name for the session")
MESSAGES = {
    "starts": {"no date": _l("Enter the start date"),
               "bad date": _l("The start date must be a real date, like 27 3 2027"),
               "bad time": _l("Enter the start time, like 10:30 or 14:00")},
    "ends": {"no date": _l("Enter the end date"),
             "bad date": _l("The end date must be a real date, like 27 3 2027"),
             "bad time": _l("Enter the end time, like 10:30 or 14:00")},
}
END_AFTER_START = _l("The end must be after the start")
CHOOSE_QUESTIONNAIRE = _l("Choose at least one questionnaire")
WHOLE_NUMBER = _l("Enter a whole number, like 20")
NO_CONTROL_CHARACTERS = _l("Remove the characters that cannot be shown or printed (like a NUL)")


def read_details(form, catalogue):
    """Return (Details or None, {field id: message})."""
    errors: dict = {}
    text = {name: form.get(name, "").strip() for name in MAX_TEXT}
    if not text["name"]:
        errors["name"] = ENTER_NAME
    for name, limit in MAX_TEXT.items():
        if len(text[name]) > limit:
            errors[name] = _l("Use %(n)d characters or fewer", n=limit)
        elif any(ord(c) < 32 and c not in "\t\r\n" or ord(c) == 127 for c in text[name]):
            errors[name] = NO_CONTROL_CHARACTERS
    starts_at = read_moment(form, "starts", errors)
    ends_at = read_moment(form, "ends", errors)
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends-day"] = END_AFTER_START
    chosen = form.getlist("questionnaires")
    if any(catalogue.get(qid) is None for qid in chosen) or len(set(chosen)) != len(chosen):
        raise Tampered("no such questionnaire")
    if not chosen:
        errors["questionnaires"] = CHOOSE_QUESTIONNAIRE
    expected = read_count(form, "expected", errors)
    if errors:
        return None, errors
    ordered = tuple(q.id for q in catalogue if q.id in chosen)
    return Details(text["name"], stamp(starts_at), stamp(ends_at), text["venue"], expected, text["contact"], ordered), {}


def read_attendance(form):
    """Return (number or None, {field id: message}); an empty box is a mistake here."""
    errors: dict = {}
    if not form.get("actual", "").strip():
        return None, {"actual": WHOLE_NUMBER}
    return read_count(form, "actual", errors), errors


def read_count(form, name, errors):
    value = form.get(name, "").strip().replace(",", "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) > 100000:
        errors[name] = WHOLE_NUMBER
        return None
    return int(value)


def read_moment(form, prefix, errors):
    """A London date and time from `<prefix>-day/-month/-year` and `<prefix>-time`, in UTC."""
    messages = MESSAGES[prefix]
    parts = [form.get(f"{prefix}-{part}", "").strip() for part in ("year", "month", "day")]
    day = None
    try:
        year, month, day_of_month = (int(part) for part in parts)
        day = datetime(year, month, day_of_month)
        if not 2000 <= day.year <= 2100:
            raise ValueError(day.year)
    except (ValueError, OverflowError):
        errors[f"{prefix}-day"] = messages["bad date"] if any(parts) else messages["no date"]
        day = None
    match = TIME.match(form.get(f"{prefix}-time", ""))
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        errors[f"{prefix}-time"] = messages["bad time"]
        return None
    if day is None:
        return None
    local = day.replace(hour=int(match[1]), minute=int(match[2]), tzinfo=LONDON)
    return local.astimezone(UTC)


def form_values(session):
    """The form's fields filled in from a stored session, for editing."""
    values = {"name": session.name, "venue": session.venue, "contact": session.contact,
              "expected": "" if session.expected_attendance is None else str(session.expected_attendance)}
    for prefix, value in (("starts", session.starts_at), ("ends", session.ends_at)):
        local = parse_stamp(value).astimezone(LONDON)
        values.update({f"{prefix}-day": str(local.day), f"{prefix}-month": str(local.month),
                       f"{prefix}-year": str(local.year), f"{prefix}-time": local.strftime("%H:%M")})
    return values
