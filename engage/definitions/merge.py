"""One questionnaire for the report out of every version that was published: merged by
question and option id, so answers given on any version count together. A question or
option that only some versions have carries a note ("added in version 3", "only in
versions 1 to 2") for the report to show. Questions that later versions dropped follow
the current ones, on a page of their own."""

from dataclasses import replace

from engage.questionnaires.definitions import Page, Questionnaire

EARLIER_PAGE = "earlier-versions"


def note(present, numbers):
    """Words for the versions `present` among all versions `numbers` (both ascending)."""
    if present == numbers:
        return None
    if present[-1] == numbers[-1] and present == numbers[numbers.index(present[0]):]:
        return f"added in version {present[0]}"
    if len(present) == 1:
        return f"only in version {present[0]}"
    if present == list(range(present[0], present[-1] + 1)):
        return f"only in versions {present[0]} to {present[-1]}"
    return "only in versions " + ", ".join(map(str, present))


def merged(versions: list[tuple[int, Questionnaire]]) -> Questionnaire:
    """`versions`: (number, questionnaire) ascending, the current one last."""
    if len(versions) == 1:
        return versions[0][1]
    numbers = [n for n, _ in versions]
    current = versions[-1][1]
    latest: dict = {}  # question id -> the question as its latest version has it
    for _, questionnaire in versions:
        latest.update(questionnaire.questions)
    pages = [replace(page, questions=tuple(merged_question(q.id, latest[q.id], versions, numbers) for q in page.questions))
             for page in current.pages]
    dropped = [merged_question(qid, question, versions, numbers) for qid, question in latest.items()
               if qid not in current.questions]
    if dropped:
        pages.append(Page(EARLIER_PAGE, None, tuple(dropped)))
    return replace(current, pages=tuple(pages))


def merged_question(question_id, question, versions, numbers):
    having = [(n, q.questions[question_id]) for n, q in versions if question_id in q.questions]
    with_it = [n for n, _ in having]
    options: dict = {}
    for _, version_question in having:
        options.update({o.id: o for o in version_question.options})
    order = [o.id for o in question.options] + [oid for oid in options if oid not in {o.id for o in question.options}]
    merged_options = tuple(
        replace(options[oid], note=note([n for n, q in having if oid in {o.id for o in q.options}], with_it))
        for oid in order
    )
    return replace(question, options=merged_options, note=note(with_it, numbers))
