"""The committee paper as an accessible PDF: templates/reports/paper.html, from the same
paper model as the Word paper (paper.py), rendered by WeasyPrint as a tagged PDF/UA-1 file
(headings become its bookmarks, the charts stay vector SVG, the text can be extracted)."""

import tempfile

from flask import current_app


def write(paper):
    """The paper as a PDF, in a temporary file the caller streams and closes. The template
    is rendered on its own (no request's context processors), so the command line can make it."""
    from weasyprint import HTML

    html = current_app.jinja_env.get_template("reports/paper.html").render(paper=paper)
    spool = tempfile.TemporaryFile()
    HTML(string=html).write_pdf(spool, pdf_variant="pdf/ua-1")
    return spool
