"""Requests prepared ahead for wrk: a session cookie, CSRF token and draft per request,
so that wrk can time one step of the journey (a question page, the final submit) alone.

Cookies are signed with the app's own session serializer and CSRF tokens made by
Flask-WTF inside a request context, exactly as the running app would have made them.
Drafts are written with engage.responses and then completed through the journey rules.
"""

import random
from urllib.parse import urlencode

from flask import session
from flask_wtf.csrf import generate_csrf

from app import create_app
from bench.seed import complete_answers
from engage.db import connect
from engage.questionnaires import journey
from engage.respondent import responses

QUESTIONNAIRE = "group1-standard"


def bench_app(env):
    """The app as the server sees it (same database, same secret key)."""
    return create_app({"DATABASE": env["ENGAGE_DATABASE"], "SECRET_KEY": env["ENGAGE_SECRET_KEY"]})


def cookie_and_token(app, response_uuid, questionnaire_id=QUESTIONNAIRE, receipt=False):
    with app.test_request_context():
        session["drafts"] = {questionnaire_id: response_uuid}
        if receipt:  # what submitting leaves for the confirmation page
            session["receipts"] = {questionnaire_id: response_uuid[:8].upper()}
        session.permanent = True
        token = generate_csrf()
        return app.session_interface.get_signing_serializer(app).dumps(dict(session)), token


def drafts(app, count, answers, questionnaire_id=QUESTIONNAIRE):
    """`count` drafts holding `answers`; returns their UUIDs. Preparation only, so no fsync."""
    questionnaire = app.extensions["engage.catalogue"].get(questionnaire_id)
    db = connect(app.config["DATABASE"], synchronous="OFF")
    try:
        uuids = [responses.start(db, questionnaire) for _ in range(count)]
        for response_uuid in uuids:
            responses.save_page(db, questionnaire, response_uuid, answers)
    finally:
        db.close()
    return uuids


def submits(app, count, path):
    """A file of `count` submit requests, each for its own complete draft."""
    questionnaire = app.extensions["engage.catalogue"].get(QUESTIONNAIRE)
    answers = complete_answers(questionnaire, random.Random(7))
    with open(path, "w") as out:
        for response_uuid in drafts(app, count, answers):
            cookie, token = cookie_and_token(app, response_uuid)
            body = urlencode({"csrf_token": token, "response": response_uuid})
            out.write(f"POST\t/q/{QUESTIONNAIRE}/submit\tsession={cookie}\t{body}\n")
    return path


def answered_until(app, page_id, questionnaire_id=QUESTIONNAIRE):
    """A draft holding the answers of every page before `page_id` ("check": of every page);
    returns (its UUID, the Cookie header of the person answering it)."""
    questionnaire = app.extensions["engage.catalogue"].get(questionnaire_id)
    answers = complete_answers(questionnaire, random.Random(7))
    page_ids = [p.id for p in questionnaire.pages]
    before = questionnaire.pages[: page_ids.index(page_id) if page_id in page_ids else len(page_ids)]
    earlier = {q.id: answers[q.id] for p in before for q in journey.visible_questions(p, answers)}
    (response_uuid,) = drafts(app, 1, earlier, questionnaire_id)
    cookie, _ = cookie_and_token(app, response_uuid, questionnaire_id)
    return response_uuid, f"Cookie: session={cookie}"


def page_visit(app, page_id, questionnaire_id=QUESTIONNAIRE):
    """(path, Cookie header) for a person who has answered every page before `page_id`."""
    _response_uuid, cookie = answered_until(app, page_id, questionnaire_id)
    return f"/q/{questionnaire_id}/{page_id}", cookie


def confirmation_visit(app, questionnaire_id=QUESTIONNAIRE):
    """(path, Cookie header) for a person who has just sent their answers."""
    response_uuid, _ = answered_until(app, "check", questionnaire_id)
    db = connect(app.config["DATABASE"])
    try:
        responses.submit(db, app.extensions["engage.catalogue"].get(questionnaire_id), response_uuid)
    finally:
        db.close()
    cookie, _ = cookie_and_token(app, response_uuid, questionnaire_id, receipt=True)
    return f"/q/{questionnaire_id}/done", f"Cookie: session={cookie}"


def respondent_pages(app):
    """[(name, path, request headers)]: each kind of page a respondent is shown. The start
    page is a first visit (no cookie), the others a person's own page."""
    visits = [("Question page", page_visit(app, "days-and-groups")),
              ("Easy-read question page", page_visit(app, "what-value", "group1-easyread")),
              ("Check your answers", page_visit(app, "check")),
              ("Confirmation", confirmation_visit(app))]
    return [("Start page", f"/q/{QUESTIONNAIRE}/", []), *((name, path, [cookie]) for name, (path, cookie) in visits)]
