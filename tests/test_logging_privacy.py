"""Server logs never record answers or passwords: form bodies are not logged by the
werkzeug development server nor by gunicorn, even with its access log on at debug level."""

import http.cookiejar
import logging
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from werkzeug.serving import make_server

from engage.db import connect
from tests.conftest import ROOT, VALID_SURVEYS, create_staff, found, make_app

ANSWER = "Zebra-Quokka-7731 my private answer"
PASSWORD = "Walrus-Pelican-4412 secret"


class Browser:
    """Just enough of a browser: cookies, CSRF tokens, form posts, no redirects followed."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        return self.opener.open(self.base + path).read().decode()

    def post(self, path, page, **fields):
        token = found(r'name="csrf_token" value="([^"]+)"', page)
        body = urllib.parse.urlencode({"csrf_token": token, **fields}).encode()
        try:
            return self.opener.open(self.base + path, data=body).read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()


def answer_and_sign_in(base):
    """Post a distinctive answer (kept, then refused as too long) and a wrong password."""
    browser = Browser(base)
    page = browser.post("/q/small/start", browser.get("/q/small/"))
    response = found(r'name="response" value="([^"]+)"', page)
    browser.post("/q/small/about", page, response=response, who="carer", name=ANSWER)
    page = browser.get("/q/small/more")
    browser.post("/q/small/more", page, response=response, **{"else": ANSWER * 5})
    browser.post("/staff/sign-in", browser.get("/staff/sign-in"), email="lead@council.example", password=PASSWORD)


def assert_no_secrets(log, app):
    db = connect(app.config["DATABASE"])
    drafts = db.execute("SELECT answers FROM drafts").fetchall()
    db.close()
    assert ANSWER in str(drafts), "the answer was not sent, so this test proves nothing"
    assert "POST /q/small/about" in log, "the request was not logged, so this test proves nothing"
    assert "Zebra" not in log and "Quokka" not in log
    assert "Walrus" not in log and "Pelican" not in log


def test_werkzeug_server_logs_requests_but_not_answers(tmp_path, caplog):
    app = make_app(tmp_path)
    create_staff(app, "lead")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.DEBUG):
            answer_and_sign_in(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
    assert_no_secrets(caplog.text, app)


def listening_socket():
    """A socket already listening on a free port, handed to gunicorn (`--bind fd://N`): a
    request sent before gunicorn is ready waits in its backlog, so nothing polls or sleeps."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    return listener


def first_page(base, process):
    """The home page once gunicorn answers (up to two minutes on a busy machine)."""
    try:
        urllib.request.urlopen(base + "/", timeout=120).read()
    except OSError as error:
        raise AssertionError(f"gunicorn did not answer (exit status {process.poll()})") from error


def test_gunicorn_access_and_debug_logs_hold_no_answers(tmp_path):
    app = make_app(tmp_path)
    create_staff(app, "lead")
    listener = listening_socket()
    port = listener.getsockname()[1]
    env = {
        **os.environ, "ENGAGE_DATABASE": app.config["DATABASE"], "ENGAGE_SECRET_KEY": "test-only-secret",
        "ENGAGE_SURVEYS_DIR": str(VALID_SURVEYS),
    }
    log_file = tmp_path / "gunicorn.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "--bind", f"fd://{listener.fileno()}", "--workers", "1",
        "--access-logfile", "-", "--error-logfile", "-", "--log-level", "debug", "app:create_app()",
    ]
    with log_file.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   pass_fds=[listener.fileno()])
        try:
            base = f"http://127.0.0.1:{port}"
            first_page(base, process)
            answer_and_sign_in(base)
        finally:
            process.terminate()
            process.wait(timeout=60)
            listener.close()
    assert_no_secrets(log_file.read_text(), app)


def test_unexpected_errors_are_logged_with_the_path_but_not_the_form(tmp_path, caplog):
    app = make_app(tmp_path, TESTING=False)

    @app.post("/boom")
    def boom():
        raise RuntimeError("broken on purpose")

    from engage.staff import permissions

    permissions.RULES["boom"] = permissions.PUBLIC
    try:
        app.config["WTF_CSRF_ENABLED"] = False
        with caplog.at_level(logging.ERROR):
            response = app.test_client().post("/boom", data={"else": ANSWER})
    finally:
        del permissions.RULES["boom"]
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)
    assert "Exception on /boom [POST]" in caplog.text and "broken on purpose" in caplog.text
    assert "Zebra" not in caplog.text
