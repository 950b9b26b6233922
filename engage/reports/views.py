"""The engagement report for leads and admins: the page, free-text answers and downloads.
Filters live in the URL (a GET form), so a filtered report can be shared as a link."""

from datetime import date

from flask import Blueprint, Response, abort, current_app, g, render_template, request
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from engage import catalogue
from engage.db import get_db
from engage.reports import exports
from engage.reports import figures as reports
from engage.reports import filters as report_filters
from engage.reports import polls as report_polls
from engage.web.errors import render_error

bp = Blueprint("report", __name__, url_prefix="/staff/report")

TEXT_PAGE_SIZE = 50
LABELS = report_filters.LABELS




def threshold():
    return current_app.config["SUPPRESS_BELOW"]


def report_ids():
    return {q.report_id for q in catalogue.report_questionnaires()}


@bp.get("/")
def page():
    filters, errors = report_filters.parse(request.args, report_ids())
    data = reports.full_report(get_db(), catalogue.report_questionnaires(), filters, threshold())
    comparisons = {s.report_id: report_filters.parse_round_pair(request.args, s.rounds) for s in data.sections}
    return render_template(
        "reports/report.html", report=data, errors=errors, comparisons=comparisons, labels=LABELS,
        titles=reports.report_titles(catalogue.report_questionnaires()), polls=report_polls.sections(get_db(), catalogue.polls(), filters, threshold()),
    )


@bp.get("/text/<report_id>/<question_id>")
def text_answers(report_id, question_id):
    definition = reports.report_definitions(catalogue.report_questionnaires(), reports.Filters(questionnaire=report_id)).get(report_id)
    question = definition.questions.get(question_id) if definition else None
    if question is None or question.options:
        abort(404)
    filters, errors = report_filters.parse(request.args, report_ids())
    search = (request.args.get("search") or "").strip()[:200]
    number = report_filters.parse_int(request.args.get("page") or "1") or 1
    total, answers = reports.free_text(
        get_db(), report_id, question_id, filters, search, TEXT_PAGE_SIZE, (number - 1) * TEXT_PAGE_SIZE
    )
    return render_template(
        "reports/text.html", definition=definition, question=question, filters=filters, errors=errors,
        search=search, total=total, answers=answers, number=number, pages=-(-total // TEXT_PAGE_SIZE), labels=LABELS,
    )


@bp.get("/download/<kind>")
def download(kind):
    filters, errors = report_filters.parse(request.args, report_ids())
    if errors:
        return render_error(400, body=errors[0][1])
    try:
        made = exports.download(current_app.config["DATABASE"], catalogue.report_questionnaires(), kind, filters, threshold(), g.user, polls=catalogue.polls())
    except exports.ExportError as error:
        return render_error(400, _l("That download cannot be made"), str(error))
    return Response(
        made.chunks, mimetype=made.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"', "Cache-Control": "no-store"},
    )


@bp.app_template_filter("report_date")
def report_date(value):
    return format_date(date.fromisoformat(value), "d MMMM yyyy")


@bp.app_template_filter("report_error_link")
def report_error_link(error):
    field, message = error
    return {"text": str(message), "href": f"#filter-{field}"}


@bp.app_template_global("result_changes")
def result_changes(result, before, after):
    return reports.compare_rounds(result, before, after)
