"""A respondent answers a questionnaire page by page and submits it, once."""

import json
import sqlite3
from contextlib import closing

from tests.conftest import make_app, rows


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


def test_a_response_carries_its_answers_as_one_document_in_answer_row_order(app, respondent):
    complete_small(respondent).submit()
    (document,) = rows(app, "SELECT answers_json FROM responses")[0]
    question_ids, values = json.loads(document)
    assert list(zip(question_ids, values)) == rows(
        app, "SELECT question_id, value FROM answers ORDER BY question_id, value"
    )
    assert ("how", "bus") in zip(question_ids, values) and ("how", "taxi") in zip(question_ids, values)


def test_the_migration_fills_the_document_of_responses_stored_before_it(app, respondent):
    from engage.db import migrate

    complete_small(respondent).submit()
    expected = rows(app, "SELECT uuid, answers_json FROM responses")
    with closing(sqlite3.connect(app.config["DATABASE"])) as db, db:
        db.execute("ALTER TABLE responses DROP COLUMN answers_json")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm1000_answers_json'")
    migrate(app.config["DATABASE"])
    assert rows(app, "SELECT uuid, answers_json FROM responses") == expected
    assert json.loads(expected[0][1])[0]


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


def test_the_session_cookie_is_sent_when_a_draft_starts_and_on_the_first_save_of_a_day(client, respondent):
    r = respondent("small")
    assert "session=" in r.start_response().headers.get("Set-Cookie", "")
    page = client.get("/q/small/about")
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    saved = r.answer("about", {"who": "uses"})
    assert saved.status_code == 302 and "session=" in saved.headers.get("Set-Cookie", "")
    again = r.answer("travel", {"how": "bus"})  # the same day: the cookie is already fresh
    assert again.status_code == 302 and "Set-Cookie" not in again.headers


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
    assert "Question 1 of 4" in body
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


def test_the_response_id_never_goes_in_a_url_and_the_confirmation_is_the_persons_own(app, client, respondent):
    r = complete_small(respondent)
    submitted = r.submit()
    assert r.uuid not in submitted.headers["Location"]
    assert f"<strong>{r.uuid[:8].upper()}</strong>" in client.get("/q/small/done").get_data(as_text=True)
    assert app.test_client().get(f"/q/small/done?ref={r.uuid}").status_code == 404
