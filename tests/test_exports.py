"""Every download opened back (csv, openpyxl, python-docx): its numbers match the report page;
publication files are suppressed, raw ones are marked and complete."""

import csv
import io

import docx
import openpyxl
import pytest

from engage.reports import exports
from tests.conftest import rows
from tests.report_data import Builder
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


def expected_wide_rows(app, report_id):
    """The `csv` body worked out the slow, obvious way, one query per response, from
    docs/exports.md: [meta..., one cell per column], None for an empty meta value."""
    definition = app.extensions["engage.catalogue"].get(report_id)
    expected = []
    for uuid, *meta in rows(app, "SELECT uuid, questionnaire_id, respondent_group, variant, channel, session_id,"
                                 " round, submitted_at FROM responses WHERE report_id = ? ORDER BY submitted_at, rowid",
                            [report_id]):
        answers: dict = {}
        for question_id, value in rows(app, "SELECT question_id, value FROM answers WHERE response_uuid = ?"
                                            " ORDER BY question_id, value", [uuid]):
            answers.setdefault(question_id, []).append(value)
        cells = []
        for _name, question, option_id in exports.wide_columns(definition):
            values = answers.get(question.id)
            if option_id is None:
                cells.append(values[0] if values else "")
            else:
                cells.append("" if values is None else ("1" if option_id in values else "0"))
        expected.append([uuid, *meta, *cells])
    return expected


def add_awkward_response(app):
    """Words that need quoting, a leading '=', two values for one text question (its cell is
    the first in (question, value) order) and an option the questionnaire no longer has."""
    builder = Builder(app.config["DATABASE"], first_serial=10_000)
    builder.add("group1-standard", 1, answers={
        "activity_wish": ['Swimming, "proper" lessons\nand cafés'], "anything_else": ["=1+1", " spaced "],
        "what_value": ["routine", "retired_option"], "building_or_community": ["mix"],
    }, channel="kiosk", session_id="s1", submitted_at="2023-03-01T10:05:00.000000Z")
    builder.close()


def csv_cell(cell):
    """What the CSV holds for a cell: text that a spreadsheet would run as a formula gets a '."""
    text = "" if cell is None else str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and text[:1] else text


@pytest.mark.parametrize("report_id", ["group1-standard", "group2-standard"])
def test_wide_csv_cells_are_the_answers_cell_for_cell(bcp_app, bcp_lead, report_id):
    add_awkward_response(bcp_app)
    body = csv_rows(fetch(bcp_lead, f"/staff/report/download/csv?questionnaire={report_id}").data)[2:]
    assert body == [[csv_cell(cell) for cell in row] for row in expected_wide_rows(bcp_app, report_id)]


def test_written_answers_that_look_like_formulas_are_text_in_every_raw_download(bcp_app, bcp_lead, tmp_path):
    builder = Builder(bcp_app.config["DATABASE"], first_serial=20_000)
    builder.add("group1-standard", 1, answers={"activity_wish": ['=HYPERLINK("http://example.org","x")'],
                                               "anything_else": ["-5 minutes walk"], "building_or_community": ["mix"]})
    builder.close()
    wide = csv_rows(fetch(bcp_lead, "/staff/report/download/csv?questionnaire=group1-standard").data)
    assert ["'=HYPERLINK(\"http://example.org\",\"x\")", "'-5 minutes walk"] == [c for row in wide[2:] for c in row if "example" in c or "minutes walk" in c]
    long = csv_rows(fetch(bcp_lead, "/staff/report/download/long").data)
    assert ["'=HYPERLINK(\"http://example.org\",\"x\")", "'-5 minutes walk"] == [row[3] for row in long[2:] if "example" in row[3] or "minutes walk" in row[3]]
    assert "mix" in [row[3] for row in long[2:]]  # option ids are never marked
    path = tmp_path / "responses.xlsx"
    path.write_bytes(fetch(bcp_lead, "/staff/report/download/raw-xlsx").data)
    sheet = openpyxl.load_workbook(path)["Responses group1-standard"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and ("example" in c.value or "minutes walk" in c.value)]
    assert [c.value for c in cells] == ['=HYPERLINK("http://example.org","x")', "-5 minutes walk"]
    assert all(c.data_type == "s" for c in cells)  # text cells holding the words, not formulas


