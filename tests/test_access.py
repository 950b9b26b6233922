"""Every route has a rule in permissions.py, and each role gets exactly what the rule says."""

import pytest

from engage import permissions
from tests.conftest import create_staff, make_app, sign_in

ROLES = [None, "facilitator", "lead", "admin"]


def test_every_route_has_a_rule(app):
    missing = [r.rule for r in app.url_map.iter_rules() if permissions.rule_for(r.endpoint) is None]
    assert missing == []


def staff_get_routes(app):
    return [
        r for r in app.url_map.iter_rules()
        if "GET" in r.methods and not r.arguments and permissions.rule_for(r.endpoint) != permissions.PUBLIC
    ]


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_answer_each_role_as_the_rules_say(tmp_path, role):
    app = make_app(tmp_path)
    client = app.test_client()
    if role:
        create_staff(app, role)
        sign_in(client, f"{role}@council.example")
    for rule in staff_get_routes(app):
        status = client.get(rule.rule).status_code
        if permissions.allowed(rule.endpoint, role):
            assert status == 200, (rule.rule, role, status)
        elif role is None:
            assert status == 302, (rule.rule, role, status)
        else:
            assert status == 403, (rule.rule, role, status)
