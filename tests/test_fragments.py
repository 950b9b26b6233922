"""Cached question fragments and respondent pages (engage.fragments): the same HTML as a
fresh render, each person's own response id, CSRF token and reference, no free text kept."""

import re

import pytest

from engage.respondent import fragments
from tests.conftest import Respondent, csrf_token, make_app, response_uuid


@pytest.fixture
def small(app):
    with app.test_request_context("/"):
        fragments.caches()["questions"].clear()
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
    assert not any("Alex from Poole" in str(key) or "Alex from Poole" in value for key, value in fragments.caches()["questions"].items())


def test_question_html_with_an_error_is_rendered_afresh(small):
    question = small.page("about").questions[0]
    html = fragments.question_html(small, question, [], "Select an answer", True)
    assert "Select an answer" in html
    assert not fragments.caches()["questions"]


def person(app, page_id="travel", answers=None):
    """A new person who has answered the pages before `page_id`; returns (client, their GET of it)."""
    client = app.test_client()
    r = Respondent(client, "small")
    r.start()
    for earlier, given in (answers or {"about": {"who": "uses"}}).items():
        assert r.answer(earlier, given).status_code == 302
    return client, client.get(f"/q/small/{page_id}")


def without_tokens(page):
    return without_ids(page.get_data(as_text=True))


def without_ids(html):
    return re.sub(r'name="(csrf_token|response)" value="[^"]+"', r'name="\1" value=""', html)


def kept_for(pages, page_id):
    return [key for key in pages if page_id in key]


@pytest.fixture
def pages(app):
    return app.extensions["engage.fragments"]["pages"]


def test_second_person_gets_the_cached_page_with_their_own_response_and_token(app, pages):
    _first_client, first = person(app)
    assert len(kept_for(pages, "travel")) == 1
    _second_client, second = person(app)
    assert len(kept_for(pages, "travel")) == 1
    assert response_uuid(first) != response_uuid(second) and csrf_token(first) != csrf_token(second)
    assert without_tokens(first) == without_tokens(second)
    for page in (first, second):
        html = page.get_data(as_text=True)
        assert fragments.HOLE_MARK not in html


def test_cached_page_is_the_fresh_render(app, pages):
    _client, cached = person(app)
    _client, again = person(app)
    app.jinja_env.auto_reload = True  # nothing is cached while templates reload
    _client, fresh = person(app)
    assert without_tokens(again) == without_tokens(fresh) == without_tokens(cached)


def test_cached_page_token_and_response_are_accepted(app, pages):
    person(app)
    client, page = person(app)
    answered = client.post("/q/small/travel", data={"csrf_token": csrf_token(page), "response": response_uuid(page), "how": "bus"})
    assert answered.status_code == 302 and answered.headers["Location"] == "/q/small/more"


def test_pages_differ_by_route_and_chosen_options(app, pages):
    _client, after_user = person(app, "travel", {"about": {"who": "uses"}})
    _client, after_carer = person(app, "carers", {"about": {"who": "carer"}, "travel": {"how": "bus"}})
    client, revisited = person(app, "travel", {"about": {"who": "uses"}, "travel": {"how": "bus"}})
    assert 'value="bus" checked' in revisited.get_data(as_text=True)
    assert 'value="bus" checked' not in after_user.get_data(as_text=True)
    # travel: empty on a user's route ("2 of 3"), empty on a carer's ("2 of 4"), bus chosen
    assert len(kept_for(pages, "travel")) == 3 and len(kept_for(pages, "carers")) == 1
    assert "Page 3 of 4" in after_carer.get_data(as_text=True)
    assert "Page 2 of 3" in after_user.get_data(as_text=True)


def test_page_showing_free_text_is_not_kept(app, pages):
    client, _travel = person(app)
    Respondent(client, "small").answer("about", {"who": "uses", "name": "Alex from Poole"})
    page = client.get("/q/small/about")
    assert "Alex from Poole" in page.get_data(as_text=True)
    assert not any("Alex from Poole" in str(key) or "Alex from Poole" in "".join(kept) for key, kept in pages.items())


def test_each_app_keeps_its_own_pages(app, pages, tmp_path):
    person(app)
    (tmp_path / "other").mkdir()
    other = make_app(tmp_path / "other", COUNCIL_NAME="Another council")
    _client, page = person(other)
    assert "Another council" in page.get_data(as_text=True)
    assert kept_for(pages, "travel") and kept_for(other.extensions["engage.fragments"]["pages"], "travel")


