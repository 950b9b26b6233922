"""Make the easy-read pictures in static/easyread/ and their credits table.

    python scripts/easyread_pictures.py /tmp/om/node_modules/openmoji

(from `npm install --prefix /tmp/om openmoji@17.0.0`). OpenMoji pictures are copied
unchanged from `color/svg/`; a "not" picture is the OpenMoji picture with a red diagonal
line over it; amount pictures (blocks for importance, dots for how often, a slope for how
hard, numbers for ages) are drawn here. The table in static/easyread/LICENSE.md is
rewritten from PICTURES, so the credits page names every file's maker.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "easyread"
INK, PALE, RED = "#1d4f91", "#ffffff", "#d4351c"

# file name -> (OpenMoji code point, what the picture shows). Existing files keep theirs.
OPENMOJI = {
    "bournemouth.svg": ("1F3D6", "a beach with an umbrella"),
    "christchurch.svg": ("26EA", "a church"),
    "poole.svg": ("26F5", "a sailing boat"),
    "future.svg": ("23F3", "an hourglass"),
    "carer-own-views.svg": ("1F5E3", "a head speaking"),
    "help.svg": ("1F91D", "two hands shaking"),
    "confident.svg": ("1F4AA", "a strong arm"),
    "doing-things-myself.svg": ("1F9D1-200D-1F373", "a person cooking"),
    "keeping-fit.svg": ("1F3C3", "a person running"),
    "each-day.svg": ("1F4C6", "a calendar with one page for each day"),
    "safe.svg": ("1F6E1", "a shield"),
    "rest.svg": ("1F6CB", "a sofa and a lamp"),
    "caring.svg": ("1FAC2", "two people hugging"),
    "where.svg": ("1F9ED", "a compass"),
    "local-area.svg": ("1F3D9", "buildings in a town"),
    "some-of-each.svg": ("2696", "a pair of scales"),
    "day-centre.svg": ("1F3DB", "a large building with columns"),
    "travel.svg": ("1F6A6", "a traffic light"),
    "minibus.svg": ("1F690", "a minibus"),
    "driving.svg": ("1F6DE", "a steering wheel"),
    "something-else.svg": ("2733", "a star with eight points"),
    "bus-stop.svg": ("1F68F", "a bus stop"),
    "travelling-alone.svg": ("1F6B6-200D-27A1-FE0F", "a person walking on their own"),
    "maybe.svg": ("1F914", "a face thinking"),
    "not-sure.svg": ("1F937", "a person shrugging"),
    "activity-ticket.svg": ("1F39F", "tickets to get in"),
    "travel-ticket.svg": ("1F3AB", "a ticket"),
    "food-and-drink.svg": ("1F96A", "a sandwich"),
    "helper.svg": ("1F481", "a person at a help desk"),
    "clothes.svg": ("1F455", "a T-shirt"),
    "travel-hard.svg": ("1F6A7", "a road barrier"),
    "costs-too-much.svg": ("1F9FE", "a long receipt"),
    "costs.svg": ("1F45B", "a purse"),
    "far-away.svg": ("1F6E3", "a long road"),
    "paid-job.svg": ("1F9D1-200D-1F3ED", "a person at work in a factory"),
    "getting-ready-for-work.svg": ("1F454", "a shirt and tie"),
    "volunteering.svg": ("1FAF6", "hands making a heart"),
    "work-help.svg": ("1F9F0", "a toolbox"),
    "job-i-would-like.svg": ("1F3AF", "a target with an arrow in the middle"),
    "application-form.svg": ("1F4CB", "a clipboard with a form"),
    "try-a-job.svg": ("1F9D1-200D-1F527", "a person working with tools"),
    "learning-skills.svg": ("1F9D1-200D-1F393", "a student"),
    "job-coach.svg": ("1F9D1-200D-1F3EB", "a teacher"),
    "train.svg": ("1F686", "a train"),
    "listening.svg": ("1F442", "an ear"),
    "advice.svg": ("1F4C4", "a page of writing"),
    "thoughts.svg": ("1F4AD", "a thought bubble"),
    "ill.svg": ("1F912", "a face with a thermometer"),
    "video-call.svg": ("1F4F9", "a video camera"),
    "confused.svg": ("1F615", "a confused face"),
    "not-for-me.svg": ("1F645", "a person crossing their arms to say no"),
    "morning.svg": ("1F305", "the sun coming up"),
    "weekend-day.svg": ("1F3A1", "a big wheel at a fair"),
    "weekend-evening.svg": ("1F303", "a night sky with stars"),
    "group.svg": ("1F46F", "two people dancing together"),
    "same-help.svg": ("1F46C", "two men holding hands"),
    "all-sorts.svg": ("1F30E", "the world"),
    "do-not-mind.svg": ("1F44C", "a hand saying OK"),
    "ages.svg": ("1F9D1-200D-1F9D2", "an adult and a child"),
    "same-age.svg": ("1F46D", "two women holding hands"),
    "website.svg": ("1F310", "a globe for the internet"),
    "paper-list.svg": ("1F4C3", "a page with a list"),
    "notice-board.svg": ("1F4CC", "a pin for a notice"),
    "find-out.svg": ("1F50E", "a magnifying glass"),
    "change.svg": ("1FA84", "a magic wand"),
    "tell-us.svg": ("1F4AC", "a speech bubble"),
    "have-your-say.svg": ("1F4E3", "a megaphone"),
    "dont-know.svg": ("2753", "a question mark"),
}

# "not" pictures: file -> (OpenMoji code point, what it shows before it is crossed out).
CROSSED = {
    "no-bus.svg": ("1F68C", "a bus, crossed out"),
    "no-bus-stop.svg": ("1F68F", "a bus stop, crossed out"),
    "no-right-time.svg": ("1F552", "a clock, crossed out"),
    "not-safe.svg": ("1F6E1", "a shield, crossed out"),
    "nobody-with-me.svg": ("1F465", "two people, crossed out"),
    "no-lift.svg": ("1F697", "a car, crossed out"),
    "no-minibus.svg": ("1F690", "a minibus, crossed out"),
    "no-computer.svg": ("1F4BB", "a laptop computer, crossed out"),
}

AGES = {"age-under-18.svg": "0–17", "age-18-24.svg": "18–24", "age-25-34.svg": "25–34", "age-35-44.svg": "35–44",
        "age-45-54.svg": "45–54", "age-55-64.svg": "55–64", "age-65-74.svg": "65–74", "age-75-plus.svg": "75+"}
BLOCKS = {"importance-4.svg": 4, "importance-3.svg": 3, "importance-1.svg": 1, "importance-0.svg": 0}
DOTS = {"often.svg": 4, "sometimes.svg": 2, "never.svg": 0}
SLOPES = {"easy.svg": 0, "ok.svg": 20, "hard.svg": 44}


def svg(body):
    return f'<svg viewBox="0 0 72 72" xmlns="http://www.w3.org/2000/svg">\n{body}\n</svg>\n'


def inner(openmoji, code):
    text = (openmoji / "color" / "svg" / f"{code}.svg").read_text()
    return re.sub(r"^.*?<svg[^>]*>|</svg>\s*$", "", text, flags=re.S)


def crossed(openmoji, code):
    line = '<line x1="10" y1="62" x2="62" y2="10" stroke="{}" stroke-width="{}" stroke-linecap="round"/>'
    return svg(inner(openmoji, code) + line.format(PALE, 11) + line.format(RED, 6))


def blocks(filled, total=4):
    return svg("".join(
        f'<rect x="{6 + i * 16}" y="{52 - i * 10}" width="12" height="{14 + i * 10}" rx="2" '
        f'fill="{INK if i < filled else PALE}" stroke="{INK}" stroke-width="2.5"/>' for i in range(total)))


def dots(filled, total=4):
    return svg("".join(
        f'<circle cx="{12 + i * 16}" cy="36" r="6.5" fill="{INK if i < filled else PALE}" stroke="{INK}" stroke-width="2.5"/>'
        for i in range(total)))


def slope(rise):
    return svg(f'<path d="M6 58 L66 {58 - rise} L66 62 L6 62 Z" fill="{INK}"/>'
               f'<circle cx="{14}" cy="{50}" r="5" fill="{PALE}" stroke="{INK}" stroke-width="2.5"/>')


def number(text):
    size = 19 if len(text) > 3 else 28
    return svg(f'<rect x="4" y="14" width="64" height="44" rx="8" fill="{PALE}" stroke="{INK}" stroke-width="3"/>'
               f'<text x="36" y="{36 + size * 0.36:.0f}" font-family="Arial, Helvetica, sans-serif" font-size="{size}" '
               f'font-weight="700" text-anchor="middle" fill="{INK}">{text}</text>')


def drawn():
    yield from ((name, number(text), f"the numbers {text}") for name, text in AGES.items())
    yield from ((name, blocks(n), f"{n} of 4 blocks filled in") for name, n in BLOCKS.items())
    yield from ((name, dots(n), f"{n} of 4 dots filled in") for name, n in DOTS.items())
    words = {"easy.svg": "a flat path", "ok.svg": "a gentle slope", "hard.svg": "a steep slope"}
    yield from ((name, slope(rise), words[name]) for name, rise in SLOPES.items())


def main(openmoji):
    openmoji = Path(openmoji)
    data = {e["hexcode"]: e for e in json.loads((openmoji / "data" / "openmoji.json").read_text())}
    descriptions = json.loads((OUT / "pictures.json").read_text())
    rows = []
    for name, (code, shows) in OPENMOJI.items():
        (OUT / name).write_text((openmoji / "color" / "svg" / f"{code}.svg").read_text())
        descriptions[name] = shows
    for name, (code, shows) in CROSSED.items():
        (OUT / name).write_text(crossed(openmoji, code))
        descriptions[name] = shows
        rows.append((name, code, f"{data[code]['annotation']}, crossed out with a red line", data[code]["openmoji_author"]))
    for name, text, shows in drawn():
        (OUT / name).write_text(text)
        descriptions[name] = shows
        rows.append((name, "-", shows, "drawn for this project"))
    (OUT / "pictures.json").write_text(json.dumps(descriptions, indent=2, ensure_ascii=False) + "\n")
    ours = set(OPENMOJI) | {row[0] for row in rows}
    rows = [(name, code, data[code]["annotation"], data[code]["openmoji_author"]) for name, (code, _) in OPENMOJI.items()] + rows
    lines = [line for line in (OUT / "LICENSE.md").read_text().splitlines(keepends=True)
             if not any(line.startswith(f"| `{name}` |") for name in ours)]
    end = max(i for i, line in enumerate(lines) if line.startswith("| `")) + 1
    table = [f"| `{name}` | `{code}` | {what} | {who} |\n" for name, code, what, who in rows]
    (OUT / "LICENSE.md").write_text("".join(lines[:end] + table + lines[end:]))
    print(f"{len(OPENMOJI)} copied, {len(CROSSED)} crossed out, {sum(1 for _ in drawn())} drawn")


if __name__ == "__main__":
    main(sys.argv[1])
