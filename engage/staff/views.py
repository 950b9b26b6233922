"""The staff side's pages. Who may open each is decided in permissions.py."""

from flask import Blueprint, render_template

from engage import catalogue
from engage.db import get_db
from engage.staff import dashboard

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
def home():
    counts = dashboard.response_counts(get_db())
    return render_template(
        "staff/home.html", questionnaires=catalogue.not_archived(), counts=counts
    )
