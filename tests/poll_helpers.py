"""Helpers for the poll tests: open a poll as a lead, and a participant who votes through
the test client the way a browser does."""

import re

from engage.db import connect
from engage.polls import settings as poll_settings
from engage.staff.accounts import get_user
from tests.conftest import create_staff, csrf_token

POLL = "small-poll"


def with_db(app, action):
    db = connect(app.config["DATABASE"])
    try:
        return action(db)
    finally:
        db.close()


def lead_id(app):
    found = with_db(app, lambda db: db.execute("SELECT id FROM users WHERE role = 'lead'").fetchone())
    return found[0] if found else create_staff(app, "lead", "poll-lead@council.example").id


def open_poll(app, poll_id=POLL):
    user_id = lead_id(app)
    with_db(app, lambda db: poll_settings.open_now(db, poll_id, get_user(db, user_id)))


def close_poll(app, poll_id=POLL):
    user_id = lead_id(app)
    with_db(app, lambda db: poll_settings.close_now(db, poll_id, get_user(db, user_id)))


def ballot_field(response):
    match = re.search(r'name="ballot" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no ballot id on the page"
    return match.group(1)


class Voter:
    """A participant on one device (one test client, so one session cookie)."""

    def __init__(self, client, poll_id=POLL):
        self.client, self.poll_id = client, poll_id
        self.uuid = self.token = None

    def start(self, variant="easyread"):
        page = self.client.get(f"/p/{self.poll_id}/" + ("easy-read" if variant == "easyread" else ""))
        assert page.status_code == 200, page.status_code
        self.token = csrf_token(page)
        response = self.client.post(f"/p/{self.poll_id}/start", data={"csrf_token": self.token, "variant": variant})
        assert response.status_code == 302, response.status_code
        self.uuid = ballot_field(self.client.get(response.headers["Location"]))
        return response.headers["Location"]

    def post_one(self, proposal_id, **fields):
        data = {"csrf_token": self.token, "ballot": self.uuid, **fields}
        return self.client.post(f"/p/{self.poll_id}/vote/{proposal_id}", data=data)

    def vote(self, proposal_id, option_id, comment=None):
        fields = {"vote": option_id, **({"comment": comment} if comment is not None else {})}
        return self.post_one(proposal_id, **fields)

    def skip(self, proposal_id):
        return self.post_one(proposal_id, skip="1")

    def vote_all(self, **fields):
        return self.client.post(f"/p/{self.poll_id}/all", data={"csrf_token": self.token, "ballot": self.uuid, **fields})

    def submit(self):
        return self.client.post(f"/p/{self.poll_id}/submit", data={"csrf_token": self.token, "ballot": self.uuid})
