"""Reading the report's filters from a URL query. A value that cannot be used is dropped
from the filter and named in a message, so the page still shows (unfiltered on that point)."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from engage.reports.figures import NO_SESSION, Filters

CHANNELS = ("kiosk", "qr", "link", "paper")
VARIANTS = ("standard", "easyread")
GROUPS = (1, 2)
LABELS = {
    "channel": {"kiosk": _l("Kiosk at a session"), "qr": _l("QR code"), "link": _l("Online link"),
                "paper": _l("Paper, keyed in by staff")},
    "variant": {"standard": _l("Standard"), "easyread": _l("Easy read")},
}
SESSION_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")

MESSAGES = {
    "questionnaire": _l("Choose a questionnaire from the list"),
    "date_from": _l("Enter the ‘from’ date as a real date, for example 2023-03-27"),
    "date_to": _l("Enter the ‘to’ date as a real date, for example 2023-04-30"),
    "date_order": _l("The ‘to’ date must be the same as or after the ‘from’ date"),
    "session": _l("Choose a session from the list"),
    "group": _l("Choose group 1 or group 2"),
    "channel": _l("Choose a way of answering from the list"),
    "variant": _l("Choose standard or easy read"),
    "round": _l("Choose a round from the list"),
}


def parse_date(text):
    try:
        return date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def parse_int(text, allowed=None):
    if not re.fullmatch(r"[0-9]{1,6}", text):
        return None
    number = int(text)
    return number if (allowed is None or number in allowed) and number >= 1 else None


READERS = {
    "date_from": parse_date,
    "date_to": parse_date,
    "group": lambda text: parse_int(text, GROUPS),
    "channel": lambda text: text if text in CHANNELS else None,
    "variant": lambda text: text if text in VARIANTS else None,
    "round": parse_int,
    "session": lambda text: text if text == NO_SESSION or SESSION_ID.match(text) else None,
}


def parse(args, report_ids):
    """(Filters, [(field, message)]) from a query-argument mapping; empty values mean 'all'."""
    values, errors = {}, []
    readers = {**READERS, "questionnaire": lambda text: text if text in report_ids else None}
    for name, read in readers.items():
        text = (args.get(name) or "").strip()
        if not text:
            continue
        value = read(text)
        if value is None:
            errors.append((name, MESSAGES[name]))
        else:
            values[name] = value
    if values.get("date_from") and values.get("date_to") and values["date_to"] < values["date_from"]:
        errors.append(("date_to", MESSAGES["date_order"]))
        del values["date_to"]
    return Filters(**values), errors


def parse_round_pair(args, rounds):
    """The two rounds to compare: from `compare_from`/`compare_to`, else the latest two present."""
    if len(rounds) < 2:
        return None
    before, after = (parse_int((args.get(k) or "").strip(), rounds) for k in ("compare_from", "compare_to"))
    if before and after and before != after:
        return before, after
    return rounds[-2], rounds[-1]
