"""The benchmark suite behind `scripts/bench`: each step serves with gunicorn as in
production (gunicorn.conf.py) on 127.0.0.1, measures, and adds rows to one table: the
figures issue 17 asks for (complete journeys at 32 clients beside a ceiling measured in
the same run, kill -9 mid-load, easy-read page weight).

    scripts/bench              # every step, about 2 minutes
    scripts/bench --quick      # 5-second loads, for development
    scripts/bench --only journey_load,crash

A step is a function taking the Run; add one by appending it to STEPS.
"""

import argparse
import contextlib
import os
import runpy
import secrets
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench import journeys, prepared, weight, wrk
from bench.server import ROOT, Server

OUT = ROOT / "bench" / "out"
# Seconds of load before timing, so that every worker has compiled its templates.
WARM_UP = 2


@dataclass
class Row:
    figure: str
    value: str
    target: str = ""
    met: bool | None = None


@dataclass
class Run:
    folder: Path
    seconds: float
    journey_seconds: float
    rows: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def app_env(self, name):
        """A fresh database and secret key for one server."""
        return {"ENGAGE_DATABASE": str(self.folder / f"{name}.sqlite3"), "ENGAGE_SECRET_KEY": secrets.token_hex(16)}

    def add(self, figure, value, target="", met=None):
        self.rows.append(Row(figure, value, target, met))
        mark = "" if met is None else ("  ok" if met else "  MISSED")
        print(f"  {figure}: {value}{f'  (target {target})' if target else ''}{mark}", flush=True)


def latency(load):
    return f"p50 {load.p50_ms:.0f} / p95 {load.p95_ms:.0f} / p99 {load.p99_ms:.0f} ms"


def ceilings(run):
    """The bare route and the insert route, same gunicorn settings, loaded by wrk."""
    env = {"CEILING_DATABASE": str(run.folder / "ceiling.sqlite3")}
    with Server("bench.ceiling_app:create_app()", run.folder, env, "ceiling", ready_path="/ok") as server:
        bare = wrk.run(f"{server.url}/ok", run.seconds)
        insert = wrk.run(f"{server.url}/insert", run.seconds, method="POST")
    run.figures.update(bare=bare, insert=insert)
    run.add("Ceiling: bare Flask route", f"{bare.per_second:,.0f} req/s, {latency(bare)}, {bare.errors} errors")
    run.add("Ceiling: insert 1 response + 30 answers", f"{insert.per_second:,.0f} req/s, {latency(insert)}, {insert.errors} errors")


def journey_load(run):
    """32 simulated browsers (wrk + bench/journeys.lua) answering Group 1 standard, then the database checked."""
    env = run.app_env("journeys")
    with Server("app:create_app()", run.folder, env, "journeys") as server:
        outcome = journeys.run(server, run.folder / "journeys", connections=32, seconds=run.journey_seconds, warm_up=WARM_UP)
    rate = outcome.completed / outcome.seconds
    every = sorted(outcome.all_latencies())
    run.add("Journeys: complete responses/s at 32 clients", f"{rate:.1f} ({outcome.completed} in {outcome.seconds:.1f} s)", ">= 15", rate >= 15)
    p99 = quantile(every, 0.99) * 1000
    run.add("Journeys: any request latency", f"{quantiles(every)} ({len(every):,} requests)", "p99 < 300 ms", p99 < 300)
    run.add("Journeys: CPU used by the load generator itself (wrk)", f"{outcome.cpu_cores:.2f} cores")
    run.add("Journeys: errors (socket / unexpected reply / resent)",
            f"{outcome.socket_errors} / {outcome.script_errors} / {outcome.resent}{': ' + outcome.messages[0] if outcome.messages else ''}",
            "0", not outcome.errors and not outcome.resent)
    stored = stored_uuids(env["ENGAGE_DATABASE"])
    lost, extra = outcome.confirmed - set(stored), set(stored) - outcome.confirmed
    doubled = len(stored) - len(set(stored))
    run.add("Journeys: confirmed / stored / lost / doubled / unconfirmed", f"{len(outcome.confirmed)} / {len(stored)} / {len(lost)} / {doubled} / {len(extra)}",
            "0 lost, 0 doubled", not lost and not doubled and not extra)


