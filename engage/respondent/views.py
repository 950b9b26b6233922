"""The respondent's journey: home, start, one page at a time, check answers, confirmation.

Respondents never sign in. The UUID of the response in progress is kept per
questionnaire in the signed session cookie, so a reload or a browser restart on the
same device carries on where the person left off.
"""

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for

from engage import catalogue
from engage.db import get_db
from engage.questionnaires import journey
from engage.respondent import responses, visitor
from engage.respondent.page_answers import read_page
from engage.sessions import public_links
from engage.web.errors import Tampered

bp = Blueprint("respondent", __name__)


@bp.after_request
def never_cached(response):
    """A person's answers are never kept by a browser or proxy cache: the browser's Back
    button after sending cannot show the last person's pages again."""
    response.headers["Cache-Control"] = "no-store"
    return response


def questionnaire_or_404(questionnaire_id, even_closed=False):
    """The published questionnaire; a plain 410 page, storing nothing, when it is not open."""
    questionnaire = catalogue.questionnaires().get(questionnaire_id)
    if questionnaire is None:
        abort(404)
    lifecycle = catalogue.lifecycle(questionnaire_id)
    if not even_closed and lifecycle and not lifecycle.is_open():
        abort(make_response(render_template("respondent/closed.html", questionnaire=questionnaire, lifecycle=lifecycle), 410))
    return questionnaire


def current_uuid(questionnaire_id):
    return visitor.get(visitor.DRAFTS, questionnaire_id)


def remember(questionnaire_id, response_uuid):
    if response_uuid:
        visitor.put(visitor.DRAFTS, {questionnaire_id: response_uuid})
    else:
        visitor.forget(visitor.DRAFTS, questionnaire_id)


def current_draft(questionnaire):
    response_uuid = current_uuid(questionnaire.id)
    draft = responses.get_draft(get_db(), response_uuid) if response_uuid else None
    return draft if draft and draft.questionnaire_id == questionnaire.id else None


def posted_uuid_matches(draft):
    if request.form.get("response") != draft.uuid:
        raise Tampered("this page belongs to another response")


@bp.get("/")
def home():
    open_now = [q for q in catalogue.questionnaires() if catalogue.lifecycle(q.id).is_open()]  # type: ignore[union-attr]
    return render_template("respondent/home.html", questionnaires=open_now)


@bp.get("/q/<questionnaire_id>/")
def start_page(questionnaire_id):
    questionnaire = questionnaire_or_404(questionnaire_id)
    return render_template("respondent/start.html", questionnaire=questionnaire, draft=current_draft(questionnaire))


@bp.post("/q/<questionnaire_id>/start")
def start(questionnaire_id):
    questionnaire = questionnaire_or_404(questionnaire_id)
    draft = current_draft(questionnaire)
    if draft and request.form.get("restart") != "yes":
        page = journey.first_unfinished(journey.visible_pages(questionnaire, draft.answers), draft.answers)
        return redirect(page_url(questionnaire, page))
    if draft:
        responses.discard(get_db(), draft.uuid)
    remember(questionnaire.id, responses.start(get_db(), questionnaire, public_links.origin_for(questionnaire.id)))
    return redirect(url_for(".page", questionnaire_id=questionnaire.id, page_id=questionnaire.pages[0].id))


def page_url(questionnaire, page):
    if page is None:
        return url_for(".check", questionnaire_id=questionnaire.id)
    return url_for(".page", questionnaire_id=questionnaire.id, page_id=page.id)


def draft_or_restart(questionnaire):
    """The person's draft, or a redirect: to the confirmation if it was sent, else to the start."""
    draft = current_draft(questionnaire)
    if draft:
        return draft, None
    response_uuid = current_uuid(questionnaire.id)
    if response_uuid and responses.get_receipt(get_db(), response_uuid):
        return None, receipt_page(questionnaire.id, response_uuid)
    return None, redirect(url_for(".start_page", questionnaire_id=questionnaire.id))


