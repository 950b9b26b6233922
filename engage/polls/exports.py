"""Poll downloads for leads: the results (one row per proposal) and the individual
ballots (one row per vote, no identities), as CSV or XLSX.

The column names are frozen: people build spreadsheets on them. Text that a spreadsheet
would run as a formula (starting with =, +, -, @, a tab or a carriage return) is written with a leading apostrophe
in CSV, and always as a string in XLSX.
"""

import csv
import io

import xlsxwriter

from engage.polls.results import ballot_where, results

BALLOT_COLUMNS = ["ballot", "channel", "session_id", "variant", "submitted_at", "priority_id", "proposal_id", "option_id", "comment"]
COMMENT_COLUMNS = ["priority_id", "proposal_id", "option_id", "comment"]


def result_columns(poll):
    per_option = [name for o in poll.options for name in (o.id, f"{o.id}_online", f"{o.id}_room")]
    fixed = ["priority_id", "priority", "proposal_id", "proposal", "rank_in_priority"]
    return fixed + per_option + ["total", "online_total", "room_total", "agree_percent", "comments"]


def result_rows(counted):
    """Rows in the definition's order, each with the proposal's rank within its priority."""
    for priority in counted.priorities:
        ranks = {r.proposal.id: i for i, r in enumerate(priority.ranked, start=1)}
        for r in priority.proposals:
            per_option = [n for c in r.counts for n in (c.total, c.ballots, c.room)]
            yield [
                priority.priority.id, priority.priority.title, r.proposal.id, r.proposal.title, ranks[r.proposal.id],
                *per_option, r.total, r.ballot_total, r.room_total, r.agree_percent, len(r.comments),
            ]


def comment_rows(counted):
    for priority in counted.priorities:
        for r in priority.proposals:
            for comment in r.comments:
                yield [priority.priority.id, r.proposal.id, comment.option_id, comment.text]


def ballot_rows(db, poll, filters):
    """One row per vote of every submitted ballot (rooms' tallies are not ballots)."""
    if not filters.ballots:
        return
    priority_of = {p.id: p.priority_id for p in poll.proposals}
    where, params = ballot_where(poll.id, filters)
    cursor = db.execute(
        "SELECT b.uuid, b.channel, b.session_id, b.variant, b.submitted_at, v.proposal_id, v.option_id, v.comment"
        f" FROM ballots b JOIN votes v ON v.ballot_uuid = b.uuid WHERE {where}"
        " ORDER BY b.submitted_at, b.uuid, v.proposal_id",
        params,
    )
    for row in cursor:
        yield [*row[:5], priority_of.get(row[5], ""), *row[5:]]


def safe(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def csv_lines(columns, rows):
    """Yield the CSV text line by line (for a streamed response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe(v) for v in row])
        yield buffer.getvalue()


def xlsx_bytes(sheets):
    """An XLSX workbook from [(sheet name, columns, rows)], written in constant memory."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True})
    for name, columns, rows in sheets:
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, columns, bold)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                write_cell(sheet, r, c, value)
    workbook.close()
    return output.getvalue()


def write_cell(sheet, row, col, value):
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value)
    else:
        sheet.write_number(row, col, value)


def results_sheets(counted):
    return [
        ("Results", result_columns(counted.poll), result_rows(counted)),
        ("Comments", COMMENT_COLUMNS, comment_rows(counted)),
    ]


def ballot_sheets(db, poll, filters):
    return [("Ballots", BALLOT_COLUMNS, ballot_rows(db, poll, filters))]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(open_db, poll, what, fmt, filters):
    """(mimetype, body) of a download: `what` is "results" or "ballots", `fmt` "csv" or "xlsx".
    `open_db()` opens a connection of the download's own, so a CSV can stream after the
    request's connection is closed."""
    if fmt == "csv":
        return "text/csv", streamed_csv(open_db, poll, what, filters)
    db = open_db()
    try:
        return XLSX, xlsx_bytes(sheets_for(db, poll, what, filters))
    finally:
        db.close()


def sheets_for(db, poll, what, filters):
    return results_sheets(results(db, poll, filters)) if what == "results" else ballot_sheets(db, poll, filters)


def streamed_csv(open_db, poll, what, filters):
    db = open_db()
    try:
        _, columns, rows = sheets_for(db, poll, what, filters)[0]
        yield from csv_lines(columns, rows)
    finally:
        db.close()
