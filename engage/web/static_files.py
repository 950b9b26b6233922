"""Static files that browsers may keep: every static URL carries `?v=<hash of the file>`,
and a request for the current version is cacheable for a year (immutable).
A new file means a new URL, so caching never serves an old stylesheet. Anything else
(an old or missing version, a module a script imports by path) is revalidated by ETag.

Templates write `static_url('css/council.css')`: the URL is built once per file, because
every page asks for the same few files and building it with url_for each time was a
measurable share of a page's CPU (docs/decisions/performance.md).
"""

import hashlib
import os

from flask import request, url_for

from engage.web.worker_caches import keep

YEAR = 365 * 24 * 3600
_hashes = {}
_urls = {}
URL_LIMIT = 1024  # static URLs kept per worker: far more than the files there are


def file_version(static_folder, filename, recheck=False):
    """The first 12 hex digits of the file's SHA-256. Files only change with a deploy
    (a restart), so it is worked out once per file; `recheck` (debug) notices edits."""
    path = os.path.join(static_folder, filename)
    cached = _hashes.get(path)
    if cached and not recheck:
        return cached[1]
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not cached or cached[0] != (stat.st_mtime_ns, stat.st_size):
        with open(path, "rb") as f:
            cached = _hashes[path] = ((stat.st_mtime_ns, stat.st_size), hashlib.sha256(f.read()).hexdigest()[:12])
    return cached[1]


def init_app(app):
    def static_url(filename):
        """url_for('static', filename=filename), versioned; rebuilt every time in debug, where files change."""
        if app.debug:
            return url_for("static", filename=filename)
        key = (app.static_folder, request.script_root, filename)
        return keep(_urls, URL_LIMIT, key, lambda: url_for("static", filename=filename))

    def add_version(endpoint, values):
        if endpoint == "static" and "v" not in values:
            version = file_version(app.static_folder, values.get("filename", ""), recheck=app.debug)
            if version:
                values["v"] = version

    def max_age(filename):
        """Flask asks this for static files and for every send_file (exports): only a
        current static version is cached."""
        if request.endpoint != "static" or not filename:
            return None
        versioned = request.args.get("v") == file_version(app.static_folder, filename, recheck=app.debug)
        return YEAR if versioned else None

    def immutable(response):
        if request.endpoint == "static" and response.cache_control.max_age == YEAR:
            response.cache_control.immutable = True
        return response

    app.url_defaults(add_version)
    app.jinja_env.globals["static_url"] = static_url
    app.get_send_file_max_age = max_age
    app.after_request(immutable)
