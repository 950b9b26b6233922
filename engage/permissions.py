"""Who may use which route: one table decides every request.

Each endpoint is PUBLIC or maps to the roles allowed. A blueprint name ending in ".*"
covers every endpoint of that blueprint. An endpoint with no rule is refused (fail
closed), and tests/test_access.py fails for any route without a rule.
"""

PUBLIC = "public"
STAFF = frozenset({"admin", "lead", "facilitator"})
LEADS = frozenset({"admin", "lead"})
ADMINS = frozenset({"admin"})

RULES = {
    "static": PUBLIC,
    "respondent.*": PUBLIC,
    "staff_auth.sign_in": PUBLIC,
    "staff_auth.sign_out": STAFF,
    "staff.home": STAFF,
    "report.page": LEADS,
    "report.text_answers": LEADS,
    "report.download": LEADS,
}


def rule_for(endpoint):
    if endpoint in RULES:
        return RULES[endpoint]
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else None
    return RULES.get(f"{blueprint}.*") if blueprint else None


def allowed(endpoint, role):
    """True when a person with `role` (None when not signed in) may use `endpoint`."""
    rule = rule_for(endpoint)
    if rule == PUBLIC:
        return True
    return rule is not None and role in rule
