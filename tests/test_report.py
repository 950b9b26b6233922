"""The engagement report page shows exactly the figures of a BCP-shaped dataset, suppresses
small numbers, filters through the URL, and lists written answers."""

import pytest

from tests.conftest import ROOT, make_app
from tests.report_data import build_bcp
from tests.report_html import tables, text

BUILDING_CAPTION = "Answers to ‘Where would you most like day opportunities to happen?’: number of people (percent of those who answered)"
VALUE_CAPTION = "Answers to ‘Which 3 things matter most to you about day opportunities?’: number of people (percent of those who answered)"


def report(client, query=""):
    response = client.get(f"/staff/report/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_report_states_the_totals_as_bcp_reported_them(bcp_lead):
    page = text(report(bcp_lead))
    assert "In total there were 321 questionnaires completed. Of these 234 were for Group 1 and 87 for Group 2." in page


def test_report_counts_responses_by_group_version_channel_session_and_week(bcp_lead):
    found = tables(report(bcp_lead))
    assert found["Responses by group"][1:] == [["Group 1", "234", "73%"], ["Group 2", "87", "27%"]]
    assert found["Responses by variant (standard or easy read)"][1:] == [["Easy read", "84", "26%"], ["Standard", "237", "74%"]]
    assert found["Responses by how they arrived"][1:] == [
        ["Kiosk at a session", "206", "64%"], ["Online link", "95", "30%"], ["Paper, keyed in by staff", "20", "6%"]]
    assert found["Responses by engagement session"][1:] == [
        ["No session (online link or paper)", "95", "30%"], ["s1", "44", "14%"], ["s2", "57", "18%"], ["s3", "25", "8%"],
        ["s4", "20", "6%"], ["s5", "30", "9%"], ["s6", "30", "9%"], ["s7", "20", "6%"]]
    assert found["Responses by week"][1:] == [
        ["Week beginning 27 February 2023", "150", "47%"], ["Week beginning 6 March 2023", "84", "26%"],
        ["Week beginning 13 March 2023", "87", "27%"]]


def test_report_merges_twins_and_splits_by_version_with_small_counts_suppressed(bcp_lead):
    rows = tables(report(bcp_lead))[BUILDING_CAPTION]
    assert rows == [
        ["Answer", "All respondents", "Standard", "Easy read"],
        ["In a day centre", "129 (55%)", "90 (60%)", "39 (46%)"],
        ["Out in the community, for example at a library, leisure centre, café or college", "60 (26%)", "35 (23%)", "25 (30%)"],
        # All 234 less 129, 60 and 42 would give "I do not know" away: 42 and 17 are withheld too.
        ["A mix of both", "withheld", "25 (17%)", "withheld"],
        ["I do not know", "fewer than 5", "0 (0%)", "fewer than 5"],
        ["People who answered", "234", "150", "84"],
    ]


def test_report_gives_multiple_choice_percentages_of_people_not_ticks(bcp_lead):
    html = report(bcp_lead)
    rows = {row[0]: row[1] for row in tables(html)[VALUE_CAPTION]}
    assert rows["Meeting people and making friends"] == "170 (80%)"
    assert rows["Learning new skills"] == "100 (47%)"
    assert rows["Having a routine and something to do each day"] == "38 (18%)"
    assert rows["Feeling more confident"] == "fewer than 5"
    assert rows["People who answered"] == "212"
    assert "Of 212 who answered. People could choose more than one answer." in text(html)


def test_report_notes_the_suppression_rule(bcp_lead):
    assert "Counts from 1 to 4 are shown as ‘fewer than 5’ and their percentages are withheld" in text(report(bcp_lead))


def test_report_suppression_follows_the_threshold_setting(tmp_path):
    from tests.conftest import create_staff, sign_in

    app = make_app(tmp_path, surveys_dir=ROOT / "surveys", SUPPRESS_BELOW=50)
    build_bcp(app.config["DATABASE"])
    client = app.test_client()
    create_staff(app, "lead")
    sign_in(client, "lead@council.example")
    rows = tables(report(client))["Responses by engagement session"]
    assert ["s1", "fewer than 50", "withheld"] in rows
    assert ["No session (online link or paper)", "95", "30%"] in rows


def test_report_filters_come_from_the_url(bcp_lead):
    page = text(report(bcp_lead, "?session=s2&group=2"))
    assert "In total there were 27 questionnaires completed." in page
    found = tables(report(bcp_lead, "?session=s1"))
    assert found["Responses by variant (standard or easy read)"][1:] == [["Easy read", "fewer than 5", "withheld"], ["Standard", "withheld", "withheld"]]


def test_report_filter_for_responses_without_a_session(bcp_lead):
    assert "In total there were 95 questionnaires completed." in text(report(bcp_lead, "?session=none"))


def test_report_date_filters_use_london_days(bcp_lead):
    assert "In total there were 84 questionnaires completed." in text(report(bcp_lead, "?date_from=2023-03-08&date_to=2023-03-08"))


@pytest.mark.parametrize("query, message", [
    ("?date_from=2023-02-30", "Enter the ‘from’ date as a real date"),
    ("?group=3", "Choose group 1 or group 2"),
    ("?questionnaire=nope", "Choose a questionnaire from the list"),
    ("?date_from=2023-03-09&date_to=2023-03-01", "The ‘to’ date must be the same as or after the ‘from’ date"),
])
def test_report_names_a_bad_filter_and_shows_the_rest(bcp_lead, query, message):
    page = text(report(bcp_lead, query))
    assert "There is a problem" in page and message in page
    assert "questionnaires completed" in page


def test_report_is_for_leads_and_admins_only(bcp_app):
    from tests.conftest import create_staff, sign_in

    client = bcp_app.test_client()
    create_staff(bcp_app, "facilitator")
    sign_in(client, "facilitator@council.example")
    assert client.get("/staff/report/").status_code == 403
    assert client.get("/staff/report/download/csv?questionnaire=group1-standard").status_code == 403


def test_written_answers_are_searchable_and_show_the_group(bcp_lead):
    html = bcp_lead.get("/staff/report/text/group1-standard/anything_else?search=BUS").get_data(as_text=True)
    page = text(html)
    assert "3 answers match ‘BUS’" in page
    assert page.count("The bus is often late") == 3
    assert "Group 1, standard" in page


def test_written_answers_search_treats_percent_signs_as_text(bcp_lead):
    page = text(bcp_lead.get("/staff/report/text/group1-standard/anything_else?search=100%25").get_data(as_text=True))
    assert "1 answer matches ‘100%’" in page
    assert "More art please, 100% more" in page


def test_written_answers_page_refuses_a_choice_question(bcp_lead):
    assert bcp_lead.get("/staff/report/text/group1-standard/what_value").status_code == 404


def test_report_links_to_written_answers_with_the_count(bcp_lead):
    assert "Read the 6 answers to ‘Is there anything else you want to tell us about day opportunities?’" in text(report(bcp_lead))
