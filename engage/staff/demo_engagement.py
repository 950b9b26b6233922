"""`flask demo --engagement`: a BCP-shaped engagement for a newcomer to explore, made
through the real storage functions (sessions, responses, ballots, room tallies) so that the
report, the paper and every download have something to show.

321 questionnaires (234 from Group 1: 150 standard and 84 easy read; 87 from Group 2) over
the last four weeks, at 7 sessions attended by 75 people and online, by every channel
(kiosk, QR code, online link, paper), with written answers; the priorities poll with ballots
and room counts. The database is marked as demo data (`demo_data`), which every staff page
then says. It refuses a database that holds any real responses, sessions or ballots.
"""

import random
from datetime import timedelta

from engage import catalogue, clock
from engage.db import write_transaction
from engage.polls import ballots, live
from engage.polls import settings as poll_settings
from engage.respondent import responses
from engage.sessions import model as sessions

# (name, attendance, days ago)
SESSIONS = [
    ("Day centre drop-in, Boscombe", 14, 27), ("Providers forum", 12, 24), ("Carers' coffee morning", 9, 20),
    ("Easy read workshop, Poole", 11, 17), ("Easy read workshop, Christchurch", 10, 13),
    ("Community hub, Kinson", 10, 9), ("Paper questionnaires at the library", 9, 6),
]
# (questionnaire, session number or None, channel, how many): 234 + 87 = 321
PLAN = [
    ("group1-standard", 1, "kiosk", 12), ("group1-standard", 3, "kiosk", 8), ("group1-standard", 6, "qr", 8),
    ("group1-standard", None, "link", 92), ("group1-standard", None, "paper", 30),
    ("group1-easyread", 4, "kiosk", 10), ("group1-easyread", 5, "kiosk", 9), ("group1-easyread", 7, "paper", 8),
    ("group1-easyread", None, "link", 40), ("group1-easyread", None, "paper", 17),
    ("group2-standard", 2, "kiosk", 10), ("group2-standard", None, "link", 67), ("group2-standard", None, "qr", 10),
]
WORDS = [
    "The bus is often late, so I miss the start.", "I love the garden at the centre.", "More art and music please.",
    "I would like to learn to cook.", "Somewhere quiet to go when it is busy.", "Help with getting a job.",
    "Swimming with my friends.", "Staff who know me well.", "Trips out in the summer.", "Longer opening hours.",
]
POLL_ID = "bcp-priorities-2023"
DEMO_MARK = "engagement"


class NotEmpty(Exception):
    """The database holds real data: no demo data is added to it."""


def is_demo(db):
    return db.execute("SELECT 1 FROM demo_data WHERE what = ?", [DEMO_MARK]).fetchone() is not None


def holds_data(db):
    return any(db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in ("responses", "sessions", "ballots"))


def answers_for(questionnaire, rng):
    """Plausible answers to every question shown, conditions followed."""
    given: dict = {}
    for question in questionnaire.questions.values():
        condition = question.show_if
        if condition and not set(given.get(condition.question, ())) & set(condition.any_of):
            continue
        options = [o.id for o in question.all_options()]
        if question.type == "multiple_choice":
            given[question.id] = rng.sample(options[:-1] or options, min(len(options), rng.randint(1, question.max_choices or 3)))
        elif options:
            weights = [len(options) - i for i in range(len(options))]
            given[question.id] = [rng.choices(options, weights)[0]]
        elif rng.random() < 0.3:
            given[question.id] = [rng.choice(WORDS)]
    return given


def make_sessions(db, user_id, now):
    ids = {}
    for number, (name, attendance, days_ago) in enumerate(SESSIONS, 1):
        start = (now - timedelta(days=days_ago)).replace(hour=10, minute=0, second=0, microsecond=0)
        details = sessions.Details(name=name, starts_at=clock.stamp(start), ends_at=clock.stamp(start + timedelta(hours=3)),
                                   venue="", expected_attendance=attendance + 2, contact="",
                                   questionnaire_ids=("group1-standard", "group1-easyread", "group2-standard"),
                                   poll_ids=(POLL_ID,))
        ids[number] = sessions.create(db, details, user_id)
        sessions.record_attendance(db, ids[number], attendance)
    return ids


def make_responses(db, session_ids, now, rng):
    by_id = {q.id: q for q in catalogue.questionnaires()}
    for questionnaire_id, number, channel, count in PLAN:
        questionnaire = by_id[questionnaire_id]
        days_ago = SESSIONS[number - 1][2] if number else None
        for i in range(count):
            moment = now - timedelta(days=days_ago if days_ago is not None else rng.randint(1, 28), minutes=rng.randint(0, 170))
            if days_ago is not None:
                moment = moment.replace(hour=10) + timedelta(minutes=i * 7)
            origin = responses.Origin(channel=channel, session_id=str(session_ids[number]) if number else None)
            with write_transaction(db):
                responses.insert_response(db, questionnaire, responses.new_uuid(), answers_for(questionnaire, rng), origin,
                                          clock.stamp(moment - timedelta(minutes=9)), clock.stamp(moment), "en-GB")


def make_poll(db, session_ids, user, rng):
    poll = next((p for p in catalogue.polls() if p.id == POLL_ID), None)
    if poll is None:
        return
    poll_settings.open_now(db, poll.id, user)
    options = [o.id for o in poll.options]
    for i in range(40):
        session = session_ids[2] if i < 25 else session_ids[4]
        ballot = ballots.start(db, poll, "standard" if i < 25 else "easyread", origin=ballots.Origin("kiosk", str(session)))
        votes = {p.id: ballots.Vote(rng.choices(options, [6, 2, 1])[0]) for p in poll.proposals}
        ballots.save_votes(db, poll, ballot, votes)
        ballots.submit(db, poll, ballot)
    for proposal in poll.proposals[:3]:
        live.record_tally(db, poll, proposal.id, {"agree": 9, "not_sure": 2, "disagree": 1}, user.id,
                          live.new_tally_uuid(), session_id=str(session_ids[4]))


def fill(db, user):
    """Fill an empty database with the demo engagement, made by the demo admin `user`; False
    when it is already there."""
    if is_demo(db):
        return False
    if holds_data(db):
        raise NotEmpty("this database already holds responses, sessions or ballots: demo data is only added to an empty one")
    rng, now = random.Random(2023), clock.now()
    session_ids = make_sessions(db, user.id, now)
    make_responses(db, session_ids, now, rng)
    make_poll(db, session_ids, user, rng)
    with write_transaction(db):
        db.execute("INSERT INTO demo_data (what, made_at) VALUES (?, ?)", [DEMO_MARK, clock.stamp()])
    return True
