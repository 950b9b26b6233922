"""Pages about the service: the accessibility statement and the picture credits."""

from flask import Blueprint, current_app, render_template

from engage.web.credits import picture_credits

bp = Blueprint("about", __name__)

# The axe-core the browser tests run (tests/browser_assets/VERSION; a test keeps them equal).
AXE_VERSION = "4.14.1"


@bp.get("/accessibility")
def accessibility():
    return render_template("about/accessibility.html", AXE_VERSION=AXE_VERSION)


@bp.get("/credits")
def credits():
    return render_template("about/credits.html", pictures=picture_credits(current_app.config["PICTURES_DIR"]))
