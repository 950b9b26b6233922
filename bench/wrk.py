"""Load a URL with wrk (C, two threads: it takes little of the CPU the server needs) and
read back requests/s, latency percentiles and errors from bench/wrk.lua's JSON line."""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk.lua")
THREADS = 2


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0


def available():
    return shutil.which("wrk") is not None


def run(url, seconds, connections=32, method="GET"):
    """Run wrk against `url`."""
    threads = min(THREADS, connections)
    env = {**os.environ, "WRK_METHOD": method}
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(SCRIPT)]
    output = subprocess.run(command + [url], env=env, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    figures = json.loads(line[5:])
    errors = sum(figures.pop("errors").values())
    return Load(errors=errors, **figures)
