"""Rounds in the browser: a lead sets a round (name and start date) on the staff page, sees
it listed with its twin following, and the report's round comparison shows its name."""

from tests.conftest import csrf_token, rows
from tests.report_html import tables
from tests.test_rounds import two_years

PAGE = "/staff/rounds/"


def set_round(client, **fields):
    page = client.get(PAGE)
    data = {"csrf_token": csrf_token(page), "report": "small", "number": "2", "name": "2024",
            "starts-day": "1", "starts-month": "1", "starts-year": "2024", **fields}
    return client.post(PAGE, data=data)


def test_lead_sets_a_round_and_sees_it_listed_with_the_twin_following(app, client, staff):
    two_years(app)
    staff("lead")
    response = set_round(client)
    assert response.status_code == 302
    assert rows(app, "SELECT report_id, number, name, starts_at FROM rounds") == [
        ("small", 2, "2024", "2024-01-01T00:00:00.000000Z")]
    assert rows(app, "SELECT round, count(*) FROM responses GROUP BY round") == [(1, 20), (2, 20)]
    page = client.get(PAGE).get_data(as_text=True)
    assert tables(page)["Rounds of A small questionnaire"] == [["Round", "Name", "Starts"], ["2", "2024", "1 January 2024"]]
    assert "Also for: A small questionnaire in easy read" in page
    assert rows(app, "SELECT action, detail FROM audit_log WHERE action = 'round set'") == [
        ("round set", "small round 2 ‘2024’ from 2024-01-01")]


def test_changing_a_round_keeps_one_row_with_the_new_name(app, client, staff):
    staff("lead")
    set_round(client)
    set_round(client, name="Year two")
    assert rows(app, "SELECT number, name FROM rounds") == [(2, "Year two")]


def test_the_report_comparison_shows_round_names(app, client, staff):
    two_years(app)
    staff("lead")
    set_round(client)
    set_round(client, number="1", name="2023", **{"starts-year": "2023"})
    found = tables(client.get("/staff/report/").get_data(as_text=True))
    comparison = found["‘Who is answering?’: round 1 compared with round 2"]
    assert comparison[0] == ["Answer", "Round 1: 2023", "Round 2: 2024", "Change (points)"]


def test_mistakes_get_messages_and_store_nothing(app, client, staff):
    staff("lead")
    for fields, message in (({"name": " "}, "Enter a name for the round"),
                            ({"starts-month": "13"}, "The start date must be a real date"),
                            ({"name": "x" * 61}, "Use 60 characters or fewer")):
        response = set_round(client, **fields)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    set_round(client)
    clash = set_round(client, number="3", name="Again")
    assert clash.status_code == 400 and "Another round of this questionnaire starts on that day" in clash.get_data(as_text=True)
    assert rows(app, "SELECT number FROM rounds") == [(2,)]


def test_tampered_round_fields_are_refused(app, client, staff):
    staff("lead")
    assert set_round(client, report="small-easyread").status_code == 400
    assert set_round(client, number="0").status_code == 400
    assert set_round(client, number="x").status_code == 400
    assert rows(app, "SELECT count(*) FROM rounds") == [(0,)]


def test_facilitators_cannot_set_rounds(app, client, staff):
    staff("facilitator")
    assert client.get(PAGE).status_code == 403
