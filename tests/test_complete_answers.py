"""A whole answer set, checked and stored at once (offline tablets and imported files)."""

import pytest

from engage.db import connect
from engage.respondent import complete_answers, responses
from engage.web.errors import Tampered
from tests.conftest import rows

GOOD = {"who": ["carer"], "name": ["Sam"], "how": ["bus"], "break": ["some"], "else": []}


@pytest.fixture
def small(app):
    return app.extensions["engage.catalogue"].get("small")


def test_good_answers_have_no_problems(small):
    assert complete_answers.problems(small, GOOD) == []


def test_missing_required_answer_is_a_problem(small):
    assert complete_answers.problems(small, {**GOOD, "how": []}) == [
        "how: Select at least one answer to ‘How do you travel?’"
    ]


@pytest.mark.parametrize(
    "answers",
    [
        {**GOOD, "who": ["uses"]},  # break is answered but hidden
        {**GOOD, "nothing": ["x"]},
        {**GOOD, "how": ["plane"]},
        {**GOOD, "how": "bus"},
        {**GOOD, "how": [1]},
        ["who"],
    ],
    ids=["hidden answered", "unknown question", "unknown option", "not a list", "not strings", "not a dict"],
)
def test_impossible_answers_are_tampering(small, answers):
    with pytest.raises(Tampered):
        complete_answers.problems(small, answers)


def test_store_complete_is_idempotent(app, small):
    db = connect(app.config["DATABASE"])
    origin = responses.Origin(channel="kiosk", session_id="s1")
    answers = complete_answers.normalised(small, GOOD)
    first = responses.store_complete(db, small, "5b0c4a52-6a7e-4b0e-9d43-0b5f3f0d8a11", answers, origin, "2026-11-23T10:00:00.000000Z")
    again = responses.store_complete(db, small, "5b0c4a52-6a7e-4b0e-9d43-0b5f3f0d8a11", answers, origin, "2026-11-23T10:00:00.000000Z")
    db.close()
    assert (first.new, again.new) == (True, False)
    assert again.submitted_at == first.submitted_at
    assert rows(app, "SELECT count(*) FROM responses") == [(1,)]
    assert rows(app, "SELECT count(*) FROM answers") == [(4,)]
