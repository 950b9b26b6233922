"""Security headers on every response, CSRF on every form, and HTTPS settings.

- SESSION_COOKIE_SECURE (env ENGAGE_SESSION_COOKIE_SECURE=true): send the session cookie
  over HTTPS only. Set it whenever the service is reached over HTTPS.
- PROXY_FIX (env ENGAGE_PROXY_FIX=1): the number of trusted reverse proxies in front of
  the app. Only then are X-Forwarded-For and X-Forwarded-Proto believed (werkzeug ProxyFix);
  leave it 0 when the app is reached directly, or anyone could forge them.
- Strict-Transport-Security is sent on requests that arrived over HTTPS and whenever
  SESSION_COOKIE_SECURE is on.
"""

from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """WSGI middleware adding HEADERS (and HSTS over HTTPS, or when cookies are Secure) to
    every response the app sends, error pages included, unless the app set its own.
    Working on the raw header list costs a fraction of Flask's Headers methods per request."""

    def __init__(self, wsgi_app, always_hsts):
        self.wsgi_app, self.always_hsts = wsgi_app, always_hsts
        self.plain = tuple(HEADERS.items())
        self.secure = (*self.plain, ("Strict-Transport-Security", HSTS))

    def __call__(self, environ, start_response):
        secure = self.always_hsts or environ.get("wsgi.url_scheme") == "https"
        wanted = self.secure if secure else self.plain

        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers.extend(header for header in wanted if header[0].lower() not in present)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def init_app(app):
    app.wsgi_app = SecurityHeaders(app.wsgi_app, always_hsts=app.config["SESSION_COOKIE_SECURE"])
    if app.config["PROXY_FIX"]:  # outermost, so the headers see the forwarded scheme
        hops = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    csrf.init_app(app)
