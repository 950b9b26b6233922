"""Rendered HTML kept for reuse: question fragments, and whole respondent pages.

The GOV.UK macros behind a question cost a few milliseconds a time, and a question shown
with the same answers, language and definition always renders the same HTML. Likewise a
question page differs between two people on the same route only by their response id and
CSRF token, a start page only by the token, a confirmation only by its reference, a check
page (for the same questions shown) by the answers it words: such a page is rendered once
with stand-ins for those ("holes"), and each request fills them in.
Together these were most of a page's CPU (docs/decisions/performance.md).

Only HTML that holds no free text is kept (no answer, or chosen option ids), so nothing a
person wrote is kept in memory; pages showing errors, kiosk pages (their idle warning
belongs to the kiosk) and anything while templates auto-reload are rendered afresh.
"""

import re
import secrets

from flask import current_app, render_template, request, session
from flask_babel import get_locale
from markupsafe import escape

from engage.web.csrf_tokens import kept_page_token
from engage.web.worker_caches import keep

# Entries per app in each worker process: a fragment is a few KB, a page about 10 KB, so
# a few MB each. The caches belong to the app (its settings are in the pages).
LIMIT = 2048
PAGE_LIMIT = 512
# Stand-ins that cannot occur in a page by chance, different in every process.
HOLE_MARK = secrets.token_hex(16)
PAGE = "respondent/page.html"


def stand_in(name):
    """The text a hole's value is rendered as, to be found again (name: letters, digits, _ and -)."""
    return f"{HOLE_MARK}{name}{HOLE_MARK}"


CSRF_HOLE = "csrf_token"
STAND_IN = re.compile(f"{HOLE_MARK}([\\w-]+?){HOLE_MARK}")


def caches():
    """This app's kept HTML: {"questions": {key: html}, "pages": {key: pieces}, "words": {key: text}}."""
    return current_app.extensions["engage.fragments"]


def holds_free_text(question, values):
    return bool(values) and not question.options


def question_html(questionnaire, question, values, error, heading):
    """The HTML of one question on a page: its field(s), label or legend, hint and error."""
    if error or holds_free_text(question, values) or current_app.jinja_env.auto_reload:
        return render(questionnaire, question, values, error, heading)
    key = (str(get_locale()), request.script_root, questionnaire.definition_hash, questionnaire.id, question.id, tuple(values), heading)
    return keep(caches()["questions"], LIMIT, key, lambda: render(questionnaire, question, values, error, heading))


def answers_worded(questionnaire, visible, answers):
    """{question id: the answer as the check page words it} for the questions `visible`
    ([(page, questions)]). The words for chosen options are kept (a translated label
    costs ~10 microseconds to look up); a written answer is worded afresh, never kept."""
    locale, kept = str(get_locale()), caches()["words"]
    words = {}
    for _page, questions in visible:
        for question in questions:
            values = answers.get(question.id, [])
            if holds_free_text(question, values):
                words[question.id] = question.kind.display(question, values, questionnaire.easyread)
            else:
                key = (locale, questionnaire.definition_hash, questionnaire.id, question.id, tuple(values))
                words[question.id] = keep(kept, LIMIT, key, lambda: str(question.kind.display(question, values, questionnaire.easyread)))
    return words


def render(questionnaire, question, values, error, heading):
    macros = current_app.jinja_env.get_template("macros/questions.html").module
    if questionnaire.easyread:
        return macros.easyread_question(question, values, error)
    return macros.standard_question(question, values, error, heading)


def question_page(context, draft, fresh):
    """respondent/page.html for the person whose `draft` it is. `context` is the
    template's, without the draft; `fresh` says the page must be rendered afresh (it
    shows errors, or is on a kiosk)."""
    shown = [tuple(context["answers"].get(q.id, ())) for q in context["questions"]]
    if fresh or any(map(holds_free_text, context["questions"], shown)):
        return render_template(PAGE, draft=draft, response_uuid=draft.uuid, **context)
    return kept_page(PAGE, page_key(context, shown), {"response_uuid": draft.uuid}, **context)


def page_key(context, shown):
    """Everything a question page shows but the holes."""
    questionnaire = context["questionnaire"]
    return (questionnaire.definition_hash, questionnaire.id, context["page"].id,
            tuple(zip((q.id for q in context["questions"]), shown)), context["back_url"], context["number"],
            context["total"], bool(context["change"]))


def kept_page(template, key, holes, **context):
    """render_template(template, **holes, **context) for a page that differs between people
    only by its `holes` and its CSRF token: rendered once per `key` (all else the page
    shows, including the names of every hole) with stand-ins for those, and kept split at
    them; each request joins the pieces with its own texts. A hole is {name: text}, or
    {name: {key: text}} for a set of texts."""
    if session.get("kiosk") or current_app.jinja_env.auto_reload:
        return render_template(template, **holes, **context)
    key = (template, str(get_locale()), request.script_root, *key)
    stand_ins = {name: stand_ins_for(name, value) for name, value in holes.items()}
    pieces = keep(caches()["pages"], PAGE_LIMIT, key, lambda: STAND_IN.split(
        render_template(template, csrf_token=lambda: stand_in(CSRF_HOLE), **stand_ins, **context)))
    # re.split leaves the text between stand-ins at even places, the holes' names at odd ones.
    names = pieces[1::2]
    texts = hole_texts(holes)
    if CSRF_HOLE in names:
        texts[CSRF_HOLE] = kept_page_token()
    page = pieces.copy()
    page[1::2] = [texts[name] for name in names]
    return "".join(page)


def stand_ins_for(name, value):
    if isinstance(value, dict):
        return {key: stand_in(f"{name}-{n}") for n, key in enumerate(value)}
    return stand_in(name)


def hole_texts(holes):
    """{the name in each stand-in: its text, escaped as Jinja would}."""
    texts = {}
    for name, value in holes.items():
        if isinstance(value, dict):
            texts.update((f"{name}-{n}", str(escape(text))) for n, text in enumerate(value.values()))
        else:
            texts[name] = str(escape(value))
    return texts


def init_app(app):
    app.extensions["engage.fragments"] = {"questions": {}, "pages": {}, "words": {}}
    app.jinja_env.globals["question_html"] = question_html
