"""A respondent answers a questionnaire page by page and submits it, once."""

import re

from tests.conftest import Respondent, csrf_token, make_app, response_uuid, rows


def complete_small(respondent, who="carer"):
    r = respondent("small")
    r.start()
    assert r.answer("about", {"who": who, "name": "Sam"}).headers["Location"] == "/q/small/travel"
    r.answer("travel", {"how": ["bus", "taxi"]})
    if who == "carer":
        r.answer("carers", {"break": "some"})
    r.answer("more", {"else": "More buses please"})
    return r


def test_home_lists_questionnaires_with_easy_read_marked(client):
    page = client.get("/").get_data(as_text=True)
    assert "A small questionnaire" in page
    assert page.count("Easy read</strong>") == 1


def test_walk_through_stores_one_response_with_expected_rows(app, respondent):
    r = complete_small(respondent)
    response = r.submit()
    assert response.status_code == 302
    assert response.headers["Location"] == "/q/small/done"
    assert rows(app, "SELECT questionnaire_id, report_id, respondent_group, variant, channel FROM responses") == [
        ("small", "small", 1, "standard", "link")
    ]
    assert sorted(rows(app, "SELECT question_id, value FROM answers")) == [
        ("break", "some"), ("else", "More buses please"), ("how", "bus"), ("how", "taxi"),
        ("name", "Sam"), ("who", "carer"),
    ]
    assert rows(app, "SELECT count(*) FROM drafts") == [(0,)]


def test_a_response_keeps_the_version_of_the_questionnaire_it_was_answered_on(app, respondent):
    complete_small(respondent).submit()
    version = app.extensions["engage.catalogue"].get("small").definition_hash
    assert rows(app, "SELECT definition_hash FROM responses") == [(version,)]
    assert rows(app, "SELECT number, definition_hash FROM definition_versions WHERE definition_id = 'small'") == [(1, version)]
    assert "answers_json" not in {row[1] for row in rows(app, "PRAGMA table_info(responses)")}


def test_condition_hides_question_and_skips_its_page(app, respondent):
    r = respondent("small")
    r.start()
    r.answer("about", {"who": "uses"})
    assert r.answer("travel", {"how": "walk"}).headers["Location"] == "/q/small/more"
    r.answer("more", {})
    r.submit()
    assert ("break",) not in rows(app, "SELECT question_id FROM answers")


def test_changing_an_earlier_answer_drops_hidden_answers(app, respondent):
    r = complete_small(respondent, who="carer")
    r.answer("about", {"who": "uses"}, change="1")
    r.submit()
    assert ("break",) not in rows(app, "SELECT question_id FROM answers")


def test_double_submit_makes_one_response_and_same_confirmation(app, client, respondent):
    r = complete_small(respondent)
    first = r.submit()
    again = client.post("/q/small/submit", data={"csrf_token": r.token, "response": r.uuid})
    assert again.headers["Location"] == first.headers["Location"]
    assert rows(app, "SELECT count(*) FROM responses") == [(1,)]
    assert client.get(first.headers["Location"]).status_code == 200


def test_back_button_after_submit_goes_to_confirmation(client, respondent):
    r = complete_small(respondent)
    r.submit()
    page = client.get("/q/small/more")
    assert page.headers["Location"] == "/q/small/done"


def test_check_answers_lists_answers_with_change_links(client, respondent):
    complete_small(respondent)
    page = client.get("/q/small/check").get_data(as_text=True)
    assert "Bus, Taxi" in page
    assert 'href="/q/small/travel?change=1"' in page


def test_required_question_missing_shows_error_summary_and_stores_nothing(app, respondent):
    r = respondent("small")
    r.start()
    response = r.answer("about", {})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in body
    assert 'href="#who"' in body
    assert rows(app, "SELECT answers FROM drafts") == [("{}",)]


def test_too_many_choices_is_a_person_error(respondent):
    r = respondent("small")
    r.start()
    r.answer("about", {"who": "uses"})
    body = r.answer("travel", {"how": ["bus", "taxi", "walk"]}).get_data(as_text=True)
    assert "Select no more than 2 answers to ‘How do you travel?’" in body


def test_extra_option_must_be_alone(respondent):
    r = respondent("small")
    r.start()
    r.answer("about", {"who": "uses"})
    body = r.answer("travel", {"how": ["bus", "dont_know"]}).get_data(as_text=True)
    assert "Choose ‘I do not know’ on its own, or untick it" in body


def test_text_over_limit_is_refused(app, respondent):
    r = respondent("small")
    r.start()
    r.answer("about", {"who": "uses"})
    r.answer("travel", {"how": "bus"})
    body = r.answer("more", {"else": "x" * 51}).get_data(as_text=True)
    assert "must be 50 characters or fewer" in body
    assert "more" not in rows(app, "SELECT answers FROM drafts")[0][0]


def test_skipping_ahead_redirects_to_first_unfinished_page(client, respondent):
    r = respondent("small")
    r.start()
    assert client.get("/q/small/more").headers["Location"] == "/q/small/about"
    assert client.get("/q/small/check").headers["Location"] == "/q/small/about"


