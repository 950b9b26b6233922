"""Load and validate poll definitions (`surveys/polls/*.json`) into read-only objects.

JSON Schema (`schemas/poll.schema.json`) checks the shape; the checks here check the
meaning. Problems are reported like questionnaires' (`definitions.Problem`), naming the
file and the JSON path, for example
`polls/bcp.json: priorities[1].proposals[0].picture: no file static/easyread/bus.svg`.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
from flask_babel import lazy_gettext as _l

from engage.questionnaires.definitions import (
    MISSING_PICTURE_FILE,
    DefinitionError,
    Problem,
    check_files,
    definition_hash,
    json_path,
    schema_message,
)

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "poll.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# Messages, one constant each, so that tests can assert them exactly.
DUPLICATE_POLL = "poll id '{id}' is also used by {other}"
DUPLICATE_PRIORITY = "priority id '{id}' is used more than once"
DUPLICATE_PROPOSAL = "proposal id '{id}' is used more than once in this poll"
DUPLICATE_OPTION = "option id '{id}' is used more than once"
DUPLICATE_COLOUR = "colour '{colour}' is already used by option '{other}': each option needs its own colour"
UNKNOWN_AGREE_OPTION = "no option '{id}' to count as agreement"
AGREE_WITHOUT_OPTIONS = "agree_option needs options: the default options already count 'agree'"
COMMENT_LENGTH_WITHOUT_COMMENTS = "comment_max_length needs allow_comments: true"
EASYREAD_TOO_LONG = "an easy-read sentence has {count} words: use {limit} or fewer"

EASYREAD_MAX_WORDS = 15
DEFAULT_COMMENT_MAX_LENGTH = 1000


@dataclass(frozen=True)
class VoteOption:
    id: str
    label: str
    easyread_label: str
    colour: str
    picture: str


# The coloured cards people already use at meetings, always with a face and the word.
DEFAULT_OPTIONS = (
    VoteOption("agree", _l("Agree"), _l("I agree"), "green", "happy.svg"),
    VoteOption("not_sure", _l("Not sure"), _l("I am not sure"), "yellow", "not-sure.svg"),
    VoteOption("disagree", _l("Disagree"), _l("I disagree"), "red", "unhappy.svg"),
)


@dataclass(frozen=True)
class Proposal:
    id: str
    priority_id: str
    title: str
    description: str
    easyread: str
    picture: str


@dataclass(frozen=True)
class Priority:
    id: str
    title: str
    description: str
    easyread: str
    picture: str
    proposals: tuple[Proposal, ...]


@dataclass(frozen=True)
class Poll:
    id: str
    title: str
    easyread_title: str
    intro: tuple[str, ...]
    easyread_intro: tuple[str, ...]
    picture: str
    example_content: bool
    language: str
    allow_comments: bool
    comment_max_length: int
    options: tuple[VoteOption, ...]
    agree_option: str
    priorities: tuple[Priority, ...]
    definition_hash: str
    source: str
    _proposals: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self._proposals.update({p.id: p for priority in self.priorities for p in priority.proposals})

    @property
    def proposals(self):
        """Every proposal, in the order of the definition."""
        return tuple(self._proposals.values())

    def proposal(self, proposal_id):
        return self._proposals.get(proposal_id)

    def priority(self, priority_id):
        return next((p for p in self.priorities if p.id == priority_id), None)

    def option(self, option_id):
        return next((o for o in self.options if o.id == option_id), None)

    def neighbour(self, proposal_id, step):
        """The proposal `step` places after (or before) this one, or None at either end."""
        ids = list(self._proposals)
        index = ids.index(proposal_id) + step
        return self._proposals[ids[index]] if 0 <= index < len(ids) else None


class PollCatalogue:
    """Every poll, loaded once and looked up by id."""

    def __init__(self, polls):
        self._by_id = {p.id: p for p in polls}

    def get(self, poll_id):
        return self._by_id.get(poll_id)

    def __iter__(self):
        return iter(sorted(self._by_id.values(), key=lambda p: p.title))


def polls_dir(surveys_dir):
    return Path(surveys_dir) / "polls"


def load_polls(surveys_dir, pictures_dir) -> PollCatalogue:
    """Load every `polls/*.json` under `surveys_dir`; raise DefinitionError listing every problem."""
    polls, problems = check_poll_folder(surveys_dir, pictures_dir)
    if problems:
        raise DefinitionError(problems)
    return PollCatalogue(polls)


def check_poll_folder(surveys_dir, pictures_dir):
    pictures_dir = Path(pictures_dir)
    return check_files(
        sorted(polls_dir(surveys_dir).glob("*.json")),
        lambda doc, name: check_poll_document(doc, name, pictures_dir),
        check_ids_across,
        build,
    )


def check_poll_document(doc, name, pictures_dir):
    """Problems within one poll file: its shape first, then (if the shape is sound) its meaning."""
    shape = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if shape:
        return [Problem(name, json_path(e.absolute_path), schema_message(e)) for e in shape]
    return [Problem(name, path, message) for path, message in check_meaning(doc, pictures_dir)]


def check_meaning(doc, pictures_dir):
    yield from check_picture(doc, "", pictures_dir)
    yield from check_options(doc, pictures_dir)
    if "comment_max_length" in doc and not doc.get("allow_comments", True):
        yield "comment_max_length", COMMENT_LENGTH_WITHOUT_COMMENTS
    for i, sentence in enumerate(doc["easyread_intro"]):
        yield from check_easyread(sentence, f"easyread_intro[{i}]")
    seen_priorities, seen_proposals = set(), set()
    for p, priority in enumerate(doc["priorities"]):
        path = f"priorities[{p}]"
        if priority["id"] in seen_priorities:
            yield f"{path}.id", DUPLICATE_PRIORITY.format(id=priority["id"])
        seen_priorities.add(priority["id"])
        yield from check_item(priority, path, pictures_dir)
        for i, proposal in enumerate(priority["proposals"]):
            item_path = f"{path}.proposals[{i}]"
            if proposal["id"] in seen_proposals:
                yield f"{item_path}.id", DUPLICATE_PROPOSAL.format(id=proposal["id"])
            seen_proposals.add(proposal["id"])
            yield from check_item(proposal, item_path, pictures_dir)


def check_item(item, path, pictures_dir):
    yield from check_picture(item, path, pictures_dir)
    yield from check_easyread(item["easyread"], f"{path}.easyread")


def check_picture(item, path, pictures_dir):
    if not (pictures_dir / item["picture"]).is_file():
        yield (f"{path}.picture" if path else "picture"), MISSING_PICTURE_FILE.format(name=item["picture"])


def check_easyread(text, path):
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        count = len(sentence.split())
        if count > EASYREAD_MAX_WORDS:
            yield path, EASYREAD_TOO_LONG.format(count=count, limit=EASYREAD_MAX_WORDS)


def check_options(doc, pictures_dir):
    options = doc.get("options")
    if options is None:
        if "agree_option" in doc:
            yield "agree_option", AGREE_WITHOUT_OPTIONS
        return
    ids: set[str] = set()
    colours: dict[str, str] = {}
    for i, option in enumerate(options):
        path = f"options[{i}]"
        if option["id"] in ids:
            yield f"{path}.id", DUPLICATE_OPTION.format(id=option["id"])
        ids.add(option["id"])
        if option["colour"] in colours:
            yield f"{path}.colour", DUPLICATE_COLOUR.format(colour=option["colour"], other=colours[option["colour"]])
        colours.setdefault(option["colour"], option["id"])
        yield from check_picture(option, path, pictures_dir)
    if "agree_option" in doc and doc["agree_option"] not in ids:
        yield "agree_option", UNKNOWN_AGREE_OPTION.format(id=doc["agree_option"])


def check_ids_across(loaded):
    problems: list = []
    owners: dict[str, str] = {}
    for name, doc in loaded:
        if doc["id"] in owners:
            problems.append(Problem(name, "id", DUPLICATE_POLL.format(id=doc["id"], other=owners[doc["id"]])))
        owners.setdefault(doc["id"], name)
    return problems


def build(doc, source) -> Poll:
    options = tuple(build_option(o) for o in doc["options"]) if "options" in doc else DEFAULT_OPTIONS
    return Poll(
        id=doc["id"],
        title=doc["title"],
        easyread_title=doc.get("easyread_title", doc["title"]),
        intro=tuple(doc["intro"]),
        easyread_intro=tuple(doc["easyread_intro"]),
        picture=doc["picture"],
        example_content=doc.get("example_content", False),
        language=doc.get("language", "en-GB"),
        allow_comments=doc.get("allow_comments", True),
        comment_max_length=doc.get("comment_max_length", DEFAULT_COMMENT_MAX_LENGTH),
        options=options,
        agree_option=doc.get("agree_option", options[0].id),
        priorities=tuple(build_priority(p) for p in doc["priorities"]),
        definition_hash=definition_hash(doc),
        source=source,
    )


def build_option(o) -> VoteOption:
    return VoteOption(o["id"], o["label"], o.get("easyread_label", o["label"]), o["colour"], o["picture"])


def build_priority(p) -> Priority:
    proposals = tuple(
        Proposal(x["id"], p["id"], x["title"], x["description"], x["easyread"], x["picture"]) for x in p["proposals"]
    )
    return Priority(p["id"], p["title"], p["description"], p["easyread"], p["picture"], proposals)
