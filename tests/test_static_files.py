"""Static files (versioned URLs, cached for a year when current, else revalidated) and gzip."""

import gzip
import hashlib
import re

from flask.testing import FlaskClient

from tests.conftest import ROOT


def static_urls(client):
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', client.get("/").get_data(as_text=True))


def test_static_urls_carry_the_hash_of_the_file(client):
    url = next(u for u in static_urls(client) if "council.css" in u)
    digest = hashlib.sha256((ROOT / "static" / "css" / "council.css").read_bytes()).hexdigest()[:12]
    assert url == f"/static/css/council.css?v={digest}"


def test_current_static_version_is_cached_for_a_year(client):
    response = client.get(static_urls(client)[0])
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable


def test_other_static_versions_are_revalidated_by_etag(client):
    response = client.get("/static/css/council.css?v=000000000000")
    assert response.cache_control.no_cache and not response.cache_control.max_age
    again = client.get("/static/css/council.css", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_pages_are_gzipped_for_browsers_that_accept_gzip(app):
    plain = FlaskClient(app, app.response_class)  # the checking client cannot read gzip
    response = plain.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert b"<h1" in gzip.decompress(response.get_data())


def test_pages_are_sent_plain_to_browsers_that_do_not_accept_gzip(client):
    response = client.get("/")
    assert "Content-Encoding" not in response.headers
    assert b"<h1" in response.get_data()


def test_gzipped_static_file_is_the_file_and_revalidates_by_its_etag(client):
    response = client.get("/static/govuk/govuk-frontend.min.js", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(response.get_data()) == (ROOT / "static" / "govuk" / "govuk-frontend.min.js").read_bytes()
    again = client.get("/static/govuk/govuk-frontend.min.js",
                       headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
