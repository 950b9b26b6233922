"""UI strings and en-GB dates and numbers through Flask-Babel."""

from datetime import datetime

from flask_babel import Babel, format_datetime

babel = Babel()


def parse_stamp(value):
    """Our stored times are ISO 8601 strings in UTC ending in Z."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value


def datetime_filter(value, fmt="d MMMM yyyy 'at' h:mm a"):
    return format_datetime(parse_stamp(value), fmt)


def init_app(app):
    babel.init_app(app, locale_selector=lambda: app.config["BABEL_DEFAULT_LOCALE"])
    app.jinja_env.filters["datetime"] = datetime_filter
