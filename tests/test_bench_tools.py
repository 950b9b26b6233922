"""The benchmark's own tools do what they claim: the seeder's spread, the comparison with
a ceiling measured around a step, and the simulated browsers of bench/journeys.lua (run
by wrk against the real app under gunicorn)."""

import contextlib
import random
import sqlite3
from collections import defaultdict

import pytest

from bench import journeys, prepared, seed, weight, wrk
from bench.server import Server
from engage.respondent.complete_answers import problems
from tests.conftest import ROOT, csrf_token, make_app, response_uuid


def test_seed_spreads_responses_over_groups_variants_sessions_and_channels(tmp_path):
    path = str(tmp_path / "seeded.sqlite3")
    responses, answers = seed.seed(path, 400)
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == responses == 400
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == answers
    assert 20 < answers / responses < 40
    spread = lambda column: {row[0] for row in db.execute(f"SELECT DISTINCT {column} FROM responses")}
    assert spread("respondent_group") == {1, 2}
    assert spread("variant") == {"standard", "easyread"}
    assert spread("channel") == {"kiosk", "qr", "link", "paper"}
    assert spread("session_id") == {None, *seed.SESSIONS}


def test_the_page_weighed_is_the_easy_read_page_not_a_redirect(tmp_path):
    app = prepared.bench_app({"ENGAGE_DATABASE": str(tmp_path / "weight.sqlite3"), "ENGAGE_SECRET_KEY": "k" * 32})
    path, cookie = prepared.page_visit(app, weight.PAGE, weight.QUESTIONNAIRE)
    client = app.test_client()
    client.set_cookie(*cookie.split(": ", 1)[1].split("=", 1))
    page = client.get(path)
    assert page.status_code == 200 and "er-option" in page.get_data(as_text=True)


def test_seeded_answers_are_options_of_visible_questions(app):
    questionnaire = app.extensions["engage.catalogue"].get("small")
    answers = seed.complete_answers(questionnaire, random.Random(1))
    for question_id, values in answers.items():
        question = questionnaire.questions[question_id]
        known = {option.id for option in question.all_options()}
        assert not question.options or set(values) <= known


@pytest.mark.skipif(not wrk.available(), reason="needs wrk, which runs bench/journeys.lua (apt-get install wrk)")
def test_wrk_browsers_store_exactly_the_confirmed_responses_each_complete(tmp_path):
    env = {"ENGAGE_DATABASE": str(tmp_path / "journeys.sqlite3"), "ENGAGE_SECRET_KEY": "test-only-secret"}
    with Server("app:create_app()", tmp_path, env, "journeys") as server:
        outcome = journeys.run(server, tmp_path / "wrk", connections=4, seconds=2)
    assert (outcome.socket_errors, outcome.script_errors, outcome.resent) == (0, 0, 0), outcome.messages
    assert outcome.completed >= 4
    assert len(outcome.latencies["POST submit"]) == len(outcome.confirmed)
    with contextlib.closing(sqlite3.connect(env["ENGAGE_DATABASE"])) as db:
        stored = [uuid for (uuid,) in db.execute("SELECT uuid FROM responses")]
        answers: defaultdict[str, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for uuid, question_id, value in db.execute("SELECT response_uuid, question_id, value FROM answers"):
            answers[uuid][question_id].append(value)
    assert sorted(stored) == sorted(outcome.confirmed)
    questionnaire = make_app(tmp_path, surveys_dir=ROOT / "surveys").extensions["engage.catalogue"].get("group1-standard")
    for uuid in stored:
        assert problems(questionnaire, dict(answers[uuid])) == [], uuid
        assert len(answers[uuid]) >= 25, uuid


def test_respondent_journey_sets_only_the_session_cookie_once_per_reply(tmp_path):
    """wrk hands bench/journeys.lua the headers as a table, so of several Set-Cookie headers
    it would see only the last: the journey must set no cookie but `session`, once a reply."""
    app = make_app(tmp_path, surveys_dir=ROOT / "surveys")
    questionnaire = app.extensions["engage.catalogue"].get("group1-standard")
    pages = {page.id: page for page in questionnaire.pages}
    answers = seed.complete_answers(questionnaire, random.Random(3))
    client, base = app.test_client(), "/q/group1-standard"
    replies = [client.get(f"{base}/")]
    replies.append(client.post(f"{base}/start", data={"csrf_token": csrf_token(replies[-1])}))
    location = replies[-1].headers["Location"]
    while not location.endswith("/check"):
        page = client.get(location)
        form = {question.id: answers[question.id] for question in pages[location.rsplit("/", 1)[1]].questions if question.id in answers}
        replies += [page, client.post(location, data={"csrf_token": csrf_token(page), "response": response_uuid(page), **form})]
        assert replies[-1].status_code == 302, location
        location = replies[-1].headers["Location"]
    check = client.get(location)
    replies += [check, client.post(f"{base}/submit", data={"csrf_token": csrf_token(check), "response": response_uuid(check)})]
    replies.append(client.get(replies[-1].headers["Location"]))
    assert replies[-1].status_code == 200
    for reply in replies:
        cookies = reply.headers.getlist("Set-Cookie")
        assert len(cookies) <= 1 and all(cookie.startswith("session=") for cookie in cookies), (reply.request.path, cookies)
