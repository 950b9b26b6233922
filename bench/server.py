"""Start and stop gunicorn for a benchmark: our settings (gunicorn.conf.py), loopback only,
a fresh database in the run's own folder, and the process ids for the kill -9 test."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn master and its workers serving `app_spec` on 127.0.0.1."""

    def __init__(self, app_spec, workdir, env=None, name="app", ready_path="/"):
        self.app_spec, self.workdir, self.name, self.ready_path = app_spec, Path(workdir), name, ready_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "ENGAGE_BIND": f"127.0.0.1:{self.port}", **(env or {})}
        self.process = None

    def start(self, timeout=30):
        log = open(self.workdir / f"{self.name}-gunicorn.log", "ab")
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), self.app_spec],
            cwd=ROOT, env=self.env, stdout=log, stderr=log,
        )
        wait_until_serving(self.port, self.ready_path, timeout, self.process)
        return self

    @property
    def running(self) -> subprocess.Popen:
        """The process start() began (an error before it)."""
        assert self.process is not None, "start() first"
        return self.process

    def worker_pids(self):
        children = Path(f"/proc/{self.running.pid}/task/{self.running.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill9(self):
        """SIGKILL the master and every worker at once, as a crash or OOM kill would."""
        pids = [self.running.pid] + self.worker_pids()
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        self.running.wait()
        return pids

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def wait_until_serving(port, path, timeout, process):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}: see its log in the run folder")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
                if sock.recv(12).startswith(b"HTTP/1."):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout} s")
