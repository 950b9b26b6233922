"""The command-line tools for erasing responses, purging drafts, backing up and demo accounts."""

import sqlite3
from pathlib import Path

from engage.db import connect
from tests.conftest import make_app, sign_in
from tests.test_respond import complete_small


def count(app, table):
    db = connect(app.config["DATABASE"])
    try:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        db.close()


def test_responses_delete_shows_the_count_and_asks_first(app, runner, respondent):
    complete_small(respondent).submit()
    refused = runner.invoke(args=["responses", "delete", "--questionnaire", "small"], input="n\n")
    assert "1 responses to 'small' match." in refused.output
    assert "Nothing deleted." in refused.output
    assert count(app, "responses") == 1
    confirmed = runner.invoke(args=["responses", "delete", "--questionnaire", "small"], input="y\n")
    assert "Deleted 1 responses." in confirmed.output
    assert (count(app, "responses"), count(app, "answers")) == (0, 0)


def test_responses_delete_before_a_date_with_yes(app, runner, respondent):
    complete_small(respondent).submit()
    old = runner.invoke(args=["responses", "delete", "--before", "2020-01-01", "--yes"])
    assert "0 responses submitted before 2020-01-01 match." in old.output
    assert count(app, "responses") == 1
    everything = runner.invoke(args=["responses", "delete", "--before", "2999-01-01", "--yes"])
    assert "Deleted 1 responses." in everything.output
    assert count(app, "answers") == 0
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT user_email, detail FROM audit_log WHERE action = 'responses deleted'").fetchall()[-1] == (
        "", "1 responses submitted before 2999-01-01"
    )
    db.close()


def test_responses_delete_needs_a_choice(runner):
    result = runner.invoke(args=["responses", "delete", "--yes"])
    assert result.exit_code == 2
    assert "Give --questionnaire ID, --before YYYY-MM-DD or both." in result.output


def test_purge_drafts_removes_only_stale_drafts(app, runner, respondent):
    respondent("small").start()
    respondent("small-easyread").start()
    db = connect(app.config["DATABASE"])
    db.execute("UPDATE drafts SET updated_at = '2020-01-01T00:00:00.000000Z' WHERE questionnaire_id = 'small'")
    db.close()
    result = runner.invoke(args=["responses", "purge-drafts"])
    assert "Deleted 1 drafts not touched for 30 days." in result.output
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT questionnaire_id FROM drafts").fetchall() == [("small-easyread",)]
    db.close()


def table_rows(path):
    conn = sqlite3.connect(path)
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    contents = {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in tables}
    conn.close()
    return contents


def test_backup_restores_every_table_row_for_row(app, runner, respondent, staff, tmp_path):
    complete_small(respondent).submit()
    respondent("small-easyread").start()
    staff("lead")
    out = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    Path(restored_dir / "test.sqlite3").write_bytes(out.read_bytes())
    restored = make_app(restored_dir)
    original, copy = table_rows(app.config["DATABASE"]), table_rows(restored.config["DATABASE"])
    assert copy == original
    assert {"responses", "answers", "drafts", "users", "audit_log"} <= set(copy)
    assert all(copy[table] for table in ("responses", "answers", "drafts", "users", "audit_log"))
    assert sign_in(restored.test_client(), "lead@council.example").status_code == 302


def test_backup_refuses_to_overwrite(runner, tmp_path):
    out = tmp_path / "exists.sqlite3"
    out.write_text("keep me")
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 1
    assert out.read_text() == "keep me"


def test_demo_creates_one_account_per_role_once(tmp_path):
    demo_file = tmp_path / "demo-accounts.txt"
    app = make_app(tmp_path, DEMO_ACCOUNTS_FILE=str(demo_file))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    saved = demo_file.read_text().splitlines()
    assert [line.split("\t")[:2] for line in saved] == [
        ["admin", "admin@demo.invalid"], ["lead", "lead@demo.invalid"], ["facilitator", "facilitator@demo.invalid"],
    ]
    for line in saved:
        assert line.split("\t")[2] in first.output
    again = runner.invoke(args=["demo"])
    assert "password:" not in again.output
    assert len(demo_file.read_text().splitlines()) == 3
    assert oct(demo_file.stat().st_mode & 0o777) == "0o600"
    role, email, password = saved[1].split("\t")
    assert sign_in(app.test_client(), email, password).status_code == 302


def test_database_wal_and_backup_files_are_readable_by_their_owner_only(app, runner, respondent, tmp_path):
    import os
    import stat

    from tests.test_respond import complete_small

    old_umask = os.umask(0o022)
    try:
        complete_small(respondent).submit()
        out = tmp_path / "backup.sqlite3"
        assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
        database = app.config["DATABASE"]
        for path in (database, database + "-wal", database + "-shm", str(out)):
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    finally:
        os.umask(old_umask)
