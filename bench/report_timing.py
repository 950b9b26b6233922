"""Time the engagement report and its downloads at scale (not part of the test suite).

Seeds 100,000 responses x 30 questions into a temporary SQLite file, then prints:
the report (all responses, and filtered by one session), the same counts for one session by
the plain aggregate query over `answers` (what the report would cost without
`answer_counts`), deleting responses and a new round (what keeping the table costs), the
written-answers search, each download (seconds, CPU seconds, responses/s, peak RSS of a
fresh process that does only that download), and what counting adds to storing a response.

The wide CSV is one questionnaire's responses (group 1: about 70% of them), so its line
is followed by the time for 100,000 at the rate measured (the export streams: its time
grows in proportion). CPU seconds are printed beside wall seconds because on a shared
machine the wall time also counts whatever else is running.

    .venv/bin/python -m bench.report_timing [--responses 100000] [--keep FILE]

--keep FILE seeds FILE only when it does not exist; an existing FILE is used as it is,
whatever --responses says (the first line says how many responses it holds).
"""

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import seed as seeding  # noqa: E402
from engage import clock  # noqa: E402
from engage.config import DEFAULTS  # noqa: E402
from engage.questionnaires.definitions import load_catalogue  # noqa: E402
from engage.reports import counts as answer_counts  # noqa: E402
from engage.respondent import responses  # noqa: E402

DOWNLOADS = [("csv", {"questionnaire": "group1-standard"}), ("long", {}), ("raw-xlsx", {}), ("xlsx", {}), ("docx", {})]
SCALE = 100_000  # the wide CSV's time is also given for this many responses


def make_app(db_path):
    from app import create_app

    return create_app({"DATABASE": str(db_path), "SECRET_KEY": "bench", "SURVEYS_DIR": str(ROOT / "surveys")})


def best_of(fn, runs=3):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def time_report(db_path):
    from engage.db import connect
    from engage.reports import figures as reports

    app = make_app(db_path)
    with app.app_context():
        db, catalogue = connect(str(db_path)), app.extensions["engage.catalogue"]
        for label, filters in [("report, all responses", reports.Filters()),
                               ("report, one session", reports.Filters(session="session-3")),
                               ("report, one month", reports.Filters(date_from="2026-10-01", date_to="2026-10-31"))]:
            best, median = best_of(lambda: reports.full_report(db, catalogue, filters, 5))
            print(f"{label:<34} best {best * 1000:7.0f} ms   median {median * 1000:7.0f} ms")
        best, median = best_of(lambda: reports.free_text(db, "group1-standard", "anything_else", reports.Filters(), "bus"))
        print(f"{'written answers, search':<34} best {best * 1000:7.0f} ms   median {median * 1000:7.0f} ms")
        db.close()


def child(db_path, kind, filters_json):
    """Run one download in this process; print its figures as JSON."""
    from engage.reports import exports
    from engage.reports import figures as reports

    app = make_app(db_path)
    with app.app_context():
        filters = reports.Filters(**json.loads(filters_json))
        count = exports.count_responses(str(db_path), filters)
        started, cpu_started = time.perf_counter(), time.process_time()
        made = exports.download(str(db_path), app.extensions["engage.catalogue"], kind, filters, 5)
        size = sum(len(chunk) for chunk in made.chunks)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = peak_rss_kb() / 1024
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "responses": count, "bytes": size,
                      "peak_mb": peak_mb}))


