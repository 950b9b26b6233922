"""The report's bar charts: one SVG source for the page (inline), the PDF (vector, through
the same template) and the Word paper (the same SVG turned into a PNG by CairoSVG). Pure:
no Flask. A chart is a list of (label, Cell, figure text): each row is its label on a line of
its own (wrapped), then a bar as long as the percentage, then the figure as published
("129 (55%)", "fewer than 5", "withheld"). A withheld percentage draws no bar.
"""

import textwrap
from xml.sax.saxutils import escape

WIDTH = 560
FONT = 24  # px in the viewBox: about 19 px at the page's widest (28rem), 12 px on a 320 px screen
LINE = 28
BAR = 24
BAR_LENGTH = 360
GAP = 14
WRAP = 38  # characters per label line
FILL = "#1d70b8"
TRACK = "#f3f2f1"
TEXT = "#0b0c0c"


def bar_chart_svg(rows, title=""):
    """A standalone SVG document (no XML declaration) for `rows` of (label, cell, figure text)."""
    parts, y = [], 0
    for label, cell, figure in rows:
        for line in textwrap.wrap(str(label), WRAP) or [""]:
            y += LINE
            parts.append(f'<text x="0" y="{y - 5}">{escape(line)}</text>')
        length = 0 if cell.percent is None else round(BAR_LENGTH * min(cell.percent, 100) / 100)
        parts.append(f'<rect x="0" y="{y + 2}" width="{BAR_LENGTH}" height="{BAR}" fill="{TRACK}"/>')
        if length:
            parts.append(f'<rect x="0" y="{y + 2}" width="{length}" height="{BAR}" fill="{FILL}"/>')
        parts.append(f'<text x="{BAR_LENGTH + 10}" y="{y + BAR - 2}">{escape(str(figure))}</text>')
        y += BAR + 2 + GAP
    height = max(y, 1)
    heading = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart__svg" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" font-family="Arial, Liberation Sans, Helvetica, sans-serif"'
        f' font-size="{FONT}" fill="{TEXT}" focusable="false">{heading}{"".join(parts)}</svg>'
    )


def alt_text(title, rows):
    """The figures in words, for the chart's alternative text in Word: 'Title: A 129 (55%); B fewer than 5.'"""
    figures = "; ".join(f"{label} {figure}" for label, _cell, figure in rows)
    return f"{title}: {figures}." if title else f"{figures}."
