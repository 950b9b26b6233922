"""The engagement report's figures: pure aggregate queries over `answer_counts` (derived from `answers`: counts.py)
and `answers`, no Flask. Rows come back already grouped by SQL; Python only arranges the
few hundred aggregate rows into tables.

Percentages are of the people who answered the question (the base), so a multiple-choice
option's percentage is of people, not of ticks. Easy-read and standard twins share a
report id and question ids, so their answers are merged. A count from 1 to
SUPPRESS_BELOW - 1 is suppressed in anything meant for publication, and so is any count that
would give it away through a published total (`Cell`, each table's hidden set decided by
engage.reports.suppression from the sums it shows).
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from typing import Any

from engage.reports import suppression
from engage.reports.counts import london_day

NO_SESSION = "none"  # the filter value for responses not given at a session (the online link, paper keyed without one)


@dataclass(frozen=True)
class Filters:
    """Which responses a report counts. Dates are Europe/London days, 'YYYY-MM-DD'."""

    questionnaire: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    session: str | None = None
    group: int | None = None
    channel: str | None = None
    variant: str | None = None
    round: int | None = None

    def args(self):
        """The filters as URL query arguments (only those set)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def tally_where(filters, skip_round=False):
    """SQL conditions and parameters over the `answer_counts` columns."""
    conditions, params = ["n != 0"], []
    for column, value in (
        ("report_id", filters.questionnaire), ("respondent_group", filters.group), ("channel", filters.channel),
        ("variant", filters.variant), ("round", None if skip_round else filters.round),
    ):
        if value is not None:
            conditions.append(f"{column} = ?")
            params.append(value)
    if filters.session is not None:
        conditions.append("session_id = ?")
        params.append("" if filters.session == NO_SESSION else filters.session)
    if filters.date_from:
        conditions.append("day >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        conditions.append("day <= ?")
        params.append(filters.date_to)
    return " AND ".join(conditions), params


def response_where(filters, r="r"):
    """SQL conditions and parameters over a `responses` row aliased `r`."""
    conditions, params = ["1"], []
    for column, value in (
        ("report_id", filters.questionnaire), ("respondent_group", filters.group), ("channel", filters.channel),
        ("variant", filters.variant), ("round", filters.round),
    ):
        if value is not None:
            conditions.append(f"{r}.{column} = ?")
            params.append(value)
    if filters.session == NO_SESSION:
        conditions.append(f"{r}.session_id IS NULL")
    elif filters.session is not None:
        conditions.append(f"{r}.session_id = ?")
        params.append(filters.session)
    if filters.date_from:
        conditions.append(f"{london_day(f'{r}.submitted_at')} >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        conditions.append(f"{london_day(f'{r}.submitted_at')} <= ?")
        params.append(filters.date_to)
    return " AND ".join(conditions), params


@dataclass(frozen=True)
class Cell:
    """A count out of a base, and whether publication must hide it."""

    n: int
    base: int
    threshold: int
    secondary: bool = False  # hidden so that a small count cannot be worked out from a total
    base_hidden: bool = False  # the base is hidden, so a percentage would give it away

    @property
    def small(self):
        """The primary rule: shown as "fewer than N"."""
        return suppression.is_small(self.n, self.threshold)

    @property
    def suppressed(self):
        return self.small or self.secondary

    @property
    def percent(self):
        """Whole percent, rounded half up; None when withheld or there is no base."""
        if self.suppressed or self.base_hidden or suppression.is_small(self.base, self.threshold) or self.base == 0:
            return None
        return (200 * self.n + self.base) // (2 * self.base)


def change_in_points(before, after):
    """after minus before, in whole percentage points; None when either is withheld."""
    if before.percent is None or after.percent is None:
        return None
    exact = 100 * (after.n * before.base - before.n * after.base) / (before.base * after.base)
    return int(exact + 0.5) if exact >= 0 else -int(-exact + 0.5)


# --- Headline counts -------------------------------------------------------------------

@dataclass
class Headline:
    total: int
    threshold: int
    by: dict = field(default_factory=dict)  # dimension -> [(key, n)]
    hidden: set = field(default_factory=set)  # (dimension, key) and ("total",) to hide

    def cells(self, dimension):
        return [(key, self.cell(dimension, key, n)) for key, n in self.by.get(dimension, [])]

    def cell(self, dimension, key, n):
        small = suppression.is_small(n, self.threshold)
        return Cell(n, self.total, self.threshold, secondary=(dimension, key) in self.hidden and not small,
                    base_hidden=("total",) in self.hidden)

    @property
    def total_cell(self):
        small = suppression.is_small(self.total, self.threshold)
        return Cell(self.total, self.total, self.threshold, secondary=("total",) in self.hidden and not small)

    def decide_hidden(self):
        """Every dimension splits the total: hide what the one rule says."""
        counts = {("total",): self.total}
        sums = []
        for dimension, pairs in self.by.items():
            counts.update({(dimension, key): n for key, n in pairs})
            sums.append((("total",), [(dimension, key) for key, _n in pairs]))
        self.hidden = suppression.hidden_cells(counts, sums, self.threshold)


HEADLINE_DIMENSIONS = ("report_id", "respondent_group", "variant", "channel", "session_id", "round", "week")


def headline(db, filters, threshold):
    """Responses in total and by questionnaire, group, variant, channel, session, round and week."""
    where, params = tally_where(filters)
    rows = db.execute(
        "SELECT report_id, respondent_group, variant, channel, session_id, round,"
        f" date(day, '-6 days', 'weekday 1') AS week, sum(n) FROM answer_counts WHERE question_id = '' AND value = ''"
        f" AND {where} GROUP BY 1, 2, 3, 4, 5, 6, 7",
        params,
    ).fetchall()
    totals: dict[str, defaultdict] = {dimension: defaultdict(int) for dimension in HEADLINE_DIMENSIONS}
    for row in rows:
        for dimension, key in zip(HEADLINE_DIMENSIONS, row[:-1]):
            totals[dimension][key] += row[-1]
    result = Headline(total=sum(row[-1] for row in rows), threshold=threshold)
    for dimension, counts in totals.items():
        result.by[dimension] = sorted(((k, n) for k, n in counts.items() if n), key=lambda kn: (kn[0] is None, kn[0]))
    result.decide_hidden()
    return result


# --- Per question ----------------------------------------------------------------------

ALL = ("all", None)


@dataclass
class QuestionResult:
    """One choice or scale question: counts per option for each column (ALL, ("group", 1),
    ("variant", "easyread"), ("round", 2)...), and the base of each column."""

    question: Any
    columns: list
    counts: dict  # column -> {option id: n}
    bases: dict  # column -> n who answered
    threshold: int
    hidden: set = field(default_factory=set)  # (column, option id or '' for the base) to hide

    def cell(self, column, option_id):
        n = self.counts.get(column, {}).get(option_id, 0)
        return Cell(n, self.bases.get(column, 0), self.threshold,
                    secondary=(column, option_id) in self.hidden and not suppression.is_small(n, self.threshold),
                    base_hidden=(column, "") in self.hidden)

    def base(self, column):
        return self.cell(column, "")

    def decide_hidden(self, round_filtered):
        """The table's sums: All is the sum of the groups, of the variants and (unfiltered by
        round) of the rounds, on every row; a single choice or scale column's base is the sum
        of its options. Hide what the one rule says."""
        options = [o.id for o in self.question.all_options()]
        columns = sorted(set(self.counts) | set(self.bases) | {ALL}, key=repr)  # a fixed order: ties break the same way every run
        counts = {(column, value): self.counts.get(column, {}).get(value, 0) for column in columns for value in ["", *options]}
        sums = []
        for kind in ("group", "variant", "round"):
            split = sorted((c for c in columns if c[0] == kind), key=str)
            if len(split) > 1 and not (kind == "round" and round_filtered):
                sums += [((ALL, value), [(c, value) for c in split]) for value in ["", *options]]
        if self.question.type != "multiple_choice":
            sums += [((column, ""), [(column, o) for o in options]) for column in columns]
        self.hidden = suppression.hidden_cells(counts, sums, self.threshold)


@dataclass
class Section:
    """One questionnaire's results (its easy-read twin merged in)."""

    report_id: str
    title: str
    results: list  # QuestionResult, choice and scale questions in definition order
    text_questions: list  # (question, number who answered)
    rounds: list  # round numbers with responses, ascending


def report_definitions(catalogue, filters):
    """{report_id: the standard questionnaire} for the reports the filters include."""
    reports = {}
    for questionnaire in catalogue:
        if questionnaire.variant == "standard" and filters.questionnaire in (None, questionnaire.report_id):
            reports[questionnaire.report_id] = questionnaire
    return reports


def report_titles(catalogue):
    """{report_id: title of its standard questionnaire}."""
    return {q.report_id: q.title for q in catalogue if q.variant == "standard"}


def question_counts(db, filters):
    """{(report_id, question_id): {column: {value: n}}}, value '' being the base. Every filter
    applies; the round columns ignore the round filter so rounds can be compared."""
    where, params = tally_where(filters, skip_round=True)
    rows = db.execute(
        "SELECT question_id, value, report_id, respondent_group, variant, round, sum(n) FROM answer_counts"
        f" WHERE question_id != '' AND {where} GROUP BY 1, 2, 3, 4, 5, 6",
        params,
    ).fetchall()
    counts: defaultdict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for question_id, value, report_id, group, variant, round_number, n in rows:
        by_column = counts[(report_id, question_id)]
        by_column[("round", round_number)][value] += n
        if filters.round is None or filters.round == round_number:
            for column in (ALL, ("group", group), ("variant", variant)):
                by_column[column][value] += n
    return counts


def sections(db, catalogue, filters, threshold):
    """Every section of the report: per question counts for all, by group, by variant, by round."""
    counts = question_counts(db, filters)
    found = []
    for report_id, definition in report_definitions(catalogue, filters).items():
        questions = list(definition.questions.values())
        columns = split_columns(counts, report_id, questions)
        results, texts = [], []
        for question in questions:
            by_column = counts.get((report_id, question.id), {})
            if question.options:
                result = QuestionResult(
                    question, columns, {c: dict(v) for c, v in by_column.items()},
                    {c: v.get("", 0) for c, v in by_column.items()}, threshold,
                )
                result.decide_hidden(filters.round is not None)
                results.append(result)
            else:
                texts.append((question, by_column.get(ALL, {}).get("", 0)))
        rounds = sorted({c[1] for key, by in counts.items() if key[0] == report_id for c in by if c[0] == "round"})
        found.append(Section(report_id, definition.title, results, texts, rounds))
    return found


def split_columns(counts, report_id, questions):
    """ALL, then each group and each variant present (only when there is more than one),
    standard before easy read."""
    seen = defaultdict(set)
    for question in questions:
        for kind, key in counts.get((report_id, question.id), {}):
            seen[kind].add(key)
    columns = [ALL]
    for kind in ("group", "variant"):
        if len(seen[kind]) > 1:
            columns += [(kind, key) for key in sorted(seen[kind], key=lambda key: (key == "easyread", str(key)))]
    return columns


@dataclass(frozen=True)
class RoundChange:
    option_id: str
    before: Cell
    after: Cell

    @property
    def points(self):
        return change_in_points(self.before, self.after)


def compare_rounds(result, before, after):
    """Per option of a question: the two rounds' cells and the change in points."""
    options = [o.id for o in result.question.all_options()]
    return [RoundChange(o, result.cell(("round", before), o), result.cell(("round", after), o)) for o in options]


@dataclass
class Report:
    filters: Filters
    headline: Headline
    sections: list
    session_names: dict
    round_names: dict
    choices: dict


def full_report(db, catalogue, filters, threshold):
    """Everything the report page and the publication downloads show."""
    return Report(
        filters, headline(db, filters, threshold), sections(db, catalogue, filters, threshold),
        session_names(db), round_names(db), filter_choices(db),
    )


# --- Free text -------------------------------------------------------------------------

@dataclass(frozen=True)
class TextAnswer:
    text: str
    group: int
    variant: str
    submitted_at: str


def like_pattern(search):
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def free_text(db, report_id, question_id, filters, search="", limit=50, offset=0):
    """(number matching, one page of answers newest first) to a text question; `search`
    matches anywhere in the text, case-insensitively for ASCII letters."""
    where, params = response_where(replace(filters, questionnaire=report_id))
    params = [question_id, *params, like_pattern(search)]
    match = f"a.question_id = ? AND {where} AND a.value LIKE ? ESCAPE '\\'"
    # CROSS JOIN fixes the loop order: answers first to count, responses newest first to page.
    total = db.execute(
        f"SELECT count(*) FROM answers a CROSS JOIN responses r ON r.uuid = a.response_uuid WHERE {match}", params
    ).fetchone()[0]
    rows = db.execute(
        "SELECT a.value, r.respondent_group, r.variant, r.submitted_at FROM responses r CROSS JOIN answers a"
        f" ON a.response_uuid = r.uuid WHERE {match} ORDER BY r.submitted_at DESC, r.rowid DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return total, [TextAnswer(*row) for row in rows]


# --- Lookups the report shows --------------------------------------------------------

def session_names(db):
    """{session id: name}, from the engagement sessions table (responses keep the id as text)."""
    return {str(row[0]): row[1] for row in db.execute("SELECT id, name FROM sessions")}


def round_names(db):
    """{(report_id, round number): name} from the rounds table."""
    return {(row[0], row[1]): row[2] for row in db.execute("SELECT report_id, number, name FROM rounds")}


def filter_choices(db):
    """The values present, for the filter form: {dimension: [values]}."""
    rows = db.execute(
        "SELECT DISTINCT session_id, channel, round FROM answer_counts WHERE question_id = '' AND value = '' AND n != 0"
    ).fetchall()
    return {
        "session": sorted({r[0] for r in rows if r[0]}),
        "channel": sorted({r[1] for r in rows}),
        "round": sorted({r[2] for r in rows}),
    }