def peak_rss_kb():
    """This process's peak resident memory. Not getrusage's ru_maxrss: on Linux a child
    started by fork and exec inherits its parent's peak there (the seeding parent's)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def time_downloads(db_path):
    for kind, filters in DOWNLOADS:
        out = subprocess.run(
            [sys.executable, "-m", "bench.report_timing", "--child", kind, json.dumps(filters), "--keep", str(db_path)],
            cwd=ROOT,
            check=True, capture_output=True, text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        rate = f"{r['responses'] / r['seconds']:>8,.0f} responses/s" if kind not in ("xlsx", "docx") else " " * 20  # report files: counts only
        print(f"download {kind:<8} {r['responses']:>7,} responses  {r['seconds']:6.1f} s (CPU {r['cpu_seconds']:5.1f} s)"
              f"  {rate}  {r['bytes'] / 1e6:6.1f} MB  peak RSS {r['peak_mb']:.0f} MB")
        if kind == "csv":
            print(f"  = {SCALE:,} responses in {r['seconds'] * SCALE / r['responses']:.1f} s"
                  f" (CPU {r['cpu_seconds'] * SCALE / r['responses']:.1f} s) at that rate")


def time_plain_queries(db_path):
    """The report's counts for one session straight from `answers` and `responses` (what the
    report would cost without `answer_counts`), and what keeping the table costs when
    responses are deleted or a new round moves the newest of them (each rolled back)."""
    from engage.db import connect
    from engage.reports import rounds
    from engage.staff import retention

    db = connect(str(db_path))
    query = answer_counts.COUNTS.format(where="r.session_id = 'session-3'", sign=1)
    best, median = best_of(lambda: db.execute(query).fetchall())
    print(f"{'plain aggregate, one session':<34} best {best * 1000:7.0f} ms   median {median * 1000:7.0f} ms")
    db.close()
    with tempfile.TemporaryDirectory() as scratch:  # the changes are made on a copy
        copy = Path(scratch) / "copy.sqlite3"
        source = connect(str(db_path))
        source.conn.backup(sqlite3.connect(copy))
        source.close()
        db = connect(str(copy))
        oldest = db.execute("SELECT submitted_at FROM responses WHERE questionnaire_id = 'group1-standard'"
                            " ORDER BY submitted_at LIMIT 1 OFFSET 1000").fetchone()[0]
        newest = db.execute("SELECT submitted_at FROM responses ORDER BY submitted_at DESC LIMIT 1 OFFSET 1000").fetchone()[0]
        for label, change in [
            ("delete the oldest responses", lambda: retention.delete_responses(
                db, retention.Selection("group1-standard", clock.parse_stamp(oldest).date()))),
            ("a new round moving the newest", lambda: rounds.set_round(
                db, "group1-standard", 9, "bench", clock.parse_stamp(newest).date())),
        ]:
            started = time.perf_counter()
            result = change()
            moved = f"{result:,} responses" if isinstance(result, int) else ""
            print(f"{label:<34} {(time.perf_counter() - started) * 1000:7.0f} ms  {moved}")
    db.close()


def time_storing(db_path, count=2000):
    """Responses/s stored as the app stores them (responses.insert_response: the rows, the
    round, counts.count_into for the one response), against the bare rows alone."""
    from engage.db import connect

    catalogue = load_catalogue(DEFAULTS["SURVEYS_DIR"], DEFAULTS["PICTURES_DIR"])
    rates: dict = {}
    for label in ("bare rows", "as the app stores", "bare rows", "as the app stores"):
        db = connect(str(db_path), synchronous="OFF")
        db.execute("BEGIN")
        generated = list(seeding.response_rows(count, catalogue, random.Random(len(label))))
        started = time.perf_counter()
        for response, answers in generated:
            if label == "bare rows":
                store_bare(db, response, answers)
            else:
                store_as_the_app(db, catalogue, response, answers)
        rates[label] = max(rates.get(label, 0), count / (time.perf_counter() - started))
        db.execute("ROLLBACK")
        db.close()
    print(f"storing a response (1 + ~36 rows)   {rates['as the app stores']:,.0f}/s as the app stores it"
          f" (round and answer counts included), {rates['bare rows']:,.0f}/s the bare rows")


def store_bare(db, response, answers):
    db.execute(
        "INSERT INTO responses (uuid, questionnaire_id, report_id, definition_hash, respondent_group, variant,"
        " channel, session_id, helped_by_staff, language, started_at, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        response,
    )
    db.conn.executemany("INSERT INTO answers (response_uuid, question_id, value) VALUES (?, ?, ?)", answers)


def store_as_the_app(db, catalogue, response, answers):
    response_uuid, questionnaire_id, *_, channel, session_id, helped, language, started_at, submitted_at = response
    by_question: dict = {}
    for _uuid, question_id, value in answers:
        by_question.setdefault(question_id, []).append(value)
    origin = responses.Origin(channel, session_id, helped)
    responses.insert_response(db, catalogue.get(questionnaire_id), response_uuid, by_question, origin, started_at,
                              submitted_at, language)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--keep", help="use (or create) this SQLite file instead of a temporary one")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILTERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(Path(args.keep), *args.child)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(args.keep or Path(tmp) / "bench.sqlite3")
        if not db_path.exists():
            started = time.perf_counter()
            responses, answers = seeding.seed(str(db_path), args.responses)
            print(f"seeded {responses:,} responses ({answers:,} answer rows) in {time.perf_counter() - started:.1f} s")
        else:
            from engage.reports import exports
            from engage.reports import figures as reports

            every = exports.count_responses(str(db_path), reports.Filters())
            print(f"using {db_path} as it is: {every:,} responses (--responses is ignored)")
        time_report(db_path)
        time_plain_queries(db_path)
        time_downloads(db_path)
        time_storing(db_path)


if __name__ == "__main__":
    main()
