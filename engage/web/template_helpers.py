"""Small helpers the templates call to turn definitions into GOV.UK component parameters."""

from flask import g
from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from engage.staff import permissions


def choice_items(question, values):
    """Items for govukRadios / govukCheckboxes, with the extra option after an 'or' divider."""
    items = [{"value": o.id, "text": o.label, "checked": o.id in values} for o in question.options]
    if question.extra_option:
        extra = question.all_options()[-1]
        items += [
            {"divider": _("or")},
            {"value": extra.id, "text": str(extra.label), "checked": extra.id in values, "behaviour": "exclusive"},
        ]
    return items


def error_link(error):
    """An error summary entry: (question id, message) links to the question's first field."""
    question_id, message = error
    return {"text": str(message), "href": f"#{question_id}"}


# The staff navigation: (endpoint, label), shown to those allowed to open each.
STAFF_NAV = [("staff.home", _l("Dashboard"))]
STAFF_NAV += [("sessions.index", _l("Sessions")), ("paper.choose", _l("Paper questionnaires"))]
STAFF_NAV += [("admin.accounts", _l("Accounts")), ("admin.audit_log", _l("Audit log")), ("admin.erase", _l("Delete responses"))]
STAFF_NAV.append(("definitions.index", _l("Questionnaires")))
STAFF_NAV.append(("poll_staff.index", _l("Polls")))
STAFF_NAV += [("kiosk.setup", _l("Kiosk mode"))]
STAFF_NAV.append(("report.page", _l("Report")))


def staff_nav():
    user = g.get("user")
    return [(endpoint, label) for endpoint, label in STAFF_NAV if user and permissions.allowed(endpoint, user.role)]


def markup(template, *values):
    """HTML for a component's "html" parameter: `template` is ours, each value is escaped.
    (Joining strings to escaped values with ~ in a template escapes the template too.)"""
    return Markup(template).format(*values)


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["markup"] = markup
    app.jinja_env.globals["staff_nav"] = staff_nav
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.globals["choice_items"] = choice_items
    app.jinja_env.filters["error_link"] = error_link
