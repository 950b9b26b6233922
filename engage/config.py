"""Settings: defaults, then instance/config.py, then ENGAGE_* environment variables.

The secret key is never a fixed fallback: it comes from ENGAGE_SECRET_KEY or from
`instance/secret_key`, generated on first start.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "SURVEYS_DIR": str(ROOT / "surveys"),
    "PICTURES_DIR": str(ROOT / "static" / "easyread"),
    "SERVICE_NAME": "Have your say",
    "COUNCIL_NAME": "Your council",
    # Who to ask, shown when a questionnaire has closed or not opened yet, e.g. "Call 01202 123456".
    "CONTACT_TEXT": "",
    "SQLITE_BUSY_TIMEOUT_MS": 5000,
    # WAL with NORMAL: a commit survives the process being killed; a submitted response is
    # also fsynced (write_transaction(durable=True)). See docs/decisions/0001-sqlite-wal-normal-and-fsynced-submit.md.
    "SQLITE_SYNCHRONOUS": "NORMAL",
    # A draft lives in the session cookie for this long, so a browser restart keeps it.
    "PERMANENT_SESSION_LIFETIME": timedelta(days=30),
    # A staff sign-in ends after this many hours however busy (and after STAFF_IDLE_MINUTES unused).
    "STAFF_SESSION_HOURS": 12,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # A person may take as long as they need on a page: the CSRF token lasts the session.
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "MAX_FORM_MEMORY_SIZE": 256 * 1024,
    # Aggregate figures below this count are shown as "fewer than N" in anything published.
    "SUPPRESS_BELOW": 5,
    # The absolute base of public links and QR codes, e.g. "https://haveyoursay.council.gov.uk";
    # empty means the request's own host.
    "PUBLIC_BASE_URL": "",
    # Kiosk tablets: seconds on the thank-you screen, seconds without a touch before
    # "Are you still there?", and seconds more before unfinished answers are cleared.
    "KIOSK_THANKS_SECONDS": 15,
    "KIOSK_IDLE_SECONDS": 180,
    "KIOSK_IDLE_GRACE_SECONDS": 60,
    # Wrong PINs in a row before leaving kiosk mode is locked, and for how long.
    "KIOSK_PIN_TRIES": 5,
    "KIOSK_PIN_LOCK_SECONDS": 300,
    # The largest saved-answers file a lead may import.
    "IMPORT_MAX_BYTES": 20 * 1024 * 1024,
    # Staff sign-in: minutes without a request before a staff member must sign in again;
    # failed sign-ins allowed per account and per address in the window.
    "STAFF_IDLE_MINUTES": 30,
    "SIGN_IN_WINDOW_MINUTES": 15,
    "SIGN_IN_ACCOUNT_LIMIT": 5,
    "SIGN_IN_ADDRESS_LIMIT": 20,
    # Unsent drafts older than this many days are purged (`flask responses purge-drafts`).
    "DRAFT_RETENTION_DAYS": 30,
    # Behind a reverse proxy: how many proxies' X-Forwarded-For/-Proto to trust (0: none).
    "PROXY_FIX": 0,
    # Where `flask demo` writes the demo accounts' passwords; empty means instance/demo-accounts.txt.
    "DEMO_ACCOUNTS_FILE": "",
    "BABEL_DEFAULT_LOCALE": "en_GB",
    "BABEL_DEFAULT_TIMEZONE": "Europe/London",
}


def load(app, test_config=None):
    app.config.from_mapping(DEFAULTS)
    app.config["DATABASE"] = os.path.join(app.instance_path, "engage.sqlite3")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("ENGAGE")
    else:
        app.config.from_mapping(test_config)
    if not app.config["DEMO_ACCOUNTS_FILE"]:
        app.config["DEMO_ACCOUNTS_FILE"] = os.path.join(app.instance_path, "demo-accounts.txt")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)


def instance_secret_key(instance_path):
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
