"""UI strings and en-GB dates and numbers through Flask-Babel."""

from babel import Locale
from flask import g
from flask_babel import Babel, format_datetime, get_translations

from engage.clock import parse_stamp

babel = Babel()


def datetime_filter(value, fmt="d MMMM yyyy 'at' h:mm a"):
    """A stored UTC string (or a datetime) as London time in words."""
    return format_datetime(parse_stamp(value) if isinstance(value, str) else value, fmt)


def translations():
    """This request's catalogue, found once: Flask-Babel's own template callables look it
    up again for every string, a measurable share of a page's CPU."""
    found = g.get("translations")
    if found is None:
        found = g.translations = get_translations()
    return found


def install_template_gettext(jinja_env):
    jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def init_app(app):
    locale = Locale.parse(app.config["BABEL_DEFAULT_LOCALE"])  # parsed once, not per request
    babel.init_app(app, locale_selector=lambda: locale)
    install_template_gettext(app.jinja_env)
    app.jinja_env.filters["datetime"] = datetime_filter
