"""The staff page for rounds of a repeated engagement: leads see every questionnaire's
rounds and add or change one (a name and a start date). An easy-read twin shares its
standard questionnaire's report, so it follows the standard's rounds. Each change is
written to the audit log; `flask rounds` (rounds.py) does the same from the command line."""

import sqlite3
from datetime import date

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from engage import catalogue
from engage.db import get_db
from engage.reports import rounds
from engage.staff import audit
from engage.web.errors import Tampered

bp = Blueprint("rounds", __name__, url_prefix="/staff/rounds")

MESSAGES = {
    "name": _l("Enter a name for the round, like ‘2027’"),
    "name-long": _l("Use 60 characters or fewer"),
    "starts": _l("The start date must be a real date, like 1 4 2027"),
    "taken": _l("Another round of this questionnaire starts on that day: choose another day"),
}


def standards():
    """The questionnaires that own a report, each with its easy-read twins."""
    questionnaires = list(catalogue.questionnaires())
    return [(q, [t for t in questionnaires if t.twin_of == q.id]) for q in questionnaires if q.report_id == q.id]


def read_round(form, report_ids):
    """(report id, number, name, start day, {field: message}) from the form."""
    report_id = form.get("report", "")
    if report_id not in report_ids:
        raise Tampered("no such report")
    number = form.get("number", "")
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= 999:
        raise Tampered("not a round number")
    errors = {}
    name = form.get("name", "").strip()
    if not name:
        errors["name"] = MESSAGES["name"]
    elif len(name) > 60:
        errors["name"] = MESSAGES["name-long"]
    starts_on = None
    try:
        starts_on = date(*(int(form.get(f"starts-{part}", "")) for part in ("year", "month", "day")))
        if not 2000 <= starts_on.year <= 2100:
            raise ValueError(starts_on.year)
    except (ValueError, OverflowError):
        errors["starts-day"] = MESSAGES["starts"]
    return report_id, int(number), name, starts_on, errors


def by_report(db):
    found: dict = {}
    for report_id, number, name, starts_at in rounds.list_rounds(db):
        found.setdefault(report_id, []).append((number, name, starts_at))
    return found


@bp.route("/", methods=["GET", "POST"])
def index():
    db = get_db()
    owners = standards()
    listed = by_report(db)
    errors, form = {}, request.form
    if request.method == "POST":
        report_id, number, name, starts_on, errors = read_round(form, {q.id for q, _twins in owners})
        if not errors:
            try:
                rounds.set_round(db, report_id, number, name, starts_on)
            except sqlite3.IntegrityError:
                errors["starts-day"] = MESSAGES["taken"]
            else:
                audit.record(db, g.user, "round set", f"{report_id} round {number} ‘{name}’ from {starts_on.isoformat()}")
                return redirect(url_for(".index", _anchor=report_id))
    return render_template(
        "reports/rounds.html", owners=owners, listed=listed, errors=errors, form=form,
        posted_report=form.get("report"),
    ), (400 if errors else 200)