def test_draft_survives_app_restart(tmp_path, respondent, client, app):
    r = respondent("small")
    r.start()
    r.answer("about", {"who": "uses"})
    restarted = make_app(tmp_path)
    second = restarted.test_client()
    for cookie in client._cookies.values():
        second.set_cookie(cookie.key, cookie.value)
    assert second.get("/q/small/travel").status_code == 200
    start = second.get("/q/small/").get_data(as_text=True)
    assert "Carry on" in start


def test_the_session_cookie_is_resent_with_every_page_so_its_30_days_count_from_the_last_visit(client, respondent):
    r = respondent("small")
    assert "session=" in r.start_response().headers.get("Set-Cookie", "")
    page = client.get("/q/small/about")
    assert page.status_code == 200 and "session=" in page.headers.get("Set-Cookie", "")
    saved = r.answer("about", {"who": "uses"})
    assert saved.status_code == 302 and "session=" in saved.headers.get("Set-Cookie", "")


def test_start_again_discards_the_old_draft(app, respondent):
    r = respondent("small")
    r.start()
    r.answer("about", {"who": "uses"})
    r.start(restart=True)
    assert rows(app, "SELECT answers FROM drafts") == [("{}",)]


def test_drafts_do_not_count_as_responses(app, respondent):
    r = respondent("small")
    r.start()
    r.answer("about", {"who": "uses"})
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def test_easy_read_twin_feeds_the_same_report(app, respondent):
    r = respondent("small-easyread")
    r.start()
    r.answer("who", {"who": "uses"})
    r.answer("name", {})
    r.answer("how", {"how": "bus"})
    r.answer("else", {})
    r.submit()
    assert rows(app, "SELECT questionnaire_id, report_id, variant FROM responses") == [
        ("small-easyread", "small", "easyread")
    ]


def test_easy_read_page_shows_progress_and_pictures(client, respondent):
    r = respondent("small-easyread")
    r.start()
    body = client.get("/q/small-easyread/who").get_data(as_text=True)
    assert "About 5 questions left" in body and '<progress class="progress__bar" max="100" value="0"' in body
    assert body.count('class="er-option__picture"') == 3
    assert "I don&#39;t want to answer" in body or "I don't want to answer" in body


def test_migrations_run_twice_change_nothing(app):
    from engage.db import migrate

    before = rows(app, "SELECT migration_set, name FROM _sqlite_migrations")
    migrate(app.config["DATABASE"])
    assert rows(app, "SELECT migration_set, name FROM _sqlite_migrations") == before
    assert rows(app, "PRAGMA journal_mode") == [("wal",)]


def test_response_keeps_where_it_came_from(app):
    from engage.db import connect
    from engage.respondent import responses

    questionnaire = app.extensions["engage.catalogue"].get("small")
    db = connect(app.config["DATABASE"])
    origin = responses.Origin(channel="kiosk", session_id="s1", helped_by_staff=True)
    uuid = responses.start(db, questionnaire, origin)
    responses.save_page(db, questionnaire, uuid, {"who": ["uses"], "name": []})
    responses.save_page(db, questionnaire, uuid, {"how": ["bus"]})
    responses.save_page(db, questionnaire, uuid, {"else": []})
    responses.submit(db, questionnaire, uuid)
    db.close()
    assert rows(app, "SELECT channel, session_id, helped_by_staff, keyed_by, round FROM responses") == [
        ("kiosk", "s1", 1, None, 1)
    ]


def person(app, page_id="travel", answers=None):
    """A new person who has answered the pages before `page_id`; returns (client, their GET of it)."""
    client = app.test_client()
    r = Respondent(client, "small")
    r.start()
    for earlier, given in (answers or {"about": {"who": "uses"}}).items():
        assert r.answer(earlier, given).status_code == 302
    return client, client.get(f"/q/small/{page_id}")


def test_two_people_answering_the_same_page_each_see_only_their_own_answers(app):
    alex, sam = app.test_client(), app.test_client()
    for client in (alex, sam):
        Respondent(client, "small").start()
    Respondent(alex, "small").answer("about", {"who": "uses", "name": "Alex"})
    Respondent(sam, "small").answer("about", {"who": "carer", "name": "Sam"})
    for _ in range(2):  # in turns, each twice: a page kept for one must not reach the other
        alex_page, sam_page = alex.get("/q/small/about").get_data(as_text=True), sam.get("/q/small/about").get_data(as_text=True)
        assert 'value="uses" checked' in alex_page and 'value="carer" checked' not in alex_page
        assert 'value="carer" checked' in sam_page and 'value="uses" checked' not in sam_page
        assert 'value="Alex"' in alex_page and "Sam" not in alex_page
        assert 'value="Sam"' in sam_page and "Alex" not in sam_page
    Respondent(alex, "small").answer("travel", {"how": "bus"})
    Respondent(sam, "small").answer("travel", {"how": "taxi"})
    alex_travel, sam_travel = alex.get("/q/small/travel").get_data(as_text=True), sam.get("/q/small/travel").get_data(as_text=True)
    assert 'value="bus" checked' in alex_travel and 'value="taxi" checked' not in alex_travel
    assert 'value="taxi" checked' in sam_travel and 'value="bus" checked' not in sam_travel


