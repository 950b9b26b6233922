"""The committee paper: one model of the published report that the Word paper (word.py) and
the PDF (pdf.py, through templates/reports/paper.html) are both written from, built on the
same figures as the page (figures.full_report, polls.sections), every count suppressed by
the one rule. No Flask beyond the translations.

A paper is its title page (council, service, questionnaires, period, date made, filters in
words, and a file name that says them) and a list of blocks in reading order: a heading, its
paragraphs, then a chart (charts.py) and a table. Written-answer questions give their count
and a place for the themes the analysis will find (`TextQuestion.themes`).
"""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage import clock
from engage.reports import charts
from engage.reports import figures as reports
from engage.reports import filters as report_filters
from engage.reports import polls as report_polls
from engage.sessions import model as sessions_model

NUMBER, PERCENT, ANSWER = _l("Number"), _l("Percent"), _l("Answer")
NO_SESSION_LABEL = _l("No session (online link or paper)")
HEADLINE_TITLES = (
    ("report_id", _l("Questionnaire")), ("respondent_group", _l("Group")), ("variant", _l("Version")),
    ("channel", _l("How it arrived")), ("session_id", _l("Session")), ("round", _l("Round")),
    ("week", _l("Week beginning")),
)


# --- Published figures as text --------------------------------------------------------

def count_text(cell):
    """A published count: the number, "fewer than N" (small) or "withheld" (hidden so that a
    small one cannot be worked out from a total)."""
    if cell.small:
        return _("fewer than %(n)d", n=cell.threshold)
    return _("withheld") if cell.suppressed else cell.n


def percent_text(cell):
    return "" if cell.percent is None else f"{cell.percent}%"


def figure_text(cell):
    """As the page's `figure` macro: '129 (55%)', or the count alone when the percentage is withheld."""
    count = count_text(cell)
    count = f"{count:,}" if isinstance(count, int) else count
    return count if cell.percent is None else f"{count} ({cell.percent}%)"


def suppression_note(threshold):
    return _(
        "Counts from 1 to %(last)d are shown as ‘fewer than %(n)d’ and their percentages are withheld,"
        " so that no one can be identified; a count that would let one be worked out from a total is"
        " ‘withheld’ too.", last=threshold - 1, n=threshold,
    )


def headline_sentence(data):
    """'In total there were 321 questionnaires completed. Of these 234 were for Group 1 and 87 for Group 2.'"""
    cells = data.headline.cells("respondent_group")
    total = count_text(data.headline.total_cell)
    sentence = _("In total there were %(n)s questionnaires completed.", n=f"{total:,}" if isinstance(total, int) else total)
    if len(cells) > 1:
        (key, cell), rest = cells[0], cells[1:]
        first = _("%(n)s were for Group %(g)d", n=count_text(cell), g=key)
        others = [_("%(n)s for Group %(g)d", n=count_text(c), g=k) for k, c in rest]
        sentence += " " + _("Of these %(list)s and %(last)s.", list=", ".join([first, *others[:-1]]), last=others[-1])
    return sentence


def round_label(round_names, report_id, number):
    """'Round 2: 2027' when the round has a name, else 'Round 2'."""
    names = {name for (rid, n), name in round_names.items() if n == number and report_id in (None, rid)}
    name = sorted(names)[0] if names else ""
    return _("Round %(n)d: %(name)s", n=number, name=name) if name else _("Round %(n)d", n=number)


def dimension_labels(dimension, data, titles):
    if dimension == "session_id":
        return lambda key: data.session_names.get(key, key) if key else str(NO_SESSION_LABEL)
    if dimension == "respondent_group":
        return lambda key: _("Group %(n)d", n=key)
    if dimension == "report_id":
        return lambda key: titles.get(key, key)
    if dimension == "round":
        return lambda key: round_label(data.round_names, data.filters.questionnaire, key)
    if dimension == "week":
        return lambda key: _("Week beginning %(day)s", day=key)
    if dimension in report_filters.LABELS:
        return lambda key: str(report_filters.LABELS[dimension].get(key, key))
    return str


# --- Attendance ------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionFigures:
    """One engagement session: its attendance (None: not recorded) and its responses."""

    session_id: str
    name: str
    starts_at: str
    attendance: int | None
    responses: reports.Cell

    @property
    def rate(self):
        """Responses as a whole percentage of attendance; None when either is withheld or unknown."""
        return None if self.responses.suppressed else sessions_model.response_rate(self.responses.n, self.attendance)


