"""Downloads of the report and its data, written in bounded memory.

Raw data (for leads, unsuppressed, marked "Raw data: not for publication"):
- `csv`: one row per response, one column per question (docs/exports.md freezes the order);
- `long`: one row per answer: response, questionnaire, question, value;
- `raw-xlsx`: the `csv` rows as a workbook, a Responses sheet per questionnaire
  (XlsxWriter's constant-memory mode, text never read as a formula).
For publication (small numbers suppressed, no raw data):
- `xlsx`: summary, per-question tables, polls and the data dictionary;
- `docx`: an editable committee draft with the headline counts, per-question tables and poll results.
- `dictionary`: the columns of `csv` and what each value means.

Responses are read from the `answers` rows (the one copy of each answer) through one
ordered query per questionnaire, one row per response with its answers gathered by SQLite,
a chunk at a time, so 100,000 responses never sit in a Python list. Every download goes
through `download`, which calls `record_download` once.
"""

import csv
import io
import itertools
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import groupby

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage.db import connect
from engage.reports import figures as reports
from engage.reports import filters as report_filters
from engage.reports import polls as report_polls
from engage.staff import audit

RAW_MARK = _l("Raw data: not for publication")
META_COLUMNS = ("response_id", "questionnaire_id", "respondent_group", "variant", "channel", "session_id",
                "round", "submitted_at")
