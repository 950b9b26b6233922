"""Readable error pages: never a stack trace, never a 500 for a bad request.

An unhandled exception is logged by Flask (path, method and traceback; never the form)
and answered with the 500 page, since InternalServerError is an HTTPException."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException


class Tampered(ValueError):
    """A posted value no form we serve could have sent: the request is refused (400)."""


MESSAGES = {
    400: (_l("Sorry, we could not use that"), _l("Something in what was sent did not look right, so nothing was saved. Go back and try again.")),
    403: (_l("You cannot see this page"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("If you typed the web address, check it is right. If you used a code or a link, it may be too old.")),
    405: (_l("Sorry, we could not use that"), _l("That page cannot be used that way. Go back and try again.")),
    413: (_l("That was too much to send"), _l("What you sent was too large, so nothing was saved. Go back and make your answers shorter.")),
    429: (_l("Too many tries"), _l("Wait a few minutes, then try again.")),
    500: (_l("Sorry, something went wrong"), _l("Nothing has been lost that was already confirmed. Try again in a few minutes.")),
}


def render_error(code, title=None, body=None):
    default_title, default_body = MESSAGES.get(code, MESSAGES[400])
    return render_template("errors/error.html", title=title or default_title, body=body or default_body), code


def handle_http(error: HTTPException):
    return render_error(error.code or 500)


def handle_csrf(error: CSRFError):
    return render_error(
        400,
        _l("Your page had expired"),
        _l("For your security, the form could not be sent. Go back, reload the page and try again. Your saved answers are kept."),
    )


def handle_tampered(error: Tampered):
    return render_error(400)


def init_app(app):
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(Tampered, handle_tampered)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(BadRequest, handle_http)
