"""A person part-way through a questionnaire, prepared ahead for the page-weight step: a
draft holding the answers of the pages before one page, and that person's session cookie.

The cookie is signed with the app's own session serializer, exactly as the running app
would have made it; the draft is written with engage.respondent.responses.
"""

import random

from flask import session

from app import create_app
from bench.seed import complete_answers
from engage.db import connect
from engage.questionnaires import journey
from engage.respondent import responses


def bench_app(env):
    """The app as the server sees it (same database, same secret key)."""
    return create_app({"DATABASE": env["ENGAGE_DATABASE"], "SECRET_KEY": env["ENGAGE_SECRET_KEY"]})


def cookie(app, response_uuid, questionnaire_id):
    with app.test_request_context():
        session["drafts"] = {questionnaire_id: response_uuid}
        session.permanent = True
        return app.session_interface.get_signing_serializer(app).dumps(dict(session))


def page_visit(app, page_id, questionnaire_id):
    """(path, Cookie header) for a person who has answered every page before `page_id`."""
    questionnaire = app.extensions["engage.catalogue"].get(questionnaire_id)
    answers = complete_answers(questionnaire, random.Random(7))
    page_ids = [p.id for p in questionnaire.pages]
    earlier = {q.id: answers[q.id] for p in questionnaire.pages[: page_ids.index(page_id)]
               for q in journey.visible_questions(p, answers)}
    db = connect(app.config["DATABASE"])
    try:
        response_uuid = responses.start(db, questionnaire)
        responses.save_page(db, questionnaire, response_uuid, earlier)
    finally:
        db.close()
    return f"/q/{questionnaire_id}/{page_id}", f"Cookie: session={cookie(app, response_uuid, questionnaire_id)}"
