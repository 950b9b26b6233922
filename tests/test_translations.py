"""Every UI string goes through Flask-Babel, and the extracted catalogue is kept current."""

import re
import subprocess
import sys

from tests.conftest import ROOT

EXTRACT = [
    sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l",
    "--no-location", "--sort-output", "--omit-header",
]


def msgids(text):
    return set(re.findall(r'^msgid "(.+)"$', text, flags=re.M))


def test_translation_catalogue_is_current(tmp_path):
    out = tmp_path / "messages.pot"
    subprocess.run([*EXTRACT, "-o", str(out), "."], cwd=ROOT, check=True, capture_output=True)
    shipped = (ROOT / "engage" / "translations" / "messages.pot").read_text()
    assert msgids(out.read_text()) == msgids(shipped), "run: scripts/extract-strings"


def test_dates_and_numbers_are_en_gb(app):
    with app.test_request_context():
        from flask_babel import format_number

        from engage.web.i18n import datetime_filter

        assert datetime_filter("2026-11-23T14:05:00.000000Z") == "23 November 2026 at 2:05 pm"
        assert format_number(12345) == "12,345"
