"""The benchmark's own tools do what they claim: the seeder's spread, the simulated browser's answers."""

import random
import sqlite3

from bench import journeys, seed
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


def test_seeded_answers_are_options_of_visible_questions(app):
    questionnaire = app.extensions["engage.catalogue"].get("small")
    answers = seed.complete_answers(questionnaire, random.Random(1))
    for question_id, values in answers.items():
        question = questionnaire.questions[question_id]
        known = {option.id for option in question.all_options()}
        assert not question.options or set(values) <= known


def test_simulated_browser_answers_every_group1_page_acceptably(tmp_path):
    app = make_app(tmp_path, surveys_dir=ROOT / "surveys")
    client = app.test_client()
    start = client.get("/q/group1-standard/")
    location = client.post("/q/group1-standard/start", data={"csrf_token": csrf_token(start)}).headers["Location"]
    rng, pages = random.Random(3), 0
    while not location.endswith("/check"):
        page = client.get(location)
        html = page.get_data(as_text=True)
        form = {"csrf_token": csrf_token(page), "response": response_uuid(page), **journeys.choose(journeys.fields(html), rng)}
        reply = client.post(location, data=form)
        assert reply.status_code == 302, (location, reply.status_code)
        location, pages = reply.headers["Location"], pages + 1
    assert pages >= 9