@bp.route("/q/<questionnaire_id>/<page_id>", methods=["GET", "POST"])
def page(questionnaire_id, page_id):
    questionnaire = questionnaire_or_404(questionnaire_id)
    page = questionnaire.page(page_id) or abort(404)
    draft, elsewhere = draft_or_restart(questionnaire)
    if elsewhere:
        return elsewhere
    pages = journey.visible_pages(questionnaire, draft.answers)
    if not journey.can_visit(pages, page.id, draft.answers):
        return redirect(page_url(questionnaire, journey.first_unfinished(pages, draft.answers)))
    errors, shown = [], draft.answers
    if request.method == "POST":
        posted_uuid_matches(draft)
        page_answers, errors = read_page(page, draft.answers, request.form, questionnaire.easyread)
        if not errors:
            answers = responses.save_page(get_db(), questionnaire, draft.uuid, page_answers)
            return redirect(after_save(questionnaire, page, answers))
        shown = {**draft.answers, **page_answers}
    return render_page(questionnaire, pages, page, draft, shown, errors)


def after_save(questionnaire, page, answers):
    pages = journey.visible_pages(questionnaire, answers)
    if request.form.get("change"):
        return page_url(questionnaire, journey.first_unfinished(pages, answers))
    return page_url(questionnaire, journey.next_page(pages, page.id))


def render_page(questionnaire, pages, page, draft, answers, errors):
    """The page as the person's saved answers lay it out (`pages`), showing `answers`."""
    previous = journey.previous_page(pages, page.id)
    context = {
        "questionnaire": questionnaire,
        "page": page,
        "questions": journey.visible_questions(page, draft.answers),
        "answers": answers,
        "errors": errors,
        "back_url": page_url(questionnaire, previous) if previous else url_for(".start_page", questionnaire_id=questionnaire.id),
        "progress": journey.progress(questionnaire, draft.answers),
        "reminder": journey.reminder(questionnaire, draft.answers),
        "change": request.values.get("change"),
    }
    return render_template("respondent/page.html", draft=draft, **context), (400 if errors else 200)


@bp.get("/q/<questionnaire_id>/check")
def check(questionnaire_id):
    questionnaire = questionnaire_or_404(questionnaire_id)
    draft, elsewhere = draft_or_restart(questionnaire)
    if elsewhere:
        return elsewhere
    pages = journey.visible_pages(questionnaire, draft.answers)
    unfinished = journey.first_unfinished(pages, draft.answers)
    if unfinished:
        return redirect(page_url(questionnaire, unfinished))
    visible = [(page, journey.visible_questions(page, draft.answers)) for page in pages]
    return render_template("respondent/check.html", questionnaire=questionnaire, draft=draft, pages=visible,
                           back_url=page_url(questionnaire, pages[-1]))


@bp.post("/q/<questionnaire_id>/submit")
def submit(questionnaire_id):
    questionnaire = questionnaire_or_404(questionnaire_id)
    response_uuid = request.form.get("response", "")
    receipt = responses.get_receipt(get_db(), response_uuid)
    if receipt is None:
        if response_uuid != current_uuid(questionnaire.id):
            raise Tampered("no such response in progress")
        try:
            receipt = responses.submit(get_db(), questionnaire, response_uuid, questionnaire.language)
        except responses.NotReady as not_ready:
            return redirect(url_for(".page", questionnaire_id=questionnaire.id, page_id=not_ready.page_id))
        except responses.NoDraft:
            return redirect(url_for(".start_page", questionnaire_id=questionnaire.id))
    return receipt_page(receipt.questionnaire_id, receipt.uuid)


def receipt_page(questionnaire_id, response_uuid):
    """Go to the confirmation, keeping its short reference in the session: the response's
    id never goes in a URL, where access logs would tie it to an address."""
    visitor.put(visitor.RECEIPTS, {questionnaire_id: response_uuid[:8].upper()})
    return redirect(url_for(".done", questionnaire_id=questionnaire_id))


@bp.get("/q/<questionnaire_id>/done")
def done(questionnaire_id):
    questionnaire = questionnaire_or_404(questionnaire_id, even_closed=True)
    reference = visitor.get(visitor.RECEIPTS, questionnaire.id) or abort(404)
    return render_template("respondent/done.html", questionnaire=questionnaire, reference=reference)
