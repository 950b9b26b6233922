"""Poll figures on this machine: ballots stored per second through engage.ballots (start,
25 votes, submit: 3 transactions each), then results(), the results XLSX and the ballots
CSV for 10,000 ballots of 25 votes. Run: .venv/bin/python bench/poll_results.py"""

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engage.db import connect, migrate  # noqa: E402
from engage.definitions import files  # noqa: E402
from engage.polls import ballots  # noqa: E402
from engage.polls import exports as poll_exports
from engage.polls import live as poll_live
from engage.polls import settings as poll_settings
from engage.polls.definitions import load_polls  # noqa: E402
from engage.polls.results import Filters, results  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POLL = load_polls(ROOT / "surveys", ROOT / "static" / "easyread").get("bcp-priorities-2023")
OPTIONS = [o.id for o in POLL.options]


def timed(label, action, count=None):
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    rate = f" ({count / seconds:,.0f}/s)" if count else ""
    print(f"{label}: {seconds:.3f} s{rate}")
    return result


def cast_through_module(db, n):
    for _ in range(n):
        ballot_uuid = ballots.start(db, POLL, "easyread")
        votes = {p.id: ballots.Vote(random.choice(OPTIONS)) for p in POLL.proposals}
        ballots.save_votes(db, POLL, ballot_uuid, votes)
        ballots.submit(db, POLL, ballot_uuid)


def bulk_insert(db, n):
    db.execute("BEGIN")
    for i in range(n):
        uuid = f"bulk-{i:08d}"
        db.execute(
            "INSERT INTO ballots (uuid, poll_id, definition_hash, variant, channel, started_at, submitted_at, updated_at)"
            " VALUES (?, ?, ?, 'standard', 'link', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            [uuid, POLL.id, POLL.definition_hash],
        )
        db.conn.executemany(
            "INSERT INTO votes (ballot_uuid, proposal_id, option_id, comment) VALUES (?, ?, ?, ?)",
            [(uuid, p.id, random.choice(OPTIONS), "A comment" if random.random() < 0.1 else None) for p in POLL.proposals],
        )
    db.execute("COMMIT")


def main():
    path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    migrate(str(path))
    db = connect(str(path))
    db.execute("INSERT INTO users (email, role, password_hash, created_at) VALUES ('l@x', 'lead', 'x', 'now')")
    files.import_folder(db, ROOT / "surveys", ROOT / "static" / "easyread")
    poll_settings.open_now(db, POLL.id, None)
    timed("1,000 ballots through engage.ballots (synchronous=FULL)", lambda: cast_through_module(db, 1000), 1000)
    bulk_insert(db, 9000)
    counted = timed("results() for 10,000 ballots x 25 proposals", lambda: results(db, POLL, Filters()))
    print(f"  ballots counted: {counted.ballots_counted:,}")
    timed("live screen snapshot (one proposal, unsent ballots too)", lambda: poll_live.snapshot(db, POLL))
    opener = lambda: connect(str(path))  # noqa: E731
    _, body = timed("results XLSX", lambda: poll_exports.export(opener, POLL, "results", "xlsx", Filters()))
    print(f"  {len(body):,} bytes")
    size = timed("ballots CSV (250,000 rows)", lambda: sum(len(c) for c in poll_exports.export(opener, POLL, "ballots", "csv", Filters())[1]))
    print(f"  {size:,} characters")
    _, body = timed("ballots XLSX (250,000 rows, constant_memory)", lambda: poll_exports.export(opener, POLL, "ballots", "xlsx", Filters()))
    print(f"  {len(body):,} bytes")


if __name__ == "__main__":
    main()
