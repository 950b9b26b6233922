"""Questionnaires and polls kept as versions: drafts through the staff pages, preview that
stores nothing, publishing with times, closed links (410), archive, new versions, the
start-up import with a broken file, two workers on one database, and the CLI."""

import copy
import json
import re
import shutil
from typing import Any

from engage.db import connect
from engage.definitions import store
from tests.conftest import VALID_SURVEYS, Respondent, create_staff, csrf_token, make_app, rows, sign_in

TRIAL: dict[str, Any] = {
    "id": "trial", "title": "A trial questionnaire", "group": 1, "variant": "standard", "intro": ["Try it."],
    "pages": [{"id": "mood", "questions": [
        {"id": "feel", "type": "single_choice", "text": "How do you feel?",
         "options": [{"id": "good", "label": "Good"}, {"id": "bad", "label": "Bad"}]}]}],
}


def trial_v2() -> dict[str, Any]:
    doc = copy.deepcopy(TRIAL)
    doc["pages"][0]["questions"][0]["options"].append({"id": "okay", "label": "Okay"})
    doc["pages"].append({"id": "more", "questions": [
        {"id": "often", "type": "single_choice", "text": "How often do you come?",
         "options": [{"id": "weekly", "label": "Every week"}, {"id": "rarely", "label": "Rarely"}]}]})
    return doc


def lead_client(app):
    client = app.test_client()
    create_staff(app, "lead")
    assert sign_in(client, "lead@council.example").status_code == 302
    return client


def upload(client, doc, **extra):
    page = client.get("/staff/definitions/new")
    return client.post("/staff/definitions/new", data={"csrf_token": csrf_token(page), "document": json.dumps(doc), **extra})


def post(client, path, **data):
    page = client.get("/staff/definitions/new")
    return client.post(path, data={"csrf_token": csrf_token(page), **data})


def publish(client, definition_id, number, **times):
    page = client.get(f"/staff/definitions/{definition_id}/")
    return client.post(f"/staff/definitions/{definition_id}/publish",
                       data={"csrf_token": csrf_token(page), "version": number, "together": "yes", **times})


def action(client, definition_id, name, together="yes"):
    page = client.get(f"/staff/definitions/{definition_id}/")
    return client.post(f"/staff/definitions/{definition_id}/{name}", data={"csrf_token": csrf_token(page), "together": together})


def answer_trial(app, answers):
    r = Respondent(app.test_client(), "trial")
    r.start()
    for page_id, page_answers in answers.items():
        assert r.answer(page_id, page_answers).status_code == 302
    assert r.submit().status_code == 302
    return r


def stored_counts(app):
    return rows(app, "SELECT (SELECT count(*) FROM drafts), (SELECT count(*) FROM responses), (SELECT count(*) FROM answers)")


