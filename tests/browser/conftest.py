"""Browser tests: the real app served on a loopback port, driven by Playwright in
Debian's chromium (never Playwright's own browser download), with axe-core injected to check WCAG
2.0/2.1/2.2 A and AA rules with colour contrast on.

When CI is set, a missing browser is a failure, not a skip.
"""

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import AXE_RULES_CHECKED, make_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = (Path(__file__).parent.parent / "browser_assets" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}
HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before -m "not browser" deselects
def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test: `scripts/test --quick` leaves them out."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"no chromium at {CHROMIUM}: CI must install it (apt-get install -y chromium)")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture
def live_app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def live_server(live_app):
    server = LiveServer(live_app)
    yield server
    server.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context at tablet size; `page.base` is the server's URL."""
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


# Added to a context before `page.clock.install()`: keeps the browser's own timers, so axe
# (which waits on setTimeout) still runs while a test holds the page's clock paused.
REAL_TIMERS = "window.__realTimers = [window.setTimeout.bind(window), window.clearTimeout.bind(window)];"
AXE_WITH_REAL_TIMERS = (
    "(function (setTimeout, clearTimeout) {\n" + AXE_JS
    + "\n}).apply(window, window.__realTimers || [window.setTimeout, window.clearTimeout])"
)


def axe_violations(page):
    """Run axe on the page once it has loaded (a click may have started a navigation);
    return its violations (ids and targets)."""
    page.wait_for_load_state("load")
    page.evaluate(AXE_WITH_REAL_TIMERS)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, rules: {'color-contrast': {enabled: true}}})",
        AXE_TAGS,
    )
    AXE_RULES_CHECKED.update(rule["id"] for key in ("passes", "violations", "incomplete", "inapplicable") for rule in result[key])
    return [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {json.dumps(violations, indent=1)}"
