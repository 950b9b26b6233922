"""Staff sign-in and sign-out, the signed-in user on `g.user`, and the permission check
that runs before every request (see permissions.py).

Each sign-in begins a server-side session (staff_sessions.py) whose id is the only thing
the cookie holds about staff; every request checks it, so signing out, a password reset or
a disabled account ends it, as do STAFF_IDLE_MINUTES unused or STAFF_SESSION_HOURS in all.
"""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l

from engage.db import get_db
from engage.staff import accounts as staff_accounts
from engage.staff import audit, permissions, staff_sessions
from engage.staff import limits as sign_in_limits

bp = Blueprint("staff_auth", __name__, url_prefix="/staff")

SIGN_IN_FAILED = _l("Enter a correct email address and password")
TOO_MANY = _l("Too many attempts: try again in %(minutes)d minutes")


def lifetimes(config):
    """(idle seconds, absolute seconds) a staff session may last."""
    return config["STAFF_IDLE_MINUTES"] * 60, config["STAFF_SESSION_HOURS"] * 3600


def load_user():
    g.user = None
    staff = session.get("staff")
    if not staff:
        return
    db = get_db()
    user_id = staff_sessions.user_id_for(db, staff.get("sid") if isinstance(staff, dict) else None,
                                         *lifetimes(current_app.config))
    user = staff_accounts.get_user(db, user_id) if user_id else None
    if user is None or not user.active:
        session.pop("staff", None)
        g.signed_out_idle = True
        return
    g.user = user


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


def no_store_behind_sign_in(response):
    """Pages and downloads behind sign-in (written answers, ballots, the audit log) are never
    kept by a browser or proxy cache."""
    if request.endpoint and permissions.rule_for(request.endpoint) not in (None, permissions.PUBLIC):
        response.headers["Cache-Control"] = "no-store"
    return response


def safe_next(target):
    """`target` when it is a path on this site, else the staff home page. Browsers drop tabs
    and newlines and read a backslash as a slash, so those are refused before the check."""
    home = url_for("staff.home")
    if not target or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return home
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    error, status = None, 200
    if request.method == "POST":
        email, password = request.form.get("email", ""), request.form.get("password", "")
        user, minutes = sign_in_limits.attempt(get_db(), current_app.config, email, password, request.remote_addr or "")
        if user:
            if g.user:  # signing in again: the session before ends
                staff_sessions.end(get_db(), session["staff"]["sid"])
            session.clear()
            session["staff"] = {"sid": staff_sessions.begin(get_db(), user.id, *lifetimes(current_app.config))}
            return redirect(safe_next(request.args.get("next")))
        error, status = (TOO_MANY % {"minutes": minutes}, 429) if minutes else (SIGN_IN_FAILED, 400)
    return render_template(
        "staff/sign_in.html", error=error, email=request.form.get("email", ""),
        idle=g.get("signed_out_idle"),
    ), status


@bp.post("/sign-out")
def sign_out():
    audit.record(get_db(), g.user, "signed out")
    staff_sessions.end(get_db(), session["staff"]["sid"])
    session.clear()
    return redirect(url_for("staff_auth.sign_in"))


def init_app(app):
    app.before_request(enforce_permissions)
    app.after_request(no_store_behind_sign_in)
    app.after_request(audit.record_staff_change)
    app.jinja_env.globals["current_user"] = lambda: g.get("user")
