"""Admin pages: staff accounts, the audit log, and deleting responses.
Only admins may open them (permissions.py)."""

from datetime import date

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from engage import catalogue
from engage.db import get_db
from engage.staff import accounts as staff_accounts
from engage.staff import audit, retention

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")

ROLES = [
    {"value": "admin", "text": _l("Admin"),
     "hint": {"text": _l("Manages accounts, the audit log and deleting responses, and can do everything a lead can.")}},
    {"value": "lead", "text": _l("Lead"),
     "hint": {"text": _l("Sets up questionnaires, sessions, polls and reports, and downloads results.")}},
    {"value": "facilitator", "text": _l("Facilitator"),
     "hint": {"text": _l("Runs sessions on tablets and live polls, and keys in paper responses. Cannot download raw answers.")}},
]


def user_or_404(user_id):
    return staff_accounts.get_user(get_db(), user_id) or abort(404)


@bp.get("/accounts")
def accounts():
    return render_template("admin/accounts.html", users=staff_accounts.list_users(get_db()))


@bp.route("/accounts/new", methods=["GET", "POST"])
def new_account():
    form, error = request.form, None
    if request.method == "POST":
        try:
            user = staff_accounts.create_user(get_db(), form.get("email", ""), form.get("role", ""), form.get("password", ""), by=g.user)
        except staff_accounts.AccountError as refused:
            error = str(refused)
        else:
            flash(_l("Account created for %(email)s", email=user.email))
            return redirect(url_for(".account", user_id=user.id))
    return render_template("admin/new_account.html", form=form, error=error, roles=ROLES), (400 if error else 200)


@bp.get("/accounts/<int:user_id>")
def account(user_id):
    return render_account(user_or_404(user_id))


def render_account(user, error=None, field=None):
    return render_template(
        "admin/account.html", user=user, roles=ROLES, error=error, field=field
    ), (400 if error else 200)


def account_change(user_id, field, change, done):
    """Apply `change(db, user)`; on success flash `done` and go back to the account page."""
    user = user_or_404(user_id)
    try:
        change(get_db(), user)
    except staff_accounts.AccountError as refused:
        return render_account(user, str(refused), field)
    flash(done)
    return redirect(url_for(".account", user_id=user.id))


@bp.post("/accounts/<int:user_id>/role")
def change_role(user_id):
    role = request.form.get("role", "")
    return account_change(
        user_id, "role", lambda db, user: staff_accounts.set_role(db, user, role, by=g.user), _l("Role changed")
    )


@bp.post("/accounts/<int:user_id>/active")
def change_active(user_id):
    active = request.form.get("active") == "yes"
    return account_change(
        user_id, "active", lambda db, user: staff_accounts.set_active(db, user, active, by=g.user),
        _l("Account enabled") if active else _l("Account disabled"),
    )


@bp.post("/accounts/<int:user_id>/password")
def reset_password(user_id):
    password = request.form.get("password", "")
    return account_change(
        user_id, "password", lambda db, user: staff_accounts.set_password(db, user, password, by=g.user),
        _l("Password changed: tell the person their new password in person or by phone"),
    )


@bp.get("/audit")
def audit_log():
    page = request.args.get("page", 1, type=int)
    entries, pages = audit.page_of_entries(get_db(), page)
    return render_template("admin/audit.html", entries=entries, pages=pages, page=min(max(page, 1), pages))


@bp.get("/audit.csv")
def audit_csv():
    audit.record(get_db(), g.user, "download", "audit log as CSV")
    return Response(
        audit.as_csv(get_db()), mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit-log.csv"},
    )


DATE_FIELDS = ("before-day", "before-month", "before-year")


def parse_selection(values):
    """A retention.Selection from the form, or (None, message)."""
    questionnaire_id = values.get("questionnaire", "").strip() or None
    parts = [values.get(name, "").strip() for name in DATE_FIELDS]
    before = None
    if any(parts):
        try:
            before = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except (ValueError, OverflowError):
            return None, _l("Enter a real date, like 1 4 2026")
    if not questionnaire_id and not before:
        return None, _l("Choose a questionnaire, enter a date, or both")
    return retention.Selection(questionnaire_id, before), None


def questionnaire_choices():
    known = {q.id: q.title for q in catalogue.questionnaires()}
    stored = retention.questionnaire_ids(get_db())
    return [(qid, known.get(qid, qid)) for qid in sorted(known.keys() | set(stored))]


@bp.get("/responses")
def erase():
    return render_template("admin/erase.html", values=request.args, choices=questionnaire_choices(), error=None)


@bp.get("/responses/confirm")
def confirm_erase():
    selection, error = parse_selection(request.args)
    if error:
        return render_template("admin/erase.html", values=request.args, choices=questionnaire_choices(), error=error), 400
    return render_confirm(selection, request.args)


def render_confirm(selection, values, changed=False):
    count = retention.count_responses(get_db(), selection)
    title = dict(questionnaire_choices()).get(selection.questionnaire_id, selection.questionnaire_id)
    return render_template(
        "admin/confirm_erase.html", selection=selection, title=title, count=count, values=values, changed=changed
    ), (409 if changed else 200)


@bp.post("/responses/delete")
def erase_responses():
    selection, error = parse_selection(request.form)
    expected = request.form.get("count", type=int)
    if error or expected is None:
        abort(400)
    try:
        deleted = retention.delete_responses(get_db(), selection, by=g.user, expected=expected)
    except retention.CountChanged:
        return render_confirm(selection, request.form, changed=True)
    flash(ngettext("%(num)d response deleted", "%(num)d responses deleted", deleted))
    return redirect(url_for(".erase"))
