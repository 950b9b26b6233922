"""The signed CSRF token in the pages engage.fragments keeps, signed once per session.

Flask-WTF keeps a random token in the session and puts a signed, timestamped copy of it in
every form, signing it afresh on every page (an HMAC, base64 and JSON: a seventh of a
question page's CPU, docs/decisions/performance.md). With WTF_CSRF_TIME_LIMIT None (a person
may take as long as they need) the timestamp is never checked, so any signed copy is as good
as a new one: each worker keeps the first it makes for each session token. Checking a posted
token is still Flask-WTF's own (engage.security).

Only kept pages use it. A token that stays the same from page to page is what BREACH looks
for in compressed pages that also reflect what an attacker sent; kept pages hold nothing
anyone sent (no free text, nothing from the query string). Every other page has
Flask-WTF's csrf_token(), whose signature changes every second (engage.compression).
"""

from flask import current_app, session
from flask_wtf.csrf import generate_csrf

from engage.web.worker_caches import keep

# Signed tokens kept per worker: under 100 bytes each.
LIMIT = 4096


def kept_page_token():
    raw = session.get("csrf_token")
    if raw is None or current_app.config["WTF_CSRF_TIME_LIMIT"] is not None:
        return generate_csrf()
    return keep(current_app.extensions["engage.csrf_tokens"], LIMIT, raw, generate_csrf)


def init_app(app):
    app.extensions["engage.csrf_tokens"] = {}