def quantile(values, q):
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def quantiles(values):
    return " / ".join(f"p{int(q * 100)} {quantile(values, q) * 1000:.0f}" for q in (0.5, 0.95, 0.99)) + " ms"


def stored_uuids(database):
    with contextlib.closing(sqlite3.connect(database)) as db:
        return [uuid for (uuid,) in db.execute("SELECT uuid FROM responses")]


def page_weight(run):
    """Bytes on the wire for an easy-read question page, gzipped, first and repeat visit."""
    env = run.app_env("weight")
    path, cookie = prepared.page_visit(prepared.bench_app(env), weight.PAGE, weight.QUESTIONNAIRE)
    with Server("app:create_app()", run.folder, env, "weight") as server:
        first, repeat = weight.visit(server.port, path, cookie)
    run.add("Page weight, easy read: first / repeat visit", f"{first / 1000:.1f} KB / {repeat / 1000:.1f} KB",
            "< 50 KB / < 10 KB", first < 50_000 and repeat < 10_000)


def crash(run):
    """kill -9 the server (master and workers) in the middle of the load, restart, count."""
    env = run.app_env("crash")
    server = Server("app:create_app()", run.folder, env, "crash").start()
    try:
        outcome = journeys.run_with_crash(server, run.folder / "crash", connections=32, seconds=max(run.seconds, 6))
    finally:
        server.stop()
    stored = set(stored_uuids(env["ENGAGE_DATABASE"]))
    lost = outcome.confirmed - stored
    before = outcome.confirmed_before_kill
    run.add("kill -9: processes killed / confirmed before kill + after restart / stored / lost",
            f"{outcome.killed} / {before} + {len(outcome.confirmed) - before} / {len(stored)} / {len(lost)}", "0 lost", not lost)
    # Expected around a kill: wrk retries a refused connection at once until it is paused.
    run.add("kill -9: requests resent / socket errors / unexpected replies around the kill",
            f"{outcome.resent} / {outcome.socket_errors} / {outcome.script_errors}{': ' + outcome.messages[0] if outcome.messages else ''}")


STEPS = [ceilings, journey_load, page_weight, crash]


def check_tools():
    if not wrk.available():
        sys.exit("scripts/bench needs wrk (a C load generator) for the journeys and the ceilings:\n"
                 "    sudo apt-get install wrk\nNothing was installed; nothing was run.")


def write_table(run, path):
    lines = ["| figure | measured | target | |", "|---|---|---|---|"]
    lines += [f"| {r.figure} | {r.value} | {r.target} | {'' if r.met is None else ('met' if r.met else 'missed')} |" for r in run.rows]
    path.write_text("\n".join(lines) + "\n")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Benchmarks: submissions under load, ceilings, page weight, kill -9.")
    parser.add_argument("--quick", action="store_true", help="5-second loads (development; figures are rougher)")
    parser.add_argument("--only", help="comma-separated step names: " + ", ".join(step.__name__ for step in STEPS))
    args = parser.parse_args(argv)
    check_tools()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = OUT / stamp
    folder.mkdir(parents=True)
    run = Run(folder, seconds=5 if args.quick else 10, journey_seconds=5 if args.quick else 30)
    chosen = args.only.split(",") if args.only else [step.__name__ for step in STEPS]
    started = time.monotonic()
    print(f"Benchmarks {stamp} on {os.cpu_count()} cores; run folder {folder.relative_to(ROOT)}", flush=True)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    run.add("Server", f"gunicorn {settings['workers']} {settings['worker_class']} workers (gunicorn.conf.py), {os.cpu_count()} cores")
    for step in STEPS:
        if step.__name__ in chosen:
            print(f"{step.__name__}: {(step.__doc__ or step.__name__).splitlines()[0]}", flush=True)
            step(run)
    print(f"\nTook {time.monotonic() - started:.0f} s. Table (also in {(folder / 'results.md').relative_to(ROOT)}):\n")
    print(write_table(run, folder / "results.md"))


if __name__ == "__main__":
    main()