def session_figures(db, data):
    """Every session with responses in the report or attendance recorded, oldest first."""
    responses = dict(data.headline.cells("session_id"))
    rows = db.execute("SELECT id, name, starts_at, actual_attendance FROM sessions ORDER BY starts_at, id").fetchall()
    found = []
    for session_id, name, starts_at, attendance in rows:
        cell = responses.get(str(session_id))
        if cell is None and (attendance is None or data.filters.session is not None):
            continue
        found.append(SessionFigures(str(session_id), name, starts_at, attendance,
                                    cell or reports.Cell(0, data.headline.total, data.headline.threshold)))
    return found


def attendance_sentence(sessions):
    """'7 sessions were held, with 75 people attending; 226 questionnaires were completed at them.'"""
    if not sessions:
        return ""
    attended = sum(s.attendance or 0 for s in sessions)
    at_sessions = [s.responses for s in sessions]
    if any(c.suppressed for c in at_sessions):
        responses = _("some")
    else:
        responses = f"{sum(c.n for c in at_sessions):,}"
    return _("%(n)d sessions were held, with %(people)s people attending; %(responses)s questionnaires were completed at them.",
             n=len(sessions), people=f"{attended:,}", responses=responses)


# --- The model -------------------------------------------------------------------------

@dataclass
class Table:
    caption: str
    header: list
    rows: list  # lists of text; the first column is a label, the others figures


@dataclass
class Chart:
    title: str
    rows: list  # (label, Cell, figure text)

    @property
    def svg(self):
        return charts.bar_chart_svg(self.rows)

    @property
    def alt(self):
        return charts.alt_text(self.title, self.rows)


@dataclass
class TextQuestion:
    question: object
    answered: int
    themes: list = field(default_factory=list)  # filled by the analysis (issue 22): (theme, Cell)


@dataclass
class Block:
    heading: str
    level: int  # 1 questionnaire or part, 2 question or poll, 3 priority
    paragraphs: list = field(default_factory=list)
    chart: Chart | None = None
    table: Table | None = None
    texts: list = field(default_factory=list)  # TextQuestion


@dataclass
class Paper:
    title: str
    council: str
    service: str
    questionnaires: list
    period: str
    made: str
    scope: str  # the filters in words
    filename_stem: str
    blocks: list
    note: str


def filter_words(f, titles, session_names, round_names):
    """The filters in words, and a slug of them for the file name: ('Providers forum only,
    round 2: 2027', 'round-2027-providers-forum'); ('All responses', 'all') with none set."""
    words, slug = [], []
    if f.questionnaire:
        words.append(titles.get(f.questionnaire, f.questionnaire))
        slug.append(f.questionnaire)
    if f.round is not None:
        label = round_label(round_names, f.questionnaire, f.round)
        words.append(label[0].lower() + label[1:])
        name = next((n for (_rid, number), n in sorted(round_names.items()) if number == f.round), "")
        slug.append(f"round-{name or f.round}")
    if f.session is not None:
        name = str(NO_SESSION_LABEL) if f.session == reports.NO_SESSION else session_names.get(f.session, f.session)
        words.insert(0, _("%(name)s only", name=name))
        slug.append("no-session" if f.session == reports.NO_SESSION else name)
    if f.group is not None:
        words.append(_("Group %(n)d", n=f.group))
        slug.append(f"group-{f.group}")
    for dimension in ("channel", "variant"):
        value = getattr(f, dimension)
        if value is not None:
            words.append(str(report_filters.LABELS[dimension].get(value, value)))
            slug.append(value)
    if f.date_from or f.date_to:
        words.append(_("from %(a)s to %(b)s", a=f.date_from or _("the start"), b=f.date_to or _("the end")))
        slug.append(f"{f.date_from or 'start'}-to-{f.date_to or 'end'}")
    if not words:
        return _("All responses"), "all"
    text = ", ".join(words)
    return text[0].upper() + text[1:], re.sub(r"[^a-z0-9]+", "-", "-".join(slug).lower()).strip("-")


def period(db, filters):
    where, params = reports.tally_where(filters)
    first, last = db.execute(
        f"SELECT min(day), max(day) FROM answer_counts WHERE question_id = '' AND value = '' AND {where}", params
    ).fetchone()
    return _("%(a)s to %(b)s", a=first, b=last) if first else _("no responses yet")


def column_title(column):
    if column[0] == "all":
        return _("All respondents")
    if column[0] == "group":
        return _("Group %(n)d", n=column[1])
    return str(report_filters.LABELS["variant"].get(column[1], column[1]))


