"""The access matrix: every route in the app's url_map x (anonymous, facilitator, lead,
admin) gets exactly what permissions.RULES allows. A route without a rule, or with an
argument this file has no example for, fails here."""


import pytest

from engage.staff import permissions
from tests.conftest import Respondent, create_staff, csrf_token, make_app, make_session, rows
from tests.conftest import signed_in_client as client_as
from tests.test_respond import complete_small

ROLES = [None, "facilitator", "lead", "admin"]
# GET routes that, when allowed, answer with something other than a page: a redirect when no
# draft or ballot is in progress, or 404 when no kiosk is open on this browser.
STATUS_WHEN_ALLOWED = {
    **dict.fromkeys(["respondent.page", "respondent.check", "public_sessions.landing", "polls.vote_all",
                     "polls.vote_one", "polls.check", "polls.thanks"], 302),
    # pages that need something this browser does not hold: a kiosk, a receipt of answers sent
    **dict.fromkeys(["kiosk.start", "kiosk.thanks", "kiosk.exit_kiosk", "offline.document", "respondent.done"], 404),
}
# Query strings that give an allowed GET its normal page.
QUERIES = {
    "admin.confirm_erase": "?questionnaire=small", "report.download": "?questionnaire=small",
}


@pytest.fixture
def world(tmp_path):
    """A fresh app (each role's POSTs change it) with an account per role, one submitted
    response, one session and one open, published poll."""
    app = make_app(tmp_path)
    users = {role: create_staff(app, role) for role in ROLES[1:]}
    client = app.test_client()
    respondent = complete_small(lambda qid="small": Respondent(client, qid))
    respondent.submit()
    session_id = make_session(app, users["lead"])
    (token,) = rows(app, "SELECT public_token FROM sessions WHERE id = ?", [session_id])[0]
    published_poll(app, users["lead"])
    examples = {
        "questionnaire_id": "small", "page_id": "about", "filename": "css/council.css", "user_id": users["admin"].id,
        "session_id": session_id, "token": token, "kind": "csv", "report_id": "small", "question_id": "else",
        "poll_id": "small-poll", "proposal_id": "buses", "tally_uuid": "5b0c4a52-6a7e-4b0e-9d43-0b5f3f0d8a11",
        "what": "results", "fmt": "csv", "definition_id": "small", "action": "close", "number": 1,
    }
    return app, users, examples, respondent.uuid


def published_poll(app, lead):
    from engage.db import connect
    from engage.polls import settings as poll_settings

    db = connect(app.config["DATABASE"])
    poll_settings.open_now(db, "small-poll", lead)
    poll_settings.publish(db, "small-poll", lead.id, "We will tell the committee.")
    db.close()


def url_for_rule(rule, examples, ref):
    missing = [arg for arg in rule.arguments if arg not in examples]
    assert not missing, f"{rule.rule}: add an example value for {missing} to the access matrix"
    path = rule.rule
    for arg in rule.arguments:
        path = path.replace(f"<{arg}>", str(examples[arg])).replace(f"<int:{arg}>", str(examples[arg]))
    path = path.replace("<path:filename>", examples["filename"]).replace("<any(png, svg):kind>", "png")
    return path + QUERIES.get(rule.endpoint, "").format(ref=ref)


def went_to_sign_in(response):
    return response.status_code == 302 and response.headers["Location"].startswith("/staff/sign-in?next=")


def all_rules(app):
    return sorted(app.url_map.iter_rules(), key=lambda r: r.rule)


def test_every_route_has_a_rule(app):
    missing = [r.rule for r in app.url_map.iter_rules() if permissions.rule_for(r.endpoint) is None]
    assert missing == []


def test_a_route_without_a_rule_is_refused(tmp_path):
    app = make_app(tmp_path)
    app.add_url_rule("/staff/unruled", "unruled", lambda: "secret")
    staff = create_staff(app, "admin")
    assert went_to_sign_in(app.test_client().get("/staff/unruled"))
    assert client_as(app, staff).get("/staff/unruled").status_code == 403


def check_answer(response, endpoint, role, method):
    status = response.status_code
    assert status < 500, (endpoint, role, method, status)
    if not permissions.allowed(endpoint, role):
        refused = went_to_sign_in(response) if role is None else status == 403
        assert refused, (endpoint, role, method, status)
        return
    assert status != 403 and not went_to_sign_in(response), (endpoint, role, method, status)
    if method == "GET":
        wanted = STATUS_WHEN_ALLOWED.get(endpoint, 200)
        assert status == wanted, (endpoint, role, method, status)


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_rules_say(world, role):
    app, users, examples, ref = world
    user = users.get(role)
    checked = 0
    for rule in all_rules(app):
        url = url_for_rule(rule, examples, ref)
        for method in sorted(rule.methods & {"GET", "POST"}):
            client = client_as(app, user)
            data = {}
            if method == "POST":
                data = {"csrf_token": csrf_token(client.get("/staff/sign-in"))}
            response = client.open(url, method=method, data=data)
            check_answer(response, rule.endpoint, role, method)
            checked += 1
    assert checked >= len(list(app.url_map.iter_rules()))


def post_routes(app):
    return [r for r in all_rules(app) if "POST" in r.methods]


def test_posts_without_a_csrf_token_are_refused_on_every_form(world):
    app, users, examples, ref = world
    refused = []
    for rule in post_routes(app):
        response = client_as(app, users["admin"]).post(url_for_rule(rule, examples, ref), data={"email": "x"})
        assert response.status_code == 400, (rule.rule, response.status_code)
        assert "Your page had expired" in response.get_data(as_text=True)
        refused.append(rule.endpoint)
    assert {"staff_auth.sign_in", "admin.new_account", "admin.erase_responses", "respondent.submit"} <= set(refused)