def test_page_with_errors_is_rendered_afresh(app, pages):
    client, page = person(app, "about", {})
    pages.clear()
    refused = client.post("/q/small/about", data={"csrf_token": csrf_token(page), "response": response_uuid(page)})
    assert refused.status_code == 400 and "There is a problem" in refused.get_data(as_text=True)
    assert not pages


def sent(app):
    """A new person who has answered everything and sent it; returns (client, the redirect to the confirmation, the response id)."""
    client, _travel = person(app)
    r = Respondent(client, "small")
    assert r.answer("travel", {"how": "bus"}).status_code == 302
    assert r.answer("more", {}).status_code == 302
    return client, r.submit(), r.uuid


def test_start_page_is_kept_with_each_persons_own_token(app, pages):
    first, second = app.test_client().get("/q/small/"), app.test_client().get("/q/small/")
    assert kept_for(pages, "respondent/start.html")
    assert csrf_token(first) != csrf_token(second) and without_tokens(first) == without_tokens(second)
    app.jinja_env.auto_reload = True
    fresh = app.test_client().get("/q/small/")
    assert without_tokens(fresh) == without_tokens(first)
    assert fragments.HOLE_MARK not in first.get_data(as_text=True)


def test_start_page_for_someone_with_answers_saved_is_their_own(app, pages):
    person(app)
    client, _travel = person(app)
    pages.clear()
    page = client.get("/q/small/").get_data(as_text=True)
    assert "Some answers are saved on this device" in page
    assert not kept_for(pages, "respondent/start.html")


def test_confirmation_is_kept_with_each_persons_own_reference(app, pages):
    references = []
    for _ in range(2):
        client, submitted, response_uuid = sent(app)
        done = client.get(submitted.headers["Location"]).get_data(as_text=True)
        reference = response_uuid[:8].upper()
        assert f"<strong>{reference}</strong>" in done and fragments.HOLE_MARK not in done
        assert "csrf_token" not in done  # no form, so no token made for it
        references.append((reference, done))
    assert len(kept_for(pages, "respondent/done.html")) == 1
    (first, first_page), (second, second_page) = references
    assert first != second and first_page.replace(first, "REF") == second_page.replace(second, "REF")


def checking(app, who, name, how, words):
    """A new person who has answered every page of `small`; returns their check page's HTML."""
    client = app.test_client()
    r = Respondent(client, "small")
    r.start()
    r.answer("about", {"who": who, "name": name})
    r.answer("travel", {"how": how})
    if who == "carer":
        r.answer("carers", {"break": "some"})
    r.answer("more", {"else": words})
    return client.get("/q/small/check").get_data(as_text=True)


def test_check_page_is_kept_per_set_of_questions_shown_with_each_persons_answers(app, pages):
    alex = checking(app, "uses", "Alex <from> Poole", "bus", "More buses")
    sam = checking(app, "uses", "Sam", "taxi", "")
    assert len(kept_for(pages, "respondent/check.html")) == 1
    assert "Alex &lt;from&gt; Poole" in alex and "More buses" in alex and "Sam" not in alex
    assert "Sam" in sam and "Taxi" in sam and "Not answered" in sam and "Alex" not in sam and "More buses" not in sam
    assert response_uuid_in(alex) != response_uuid_in(sam) and fragments.HOLE_MARK not in alex + sam
    words = app.extensions["engage.fragments"]["words"]
    kept = "".join(piece for page in pages.values() for piece in page) + repr(words)
    assert not any(written in kept for written in ("Alex", "More buses", "Sam"))
    assert "Taxi" in words.values() and "Not answered" in words.values()  # chosen options' words are kept
    carer = checking(app, "carer", "Jo", "bus", "")
    assert len(kept_for(pages, "respondent/check.html")) == 2 and "Jo" in carer


def test_kept_check_page_is_the_fresh_render(app, pages):
    kept = checking(app, "uses", "Alex", "bus", "More buses")
    app.jinja_env.auto_reload = True
    fresh = checking(app, "uses", "Alex", "bus", "More buses")
    assert without_ids(kept) == without_ids(fresh)


def response_uuid_in(html):
    return re.search(r'name="response" value="([^"]+)"', html).group(1)
