"""`flask demo --engagement`: a BCP-shaped engagement in an empty database, marked as demo
data on every staff page, refused on a database with real data."""

from tests.conftest import ROOT, create_staff, make_app, rows, sign_in
from tests.report_html import tables, text


def demo_app(tmp_path):
    return make_app(tmp_path, surveys_dir=ROOT / "surveys", DEMO_ACCOUNTS_FILE=str(tmp_path / "demo.txt"))


def test_demo_engagement_fills_an_empty_database_shaped_like_bcp(tmp_path):
    app = demo_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["demo", "--engagement"])
    assert result.exit_code == 0, result.output
    assert "Demo engagement added: 321 responses" in result.output
    assert rows(app, "SELECT respondent_group, count(*) FROM responses GROUP BY 1") == [(1, 234), (2, 87)]
    assert rows(app, "SELECT count(*), sum(actual_attendance) FROM sessions") == [(7, 75)]
    assert {r[0] for r in rows(app, "SELECT DISTINCT channel FROM responses")} == {"kiosk", "qr", "link", "paper"}
    assert {r[0] for r in rows(app, "SELECT DISTINCT variant FROM responses")} == {"standard", "easyread"}
    assert rows(app, "SELECT count(*) FROM answers WHERE question_id = 'anything_else'")[0][0] > 10
    assert rows(app, "SELECT count(*) FROM ballots WHERE submitted_at IS NOT NULL") == [(40,)]
    assert rows(app, "SELECT count(*) FROM tallies") == [(3,)]
    again = app.test_cli_runner().invoke(args=["demo", "--engagement"])
    assert again.exit_code == 0 and "already in this database" in again.output
    assert rows(app, "SELECT count(*) FROM responses") == [(321,)]

    client = app.test_client()
    create_staff(app, "lead")
    sign_in(client, "lead@council.example")
    page = client.get("/staff/report/").get_data(as_text=True)
    assert "Demo data" in text(page) and "In total there were 321 questionnaires completed." in text(page)
    sessions = tables(page)["Responses by engagement session"]
    assert ["Providers forum", "10", "3%"] in sessions
    assert "7 sessions were held, with 75 people attending; 65 questionnaires were completed at them." in text(page)
    attendance = tables(page)["Sessions: attendance, responses and response rate"]
    assert attendance[2][0] == "Providers forum" and attendance[2][2:] == ["12", "10", "83%"]
    assert "Demo data" in text(client.get("/staff/sessions/").get_data(as_text=True))


def test_demo_engagement_is_refused_on_a_database_with_real_data(tmp_path):
    from tests.report_data import Builder

    app = demo_app(tmp_path)
    builder = Builder(app.config["DATABASE"])
    builder.add("group2-standard", 2)
    builder.close()
    result = app.test_cli_runner().invoke(args=["demo", "--engagement"])
    assert result.exit_code == 2 and "demo data is only added to an empty database" in result.output
    assert rows(app, "SELECT count(*) FROM responses") == [(1,)]
    assert rows(app, "SELECT count(*) FROM users") == [(0,)]  # nothing created either


def test_staff_pages_of_a_real_database_say_nothing_of_demo_data(app, client, staff):
    staff("lead")
    assert "Demo data" not in client.get("/staff/report/").get_data(as_text=True)
