"""Rendered question fragments, cached: the GOV.UK macros behind a question cost a few
milliseconds a time (most of a page's CPU), and a question shown with the same answers,
language and definition always renders the same HTML.

Only fragments that hold no free text are cached (no answer, or chosen option ids), so
nothing a person wrote is kept in memory; a page showing errors is rendered afresh.
"""

from flask import current_app, request
from flask_babel import get_locale

# Entries per worker process; a fragment is a few KB, so at most a few MB.
LIMIT = 2048
_cache = {}


def question_html(questionnaire, question, values, error, heading):
    """The HTML of one question on a page: its field(s), label or legend, hint and error."""
    if error or (values and not question.options) or current_app.jinja_env.auto_reload:
        return render(questionnaire, question, values, error, heading)
    key = (str(get_locale()), request.script_root, questionnaire.version, questionnaire.id, question.id, tuple(values), heading)
    html = _cache.get(key)
    if html is None:
        if len(_cache) >= LIMIT:
            _cache.clear()
        html = _cache[key] = render(questionnaire, question, values, error, heading)
    return html


def render(questionnaire, question, values, error, heading):
    macros = current_app.jinja_env.get_template("macros/questions.html").module
    if questionnaire.easyread:
        return macros.easyread_question(question, values, error)
    return macros.standard_question(question, values, error, heading)


def init_app(app):
    app.jinja_env.globals["question_html"] = question_html
