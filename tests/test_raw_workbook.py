"""The raw workbook's sheets, written by XlsxWriter in constant-memory mode
(exports.write_raw_sheet), come back cell for cell when openpyxl opens them."""

import openpyxl
import pytest
import xlsxwriter

from engage.reports import exports


def written(tmp_path, sheets):
    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path), exports.RAW_OPTIONS)
    bold = book.add_format({"bold": True})
    for name, header, rows, *words in sheets:
        exports.write_raw_sheet(book.add_worksheet(name), bold, header, rows, *words)
    book.close()
    return openpyxl.load_workbook(path)


def test_raw_cells_come_back_as_written(tmp_path):
    rows = [["a", 1, 2.5, None, ""], ["=SUM(A1:A9)", "http://example.org", " padded ", "line\nbreak", "<&>\"'"],
            ["0012", "1e5", "  ", "", "x"]]
    book = written(tmp_path, [("Responses x", [["Raw data"], ["w", "x", "y", "z", "v"]], iter(rows))])
    sheet = book["Responses x"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Raw data" and values[1] == ["w", "x", "y", "z", "v"]
    assert values[2] == ["a", 1, 2.5, None, None]
    assert values[3] == ["=SUM(A1:A9)", "http://example.org", " padded ", "line\nbreak", "<&>\"'"]
    assert values[4] == ["0012", "1e5", "  ", None, "x"]  # text that looks like a number stays text
    assert sheet["A4"].data_type == "s" and not sheet["B4"].hyperlink  # text stays text
    assert sheet["A1"].font.b and not sheet["A3"].font.b and sheet.freeze_panes == "A3"


def test_raw_characters_xml_cannot_hold_are_dropped_and_long_text_cut(tmp_path):
    book = written(tmp_path, [("S", [["a", "b", "c"]], [["bell\x07 and\x0b tab\tok", "x" * 40_000, "\x01"]], [0, 1, 2])])
    row = [cell.value for cell in list(book["S"].iter_rows())[1]]
    assert row == ["bell and tab\tok", "x" * exports.MAX_CELL, None]


def test_raw_sheets_keep_their_names_and_order(tmp_path):
    book = written(tmp_path, [("One & two", [], [[1]]), ('Say "three"', [], [[2], [3]])])
    assert book.sheetnames == ["One & two", 'Say "three"']
    assert [row[0].value for row in book['Say "three"'].iter_rows()] == [2, 3]


def test_raw_sheet_with_more_rows_than_excel_opens_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "MAX_ROWS", 3)
    with pytest.raises(exports.TooManyRows, match="more than 3 rows"):
        written(tmp_path, [("S", [["head"]], iter([[1], [2], [3]]))])
