"""The report workbook for publication (XlsxWriter): the same figures as the page and the
paper, every count suppressed by the one rule. Numbers are stored as numbers and
percentages as fractions formatted as percentages (never text like '73%'); a suppressed
count is the text "fewer than 5" (small) or "withheld" (hidden so that a small one cannot
be worked out), and its percentage is left empty. Each table is an Excel Table; each
question has a native bar chart of all respondents; a Sessions sheet has the attendance.
"""

import tempfile

from flask_babel import gettext as _

from engage.reports import figures as reports
from engage.reports import paper
from engage.reports import polls as report_polls

STYLE = "Table Style Light 9"


class Sheet:
    """A worksheet written top to bottom: titles, paragraphs and Excel Tables."""

    def __init__(self, book, name, formats, width=45):
        self.book, self.sheet, self.formats, self.row = book, book.add_worksheet(name), formats, 0
        self.sheet.set_column(0, 0, width)
        self.sheet.set_column(1, 30, 14)

    def line(self, text, style=None):
        self.sheet.write_string(self.row, 0, str(text), self.formats.get(style))
        self.row += 1

    def table(self, name, header, rows, percent_columns=()):
        """An Excel Table named `name`; None cells stay empty; `percent_columns` are fractions."""
        columns = [{"header": str(h), **({"format": self.formats["percent"]} if i in percent_columns else {})}
                   for i, h in enumerate(header)]
        first = self.row
        self.sheet.add_table(first, 0, first + max(len(rows), 1), len(header) - 1,
                             {"name": name, "columns": columns, "style": STYLE, "autofilter": False})
        for r, values in enumerate(rows, first + 1):
            for c, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, str):
                    self.sheet.write_string(r, c, value)
                else:
                    self.sheet.write_number(r, c, value, self.formats["percent"] if c in percent_columns else None)
        self.row = first + max(len(rows), 1) + 2
        return first


def count_value(cell):
    """A published count: the number, or the words that say it is hidden."""
    text = paper.count_text(cell)
    return text if isinstance(text, str) else cell.n


def fraction(cell):
    return None if cell.percent is None else cell.n / cell.base


def write_summary(book, formats, data, titles):
    sheet = Sheet(book, "Summary", formats)
    sheet.line(_("Engagement report"), "bold")
    sheet.line(paper.headline_sentence(data))
    sheet.line(paper.suppression_note(data.headline.threshold))
    sheet.row += 1
    for dimension, title in paper.HEADLINE_TITLES:
        cells = data.headline.cells(dimension)
        if not cells:
            continue
        sheet.line(_("Responses by %(what)s", what=str(title).lower()), "bold")
        labels = paper.dimension_labels(dimension, data, titles)
        sheet.table(f"By_{dimension}", [str(title), str(paper.NUMBER), str(paper.PERCENT)],
                    [[str(labels(k)), count_value(c), fraction(c)] for k, c in cells], percent_columns={2})


def write_questions(book, formats, data):
    sheet = Sheet(book, "Questions", formats, width=50)
    sheet.line(_("Results by question"), "bold")
    sheet.line(paper.suppression_note(data.headline.threshold))
    number = 0
    for section in data.sections:
        sheet.row += 1
        sheet.line(section.title, "bold")
        for result in section.results:
            sheet.line(result.question.text, "bold")
            base = result.base(reports.ALL)
            if not base.n:
                sheet.line(_("No one answered this question."))
                continue
            number += 1
            header, percent_columns = [str(paper.ANSWER)], set()
            for column in result.columns:
                title = paper.column_title(column)
                header += [f"{title} ({paper.NUMBER})", f"{title} ({paper.PERCENT})"]
                percent_columns.add(len(header) - 1)
            options = result.question.all_options()
            rows = [[str(o.label), *(v for c in result.columns for cell in [result.cell(c, o.id)]
                                      for v in (count_value(cell), fraction(cell)))] for o in options]
            rows.append([_("People who answered"), *(v for c in result.columns for v in (count_value(result.base(c)), None))])
            first = sheet.table(f"Question_{number}", header, rows, percent_columns)
            chart_rows = max(len(options) * 2 + 5, 10)
            add_chart(book, sheet.sheet, result.question.text, first, len(options), len(header) + 1, chart_rows)
            sheet.row = max(sheet.row, first + chart_rows + 1)


def add_chart(book, sheet, title, first, options, column, rows):
    """A native horizontal bar chart of all respondents' counts (the table's second column)."""
    chart = book.add_chart({"type": "bar"})
    name = sheet.get_name()
    chart.add_series({
        "name": str(_("All respondents")), "categories": [name, first + 1, 0, first + options, 0],
        "values": [name, first + 1, 1, first + options, 1], "data_labels": {"value": True},
        "fill": {"color": "#1d70b8"},
    })
    chart.set_title({"name": title[:250], "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 520, "height": rows * 20})
    sheet.insert_chart(first, column, chart)


def write_polls(book, formats, figures_list, threshold):
    sheet = Sheet(book, "Polls", formats, width=30)
    sheet.line(_("Poll results"), "bold")
    sheet.line(paper.suppression_note(threshold))
    if not figures_list:
        sheet.line(_("No poll results are included in this report."))
    for number, figures in enumerate(figures_list, 1):
        sheet.row += 1
        sheet.line(figures.poll.title, "bold")
        header = [_("Priority"), _("Proposal"), *(str(o.label) for o in figures.poll.options),
                  _("Total"), _("Percent agree")]
        rows = [[priority.priority.title, p.result.proposal.title + (f" ({_('Room vote')})" if p.room else ""),
                 *(count_value(c) for _o, c in p.options), count_value(p.total), fraction(p.agree)]
                for priority in figures.priorities for p in priority.proposals]
        sheet.table(f"Poll_{number}", header, rows, percent_columns={len(header) - 1})


def write_sessions(book, formats, sessions):
    sheet = Sheet(book, "Sessions", formats, width=40)
    sheet.line(_("Sessions and attendance"), "bold")
    sheet.line(paper.attendance_sentence(sessions) or _("No sessions in this report."))
    sheet.row += 1
    rows = [[s.name, s.starts_at[:10], s.attendance, count_value(s.responses),
             None if s.rate is None else s.responses.n / s.attendance] for s in sessions]
    sheet.table("Sessions", [_("Session"), _("Date"), _("Attendance"), _("Responses"),
                             _("Response rate")], rows, percent_columns={4})


def sheet_name(prefix, report_id):
    return f"{prefix} {report_id}"[:31]


def table_name(text):
    return "".join(ch if ch.isalnum() else "_" for ch in text)


def write(db, catalogue, polls, definitions, filters, threshold, dictionary_header, dictionary_rows):
    """The workbook, in a temporary file the caller streams and closes."""
    import xlsxwriter

    data = reports.full_report(db, catalogue, filters, threshold)
    spool = tempfile.TemporaryFile()
    book = xlsxwriter.Workbook(spool, {"in_memory": False, "strings_to_formulas": False, "strings_to_urls": False})
    formats = {"bold": book.add_format({"bold": True}), "percent": book.add_format({"num_format": "0%"})}
    write_summary(book, formats, data, reports.report_titles(catalogue))
    write_questions(book, formats, data)
    write_polls(book, formats, report_polls.sections(db, polls, filters, threshold), threshold)
    write_sessions(book, formats, paper.session_figures(db, data))
    for definition in definitions.values():
        sheet = Sheet(book, sheet_name("Dictionary", definition.report_id), formats, width=30)
        sheet.table(f"Dictionary_{table_name(definition.report_id)}", dictionary_header, list(dictionary_rows(definition)))
    book.close()
    return spool