def test_the_next_person_gets_their_own_response_id_and_token_which_are_accepted(app):
    _first_client, first = person(app)
    client, second = person(app)
    assert response_uuid(first) != response_uuid(second) and csrf_token(first) != csrf_token(second)
    answered = client.post("/q/small/travel", data={"csrf_token": csrf_token(second), "response": response_uuid(second), "how": "bus"})
    assert answered.status_code == 302 and answered.headers["Location"] == "/q/small/more"


def test_a_page_shows_the_route_and_choices_of_its_own_person(app):
    _client, after_user = person(app, "travel", {"about": {"who": "uses"}})
    _client, after_carer = person(app, "carers", {"about": {"who": "carer"}, "travel": {"how": "bus"}})
    _client, revisited = person(app, "travel", {"about": {"who": "uses"}, "travel": {"how": "bus"}})
    assert 'value="bus" checked' in revisited.get_data(as_text=True)
    assert 'value="bus" checked' not in after_user.get_data(as_text=True)
    # who, name saved: how and else are left (break is closed for a user, the next page for a carer)
    assert "About 2 questions left" in after_user.get_data(as_text=True)
    assert "About 2 questions left" in after_carer.get_data(as_text=True)
    assert 'value="50"' in after_user.get_data(as_text=True) and 'value="60"' in after_carer.get_data(as_text=True)


def test_each_app_shows_its_own_settings(app, tmp_path):
    person(app)
    (tmp_path / "other").mkdir()
    other = make_app(tmp_path / "other", COUNCIL_NAME="Another council")
    _client, page = person(other)
    assert "Another council" in page.get_data(as_text=True)
    _client, page = person(app)
    assert "Another council" not in page.get_data(as_text=True)


def test_start_page_for_someone_with_answers_saved_offers_to_carry_on(app):
    person(app)
    client, _travel = person(app)
    assert "Some answers are saved on this phone, tablet or computer" in client.get("/q/small/").get_data(as_text=True)
    assert "Some answers are saved on this phone, tablet or computer" not in app.test_client().get("/q/small/").get_data(as_text=True)


def sent(app):
    """A new person who has answered everything and sent it; returns (client, the redirect to the confirmation)."""
    client, _travel = person(app)
    r = Respondent(client, "small")
    assert r.answer("travel", {"how": "bus"}).status_code == 302
    assert r.answer("more", {}).status_code == 302
    return client, r.submit()


def test_each_confirmation_shows_its_own_reference(app):
    references = []
    for _ in range(2):
        client, submitted = sent(app)
        done = client.get(submitted.headers["Location"]).get_data(as_text=True)
        (uuid,) = rows(app, "SELECT uuid FROM responses ORDER BY rowid DESC LIMIT 1")[0]
        reference = uuid[:8].upper()
        assert f"<strong>{reference}</strong>" in done
        assert "csrf_token" not in done  # no form, so no token
        references.append(reference)
    assert references[0] != references[1]


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


def response_uuid_in(html):
    found = re.search(r'name="response" value="([^"]+)"', html)
    assert found, "no response id in the page"
    return found.group(1)


def test_each_check_page_shows_only_its_own_persons_answers(app):
    alex = checking(app, "uses", "Alex <from> Poole", "bus", "More buses")
    sam = checking(app, "uses", "Sam", "taxi", "")
    assert "Alex &lt;from&gt; Poole" in alex and "More buses" in alex and "Sam" not in alex
    assert "Sam" in sam and "Taxi" in sam and "Not answered" in sam and "Alex" not in sam and "More buses" not in sam
    assert response_uuid_in(alex) != response_uuid_in(sam)
    carer = checking(app, "carer", "Jo", "bus", "")
    assert "Jo" in carer and "Alex" not in carer and "Sam" not in carer


def test_the_response_id_never_goes_in_a_url_and_the_confirmation_is_the_persons_own(app, client, respondent):
    r = complete_small(respondent)
    submitted = r.submit()
    assert r.uuid not in submitted.headers["Location"]
    assert f"<strong>{r.uuid[:8].upper()}</strong>" in client.get("/q/small/done").get_data(as_text=True)
    assert app.test_client().get(f"/q/small/done?ref={r.uuid}").status_code == 404


def test_every_page_with_answers_is_sent_no_store(client, respondent):
    """The browser's Back button after sending must not show the last person's answers."""
    r = respondent("small")
    r.start()
    r.answer("about", {"who": "uses", "name": "Sam"})
    pages = ["/", "/q/small/", "/q/small/about", "/q/small/travel"]
    for path in pages:
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    r.answer("travel", {"how": "bus"})
    r.answer("more", {"else": "Only Sam wrote this"})
    check = client.get("/q/small/check")
    assert "Only Sam wrote this" in check.get_data(as_text=True) and check.headers["Cache-Control"] == "no-store"
    sent = r.submit()
    assert sent.headers["Cache-Control"] == "no-store"
    assert client.get(sent.headers["Location"]).headers["Cache-Control"] == "no-store"
