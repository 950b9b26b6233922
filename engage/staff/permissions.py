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
    "public_sessions.*": PUBLIC,
    "sessions.index": STAFF,
    "sessions.detail": STAFF,
    "sessions.qr": STAFF,
    "sessions.poster": STAFF,
    "sessions.new": LEADS,
    "sessions.edit": LEADS,
    "sessions.close": LEADS,
    "sessions.attendance": LEADS,
    "paper.choose": STAFF,
    "paper.form": STAFF,
    "admin.*": ADMINS,
    "polls.start_page": PUBLIC,
    "polls.start_page_easyread": PUBLIC,
    "polls.start": PUBLIC,
    "polls.vote_one": PUBLIC,
    "polls.vote_all": PUBLIC,
    "polls.check": PUBLIC,
    "polls.submit": PUBLIC,
    "polls.thanks": PUBLIC,
    "polls.public_results": PUBLIC,
    "polls.public_results_easyread": PUBLIC,
    "poll_staff.index": STAFF,
    "poll_staff.live": STAFF,
    "poll_staff.live_json": STAFF,
    "poll_staff.live_action": STAFF,
    "poll_staff.record_tally": STAFF,
    "poll_staff.delete_tally": STAFF,
    "poll_staff.manage": LEADS,
    "poll_staff.open_poll": LEADS,
    "poll_staff.close_poll": LEADS,
    "poll_staff.set_times": LEADS,
    "poll_staff.publish": LEADS,
    "poll_staff.unpublish": LEADS,
    "poll_staff.results_page": LEADS,
    "poll_staff.download": LEADS,
    "offline.document": PUBLIC,  # needs an open kiosk on this browser (checked in the view)
    "offline.worker": PUBLIC,
    "offline.file_pin": PUBLIC,  # needs an open kiosk on this browser, and its PIN (checked in the view)
    "offline.sync_answers": PUBLIC,  # needs an open kiosk or a signed-in staff member (checked in the view)
    "offline.import_answers": LEADS,
    "kiosk.setup": STAFF,
    "kiosk.start": PUBLIC,
    "kiosk.begin": PUBLIC,
    "kiosk.submit": PUBLIC,
    "kiosk.thanks": PUBLIC,
    "kiosk.discard": PUBLIC,
    "kiosk.exit_kiosk": PUBLIC,
    "about.accessibility": PUBLIC,
    "about.credits": PUBLIC,
    "definitions.*": LEADS,
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