CHUNK = 2000
KINDS = ("csv", "long", "raw-xlsx", "dictionary", "xlsx", "docx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ExportError(ValueError):
    """A download that cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class Download:
    filename: str
    mimetype: str
    chunks: Iterator[bytes]


def record_download(db, user, kind, filters):
    """The one place every download is recorded: the audit log (no user: the command line)."""
    audit.record(db, user, "download", f"{kind} {'from the command line ' if user is None else ''}{filters.args()}")


def download(db_path, catalogue, kind, filters, threshold, user=None, progress=None, polls=()):
    """Record the download and return its file name, type and a generator of its bytes.
    `progress(n)` is called as each n responses are written; `polls` go in the XLSX and DOCX."""
    if kind not in KINDS:
        raise ExportError(f"no download called '{kind}': choose one of {', '.join(KINDS)}")
    definitions = reports.report_definitions(catalogue, filters)
    if not definitions:
        raise ExportError("no questionnaire matches")
    if kind in ("csv", "dictionary") and len(definitions) > 1:
        raise ExportError("choose one questionnaire for this download: " + ", ".join(definitions))
    db = connect(db_path)
    try:
        record_download(db, user, kind, filters)
    finally:
        db.close()
    name = filters.questionnaire or "all"
    tick = progress or (lambda n: None)
    makers = {
        "csv": (f"responses-{name}-raw.csv", "text/csv", lambda: wide_csv(db_path, definitions, filters, tick)),
        "long": (f"answers-{name}-raw.csv", "text/csv", lambda: long_csv(db_path, definitions, filters, tick)),
        "raw-xlsx": (f"responses-{name}-raw.xlsx", XLSX_TYPE, lambda: raw_xlsx(db_path, definitions, filters, tick)),
        "dictionary": (f"data-dictionary-{name}.csv", "text/csv", lambda: dictionary_csv(definitions)),
        "xlsx": (f"engagement-report-{name}.xlsx", XLSX_TYPE,
                 lambda: xlsx(db_path, catalogue, polls, definitions, filters, threshold)),
        "docx": (f"engagement-report-{name}.docx", DOCX_TYPE, lambda: docx(db_path, catalogue, polls, filters, threshold)),
    }
    filename, mimetype, make = makers[kind]
    return Download(filename, mimetype, make())


def count_responses(db_path, filters):
    db = connect(db_path)
    try:
        where, params = reports.response_where(filters)
        return db.execute(f"SELECT count(*) FROM responses r WHERE {where}", params).fetchone()[0]
    finally:
        db.close()


# --- Reading responses in order ------------------------------------------------------

# One response's answers, (question id, value) in (question, value) order: the order of
# the answers' primary key, which this subquery reads. Gathered by SQLite as the responses
# stream past, so each row of the query is one whole response.
ANSWERS_OF_RESPONSE = (
    "(SELECT json_array(json_group_array(a.question_id), json_group_array(a.value))"
    " FROM answers a WHERE a.response_uuid = r.uuid)"
)


def responses_with_answers(db, report_id, filters):
    """Yield (meta tuple, (question_id, value) pairs) per response, oldest first, the answers
    in (question, value) order, read from the `answers` rows a chunk of responses at a time.
    The responses' index gives the order: no sort."""
    where, params = reports.response_where(replace(filters, questionnaire=report_id))
    cursor = db.execute(
        "SELECT r.uuid, r.questionnaire_id, r.respondent_group, r.variant, r.channel, r.session_id, r.round,"
        f" r.submitted_at, {ANSWERS_OF_RESPONSE} FROM responses r"
        f" WHERE {where} ORDER BY r.submitted_at, r.rowid",
        params,
    )
    for row in chunked(cursor):
        question_ids, values = json.loads(row[8])
        yield row[:8], zip(question_ids, values)


def chunked(cursor):
    while batch := cursor.fetchmany(CHUNK):
        yield from batch


def wide_columns(definition):
    """[(column name, question, option id or None)] in the frozen order: the questions in
    definition order; a multiple-choice question gives one column per option, `<question>__<option>`."""
    columns = []
    for question in definition.questions.values():
        if question.type == "multiple_choice":
            columns += [(f"{question.id}__{o.id}", question, o.id) for o in question.all_options()]
        else:
            columns.append((question.id, question, None))
    return columns


class WideCells:
    """Where each answer goes among the `wide_columns`, worked out once per download."""

    def __init__(self, columns):
        self.width = len(columns)
        self.single = {}  # question id: its column
        self.choices: dict[str, dict[str, int]] = {}  # multiple-choice question id: {option id: its column}
        for position, (_name, question, option_id) in enumerate(columns):
            if option_id is None:
                self.single[question.id] = position
            else:
                self.choices.setdefault(question.id, {})[option_id] = position

    def of(self, answers):
        """One response's cells from its (question id, value) pairs in question order: a
        question's first value; for a multiple-choice question answered, 1 or 0 per option;
        empty when not answered. Answers to questions without a column are left out."""
        cells = [""] * self.width
        previous = None
        for question_id, value in answers:
            first = question_id != previous
            previous = question_id
            if question_id in self.single:
                if first:
                    cells[self.single[question_id]] = value
            elif question_id in self.choices:
                options = self.choices[question_id]
                if first:
                    for position in options.values():
                        cells[position] = "0"
                if value in options:
                    cells[options[value]] = "1"
        return cells


# --- CSV -------------------------------------------------------------------------------

def csv_chunks(rows: Iterator[list], every=500):
    """Encode rows as UTF-8 CSV (with a byte-order mark, so Excel reads it), a chunk at a time.
    Every text cell that a spreadsheet would run as a formula is marked as text (as_text)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for n, row in enumerate(rows, 1):
        writer.writerow([as_text(cell) if isinstance(cell, str) else cell for cell in row])
        if n % every == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def with_connection(db_path, produce: Callable):
    """Run a row generator with its own connection (a stream outlives the request's)."""
    db = connect(db_path)
    try:
        yield from produce(db)
    finally:
        db.close()


# A cell starting with one of these is a formula to Excel and LibreOffice: a person's words
# that do are written with a ' in front, so that opening the CSV shows them as text instead
# of running them ("CSV injection"). The raw workbook needs no such mark: its cells are text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(words):
    return "'" + words if words.startswith(FORMULA_START) else words


def wide_header(columns):
    """The two rows above the responses in every wide download: the raw-data mark, the column names."""
    return [[str(RAW_MARK)], [*META_COLUMNS, *(name for name, _q, _o in columns)]]


def wide_rows(db, definition, filters, columns):
    """One row per response: its meta columns, then its cells in the `columns`."""
    cells = WideCells(columns)
    for meta, answers in responses_with_answers(db, definition.report_id, filters):
        yield [*meta, *cells.of(answers)]


def counting(rows, counter, progress):
    for row in rows:
        yield row
        progress(next(counter))


def wide_csv(db_path, definitions, filters, progress):
    (definition,) = definitions.values()
    columns = wide_columns(definition)
    written = [len(META_COLUMNS) + n for n, (_name, question, _o) in enumerate(columns) if not question.options]

    def rows(db):
        yield from wide_header(columns)
        for row in counting(wide_rows(db, definition, filters, columns), itertools.count(1), progress):
            for position in written:
                row[position] = as_text(row[position])
            yield row

    return csv_chunks(with_connection(db_path, rows))


def long_csv(db_path, definitions, filters, progress):
    written = {q.id for definition in definitions.values() for q in definition.questions.values() if not q.options}

    def rows(db):
        yield [str(RAW_MARK)]
        yield ["response_id", "questionnaire_id", "question_id", "value"]
        n = 0
        for report_id in definitions:
            for meta, answers in responses_with_answers(db, report_id, filters):
                for question_id, value in answers:
                    yield [meta[0], meta[1], question_id, as_text(value) if question_id in written else value]
                n += 1
                progress(n)

    return csv_chunks(with_connection(db_path, rows))


DICTIONARY_HEADER = ["column", "question_id", "question", "type", "value", "meaning"]
META_MEANINGS = {
    "response_id": "the response's unique id",
    "questionnaire_id": "the questionnaire answered (an easy-read twin has its own id)",
    "respondent_group": "1: people who use or may use day opportunities and carers; 2: staff and providers",
    "variant": "standard or easyread",
    "channel": "how it arrived: link, qr, kiosk or paper",
    "session_id": "the engagement session it was given at; empty for the online link",
    "round": "the round of a repeated engagement",
    "submitted_at": "when it was sent, UTC, ISO 8601",
}


def dictionary_rows(definition):
    for column in META_COLUMNS:
        yield [column, "", "", "", "", META_MEANINGS[column]]
    for question in definition.questions.values():
        if question.type == "multiple_choice":
            for option in question.all_options():
                yield [f"{question.id}__{option.id}", question.id, question.text, question.type, "1",
                       f"chose ‘{option.label}’ (0: did not; empty: not asked or not answered)"]
        elif question.options:
            for option in question.all_options():
                yield [question.id, question.id, question.text, question.type, option.id, str(option.label)]
        else:
            yield [question.id, question.id, question.text, question.type, "", "the person's own words"]


def dictionary_csv(definitions):
    (definition,) = definitions.values()
    return csv_chunks(iter([DICTIONARY_HEADER, *dictionary_rows(definition)]))


# --- Publication figures as text -----------------------------------------------------

def count_text(cell):
    return _("fewer than %(n)d", n=cell.threshold) if cell.suppressed else cell.n


def percent_text(cell):
    return "" if cell.percent is None else f"{cell.percent}%"


def suppression_note(threshold):
    return _(
        "Counts from 1 to %(last)d are shown as ‘fewer than %(n)d’ and their percentages are withheld,"
        " so that no one can be identified.", last=threshold - 1, n=threshold,
    )


def base_text(result):
    base = result.base(reports.ALL)
    return _("Of %(n)s who answered.", n=count_text(base)) if base.n else _("No one answered this question.")


def question_table(result):
    """[[option, number, percent], ...] for all respondents, suppressed."""
    rows = []
    for option in result.question.all_options():
        cell = result.cell(reports.ALL, option.id)
        rows.append([str(option.label), count_text(cell), percent_text(cell)])
    return rows


def headline_sentence(data):
    """'In total there were 321 questionnaires completed. Of these 234 were for Group 1 and 87 for Group 2.'"""
    cells = data.headline.cells("respondent_group")
    sentence = _("In total there were %(n)s questionnaires completed.", n=f"{data.headline.total:,}")
    if len(cells) > 1:
        (key, cell), rest = cells[0], cells[1:]
        first = _("%(n)s were for Group %(g)d", n=count_text(cell), g=key)
        others = [_("%(n)s for Group %(g)d", n=count_text(c), g=k) for k, c in rest]
        sentence += " " + _("Of these %(list)s and %(last)s.", list=", ".join([first, *others[:-1]]), last=others[-1])
    return sentence


def poll_results(db, polls, filters, threshold):
    """[(poll title, header, rows)] for publication: one row per proposal (priority, proposal,
    count per option, total, % agree), ranked by agreement within each priority, suppressed."""
    found = []
    for figures in report_polls.sections(db, polls, filters, threshold):
        header = [_("Priority"), _("Proposal"), *(str(o.label) for o in figures.poll.options), _("Total"), _("Percent agree")]
        rows = [
            [priority.priority.title, p.result.proposal.title + (f" ({_('Room vote')})" if p.room else ""),
             *(count_text(cell) for _option, cell in p.options), count_text(p.total), percent_text(p.agree)]
            for priority in figures.priorities for p in priority.proposals
        ]
        found.append((figures.poll.title, header, rows))
    return found


# --- XLSX ------------------------------------------------------------------------------

def xlsx(db_path, catalogue, polls, definitions, filters, threshold):
    """The report workbook, for publication: every figure suppressed, no raw data."""
    import xlsxwriter

    db = connect(db_path)
    spool = tempfile.TemporaryFile()
    try:
        data = reports.full_report(db, catalogue, filters, threshold)
        options = {"constant_memory": True, "in_memory": False, "strings_to_formulas": False, "strings_to_urls": False}
        book = xlsxwriter.Workbook(spool, options)
        bold = book.add_format({"bold": True})
        write_summary(book.add_worksheet("Summary"), bold, data, catalogue)
        write_questions(book.add_worksheet("Questions"), bold, data)
        write_polls(book.add_worksheet("Polls"), bold, poll_results(db, polls, filters, threshold), threshold)
        for report_id, definition in definitions.items():
            write_dictionary(book.add_worksheet(sheet_name("Dictionary", report_id)), bold, definition)
        book.close()
    finally:
        db.close()
    return file_chunks(spool)


# Excel's limits: rows per sheet, characters per cell.
MAX_ROWS = 1_048_576
MAX_CELL = 32_767
# XML 1.0 cannot hold these control characters at all: they are dropped from a person's words.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
RAW_OPTIONS = {"constant_memory": True}


def raw_xlsx(db_path, definitions, filters, progress):
    """The `csv` rows of every questionnaire as a workbook: a Responses sheet each, written
    by XlsxWriter in constant-memory mode (each row goes to a temporary file as it is
    written, so memory stays flat)."""
    import xlsxwriter

    counter = itertools.count(1)
    db = connect(db_path)
    spool = tempfile.TemporaryFile()
    try:
        book = xlsxwriter.Workbook(spool, RAW_OPTIONS)
        bold = book.add_format({"bold": True})
        for definition in definitions.values():
            columns = wide_columns(definition)
            rows = counting(wide_rows(db, definition, filters, columns), counter, progress)
            words = [len(META_COLUMNS) + n for n, (_name, question, _o) in enumerate(columns) if not question.options]
            write_raw_sheet(book.add_worksheet(sheet_name("Responses", definition.report_id)), bold,
                            wide_header(columns), rows, words)
        book.close()
    except TooManyRows as too_many:
        spool.close()
        raise ExportError(str(too_many)) from too_many
    finally:
        db.close()
    return file_chunks(spool)


class TooManyRows(ValueError):
    """A sheet would have more rows than Excel can open."""


def write_raw_sheet(sheet, bold, header, rows, words=()):
    """Bold header rows that stay in view, then one row per response. The cells at the
    positions `words` (a person's own words) lose what XML cannot hold and what Excel
    cannot show (`raw_words`)."""
    sheet.freeze_panes(len(header), 0)
    number = -1
    for number, row in enumerate(header):
        write_raw_row(sheet, number, row, bold)
    for number, row in enumerate(rows, number + 1):
        if number >= MAX_ROWS:
            raise TooManyRows(f"more than {MAX_ROWS:,} rows: choose fewer responses with the filters")
        for position in words:
            row[position] = raw_words(row[position])
        write_raw_row(sheet, number, row)


def raw_words(words):
    return NOT_XML.sub("", words)[:MAX_CELL]


def write_raw_row(sheet, number, row, style=None):
    """Numbers as numbers, text as text (write_string: never a formula or a link, whatever a
    person typed); empty cells and None left out."""
    for column, value in enumerate(row):
        if value.__class__ is str:
            if value:
                sheet.write_string(number, column, value, style)
        elif value is not None:
            sheet.write_number(number, column, value, style)


def sheet_name(prefix, report_id):
    return f"{prefix} {report_id}"[:31]


def write_rows(sheet, start, rows, bold=None):
    for r, row in enumerate(rows, start):
        for c, value in enumerate(row):
            sheet.write(r, c, value, bold)
    return start + len(rows)


def write_summary(sheet, bold, data, catalogue):
    sheet.set_column(0, 0, 40)
    row = write_rows(sheet, 0, [[_("Engagement report")]], bold)
    row = write_rows(sheet, row, [[headline_sentence(data)], [suppression_note(data.headline.threshold)]])
    for dimension, title in HEADLINE_TITLES:
        cells = data.headline.cells(dimension)
        if not cells:
            continue
        row = write_rows(sheet, row + 1, [[str(title), str(NUMBER), str(PERCENT)]], bold)
        labels = dimension_labels(dimension, data, reports.report_titles(catalogue))
        row = write_rows(sheet, row, [[labels(key), count_text(c), percent_text(c)] for key, c in cells])


HEADLINE_TITLES = (
    ("report_id", _l("Questionnaire")), ("respondent_group", _l("Group")), ("variant", _l("Variant")),
    ("channel", _l("How it arrived")), ("session_id", _l("Session")), ("round", _l("Round")),
    ("week", _l("Week beginning")),
)
NUMBER, PERCENT, ANSWER = _l("Number"), _l("Percent"), _l("Answer")


def dimension_labels(dimension, data, titles):
    if dimension == "session_id":
        return lambda key: data.session_names.get(key, key) if key else _("No session (online link)")
    if dimension == "respondent_group":
        return lambda key: _("Group %(n)d", n=key)
    if dimension == "report_id":
        return lambda key: titles.get(key, key)
    if dimension in report_filters.LABELS:
        return lambda key: str(report_filters.LABELS[dimension].get(key, key))
    return str


def write_questions(sheet, bold, data):
    sheet.set_column(0, 0, 50)
    row = write_rows(sheet, 0, [[_("Results by question")], [suppression_note(data.headline.threshold)]], bold)
    for section in data.sections:
        row = write_rows(sheet, row + 1, [[section.title]], bold)
        for result in section.results:
            row = write_rows(sheet, row + 1, [[result.question.text, base_text(result)]], bold)
            if result.bases.get(reports.ALL):
                row = write_rows(sheet, row, [[str(ANSWER), str(NUMBER), str(PERCENT)]], bold)
                row = write_rows(sheet, row, question_table(result))


def write_polls(sheet, bold, polls, threshold):
    sheet.set_column(0, 1, 40)
    row = write_rows(sheet, 0, [[_("Poll results")]], bold)
    row = write_rows(sheet, row, [[suppression_note(threshold)]])
    if not polls:
        write_rows(sheet, row, [[_("No poll results are included in this report.")]])
    for title, header, rows in polls:
        row = write_rows(sheet, row + 1, [[title], header], bold)
        row = write_rows(sheet, row, rows)


def write_dictionary(sheet, bold, definition):
    row = write_rows(sheet, 0, [DICTIONARY_HEADER], bold)
    write_rows(sheet, row, list(dictionary_rows(definition)))


def file_chunks(spool, size=64 * 1024):
    try:
        spool.seek(0)
        while chunk := spool.read(size):
            yield chunk
    finally:
        spool.close()


# --- DOCX ------------------------------------------------------------------------------

def docx(db_path, catalogue, polls, filters, threshold):
    from docx import Document

    db = connect(db_path)
    try:
        data = reports.full_report(db, catalogue, filters, threshold)
        poll_tables = poll_results(db, polls, filters, threshold)
    finally:
        db.close()
    document = Document()
    document.add_heading(_("Engagement report"), 0)
    document.add_paragraph(headline_sentence(data))
    document.add_paragraph(suppression_note(threshold))
    for dimension, title in HEADLINE_TITLES:
        cells = data.headline.cells(dimension)
        if cells:
            document.add_heading(str(title), 2)
            labels = dimension_labels(dimension, data, reports.report_titles(catalogue))
            add_table(document, [str(title), str(NUMBER), str(PERCENT)], [[labels(k), count_text(c), percent_text(c)] for k, c in cells])
    for section in data.sections:
        document.add_heading(section.title, 1)
        for result in section.results:
            document.add_heading(result.question.text, 3)
            document.add_paragraph(base_text(result))
            if result.bases.get(reports.ALL):
                add_table(document, [str(ANSWER), str(NUMBER), str(PERCENT)], question_table(result))
    if poll_tables:
        document.add_heading(_("Poll results"), 1)
    for title, header, rows in poll_tables:
        document.add_heading(title, 2)
        for priority, proposals in groupby(rows, key=lambda row: row[0]):
            document.add_heading(priority, 3)
            add_table(document, header[1:], [row[1:] for row in proposals])
    spool = tempfile.TemporaryFile()
    document.save(spool)
    return file_chunks(spool)


def add_table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = str(text)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = str(value)


# --- Command line --------------------------------------------------------------------

@click.command("export")
@click.option("--format", "kind", type=click.Choice(KINDS), required=True, help="What to write.")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="The file to write.")
@click.option("--questionnaire", help="A questionnaire id (its easy-read twin is included).")
@click.option("--from", "date_from", help="First day, YYYY-MM-DD (London time).")
@click.option("--to", "date_to", help="Last day, YYYY-MM-DD (London time).")
@click.option("--session", help=f"A session id, or '{reports.NO_SESSION}' for responses from the online link.")
@click.option("--group", help="1 or 2.")
@click.option("--channel", help="kiosk, qr, link or paper.")
@click.option("--variant", help="standard or easyread.")
@click.option("--round", "round_number", help="A round number.")
@with_appcontext
def export_command(kind, out, round_number, **options):
    """Write a report download to a file. Example: flask --app app export --format xlsx --out results.xlsx"""
    catalogue = current_app.extensions["engage.report_catalogue"]
    filters, errors = report_filters.parse(
        {**options, "round": round_number}, {q.report_id for q in catalogue}
    )
    if errors:
        raise click.UsageError("; ".join(str(message) for _field, message in errors))
    db_path = current_app.config["DATABASE"]
    total = count_responses(db_path, filters)
    with click.progressbar(length=total, label=f"Writing {kind}", file=sys.stderr) as bar:
        try:
            made = download(db_path, catalogue, kind, filters, current_app.config["SUPPRESS_BELOW"],
                            progress=lambda n: bar.update(n - bar.pos), polls=current_app.extensions["engage.polls"])
        except ExportError as error:
            raise click.UsageError(str(error)) from error
        partial = f"{out}.partial"
        with open(partial, "wb") as handle:
            for chunk in made.chunks:
                handle.write(chunk)
        os.replace(partial, out)
    click.echo(f"Wrote {out} ({total:,} responses).")


def init_app(app):
    app.cli.add_command(export_command)
