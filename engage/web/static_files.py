"""Static files that browsers may keep: every static URL carries `?v=<hash of the file>`,
and a request for the current version is cacheable for a year (immutable).
A new file means a new URL, so caching never serves an old stylesheet. Anything else
(an old or missing version, a module a script imports by path) is revalidated by ETag.

Templates write `static_url('css/council.css')`. A file is hashed once per version
(its path, size and modification time), not on every request.
"""

import functools
import hashlib
import os

from flask import request, url_for

YEAR = 365 * 24 * 3600


@functools.lru_cache(maxsize=1024)
def hash_of(path, _mtime_ns, _size):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def file_version(static_folder, filename):
    """The first 12 hex digits of the file's SHA-256, or None if there is no such file."""
    path = os.path.join(static_folder, filename)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return hash_of(path, stat.st_mtime_ns, stat.st_size)


def init_app(app):
    def static_url(filename):
        """url_for('static', filename=filename), versioned."""
        return url_for("static", filename=filename)

    def add_version(endpoint, values):
        if endpoint == "static" and "v" not in values:
            version = file_version(app.static_folder, values.get("filename", ""))
            if version:
                values["v"] = version

    def max_age(filename):
        """Flask asks this for static files and for every send_file (exports): only a
        current static version is cached."""
        if request.endpoint != "static" or not filename:
            return None
        versioned = request.args.get("v") == file_version(app.static_folder, filename)
        return YEAR if versioned else None

    def immutable(response):
        if request.endpoint == "static" and response.cache_control.max_age == YEAR:
            response.cache_control.immutable = True
        return response

    app.url_defaults(add_version)
    app.jinja_env.globals["static_url"] = static_url
    app.get_send_file_max_age = max_age
    app.after_request(immutable)
