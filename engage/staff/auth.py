"""Staff sign-in and sign-out, the signed-in user on `g.user`, and the permission check
that runs before every request (see permissions.py).

Sessions expire after STAFF_IDLE_MINUTES without a request.
"""

import time

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l

from engage.db import get_db
from engage.staff import accounts as staff_accounts
from engage.staff import audit, permissions
from engage.staff import limits as sign_in_limits

bp = Blueprint("staff_auth", __name__, url_prefix="/staff")

SIGN_IN_FAILED = _l("Enter a correct email address and password")
TOO_MANY = _l("Too many attempts: try again in %(minutes)d minutes")


def load_user():
    g.user = None
    staff = session.get("staff")
    if not staff:
        return
    idle_limit = current_app.config["STAFF_IDLE_MINUTES"] * 60
    if time.time() - staff.get("seen", 0) > idle_limit:
        session.pop("staff", None)
        g.signed_out_idle = True
        return
    user = staff_accounts.get_user(get_db(), staff["id"])
    if user is None or not user.active:
        session.pop("staff", None)
        return
    g.user = user
    session["staff"] = {"id": user.id, "seen": int(time.time())}


def enforce_permissions():
    if request.endpoint is None:
        return None  # 404 or 405: let Flask answer
    load_user()
    role = g.user.role if g.user else None
    if permissions.allowed(request.endpoint, role):
        return None
    if g.user is None:
        return redirect(url_for("staff_auth.sign_in", next=request.full_path.rstrip("?")))
    abort(403)


def safe_next(target):
    return target if target and target.startswith("/") and not target.startswith("//") else url_for("staff.home")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    error, status = None, 200
    if request.method == "POST":
        email, password = request.form.get("email", ""), request.form.get("password", "")
        user, minutes = sign_in_limits.attempt(get_db(), current_app.config, email, password, request.remote_addr or "")
        if user:
            session.clear()
            session["staff"] = {"id": user.id, "seen": int(time.time())}
            return redirect(safe_next(request.args.get("next")))
        error, status = (TOO_MANY % {"minutes": minutes}, 429) if minutes else (SIGN_IN_FAILED, 400)
    return render_template(
        "staff/sign_in.html", error=error, email=request.form.get("email", ""),
        idle=g.get("signed_out_idle"),
    ), status


@bp.post("/sign-out")
def sign_out():
    audit.record(get_db(), g.user, "signed out")
    session.clear()
    return redirect(url_for("staff_auth.sign_in"))


def init_app(app):
    app.before_request(enforce_permissions)
    app.jinja_env.globals["current_user"] = lambda: g.get("user")