def test_a_lead_drafts_previews_publishes_and_changes_a_questionnaire(app):
    client = lead_client(app)
    saved = upload(client, TRIAL)
    assert saved.status_code == 302 and saved.headers["Location"] == "/staff/definitions/trial/?saved=1"
    assert "Draft" in client.get("/staff/definitions/").get_data(as_text=True)
    assert Respondent(app.test_client(), "trial").client.get("/q/trial/").status_code == 404  # a draft is not served

    preview = client.get("/staff/definitions/trial/versions/1/preview/mood")
    assert preview.status_code == 200 and "Preview: answers are not kept" in preview.get_data(as_text=True)
    sent = client.post("/staff/definitions/trial/versions/1/preview/mood",
                       data={"csrf_token": csrf_token(preview), "response": "preview", "feel": "good"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/preview/?done=1")
    assert client.post("/staff/definitions/trial/versions/1/preview/mood",
                       data={"csrf_token": csrf_token(preview), "response": "preview"}).status_code == 400
    assert stored_counts(app) == [(0, 0, 0)]
    with client.session_transaction() as cookie:
        assert "drafts" not in cookie

    assert publish(client, "trial", 1, opens_at="2026-01-01T09:00", closes_at="2099-06-30T17:00").status_code == 302
    assert rows(app, "SELECT published_version, opens_at, closes_at FROM definitions WHERE id = 'trial'") == [
        (1, "2026-01-01T09:00:00.000000Z", "2099-06-30T16:00:00.000000Z")]
    answer_trial(app, {"mood": {"feel": "good"}})

    assert upload(client, trial_v2()).status_code == 302
    assert publish(client, "trial", 2, opens_at="2026-01-01T09:00").status_code == 302
    answer_trial(app, {"mood": {"feel": "okay"}, "more": {"often": "weekly"}})
    hashes = rows(app, "SELECT r.definition_hash, v.number FROM responses r JOIN definition_versions v"
                       " ON v.definition_hash = r.definition_hash ORDER BY r.submitted_at")
    assert [n for _, n in hashes] == [1, 2]
    listing = client.get("/staff/definitions/").get_data(as_text=True)
    assert "2 of 2" in listing and "Open" in listing

    assert action(client, "trial", "close").status_code == 302
    closed = app.test_client().get("/q/trial/")
    assert closed.status_code == 410 and "This questionnaire has closed" in closed.get_data(as_text=True)
    assert app.test_client().post("/q/trial/start").status_code in (400, 410)
    assert rows(app, "SELECT count(*) FROM responses WHERE questionnaire_id = 'trial'") == [(2,)]
    assert action(client, "trial", "reopen").status_code == 302
    assert app.test_client().get("/q/trial/").status_code == 200
    actions = [a for (a,) in rows(app, "SELECT action FROM audit_log WHERE detail LIKE '%trial%' ORDER BY id")]
    assert actions == ["definition version saved", "published version 1", "definition version saved",
                       "published version 2", "closed", "reopened"]


def test_a_scheduled_questionnaire_is_not_served_until_it_opens(app):
    client = lead_client(app)
    upload(client, TRIAL)
    publish(client, "trial", 1, opens_at="2099-01-01T09:00")
    page = app.test_client().get("/q/trial/")
    assert page.status_code == 410 and "This questionnaire has not opened yet" in page.get_data(as_text=True)
    assert "It opens on 1 January 2099 at 9:00" in page.get_data(as_text=True)
    assert "A trial questionnaire" not in app.test_client().get("/").get_data(as_text=True)
    assert stored_counts(app) == [(0, 0, 0)]


def test_closing_a_standard_questionnaire_closes_its_easy_read_twin_unless_told_otherwise(app):
    client = lead_client(app)
    action(client, "small", "close")
    assert [app.test_client().get(f"/q/{q}/").status_code for q in ("small", "small-easyread")] == [410, 410]
    action(client, "small", "reopen", together="")
    assert [app.test_client().get(f"/q/{q}/").status_code for q in ("small", "small-easyread")] == [200, 410]


def without_token(page):
    """A page without its CSRF token (which holds the second it was made)."""
    return re.sub(rb'name="csrf_token" value="[^"]+"', b"", page)


def test_archiving_keeps_the_report_and_downloads_byte_for_byte(app):
    from tests.test_respond import complete_small

    client = lead_client(app)

    complete_small(lambda qid="small": Respondent(app.test_client(), qid)).submit()
    urls = ["/staff/report/", "/staff/report/?questionnaire=small", "/staff/report/download/csv?questionnaire=small"]
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]
    before = [without_token(client.get(u).get_data()) for u in urls]
    assert action(client, "small", "archive").status_code == 302
    assert "A small questionnaire" not in app.test_client().get("/").get_data(as_text=True)
    assert app.test_client().get("/q/small/").status_code == 410
    assert "small-easyread" not in client.get("/staff/definitions/").get_data(as_text=True)
    assert "small-easyread" in client.get("/staff/definitions/?archived=1").get_data(as_text=True)
    after = [without_token(client.get(u).get_data()) for u in urls]
    assert after == before


def test_changing_an_option_with_answers_needs_a_confirmation_saying_how_many(app):
    client = lead_client(app)
    upload(client, TRIAL)
    publish(client, "trial", 1)
    answer_trial(app, {"mood": {"feel": "bad"}})
    answer_trial(app, {"mood": {"feel": "bad"}})
    renamed = copy.deepcopy(TRIAL)
    renamed["pages"][0]["questions"][0]["options"][1]["id"] = "poor"
    asked = upload(client, renamed)
    assert asked.status_code == 409
    text = asked.get_data(as_text=True)
    assert "changes or removes options that 2 answers chose" in text and "option bad: 2 answers" in text
    assert rows(app, "SELECT max(number) FROM definition_versions WHERE definition_id = 'trial'") == [(1,)]
    confirmed = client.post("/staff/definitions/new", data={"csrf_token": csrf_token(asked), "confirm": "yes",
                                                           "document": json.dumps(renamed)})
    assert confirmed.status_code == 302
    assert rows(app, "SELECT max(number) FROM definition_versions WHERE definition_id = 'trial'") == [(2,)]


def test_a_draft_with_problems_is_saved_with_them_listed_and_cannot_be_published(app):
    client = lead_client(app)
    broken = copy.deepcopy(TRIAL)
    broken["pages"][0]["questions"][0]["type"] = "dropdown"
    assert upload(client, broken).status_code == 302
    page = client.get("/staff/definitions/trial/").get_data(as_text=True)
    assert "Problems to fix before it can be published" in page and "pages[0].questions[0].type" in page
    assert publish(client, "trial", 1).status_code == 400
    assert rows(app, "SELECT published_version FROM definitions WHERE id = 'trial'") == [(None,)]


def test_bad_uploads_get_a_message_and_store_nothing(app):
    client = lead_client(app)
    page = client.get("/staff/definitions/new")
    for text, message in [("{", "This is not JSON: line 1 column 2"), ("[]", "needs an &#34;id&#34;"),
                          ('{"id": "Bad Id"}', "needs an &#34;id&#34;")]:
        response = client.post("/staff/definitions/new", data={"csrf_token": csrf_token(page), "document": text})
        assert response.status_code == 400 and message in response.get_data(as_text=True), text
    assert upload(client, {**TRIAL, "id": "small-poll"}).status_code == 400
    assert rows(app, "SELECT count(*) FROM definitions WHERE id IN ('trial', 'bad-id')") == [(0,)]


def test_a_copy_becomes_a_new_draft(app):
    client = lead_client(app)
    assert post(client, "/staff/definitions/small/versions/1/copy", new_id="small-2027").status_code == 302
    assert rows(app, "SELECT published_version, (SELECT source FROM definition_versions WHERE definition_id = d.id)"
                     " FROM definitions d WHERE id = 'small-2027'") == [(None, "copied from small version 1")]


def test_two_workers_on_one_database_serve_a_new_version_without_a_restart(tmp_path):
    first, second = make_app(tmp_path), make_app(tmp_path)
    visitor = second.test_client()
    assert visitor.get("/q/trial/").status_code == 404
    client = lead_client(first)
    upload(client, TRIAL)
    publish(client, "trial", 1)
    assert visitor.get("/q/trial/").status_code == 200
    upload(client, {**TRIAL, "title": "A renamed questionnaire"})
    publish(client, "trial", 2)
    assert "A renamed questionnaire" in visitor.get("/q/trial/").get_data(as_text=True)
    action(client, "trial", "close")
    assert visitor.get("/q/trial/").status_code == 410


def test_a_broken_file_is_skipped_and_listed_while_the_others_serve(tmp_path, caplog):
    folder = tmp_path / "surveys"
    shutil.copytree(VALID_SURVEYS, folder)
    (folder / "trial.json").write_text(json.dumps({**TRIAL, "pages": []}))
    app = make_app(tmp_path, surveys_dir=folder)
    assert app.test_client().get("/q/small/").status_code == 200
    assert app.test_client().get("/q/trial/").status_code == 404
    assert "Skipped: surveys/trial.json: pages: [] should be non-empty" in caplog.text
    page = lead_client(app).get("/staff/definitions/").get_data(as_text=True)
    assert "surveys/trial.json" in page and "pages: [] should be non-empty" in page


def test_a_changed_file_becomes_a_new_version_and_the_same_file_changes_nothing(tmp_path):
    folder = tmp_path / "surveys"
    shutil.copytree(VALID_SURVEYS, folder)
    make_app(tmp_path, surveys_dir=folder)
    small = json.loads((folder / "small.json").read_text())
    (folder / "small.json").write_text(json.dumps({**small, "title": "Changed"}))
    app = make_app(tmp_path, surveys_dir=folder)
    make_app(tmp_path, surveys_dir=folder)
    assert rows(app, "SELECT number, json_extract(document, '$.title') FROM definition_versions WHERE definition_id = 'small'") == [
        (1, "A small questionnaire"), (2, "Changed")]
    assert "Changed" in app.test_client().get("/q/small/").get_data(as_text=True)


def test_export_writes_a_version_and_says_when_there_is_none(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["surveys", "export", "small", "--version", "1"])
    assert result.exit_code == 0 and json.loads(result.output)["id"] == "small"
    missing = runner.invoke(args=["surveys", "export", "small", "--version", "7"])
    assert missing.exit_code == 1 and "'small' has no version 7 (it has 1 to 1)" in missing.output
    assert runner.invoke(args=["surveys", "export", "nothing"]).exit_code == 1
    listed = runner.invoke(args=["surveys", "list"]).output
    assert "small  questionnaire  open  published version 1 of 1" in listed


def test_polls_share_the_lifecycle_table(app):
    db = connect(app.config["DATABASE"])
    try:
        found = store.get(db, "small-poll")
        assert found is not None and found.kind == "poll" and found.state() == "scheduled"
    finally:
        db.close()


def test_the_report_merges_versions_and_says_what_a_version_added(app):
    client = lead_client(app)
    upload(client, TRIAL)
    publish(client, "trial", 1)
    answer_trial(app, {"mood": {"feel": "good"}})
    upload(client, trial_v2())
    publish(client, "trial", 2)
    answer_trial(app, {"mood": {"feel": "okay"}, "more": {"often": "weekly"}})
    answer_trial(app, {"mood": {"feel": "good"}, "more": {"often": "rarely"}})
    report = client.get("/staff/report/?questionnaire=trial&threshold=0")
    text = report.get_data(as_text=True)
    assert "This question was added in version 2." in text
    assert "Okay <span class=\"govuk-body-s\">(added in version 2)</span>" in text
    assert rows(app, "SELECT value, sum(n) FROM answer_counts WHERE report_id = 'trial' AND question_id = 'feel'"
                     " GROUP BY value ORDER BY value") == [("", 3), ("good", 2), ("okay", 1)]
    assert rows(app, "SELECT value, sum(n) FROM answer_counts WHERE report_id = 'trial' AND question_id = 'often'"
                     " GROUP BY value ORDER BY value") == [("", 2), ("rarely", 1), ("weekly", 1)]


def test_merging_notes_options_and_questions_only_some_versions_have():
    from engage.definitions.merge import merged, note
    from engage.questionnaires.definitions import build

    v1, v2 = build(TRIAL, "x"), build(trial_v2(), "x")
    v3_doc = trial_v2()
    del v3_doc["pages"][1]
    combined = merged([(1, v1), (2, v2), (3, build(v3_doc, "x"))])
    assert combined.questions["often"].note == "only in version 2"
    assert [(o.id, o.note) for o in combined.questions["feel"].options] == [("good", None), ("bad", None), ("okay", "added in version 2")]
    assert [p.id for p in combined.pages] == ["mood", "earlier-versions"]
    assert note([1, 3], [1, 2, 3]) == "only in versions 1, 3" and note([1, 2], [1, 2, 3]) == "only in versions 1 to 2"


def test_an_old_response_is_read_against_its_own_version(app):
    from engage import catalogue

    client = lead_client(app)
    upload(client, TRIAL)
    publish(client, "trial", 1)
    answer_trial(app, {"mood": {"feel": "good"}})
    upload(client, trial_v2())
    publish(client, "trial", 2)
    ((old_hash,),) = rows(app, "SELECT definition_hash FROM responses WHERE questionnaire_id = 'trial'")
    with app.test_request_context():
        old = catalogue.version_by_hash("trial", old_hash)
        assert [o.id for o in old.questions["feel"].options] == ["good", "bad"] and "often" not in old.questions
        assert "often" in catalogue.questionnaires().get("trial").questions
        assert catalogue.version_by_hash("trial", "0" * 16) is None


def test_archived_questionnaires_leave_the_staff_dashboard(app):
    client = lead_client(app)
    action(client, "small", "archive")
    page = client.get("/staff/").get_data(as_text=True)
    assert "A small questionnaire" not in page


def test_a_sessions_qr_link_to_a_closed_questionnaire_shows_the_closed_page(app):
    from tests.conftest import make_session

    client = lead_client(app)
    lead = create_staff(app, "facilitator")
    session_id = make_session(app, lead)
    ((token,),) = rows(app, "SELECT public_token FROM sessions WHERE id = ?", [session_id])
    action(client, "small", "close")
    visitor = app.test_client()
    landing = visitor.get(f"/s/{token}?via=qr")
    assert landing.status_code == 302
    closed = visitor.get(landing.headers["Location"])
    assert closed.status_code == 410 and "This questionnaire has closed" in closed.get_data(as_text=True)
    assert stored_counts(app) == [(0, 0, 0)]


def test_the_closed_page_gives_the_contact_text(tmp_path):
    app = make_app(tmp_path, CONTACT_TEXT="Call 01202 123456")
    action(lead_client(app), "small", "close", together="")
    page = app.test_client().get("/q/small/").get_data(as_text=True)
    assert "To ask about it, or for a paper copy: Call 01202 123456" in page


def test_a_poll_gets_a_new_version_and_its_times_through_the_same_pages(app):
    client = lead_client(app)
    poll = json.loads((VALID_SURVEYS / "polls" / "small-poll.json").read_text())
    assert upload(client, {**poll, "title": "A renamed poll"}).status_code == 302
    assert publish(client, "small-poll", 2, opens_at="2026-01-01T09:00").status_code == 302
    page = app.test_client().get("/p/small-poll/").get_data(as_text=True)
    assert "A renamed poll" in page
    assert "A renamed poll" in app.test_client().get("/").get_data(as_text=True)
    assert action(client, "small-poll", "archive").status_code == 302
    assert "A renamed poll" not in app.test_client().get("/").get_data(as_text=True)
