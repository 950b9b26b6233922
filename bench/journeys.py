"""Simulated respondents answering the Group 1 standard questionnaire the way a browser does,
driven by wrk running bench/journeys.lua.

Why wrk: the load generator shares the machine with the server it measures, so every core
it uses is taken from gunicorn. The Python asyncio client this replaces took 0.34 of the 2
cores at 29 journeys/s (about 0.7 at the 60/s target); wrk (C, with LuaJIT for the journey)
needs less than half the CPU per journey, and the ceilings it is compared with are loaded by
wrk too. What it still costs is mostly the kernel's: one TCP connection per request.

How: `wrk -tN -cN`, one thread per connection, so each thread's Lua state is one browser with
its own cookie jar and place in the questionnaire (bench/journeys.lua says what a journey is
and how the script copes with wrk). Python's part: start wrk, create the `stop` file when the
time is up (browsers finish the journey under way, then stop), read each browser's
confirmed-<id>.txt (uuids written the moment submit confirmed them) and thread-<id>.txt (its
figures), and stop wrk once every browser has finished.
"""

import json
import resource
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).with_name("journeys.lua")
# Seconds browsers get to finish the journey under way once told to stop.
GRACE = 30


@dataclass
class Outcome:
    latencies: dict = field(default_factory=dict)  # request name: [seconds]
    confirmed: set = field(default_factory=set)
    completed: int = 0
    seconds: float = 0.0
    socket_errors: int = 0  # wrk's count: connect, read, write, timeout
    script_errors: int = 0  # unexpected replies, and browsers that did not finish
    resent: int = 0  # requests sent again after the connection failed before a reply
    messages: list = field(default_factory=list)
    cpu_cores: float = 0.0  # CPU used by wrk itself, in cores over its run
    killed: int = 0
    confirmed_before_kill: int = 0

    @property
    def errors(self):
        return self.socket_errors + self.script_errors

    def all_latencies(self):
        return [value for values in self.latencies.values() for value in values]


class Browsers:
    """One wrk process: `connections` simulated browsers against `server`, with their files
    in `folder`."""

    def __init__(self, server, folder, connections):
        self.server, self.folder, self.connections = server, Path(folder), connections
        self.folder.mkdir(parents=True)
        # Where a finished browser's thread points its connection, away from gunicorn's workers.
        self.parking = socket.create_server(("127.0.0.1", 0), backlog=connections * 2)
        self.process = None
        self.started = 0.0

    def start(self, seconds_at_most):
        command = ["wrk", f"-t{self.connections}", f"-c{self.connections}", f"-d{int(seconds_at_most)}s",
                   "--timeout", "10s", "-s", str(SCRIPT), self.server.url + "/"]
        env = {"WRK_JOURNEY_DIR": str(self.folder), "WRK_PARK_PORT": str(self.parking.getsockname()[1])}
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return self

    def confirmed(self):
        return {line for path in self.folder.glob("confirmed-*.txt") for line in path.read_text().split()}

    @property
    def running(self) -> subprocess.Popen:
        """The process start() began (an error before it)."""
        assert self.process is not None, "start() first"
        return self.process

    def pause(self):
        self.running.send_signal(signal.SIGSTOP)

    def resume(self):
        self.running.send_signal(signal.SIGCONT)

    def finish(self):
        """Tell the browsers to stop after their current journey, wait for them, read it all."""
        (self.folder / "stop").touch()
        deadline = time.monotonic() + GRACE
        process = self.running
        while len(self.figure_files()) < self.connections and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # ends wrk's wait for its -d duration
        stdout, stderr = process.communicate()
        self.parking.close()
        if process.returncode:
            raise RuntimeError(f"wrk exited with {process.returncode}: {stderr.strip()}")
        return self.outcome(stdout, stderr)

    def figure_files(self):
        return list(self.folder.glob("thread-*.txt"))

    def outcome(self, stdout, stderr):
        line = next((line for line in stdout.splitlines() if line.startswith("JSON ")), None)
        if line is None:
            raise RuntimeError(f"wrk printed no summary: {stderr.strip() or stdout.strip()}")
        wrk_figures = json.loads(line[5:])
        outcome = Outcome(confirmed=self.confirmed(), socket_errors=sum(wrk_figures[k] for k in ("connect", "read", "write", "timeout")))
        finished = [read_figures(path, outcome) for path in self.figure_files()]
        missing = self.connections - len(finished)
        if missing:
            outcome.script_errors += missing
            outcome.messages.append(f"{missing} browsers had not finished their journey {GRACE} s after being told to stop")
        if stderr.strip():
            outcome.script_errors += 1
            outcome.messages.append("wrk: " + stderr.strip().splitlines()[0])
        outcome.seconds = max(finished, default=time.monotonic()) - self.started
        return outcome


def read_figures(path, outcome):
    """Add one browser's thread-<id>.txt to `outcome`; return when it finished (monotonic)."""
    finished = 0.0
    for line in path.read_text().splitlines():
        key, _, value = line.partition("\t")
        if key == "finished":
            finished = float(value)
        elif key == "completed":
            outcome.completed += int(value)
        elif key == "errors":
            outcome.script_errors += int(value)
        elif key == "resent":
            outcome.resent += int(value)
        elif key == "message":
            outcome.messages.append(value)
        elif key == "latency":
            name, _, values = value.partition("\t")
            outcome.latencies.setdefault(name, []).extend(float(ms) / 1000 for ms in values.split())
    return finished


def children_cpu():
    """CPU seconds used by this process's finished children (wrk, once waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def drive(server, folder, connections, seconds):
    browsers = Browsers(server, folder, connections).start(seconds + GRACE)
    time.sleep(seconds)
    return browsers.finish()


def run(server, folder, connections=32, seconds=30, warm_up=0):
    """Run `connections` browsers for `seconds` (journeys under way then finish), after
    `warm_up` seconds of the same load whose timings are dropped (each worker compiles its
    templates on first use); the confirmed uuids and the errors of both are kept."""
    cpu, started = children_cpu(), time.monotonic()
    warm = drive(server, Path(folder) / "warm-up", connections, warm_up) if warm_up else Outcome()
    outcome = drive(server, Path(folder) / "measured", connections, seconds)
    outcome.confirmed |= warm.confirmed
    outcome.socket_errors += warm.socket_errors
    outcome.script_errors += warm.script_errors
    outcome.resent += warm.resent
    outcome.messages = warm.messages + outcome.messages
    outcome.cpu_cores = (children_cpu() - cpu) / (time.monotonic() - started)
    return outcome


def run_with_crash(server, folder, connections=32, seconds=10, before=20):
    """The same load; once half the time has passed and `before` responses were confirmed,
    kill -9 the server mid-load, start it again and carry on for the other half."""
    browsers = Browsers(server, folder, connections).start(seconds + GRACE + 60)
    try:
        give_up = browsers.started + 60
        while (time.monotonic() < browsers.started + seconds / 2 or len(browsers.confirmed()) < before) and time.monotonic() < give_up:
            time.sleep(0.05)
        killed = len(server.kill9())
        # wrk retries a refused connection at once, in a loop that would starve the restart of
        # CPU: the browsers wait (SIGSTOP) until the server is back, as people would.
        browsers.pause()
        confirmed_before_kill = len(browsers.confirmed())
        server.start()
        browsers.resume()
    except BaseException:
        browsers.process.kill()
        raise
    time.sleep(seconds / 2)
    outcome = browsers.finish()
    outcome.killed, outcome.confirmed_before_kill = killed, confirmed_before_kill
    return outcome
