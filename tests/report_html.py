"""Reading figures back out of the report's HTML: every table, by caption, as rows of cell text."""

import re
from html.parser import HTMLParser

from tests.html_checks import squash


class Tables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self._caption, self._row, self._cell, self._in_caption = {}, "", None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(squash(self._cell))
            self._cell = None
        elif tag == "tr":
            self._rows.append(self._row)
            self._row = None
        elif tag == "table":
            self.tables[squash(self._caption)] = self._rows

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def tables(html):
    parser = Tables()
    parser.feed(html)
    return parser.tables


def text(html):
    return squash(re.sub(r"<[^>]+>", " ", html))
