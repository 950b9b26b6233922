"""Cached question fragments (engage.fragments): same HTML as a fresh render, no free text kept."""

import pytest

from engage import fragments


@pytest.fixture
def small(app):
    with app.test_request_context("/"):
        fragments._cache.clear()
        yield app.extensions["engage.catalogue"].get("small")


def test_question_html_from_the_cache_is_the_fresh_render(small):
    question = small.page("travel").questions[0]
    first = fragments.question_html(small, question, ["bus"], None, True)
    again = fragments.question_html(small, question, ["bus"], None, True)
    assert again is first
    assert again == fragments.render(small, question, ["bus"], None, True)
    assert 'value="bus" checked' in again


def test_question_html_differs_by_chosen_options(small):
    question = small.page("travel").questions[0]
    assert fragments.question_html(small, question, [], None, True) != fragments.question_html(small, question, ["bus"], None, True)


def test_question_html_keeps_no_free_text_in_memory(small):
    question = small.page("about").questions[1]
    html = fragments.question_html(small, question, ["Alex from Poole"], None, False)
    assert "Alex from Poole" in html
    assert not any("Alex from Poole" in str(key) or "Alex from Poole" in value for key, value in fragments._cache.items())


def test_question_html_with_an_error_is_rendered_afresh(small):
    question = small.page("about").questions[0]
    html = fragments.question_html(small, question, [], "Select an answer", True)
    assert "Select an answer" in html
    assert not fragments._cache
