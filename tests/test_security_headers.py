"""Security headers on pages, error pages and static files; Secure cookies and HSTS over
HTTPS; forwarded headers believed only behind a configured proxy."""

import pytest

from tests.conftest import create_staff, csrf_token, make_app, sign_in

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize("path, status", [
    ("/", 200), ("/staff/sign-in", 200), ("/staff/", 302), ("/no-such-page", 404),
    ("/static/css/council.css", 200), ("/staff/admin/accounts", 302),
])
def test_security_headers_on_pages_errors_and_static_files(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    for name, value in REQUIRED.items():
        assert response.headers[name] == value, (path, name)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_security_headers_on_a_bad_request(client):
    response = client.post("/staff/sign-in", data={})
    assert response.status_code == 400
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_httponly_and_lax(app, client):
    create_staff(app, "lead")
    cookie = sign_in(client, "lead@council.example").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_setting_marks_cookie_secure_and_sends_hsts(tmp_path):
    app = make_app(tmp_path, SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    page = client.get("/staff/sign-in", base_url="https://localhost")
    assert "Secure" in page.headers["Set-Cookie"]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_hsts_over_plain_http_by_default(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_forwarded_proto_ignored_without_proxy_fix(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_forwarded_headers_believed_with_proxy_fix(tmp_path):
    app = make_app(tmp_path, PROXY_FIX=1, SIGN_IN_ADDRESS_LIMIT=2)
    client = app.test_client()
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    data = {"csrf_token": csrf_token(client.get("/staff/sign-in")), "password": "wrong password here"}

    def attempt(n, address):
        email = {"email": f"guess{n}@council.example"}
        return client.post("/staff/sign-in", data={**data, **email}, headers={"X-Forwarded-For": address}).status_code

    assert [attempt(1, "198.51.100.9"), attempt(2, "198.51.100.9")] == [400, 429]
    assert attempt(3, "198.51.100.10") == 400


@pytest.mark.parametrize(
    "path",
    ["/staff/", "/staff/report/text/small/else", "/staff/report/download/csv?questionnaire=small", "/staff/admin/audit.csv",
     "/staff/admin/audit", "/staff/polls/small-poll/download/ballots.csv", "/staff/polls/small-poll/download/results.csv"],
)
def test_pages_and_downloads_behind_sign_in_are_never_cached(app, client, staff, path):
    staff("admin")
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
