"""Paper copies made from the questionnaire: an A4 PDF and a DOCX, standard and easy read,
for a session (its name, date and short link printed), in the paper-entry screen's order."""

import io
import re
import subprocess

import pytest
from docx import Document

from engage import catalogue
from tests.conftest import ROOT, create_staff, make_app, make_session, rows, sign_in


@pytest.fixture
def shipped(tmp_path):
    app = make_app(tmp_path, surveys_dir=ROOT / "surveys")
    user = create_staff(app, "facilitator")
    client = app.test_client()
    sign_in(client, user.email)
    return app, client, make_session(app, user, ("group1-easyread", "group1-standard"))


def pdf_text(data, tmp_path):
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def questions_in_order(app, questionnaire_id):
    """The questions' words in page order: the order of the paper-entry screen."""
    with app.app_context():
        questionnaire = catalogue.questionnaires().get(questionnaire_id)
    return [q.text for page in questionnaire.pages for q in page.questions]


@pytest.mark.parametrize("questionnaire_id", ["group1-standard", "group1-easyread"])
def test_the_pdf_has_every_question_in_paper_entry_order_and_the_session(shipped, tmp_path, questionnaire_id):
    app, client, session_id = shipped
    response = client.get(f"/staff/paper/{questionnaire_id}/copy.pdf?session={session_id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = " ".join(pdf_text(response.data, tmp_path).split())
    code = rows(app, "SELECT short_code FROM sessions WHERE id = ?", [session_id])[0][0]
    assert "Poole drop-in, 1 January 2026, Poole Library" in text and f"localhost/s/{code}" in text
    position = 0
    for question in questions_in_order(app, questionnaire_id):
        words = " ".join(question.split())
        found = text.find(words, position)
        assert found >= 0, f"{words!r} missing or out of order"
        position = found


def test_the_pdf_pages_are_a4(shipped, tmp_path):
    _app, client, _session_id = shipped
    path = tmp_path / "copy.pdf"
    path.write_bytes(client.get("/staff/paper/group1-easyread/copy.pdf").data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d* pts \(A4\)", info)


def test_the_easy_read_pdf_uses_the_easy_read_words_for_the_extra_option(shipped, tmp_path):
    _app, client, _session_id = shipped
    text = pdf_text(client.get("/staff/paper/group1-easyread/copy.pdf").data, tmp_path)
    assert "I don't want to answer" in text and "Prefer not to say" not in text


def test_the_docx_has_the_questions_pictures_and_tick_boxes(shipped):
    app, client, session_id = shipped
    response = client.get(f"/staff/paper/group1-easyread/copy.docx?session={session_id}")
    assert response.status_code == 200
    assert 'filename="group1-easyread-session-' in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    cells = [cell.text for table in document.tables for cell in table.rows[0].cells]
    texts = [text for text in cells if text]
    for question in questions_in_order(app, "group1-easyread"):
        assert any(question in text for text in texts), question
    assert "☐" in texts[0]
    assert len(document.inline_shapes) >= len(document.tables)  # a picture beside each question
    assert document.paragraphs[1].text == "Poole drop-in, 1 January 2026"


def test_a_copy_without_a_session_prints_no_session(shipped, tmp_path):
    _app, client, _session_id = shipped
    text = pdf_text(client.get("/staff/paper/group1-standard/copy.pdf").data, tmp_path)
    assert "Poole drop-in" not in text and "Or answer online" not in text


def test_unknown_questionnaire_session_or_kind_is_refused(shipped):
    _app, client, _session_id = shipped
    assert client.get("/staff/paper/nope/copy.pdf").status_code == 404
    assert client.get("/staff/paper/group1-standard/copy.pdf?session=999").status_code == 404
    assert client.get("/staff/paper/group1-standard/copy.pdf?session=x").status_code == 400
    assert client.get("/staff/paper/group1-standard/copy.odt").status_code == 404


def test_paper_copies_need_staff(shipped):
    app, _client, _session_id = shipped
    assert app.test_client().get("/staff/paper/group1-standard/copy.pdf").status_code in (302, 403)
