"""Paper copies made from the questionnaire itself: a printable A4 PDF (WeasyPrint) and an
editable DOCX (python-docx) of any questionnaire, standard or easy read, optionally for a
session (its name, date and short link printed at the top).

Questions come in the questionnaire's page order, the order of the paper-entry screen,
so keying a copy in goes straight down the page; a conditional question says who it is
for, in the same words. Easy read puts each picture on the left and uses big tick boxes.
SVG pictures are drawn by WeasyPrint in the PDF and turned into PNG (CairoSVG) for Word.
"""

import io
from pathlib import Path

import cairosvg
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt
from flask import current_app, render_template
from flask_babel import format_date
from flask_babel import gettext as _
from weasyprint import HTML

from engage.clock import parse_stamp
from engage.sessions import paper

BOX = "☐"


def choice_options(question, easyread=False):
    """The boxes to tick (None for a question answered in words)."""
    return question.all_options(easyread) if question.options else None


def picture_path(name):
    return Path(current_app.static_folder or "static") / "easyread" / name if name else None


def context(questionnaire, found, short_link):
    return {"questionnaire": questionnaire, "found": found, "short_link": short_link,
            "conditions": paper.conditions(questionnaire), "easyread": questionnaire.easyread,
            "choice_options": choice_options}


def pdf(questionnaire, found=None, short_link=None):
    """The questionnaire as A4 PDF bytes."""
    html = render_template("sessions/paper_copy.html", **context(questionnaire, found, short_link))
    return HTML(string=html, base_url=current_app.static_folder).write_pdf()


def png_picture(name, size):
    path = picture_path(name)
    if path is None or not path.is_file():
        return None
    return io.BytesIO(cairosvg.svg2png(url=str(path), output_width=size, output_height=size))


def add_question(document, questionnaire, question, condition):
    """One question as a two-column table: the picture (easy read) and the words and boxes."""
    easyread = questionnaire.easyread
    table = document.add_table(rows=1, cols=2 if easyread else 1)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    cells = table.rows[0].cells
    table.autofit = False
    if easyread:
        for column, width in zip(table.columns, (Cm(3.5), Cm(13.5))):
            column.width = width
            for cell in column.cells:
                cell.width = width
        picture = png_picture(question.picture, 240)
        if picture:
            cells[0].paragraphs[0].add_run().add_picture(picture, width=Cm(3))
    words = cells[-1]
    if condition:
        words.paragraphs[0].add_run(condition).italic = True
        words.add_paragraph()
    heading = words.paragraphs[-1].add_run(question.text)
    heading.bold = True
    heading.font.size = Pt(16 if easyread else 12)
    if question.hint:
        words.add_paragraph(question.hint)
    options = choice_options(question, easyread)
    if options is None:
        for _line in range(4 if question.type == "long_text" else 1):
            words.add_paragraph("_" * 60)
        return
    for option in options:
        line = words.add_paragraph()
        box = line.add_run(BOX + "  ")
        box.font.size = Pt(28 if easyread else 16)
        label = line.add_run(str(option.label))
        label.font.size = Pt(16 if easyread else 12)


def docx(questionnaire, found=None, short_link=None):
    """The questionnaire as DOCX bytes, to edit in Word before printing."""
    document = Document()
    normal = document.styles["Normal"].font
    normal.name, normal.size = "Arial", Pt(14 if questionnaire.easyread else 11)
    document.add_heading(questionnaire.title, level=1)
    if found:
        document.add_paragraph(f"{found.name}, {format_date(parse_stamp(found.starts_at), 'd MMMM yyyy')}")
    if short_link:
        document.add_paragraph(_("Or answer online: %(link)s", link=short_link))
    for line in questionnaire.intro:
        document.add_paragraph(line)
    conditions = paper.conditions(questionnaire)
    for page in questionnaire.pages:
        if page.title:
            document.add_heading(page.title, level=2)
        for question in page.questions:
            add_question(document, questionnaire, question, conditions.get(question.id))
            document.add_paragraph()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
