"""Who made the easy-read pictures: read from the table in static/easyread/LICENSE.md,
so the credits page and the licence file beside the pictures cannot disagree."""

import re
from dataclasses import dataclass
from pathlib import Path

ROW = re.compile(r"^\|\s*`(?P<file>[^`]+\.svg)`\s*\|\s*`(?P<code>[0-9A-F-]+)`\s*\|\s*(?P<name>[^|]+?)\s*\|\s*(?P<designer>[^|]+?)\s*\|$")


@dataclass(frozen=True)
class PictureCredit:
    file: str
    code_point: str
    name: str
    designer: str


def picture_credits(pictures_dir):
    """One credit per picture listed in LICENSE.md, in the file's order."""
    text = (Path(pictures_dir) / "LICENSE.md").read_text(encoding="utf-8")
    return [
        PictureCredit(m["file"], m["code"], m["name"], m["designer"])
        for m in (ROW.match(line.strip()) for line in text.splitlines())
        if m
    ]
