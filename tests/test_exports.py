"""Every download opened back (csv, openpyxl, python-docx): its numbers match the report page;
publication files are suppressed, raw ones are marked and complete."""

import csv
import io

import docx
import openpyxl
import pytest

from engage import exports
from tests.report_html import tables

BUILDING = "Where would you most like day opportunities to happen?"
DAY_CENTRE = "In a day centre"


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def csv_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def page_tables(client, query=""):
    return tables(fetch(client, f"/staff/report/{query}").get_data(as_text=True))


def page_figures(client, question_text, query=""):
    """{answer: 'all respondents' cell} of a question's table on the report page."""
    caption = f"Answers to ‘{question_text}’: number of people (percent of those who answered)"
    return {row[0]: row[1] for row in page_tables(client, query)[caption][1:]}


def test_wide_csv_has_one_row_per_response_and_matches_the_page(bcp_lead):
    response = fetch(bcp_lead, "/staff/report/download/csv?questionnaire=group1-standard")
    assert response.headers["Content-Disposition"] == 'attachment; filename="responses-group1-standard-raw.csv"'
    rows = csv_rows(response.data)
    assert rows[0] == ["Raw data: not for publication"]
    header, body = rows[1], rows[2:]
    assert len(body) == 234
    records = [dict(zip(header, row)) for row in body]
    building = sum(r["building_or_community"] == "building" for r in records)
    assert f"{building} (55%)" == page_figures(bcp_lead, BUILDING)[DAY_CENTRE] == "129 (55%)"
    assert sum(r["what_value__meeting_people"] == "1" for r in records) == 170
    assert sum(r["what_value__meeting_people"] != "" for r in records) == 212
    assert sum(r["building_or_community"] == "dont_know" for r in records) == 3  # raw: not suppressed


def test_wide_csv_columns_follow_the_frozen_order(bcp_app):
    definition = bcp_app.extensions["engage.catalogue"].get("group1-standard")
    names = [name for name, _q, _o in exports.wide_columns(definition)]
    assert names[:4] == ["who_answering", "helped", "area", "age_band"]
    assert names[4:6] == ["what_value__meeting_people", "what_value__learning_skills"]
    assert "what_value__dont_know" in names and "activity_wish" in names


def test_wide_csv_of_several_questionnaires_asks_for_one(bcp_lead):
    response = bcp_lead.get("/staff/report/download/csv")
    assert response.status_code == 400
    assert "choose one questionnaire for this download" in response.get_data(as_text=True)


def test_unknown_download_gets_a_readable_400(bcp_lead):
    response = bcp_lead.get("/staff/report/download/pdf")
    assert response.status_code == 400
    assert "no download called" in response.get_data(as_text=True)


def test_dictionary_names_every_wide_column(bcp_lead):
    wide = csv_rows(fetch(bcp_lead, "/staff/report/download/csv?questionnaire=group2-standard").data)[1]
    dictionary = csv_rows(fetch(bcp_lead, "/staff/report/download/dictionary?questionnaire=group2-standard").data)
    assert dictionary[0] == exports.DICTIONARY_HEADER
    assert list(dict.fromkeys(row[0] for row in dictionary[1:])) == wide
    meet_needs = [row for row in dictionary if row[0] == "meet_needs"]
    assert [row[3:] for row in meet_needs[:2]] == [["scale", "very_well", "Very well"], ["scale", "well", "Well"]]


def test_long_csv_has_one_row_per_answer_filtered_like_the_page(bcp_lead):
    rows = csv_rows(fetch(bcp_lead, "/staff/report/download/long?group=2").data)
    assert rows[0] == ["Raw data: not for publication"]
    assert rows[1] == ["response_id", "questionnaire_id", "question_id", "value"]
    assert len(rows[2:]) == 87
    assert sum(row[3] == "well" for row in rows[2:]) == 30
    assert page_figures(bcp_lead, "Overall, how well do day opportunities in Bournemouth, Christchurch and Poole meet the needs of the people you support?", "?group=2")["Well"] == "30 (34%)"


def test_xlsx_workbook_matches_the_page_and_marks_raw_sheets(bcp_lead, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(fetch(bcp_lead, "/staff/report/download/xlsx").data)
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Summary", "Questions", "Polls", "Dictionary group1-standard", "Dictionary group2-standard",
                               "Responses group1-standard", "Responses group2-standard"]
    summary = [row for row in book["Summary"].iter_rows(values_only=True)]
    assert ("In total there were 321 questionnaires completed. Of these 234 were for Group 1 and 87 for Group 2.",) == summary[1][:1]
    assert ("Group 1", 234, "73%") in [row[:3] for row in summary]
    assert ("s1", 44, "14%") in [row[:3] for row in summary]
    assert ("Kiosk at a session", 206, "64%") in [row[:3] for row in summary]
    questions = [row[:3] for row in book["Questions"].iter_rows(values_only=True)]
    assert (DAY_CENTRE, 129, "55%") in questions
    assert ("I do not know", "fewer than 5", None) in questions
    responses = list(book["Responses group1-standard"].iter_rows(values_only=True))
    assert responses[0][0] == "Raw data: not for publication"
    assert len(responses) - 2 == 234
    assert page_tables(bcp_lead)["Responses by group"][1] == ["Group 1", "234", "73%"]


def test_docx_summary_matches_the_page(bcp_lead, tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(fetch(bcp_lead, "/staff/report/download/docx").data)
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    assert "In total there were 321 questionnaires completed. Of these 234 were for Group 1 and 87 for Group 2." in paragraphs
    assert "Of 212 who answered." in paragraphs
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert [DAY_CENTRE, "129", "55%"] in rows
    assert ["I do not know", "fewer than 5", ""] in rows
    assert ["Group 2", "87", "27%"] in rows


def test_downloads_are_written_to_the_audit_log(bcp_app, bcp_lead):
    from engage.db import connect

    fetch(bcp_lead, "/staff/report/download/long?session=s1")
    db = connect(bcp_app.config["DATABASE"])
    entries = [tuple(r) for r in db.execute("SELECT user_email, action, detail FROM audit_log WHERE action = 'download'")]
    db.close()
    assert entries == [("lead@council.example", "download", "long {'session': 's1'}")]


@pytest.mark.parametrize("kind, check", [
    ("csv", lambda path: len(csv_rows(path.read_bytes())) == 2 + 87),
    ("xlsx", lambda path: openpyxl.load_workbook(path, read_only=True).sheetnames[0] == "Summary"),
    ("docx", lambda path: "87 questionnaires" in docx.Document(str(path)).paragraphs[1].text),
])
def test_export_command_writes_each_format(bcp_app, tmp_path, kind, check):
    out = tmp_path / f"out.{kind}"
    result = bcp_app.test_cli_runner().invoke(
        args=["export", "--format", kind, "--out", str(out), "--questionnaire", "group2-standard"])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and check(out)


def test_export_command_refuses_a_bad_filter_and_writes_nothing(bcp_app, tmp_path):
    out = tmp_path / "out.csv"
    result = bcp_app.test_cli_runner().invoke(args=["export", "--format", "long", "--out", str(out), "--group", "9"])
    assert result.exit_code == 2 and "Choose group 1 or group 2" in result.output
    assert not out.exists()
