import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app import create_app
from tests.html_checks import check_page

HERE = Path(__file__).parent
ROOT = HERE.parent
VALID_SURVEYS = HERE / "surveys" / "valid"
# The axe-core rules the browser tests ran (tests/browser/conftest.py), listed at the end of
# the run. With pytest-xdist each worker hands its set to the controller, which prints it.
AXE_RULES_CHECKED: set[str] = set()


def pytest_sessionfinish(session):
    if hasattr(session.config, "workeroutput"):  # an xdist worker
        session.config.workeroutput["axe_rules"] = sorted(AXE_RULES_CHECKED)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):  # the xdist controller, as each worker finishes
    AXE_RULES_CHECKED.update(getattr(node, "workeroutput", {}).get("axe_rules", ()))


def pytest_terminal_summary(terminalreporter):
    if AXE_RULES_CHECKED:
        terminalreporter.write_line(
            f"axe-core checked {len(AXE_RULES_CHECKED)} rules (WCAG 2.0/2.1/2.2 A and AA, color-contrast on): "
            + ", ".join(sorted(AXE_RULES_CHECKED))
        )


def rows(app, sql, params=()):
    """Run a query on the app's real SQLite file; a list of tuples."""
    from engage.db import connect

    db = connect(app.config["DATABASE"])
    try:
        return [tuple(r) for r in db.execute(sql, params).fetchall()]
    finally:
        db.close()


def make_session(app, user, questionnaire_ids=("small",), ends_at="2099-01-01T10:00:00.000000Z"):
    """An open engagement session (stored directly); returns its id."""
    from engage.db import connect
    from engage.sessions import model as sessions

    db = connect(app.config["DATABASE"])
    details = sessions.Details("Poole drop-in", "2026-01-01T10:00:00.000000Z", ends_at, "Poole Library", 20,
                               "Call Sam", tuple(questionnaire_ids))
    try:
        return sessions.create(db, details, user.id)
    finally:
        db.close()


class CheckedClient(FlaskClient):
    """A test client that checks every HTML page it fetches (see html_checks)."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 304:
            problems = check_page(response.get_data(as_text=True))
            assert not problems, f"{response.request.path}: {problems}"
        return response


def make_app(tmp_path, surveys_dir=VALID_SURVEYS, **config):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-only-secret",
            "DATABASE": str(tmp_path / "test.sqlite3"),
            "SURVEYS_DIR": str(surveys_dir),
            **config,
        }
    )
    app.test_client_class = CheckedClient
    return app


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def found(pattern, text, flags=0):
    """The first group of pattern's first match in text; the test fails when nothing matches."""
    match = re.search(pattern, text, flags)
    assert match, f"{pattern!r} is not on the page"
    return match.group(1)


def csrf_token(response):
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def response_uuid(response):
    match = re.search(r'name="response" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no response id on the page"
    return match.group(1)


class Respondent:
    """Answers a questionnaire through the test client the way a browser does."""

    def __init__(self, client, questionnaire_id):
        self.client, self.qid = client, questionnaire_id
        self.uuid = None

    def start(self, restart=False):
        return self.start_response(restart).headers["Location"]

    def start_response(self, restart=False):
        page = self.client.get(f"/q/{self.qid}/")
        data = {"csrf_token": csrf_token(page)}
        if restart:
            data["restart"] = "yes"
        response = self.client.post(f"/q/{self.qid}/start", data=data)
        assert response.status_code == 302
        return response

    def answer(self, page_id, answers, **extra):
        page = self.client.get(f"/q/{self.qid}/{page_id}")
        assert page.status_code == 200, page.status_code
        self.uuid = response_uuid(page)
        data = {"csrf_token": csrf_token(page), "response": self.uuid, **extra, **answers}
        return self.client.post(f"/q/{self.qid}/{page_id}", data=data)

    def submit(self):
        check = self.client.get(f"/q/{self.qid}/check")
        assert check.status_code == 200, check.status_code
        self.uuid = response_uuid(check)
        self.token = csrf_token(check)
        return self.client.post(f"/q/{self.qid}/submit", data={"csrf_token": self.token, "response": self.uuid})


@pytest.fixture
def respondent(client):
    return lambda questionnaire_id="small": Respondent(client, questionnaire_id)


STAFF_PASSWORD = "correct horse battery"


def create_staff(app, role, email=None):
    from engage.db import connect
    from engage.staff import accounts as staff_accounts

    db = connect(app.config["DATABASE"])
    try:
        return staff_accounts.create_user(db, email or f"{role}@council.example", role, STAFF_PASSWORD)
    finally:
        db.close()


def signed_in_client(app, user=None):
    """A test client holding a staff session for `user`, begun on the server as sign-in does."""
    from engage.db import connect
    from engage.staff import staff_sessions

    client = app.test_client()
    if user:
        db = connect(app.config["DATABASE"])
        try:
            session_id = staff_sessions.begin(db, user.id, 3600, 3600)
        finally:
            db.close()
        with client.session_transaction() as session:
            session["staff"] = {"sid": session_id}
    return client


def sign_in(client, email, password=STAFF_PASSWORD):
    page = client.get("/staff/sign-in")
    return client.post("/staff/sign-in", data={"csrf_token": csrf_token(page), "email": email, "password": password})


@pytest.fixture
def staff(app, client):
    """staff("lead") creates a lead account and signs the client in as it."""

    def signed_in(role):
        user = create_staff(app, role)
        response = sign_in(client, user.email)
        assert response.status_code == 302, response.status_code
        return user

    return signed_in


@pytest.fixture
def bcp_app(tmp_path):
    """The shipped questionnaires with a BCP-shaped dataset (tests/report_data.py): 321 responses."""
    from tests.report_data import build_bcp

    app = make_app(tmp_path, surveys_dir=ROOT / "surveys")
    build_bcp(app.config["DATABASE"])
    return app


@pytest.fixture
def bcp_lead(bcp_app):
    """A test client signed in as a lead, on the BCP-shaped dataset."""
    client = bcp_app.test_client()
    create_staff(bcp_app, "lead")
    sign_in(client, "lead@council.example")
    return client
