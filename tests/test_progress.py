"""Progress shown to a person: "About N questions left" and a bar. Walking every shipped
questionnaire with random answers, the number left only goes down, the bar only goes up,
and the number is never fewer than the questions that are actually still to come."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage.questionnaires import journey
from engage.questionnaires.definitions import load_catalogue
from tests.conftest import ROOT, VALID_SURVEYS

PICTURES = ROOT / "static" / "easyread"
QUESTIONNAIRES = list(load_catalogue(ROOT / "surveys", PICTURES)) + list(load_catalogue(VALID_SURVEYS, PICTURES))


def random_answer(data, question):
    if not question.options:
        return data.draw(st.sampled_from([[], ["words"]]))
    ids = [o.id for o in question.all_options()]
    if question.kind.multiple:
        return data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=question.max_choices or len(ids)))
    return data.draw(st.sampled_from([[], *[[i] for i in ids]]))


def walk(data, questionnaire):
    """Save page after page as a person would; return the progress shown on each page and
    how many questions each page asked."""
    answers: dict = {}
    shown, asked = [], []
    while (page := journey.first_unfinished(journey.visible_pages(questionnaire, answers), answers)) is not None:
        shown.append(journey.progress(questionnaire, answers))
        questions = journey.visible_questions(page, answers)
        asked.append(len(questions))
        page_answers = {q.id: random_answer(data, q) for q in questions}
        answers = journey.prune(questionnaire, {**answers, **page_answers})
    shown.append(journey.progress(questionnaire, answers))
    return shown, asked


@pytest.mark.parametrize("questionnaire", QUESTIONNAIRES, ids=lambda q: q.id)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_progress_never_grows_or_goes_back(questionnaire, data):
    shown, asked = walk(data, questionnaire)
    for before, after in zip(shown, shown[1:]):
        assert after.left < before.left, (before, after)
        assert after.percent >= before.percent, (before, after)
    for step, progress in enumerate(shown[:-1]):
        assert progress.left >= sum(asked[step:]), (step, progress, asked)
    assert shown[-1].left == 0 and shown[-1].percent == 100
    assert shown[0].done == 0 and shown[0].percent == 0


def test_progress_counts_a_question_behind_an_unanswered_condition():
    easyread = next(q for q in QUESTIONNAIRES if q.id == "group1-easyread")
    everything = journey.progress(easyread, {})
    assert everything.left == len(easyread.questions)
    not_a_carer = journey.progress(easyread, {"who_answering": ["uses"]})
    conditional_on_carer = [q for q in easyread.questions.values() if q.show_if and q.show_if.question == "who_answering"]
    assert conditional_on_carer
    assert not_a_carer.left == everything.left - 1 - len(conditional_on_carer)
    assert not_a_carer.done == 1
