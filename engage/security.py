"""Security headers on every response, CSRF on every form, and HTTPS settings.

- SESSION_COOKIE_SECURE (env ENGAGE_SESSION_COOKIE_SECURE=true): send the session cookie
  over HTTPS only. Set it whenever the service is reached over HTTPS.
- PROXY_FIX (env ENGAGE_PROXY_FIX=1): the number of trusted reverse proxies in front of
  the app. Only then are X-Forwarded-For and X-Forwarded-Proto believed (werkzeug ProxyFix);
  leave it 0 when the app is reached directly, or anyone could forge them.
- Strict-Transport-Security is sent on requests that arrived over HTTPS and whenever
  SESSION_COOKIE_SECURE is on.
"""

from flask import current_app, request
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


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure or current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app):
    app.config.setdefault("PROXY_FIX", 0)
    if app.config["PROXY_FIX"]:
        hops = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    csrf.init_app(app)
    app.after_request(add_headers)
