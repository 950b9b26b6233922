"""The benchmark's own tools do what they claim: the seeder's spread, the comparison with
a ceiling measured around a step, and the simulated browsers of bench/journeys.lua (run
by wrk against the real app under gunicorn)."""

import contextlib
import random
import sqlite3
from collections import defaultdict

import pytest

from bench import journeys, prepared, run, seed, wrk
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


def load(per_second, errors=0):
    return wrk.Load(requests=per_second * 10, seconds=10, p50_ms=1, p95_ms=2, p99_ms=3, max_ms=4, errors=errors)


def test_each_step_is_compared_with_its_ceiling_measured_before_and_after_it(tmp_path):
    calls = []
    ceilings = iter([1000, 800, 700])
    def called(name, result):
        calls.append(name)
        return result

    steps = [lambda: called("step", load(450)), lambda: called("another step", load(300))]
    (step, around), (_another, around_another) = run.alternating(steps, lambda: called("ceiling", load(next(ceilings))))
    assert calls == ["ceiling", "step", "ceiling", "another step", "ceiling"]
    assert [c.per_second for c in around] == [1000, 800] and [c.per_second for c in around_another] == [800, 700]
    bench = run.Run(tmp_path, seconds=10, journey_seconds=30)
    run.versus(bench, "Page", step, "bare", around, 50)
    run.versus(bench, "Page with errors", load(900, errors=1), "bare", around, 50)
    page, with_errors = bench.rows
    assert page.value.startswith("50% of bare (1,000 / 800 req/s before / after): 450 req/s") and page.met
    assert with_errors.met is False


def test_each_respondent_page_loaded_alone_is_that_page_not_a_redirect(tmp_path):
    app = prepared.bench_app({"ENGAGE_DATABASE": str(tmp_path / "steps.sqlite3"), "ENGAGE_SECRET_KEY": "k" * 32})
    expected = {"Start page": "Start now", "Question page": 'name="response"', "Easy-read question page": "er-option",
                "Check your answers": "Check your answers before sending them", "Confirmation": "Your reference"}
    pages = prepared.respondent_pages(app)
    assert [name for name, _path, _headers in pages] == list(expected)
    for name, path, headers in pages:
        client = app.test_client()
        for header in headers:  # "Cookie: session=..."
            client.set_cookie(*header.split(": ", 1)[1].split("=", 1))
        page = client.get(path)
        assert page.status_code == 200, name
        assert expected[name] in page.get_data(as_text=True), name


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
