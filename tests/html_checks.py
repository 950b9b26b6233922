"""Checks every HTML page the test client fetches: one <h1>, a <title> that starts with
the h1's text, no duplicate ids, every form field labelled, every aria reference resolving."""

import re
from html.parser import HTMLParser

FIELDS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button"}
# A tag escaped into the text: a template joined plain strings to Markup.
ESCAPED_MARKUP = re.compile(r"&lt;(a|span|strong|br|img|p)[ &]")


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.duplicates, self.fields, self.label_for = set(), [], [], set()
        self.h1s, self.title, self.references = [], "", []
        self._in, self._label_depth, self._template_depth = None, 0, 0

    def handle_starttag(self, tag, attrs):
        if tag == "template":
            self._template_depth += 1
        if self._template_depth:
            return  # inert until a script clones it; checked when it is live in a browser
        attrs = dict(attrs)
        if "id" in attrs:
            (self.duplicates.append(attrs["id"]) if attrs["id"] in self.ids else self.ids.add(attrs["id"]))
        for name in ("aria-describedby", "aria-labelledby"):
            self.references += (attrs.get(name) or "").split()
        if tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in FIELDS and attrs.get("type") not in UNLABELLED_TYPES:
            self.fields.append((attrs.get("id"), attrs.get("name"), self._label_depth > 0 or "aria-label" in attrs))
        if tag in ("h1", "title"):
            self._in = tag
            if tag == "h1":
                self.h1s.append("")

    def handle_endtag(self, tag):
        if tag == "template":
            self._template_depth -= 1
        if self._template_depth:
            return
        if tag == "label":
            self._label_depth -= 1
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._template_depth:
            return
        if self._in == "h1":
            self.h1s[-1] += data
        elif self._in == "title":
            self.title += data


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def check_page(html):
    """Return a list of problems with the page (empty when it is sound)."""
    page = PageParser()
    page.feed(html)
    problems = []
    if len(page.h1s) != 1:
        problems.append(f"expected one <h1>, found {len(page.h1s)}")
    elif not squash(page.title).removeprefix("Error: ").startswith(squash(page.h1s[0]).replace(" (optional)", "")):
        problems.append(f"<title> {squash(page.title)!r} does not start with the h1 {squash(page.h1s[0])!r}")
    problems += [f"duplicate id {i!r}" for i in page.duplicates]
    problems += [f"markup shown as text: {m.group(0)!r}" for m in ESCAPED_MARKUP.finditer(html)]
    problems += [f"aria reference to missing id {r!r}" for r in page.references if r not in page.ids]
    for field_id, name, wrapped in page.fields:
        if not wrapped and field_id not in page.label_for:
            problems.append(f"field {name!r} (id {field_id!r}) has no label")
    return problems
