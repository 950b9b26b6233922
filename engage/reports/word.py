"""The committee paper as an A4 Word document (python-docx), written from the paper model
(paper.py): a title page, Word heading styles (so the navigation pane and screen readers
work), each chart as a PNG made by CairoSVG from the page's SVG with its figures as alt
text, tables with a repeated header row, figures right-aligned and columns wide enough for
their longest word, and the document's properties (title, author = the council, created).
"""

import io
import tempfile
from functools import cache

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from engage import clock

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY_PT = 11
CELL_PADDING = Mm(4.4)  # Word's default cell margins (1.9 mm each side) and a little room
FONT_FILE = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
BOLD_FONT_FILE = "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"


@cache
def font(bold):
    """Arial's metrics (Liberation Sans has the same widths), or None when not installed."""
    try:
        from PIL import ImageFont

        return ImageFont.truetype(BOLD_FONT_FILE if bold else FONT_FILE, 100)
    except OSError:
        return None


def text_width(text, bold=False, size=BODY_PT):
    """The width of `text` at `size` points, in EMU (Word's unit)."""
    face = font(bold)
    hundredths = face.getlength(text) if face else 60 * len(text)  # an em-ish guess without the font
    return int(Pt(size) * hundredths / 100)


def longest_word(text, bold=False):
    return max((text_width(word, bold) for word in str(text).split()), default=0)


def column_widths(header, rows):
    """Each column at least as wide as its longest word, so no word is split. The figures'
    columns get their whole lines when the labels can still fit their longest word; the
    labels take the rest of the page's width. Otherwise the room left over the longest words
    is shared out towards each column's longest line."""
    columns = list(zip(header, *rows))
    least = [max(longest_word(column[0], True), *(longest_word(v) for v in column[1:])) + CELL_PADDING for column in columns]
    wanted = [max(text_width(str(column[0]), True), *(text_width(str(v)) for v in column[1:])) + CELL_PADDING for column in columns]
    rest = TEXT_WIDTH - sum(wanted[1:])
    if rest >= least[0]:
        return [rest, *wanted[1:]]
    spare = TEXT_WIDTH - sum(least)
    if spare <= 0:
        return least
    more = [w - m for w, m in zip(wanted, least)]
    return [m + int(spare * extra / sum(more)) for m, extra in zip(least, more)]


def set_a4(section):
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN


def title_page(document, paper):
    document.add_paragraph(paper.council, style="Subtitle")
    document.add_heading(paper.title, 0)
    document.add_paragraph(paper.service, style="Subtitle")
    lines = [
        ("Questionnaires", "; ".join(paper.questionnaires) or "none"),
        ("Responses included", paper.scope), ("Period", paper.period), ("Made on", paper.made),
    ]
    for label, value in lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph(paper.note)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_chart(document, chart):
    import cairosvg

    png = cairosvg.svg2png(bytestring=chart.svg.encode(), output_width=640)  # about 150 dpi at 110 mm: sharp, and quick to make
    shape = document.add_picture(io.BytesIO(png), width=Mm(110))  # its words about the size of the body text
    shape._inline.docPr.set("descr", chart.alt)
    shape._inline.docPr.set("title", chart.title[:250])


def repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def add_table(document, table):
    widths = column_widths(table.header, table.rows)
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    repeat_header(grid.rows[0])
    for row_values, row in [(table.header, grid.rows[0]), *((values, grid.add_row()) for values in table.rows)]:
        for position, (cell, value) in enumerate(zip(row.cells, row_values)):
            cell.width = widths[position]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(str(value))
            run.bold = row is grid.rows[0]
            if position:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, width in zip(grid.columns, widths):
        column.width = width
    document.add_paragraph()


def add_block(document, block):
    document.add_heading(block.heading, block.level)
    for text in block.paragraphs:
        if text:
            document.add_paragraph(text)
    if block.chart:
        add_chart(document, block.chart)
    if block.table:
        add_table(document, block.table)
    for item in block.texts:
        line = document.add_paragraph(style="List Bullet")
        line.add_run(f"{item.question.text}: ").bold = True
        line.add_run(f"{item.answered:,} answered" if item.answered else "no one answered")
        for theme, cell in item.themes:
            document.add_paragraph(f"{theme}: {cell}", style="List Bullet 2")


def write(paper):
    """The paper as a .docx, in a temporary file the caller streams and closes."""
    document = Document()
    set_a4(document.sections[0])
    styles = document.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(BODY_PT)
    properties = document.core_properties
    properties.title = f"{paper.title}: {paper.scope}"
    properties.author = paper.council
    properties.subject = paper.service
    properties.created = clock.now().replace(tzinfo=None)
    properties.comments = paper.note
    title_page(document, paper)
    for block in paper.blocks:
        add_block(document, block)
    spool = tempfile.TemporaryFile()
    document.save(spool)
    return spool