def test_raw_xlsx_responses_sheets_hold_the_csv_cells(bcp_app, bcp_lead, tmp_path):
    add_awkward_response(bcp_app)
    path = tmp_path / "responses.xlsx"
    path.write_bytes(fetch(bcp_lead, "/staff/report/download/raw-xlsx").data)
    book = openpyxl.load_workbook(path, read_only=True)
    for report_id in ("group1-standard", "group2-standard"):
        sheet = list(book[f"Responses {report_id}"].iter_rows(values_only=True))
        width = len(sheet[1])
        expected = [[None if cell == "" else cell for cell in row] for row in expected_wide_rows(bcp_app, report_id)]
        assert [list(row) + [None] * (width - len(row)) for row in sheet[2:]] == [row + [None] * (width - len(row)) for row in expected]


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


def test_xlsx_workbook_matches_the_page_and_holds_no_raw_data(bcp_lead, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(fetch(bcp_lead, "/staff/report/download/xlsx").data)
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Summary", "Questions", "Polls", "Dictionary group1-standard", "Dictionary group2-standard"]
    summary = [row for row in book["Summary"].iter_rows(values_only=True)]
    assert ("In total there were 321 questionnaires completed. Of these 234 were for Group 1 and 87 for Group 2.",) == summary[1][:1]
    assert ("Group 1", 234, "73%") in [row[:3] for row in summary]
    assert ("s1", 44, "14%") in [row[:3] for row in summary]
    assert ("Kiosk at a session", 206, "64%") in [row[:3] for row in summary]
    questions = [row[:3] for row in book["Questions"].iter_rows(values_only=True)]
    assert (DAY_CENTRE, 129, "55%") in questions
    assert ("I do not know", "fewer than 5", None) in questions
    assert page_tables(bcp_lead)["Responses by group"][1] == ["Group 1", "234", "73%"]


def test_raw_xlsx_is_marked_and_filtered_like_the_page(bcp_app, bcp_lead, tmp_path):
    path = tmp_path / "responses.xlsx"
    path.write_bytes(fetch(bcp_lead, "/staff/report/download/raw-xlsx?questionnaire=group1-standard&channel=kiosk").data)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Responses group1-standard"]
    sheet = book["Responses group1-standard"]
    assert sheet["A1"].value == "Raw data: not for publication" and sheet["A1"].font.b and sheet["A2"].font.b
    assert sheet.freeze_panes == "A3"
    assert [cell.value for cell in sheet[2]][:3] == ["response_id", "questionnaire_id", "respondent_group"]
    channels = [row[4] for row in sheet.iter_rows(min_row=3, values_only=True)]
    [(kiosk,)] = rows(bcp_app, "SELECT count(*) FROM responses WHERE report_id = 'group1-standard' AND channel = 'kiosk'")
    assert channels == ["kiosk"] * kiosk and kiosk > 0


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
    ("raw-xlsx", lambda path: openpyxl.load_workbook(path, read_only=True).sheetnames == ["Responses group2-standard"]),
    ("docx", lambda path: "87 questionnaires" in docx.Document(str(path)).paragraphs[1].text),
])
def test_export_command_writes_each_format(bcp_app, tmp_path, kind, check):
    out = tmp_path / f"out.{kind.removeprefix('raw-')}"
    result = bcp_app.test_cli_runner().invoke(
        args=["export", "--format", kind, "--out", str(out), "--questionnaire", "group2-standard"])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and check(out)


def test_export_command_refuses_a_bad_filter_and_writes_nothing(bcp_app, tmp_path):
    out = tmp_path / "out.csv"
    result = bcp_app.test_cli_runner().invoke(args=["export", "--format", "long", "--out", str(out), "--group", "9"])
    assert result.exit_code == 2 and "Choose group 1 or group 2" in result.output
    assert not out.exists()


def test_every_cell_from_outside_is_text_in_the_csv_downloads(bcp_app, bcp_lead):
    builder = Builder(bcp_app.config["DATABASE"], first_serial=20_000)
    builder.add("group1-standard", 1, session_id='=HYPERLINK("http://evil.example","x")', answers={"building_or_community": ["mix"]})
    builder.close()
    wide = csv_rows(fetch(bcp_lead, "/staff/report/download/csv?questionnaire=group1-standard").data)
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in [c for row in wide[2:] for c in row]
    assert not [c for row in wide for c in row if c.startswith("=")]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_poll_csv_cells_that_start_like_a_formula_are_text(cell):
    from engage.polls import exports as poll_exports

    assert poll_exports.safe(cell) == "'" + cell