def question_blocks(data, section):
    blocks = []
    for result in section.results:
        base = result.base(reports.ALL)
        paragraphs = [_("Of %(n)s who answered.", n=count_text(base)) if base.n else _("No one answered this question.")]
        if result.question.type == "multiple_choice":
            paragraphs.append(_("People could choose more than one answer."))
        block = Block(result.question.text, 2, paragraphs)
        if base.n:
            options = result.question.all_options()
            block.chart = Chart(result.question.text, [(str(o.label), c, figure_text(c))
                                                        for o in options for c in [result.cell(reports.ALL, o.id)]])
            rows = [[str(o.label), *(figure_text(result.cell(col, o.id)) for col in result.columns)] for o in options]
            rows.append([_("People who answered"), *(str(count_text(result.base(col))) for col in result.columns)])
            block.table = Table(_("Answers to ‘%(text)s’", text=result.question.text),
                                [str(ANSWER), *(column_title(c) for c in result.columns)], rows)
        blocks.append(block)
        if len(section.rounds) == 2 and not data.filters.round:
            blocks.append(round_block(data, section, result))
    if section.text_questions:
        blocks.append(Block(_("Written answers"), 2, [_("These questions asked for people’s own words.")],
                            texts=[TextQuestion(q, n) for q, n in section.text_questions]))
    return blocks


def round_block(data, section, result):
    before, after = section.rounds
    a, b = round_label(data.round_names, section.report_id, before), round_label(data.round_names, section.report_id, after)
    rows = [[str(result.question.label_for(ch.option_id)), figure_text(ch.before), figure_text(ch.after),
             _("withheld") if ch.points is None else f"{ch.points:+d}"]
            for ch in reports.compare_rounds(result, before, after)]
    return Block(_("%(text)s: %(a)s compared with %(b)s", text=result.question.text, a=a, b=b), 3,
                 table=Table(_("Round comparison"), [str(ANSWER), a, b, _("Change (points)")], rows))


def who_took_part(data, titles, sessions):
    blocks = [Block(_("Who took part"), 1, [headline_sentence(data), attendance_sentence(sessions)])]
    for dimension, title in HEADLINE_TITLES:
        cells = data.headline.cells(dimension)
        if not cells:
            continue
        labels = dimension_labels(dimension, data, titles)
        blocks.append(Block(_("Responses by %(what)s", what=str(title).lower()), 2, table=Table(
            str(title), [str(title), str(NUMBER), str(PERCENT)],
            [[labels(k), str(count_text(c)), percent_text(c)] for k, c in cells])))
    if sessions:
        rows = [[s.name, s.starts_at[:10], "" if s.attendance is None else str(s.attendance),
                 str(count_text(s.responses)), "" if s.rate is None else f"{s.rate}%"] for s in sessions]
        blocks.append(Block(_("Sessions and attendance"), 2, [attendance_sentence(sessions)], table=Table(
            _("Sessions"), [_("Session"), _("Date"), _("Attendance"), _("Responses"), _("Response rate")], rows)))
    return blocks


def poll_blocks(figures_list):
    blocks = [Block(_("Poll results"), 1, [_("Proposals are ranked by the percentage who agreed.")])]
    for figures in figures_list:
        blocks.append(Block(figures.poll.title, 2, [] if figures.counted else [_("No votes have been counted for this poll.")]))
        if not figures.counted:
            continue
        for priority in figures.priorities:
            chart = Chart(priority.priority.title, [(p.result.proposal.title, p.agree, figure_text(p.agree)) for p in priority.proposals])
            header = [_("Proposal"), *(str(o.label) for o in figures.poll.options), _("Votes (n)"), _("% agree")]
            rows = [[p.result.proposal.title + (f" ({_('Room vote')})" if p.room else ""),
                     *(str(count_text(c)) for _o, c in p.options), str(count_text(p.total)), percent_text(p.agree)]
                    for p in priority.proposals]
            blocks.append(Block(priority.priority.title, 3, chart=chart, table=Table(priority.priority.title, header, rows)))
    return blocks


def build(db, catalogue, polls, filters, threshold, council, service):
    """The whole paper for these filters."""
    data = reports.full_report(db, catalogue, filters, threshold)
    titles = reports.report_titles(catalogue)
    sessions = session_figures(db, data)
    blocks = who_took_part(data, titles, sessions)
    answered = dict(data.headline.by.get("report_id", []))
    for section in (s for s in data.sections if answered.get(s.report_id)):
        blocks.append(Block(section.title, 1))
        blocks += question_blocks(data, section)
    blocks += poll_blocks(report_polls.sections(db, polls, filters, threshold))
    scope, stem = filter_words(filters, titles, data.session_names, data.round_names)
    return Paper(
        _("Engagement report"), council, service, [s.title for s in data.sections if answered.get(s.report_id)], period(db, filters),
        clock.london_today().isoformat(), scope, f"engagement-report-{stem}", blocks, suppression_note(threshold),
    )

