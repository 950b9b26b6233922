"""The committee paper (engage/reports/paper.py, word.py): an A4 Word document whose
figures match the report page, with a title page, heading styles, a chart with alt text per
question, tables whose columns fit their longest word, and a file name that says the filters."""

import io
import os
import re
import subprocess
import tempfile

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from engage.reports import word
from tests.report_html import tables

KEEP = os.environ.get("KEEP_PAPER")  # a folder to keep the files in, to look at them


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def paper(client, query=""):
    response = fetch(client, f"/staff/report/download/docx{query}")
    if KEEP:
        with open(os.path.join(KEEP, "paper.docx"), "wb") as handle:
            handle.write(response.data)
    return response, docx.Document(io.BytesIO(response.data))


def test_paper_is_a4_with_a_title_page_and_properties(bcp_lead):
    response, document = paper(bcp_lead)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["Your council", "Engagement report", "Have your say"]
    assert "Responses included: All responses" in texts
    assert "Period: 2023-02-27 to 2023-03-15" in texts or any(t.startswith("Period: 2023-") for t in texts)
    assert document.core_properties.author == "Your council"
    assert document.core_properties.title == "Engagement report: All responses"
    assert 'filename="engagement-report-all.docx"' in response.headers["Content-Disposition"]


def test_paper_file_name_and_title_page_say_the_filters(bcp_lead):
    response, document = paper(bcp_lead, "?session=s2&group=2")
    assert 'filename="engagement-report-s2-group-2.docx"' in response.headers["Content-Disposition"]
    assert "Responses included: S2 only, Group 2" in [p.text for p in document.paragraphs]


def test_paper_headings_use_word_heading_styles(bcp_lead):
    _response, document = paper(bcp_lead)
    styles = {p.text: p.style.name for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))}
    assert styles["Engagement report"] == "Title"
    assert styles["Who took part"] == "Heading 1"
    assert styles["Where would you most like day opportunities to happen?"] == "Heading 2"


def test_paper_has_a_chart_with_its_figures_as_alt_text_for_every_answered_question(bcp_lead):
    _response, document = paper(bcp_lead)
    descriptions = [p.get("descr") for p in document.element.body.iter(qn("wp:docPr"))]
    page = tables(fetch(bcp_lead, "/staff/report/").get_data(as_text=True))
    answered = [caption for caption in page if caption.startswith("Answers to ‘")]
    assert len(descriptions) >= len(answered) >= 3
    assert ("Where would you most like day opportunities to happen?: In a day centre 129 (55%); Out in the community,"
            in descriptions[0] + descriptions[1] + " ".join(descriptions))


def test_paper_figures_match_the_page(bcp_lead):
    _response, document = paper(bcp_lead)
    page = tables(fetch(bcp_lead, "/staff/report/").get_data(as_text=True))
    caption = "Answers to ‘Where would you most like day opportunities to happen?’: number of people (percent of those who answered)"
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    for row in page[caption]:
        assert row in rows or row[0] == "Answer"
    texts = [p.text for p in document.paragraphs]
    assert "In total there were 321 questionnaires completed. Of these 234 were for Group 1 and 87 for Group 2." in texts
    assert ["Group 2", "87", "27%"] in rows


def test_paper_tables_repeat_their_header_and_right_align_figures(bcp_lead):
    _response, document = paper(bcp_lead)
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows[1:]:
            for cell in row.cells[1:]:
                assert cell.paragraphs[0].alignment == 2  # right


def test_no_paper_table_cell_splits_a_word(bcp_lead):
    """Each column's width is at least its longest word, measured in the font (Arial's metrics), plus the cell's margins."""
    _response, document = paper(bcp_lead)
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        for position, column in enumerate(table.columns):
            words = [w for cell in column.cells for w in cell.text.split()]
            header_words = header[position].split()
            longest = max([word.text_width(w) for w in words] + [word.text_width(w, bold=True) for w in header_words])
            for cell in column.cells:
                assert cell.width >= longest + Mm(1.9) * 2, (header, position)
        assert sum(c.width for c in table.rows[0].cells) <= word.TEXT_WIDTH + Mm(0.1) or len(header) > 6


def pdf_text(client, query=""):
    response = fetch(client, f"/staff/report/download/pdf{query}")
    assert response.mimetype == "application/pdf"
    path = os.path.join(KEEP or tempfile.mkdtemp(), "paper.pdf")
    with open(path, "wb") as handle:
        handle.write(response.data)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    words = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    return response, info, words


def test_pdf_is_a_tagged_a4_paper_whose_figures_match_the_page_and_the_word_paper(bcp_lead):
    response, info, words = pdf_text(bcp_lead, "?group=2")
    assert "Tagged:          yes" in info and "595.276 x 841.89 pts (A4)" in info
    assert 'filename="engagement-report-group-2.pdf"' in response.headers["Content-Disposition"]
    _response, document = paper(bcp_lead, "?group=2")
    page = tables(fetch(bcp_lead, "/staff/report/?group=2").get_data(as_text=True))
    flat = " ".join(words.split())
    assert "In total there were 87 questionnaires completed." in flat
    for table in document.tables:
        for row in table.rows[1:]:
            assert " ".join(" ".join(c.text for c in row.cells).split()) in flat
    for caption, rows in page.items():
        if caption.startswith("Answers to ‘"):
            for row in rows[1:]:
                assert " ".join(" ".join(row).split()) in flat, (caption, row)


def test_paper_figures_never_wrap_when_the_labels_can_give_room(bcp_lead):
    """'30 (36%)' on one line: the figures' columns take their whole lines, the labels the rest."""
    _response, document = paper(bcp_lead)
    for table in document.tables:
        for column in list(table.columns)[1:]:
            longest = max(word.text_width(cell.text, bold=row == 0) for row, cell in enumerate(column.cells))
            assert column.cells[0].width >= longest + Mm(1.9) * 2


def test_pdf_has_a_bookmark_for_each_section(bcp_lead):
    response = fetch(bcp_lead, "/staff/report/download/pdf")
    path = os.path.join(KEEP or tempfile.mkdtemp(), "bookmarks.pdf")
    with open(path, "wb") as handle:
        handle.write(response.data)
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", path], capture_output=True, text=True, check=True).stdout
    outline = re.findall(r"<item[^>]*>([^<]+)</item>", xml.split("<outline>", 1)[-1]) if "<outline>" in xml else []
    assert any("took part" in item.lower() for item in outline), outline[:10]
    assert len(outline) >= 5, outline
