"""engage.reports.xlsx_stream writes workbooks that openpyxl reads back cell for cell."""

import openpyxl
import pytest

from engage.reports import xlsx_stream


def written(tmp_path, sheets):
    path = tmp_path / "book.xlsx"
    with open(path, "wb") as out:
        xlsx_stream.write_workbook(out, sheets)
    return openpyxl.load_workbook(path)


def test_cells_come_back_as_written(tmp_path):
    rows = [["a", 1, 2.5, None, ""], ["=SUM(A1:A9)", "http://example.org", " padded ", "line\nbreak", "<&>\"'"]]
    book = written(tmp_path, [("Responses x", [["Raw data"], ["w", "x", "y", "z", "v"]], iter(rows))])
    sheet = book["Responses x"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Raw data" and values[1] == ["w", "x", "y", "z", "v"]
    assert values[2] == ["a", 1, 2.5, None, None]
    assert values[3] == ["=SUM(A1:A9)", "http://example.org", " padded ", "line\nbreak", "<&>\"'"]
    assert sheet["A4"].data_type == "s" and not sheet["B4"].hyperlink  # text stays text
    assert sheet["A1"].font.b and not sheet["A3"].font.b and sheet.freeze_panes == "A3"


def test_characters_xml_cannot_hold_are_dropped_and_long_text_cut(tmp_path):
    book = written(tmp_path, [("S", [], [["bell\x07 and\x0b tab\tok", "x" * 40_000, "\x01"]])])
    row = [cell.value for cell in next(book["S"].iter_rows())]
    assert row == ["bell and tab\tok", "x" * xlsx_stream.MAX_CELL, None]


def test_several_sheets_keep_their_names_and_order(tmp_path):
    book = written(tmp_path, [("One & two", [], [[1]]), ('Say "three"', [], [[2], [3]])])
    assert book.sheetnames == ["One & two", 'Say "three"']
    assert [row[0].value for row in book['Say "three"'].iter_rows()] == [2, 3]


def test_more_rows_than_excel_opens_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 3)
    with pytest.raises(xlsx_stream.TooManyRows, match="more than 3 rows"):
        written(tmp_path, [("S", [["head"]], iter([[1], [2], [3]]))])
