"""Flask's signed-cookie sessions, remembering the cookies already verified.

A browser sends the same session cookie with every page until the session changes.
Checking its signature and decoding it (two HMACs, base64, zlib, JSON) was a sixth of a
question page's CPU (docs/decisions/performance.md). So each worker keeps, by the whole
cookie string, the time it was signed and its contents: the same string, byte for byte,
is the same verified session. Only cookies whose signature checked out are kept; their age
is checked again on every request, so a session still expires on time. Anything else (no
cookie, a bad or expired signature) goes to Flask's own code.
"""

import time

from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

from engage.web.worker_caches import store

# Cookies kept per worker: each a few hundred bytes, so about 2 MB at most.
LIMIT = 4096


class VerifiedCookieSessions(SecureCookieSessionInterface):
    def __init__(self):
        self.verified = {}  # cookie string: (signed at, in whole seconds; the session's JSON)

    def open_session(self, app, request):
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        kept = self.verified.get(cookie)
        if kept is not None and 0 <= int(time.time()) - kept[0] <= max_age:
            return self.session_class(self.serializer.loads(kept[1]))
        try:
            data, signed_at = self.get_signing_serializer(app).loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        store(self.verified, LIMIT, cookie, (int(signed_at.timestamp()), self.serializer.dumps(data)))
        return self.session_class(data)


def init_app(app):
    app.session_interface = VerifiedCookieSessions()
