"""Load and validate questionnaire definitions into read-only objects.

JSON Schema (`schemas/questionnaire.schema.json`) checks the shape; the checks here
check the meaning. Every problem names the file and the JSON path, for example
`surveys/group1-easyread.json: pages[2].questions[0].options[3].picture: no file static/easyread/bus.svg`.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from engage.questionnaires import question_types

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "questionnaire.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# Messages, one constant each, so that tests can assert them exactly.
INVALID_JSON = "invalid JSON at line {line} column {column}: {msg}"
DUPLICATE_QUESTIONNAIRE = "questionnaire id '{id}' is also used by {other}"
DUPLICATE_PAGE = "page id '{id}' is used more than once"
RESERVED_PAGE = "page id '{id}' is reserved: choose another"
RESERVED_PAGE_IDS = {"start", "check", "submit", "done"}
DUPLICATE_QUESTION = "question id '{id}' is used more than once"
CONDITION_UNKNOWN_QUESTION = "no question '{id}' in this questionnaire"
CONDITION_NOT_EARLIER = "question '{id}' is not on an earlier page"
CONDITION_NOT_CHOICE = "question '{id}' has no options to match"
CONDITION_UNKNOWN_OPTION = "question '{question}' has no option '{option}'"
MISSING_PICTURE_FILE = "no file static/easyread/{name}"
EASYREAD_NEEDS_PICTURE = "easy read needs a picture here"
EASYREAD_ONE_QUESTION = "an easy-read page holds exactly one question, not {count}"
PICTURE_SHARED_ON_SCREEN = "{name} is also the picture of answer '{other}' on this screen: two answers never share a picture"
PICTURE_TWO_MEANINGS = "{name} already means {meaning} at {where}: one picture, one meaning"
PICTURE_RESERVED = "{name} is the picture of the Read to me button: choose another"
RESERVED_PICTURES = {"speaker.svg"}
TWIN_ONLY_EASYREAD = "only an easy-read questionnaire has a twin"
TWIN_MISSING = "easy read needs twin_of: the id of its standard questionnaire"
TWIN_UNKNOWN = "no questionnaire '{id}' to be the twin of"
TWIN_NOT_STANDARD = "twin '{id}' is not a standard questionnaire"
TWIN_GROUP = "group {group} differs from its twin's group {twin_group}"
TWIN_MISSING_QUESTIONS = "questions missing here that twin '{twin}' has: {ids}"
TWIN_EXTRA_QUESTIONS = "questions here that twin '{twin}' does not have: {ids}"
TWIN_DIFFERS = "differs from twin '{twin}' in {fields}"


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self):
        return f"{self.file}: {self.path}: {self.message}" if self.path else f"{self.file}: {self.message}"

    def plain(self):
        """Like str(), with the place in words before the JSON path:
        `x.json: page 1, question 2 (pages[0].questions[1]).type: ...`."""
        match = INDEXED_PREFIX.match(self.path)
        if not match:
            return str(self)
        words = ", ".join(f"{PLACE_WORDS.get(name, name)} {int(i) + 1}" for name, i in INDEXED_PART.findall(match.group(0)))
        return f"{self.file}: {words} ({match.group(0)}){self.path[match.end():]}: {self.message}"


INDEXED_PART = re.compile(r"\.?(\w+)\[(\d+)\]")
INDEXED_PREFIX = re.compile(r"(?:\.?\w+\[\d+\])+")
PLACE_WORDS = {"pages": "page", "questions": "question", "options": "option", "any_of": "choice",
               "priorities": "priority", "proposals": "proposal", "intro": "paragraph", "easyread_intro": "paragraph"}


class DefinitionError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    picture: str | None = None
    note: str | None = None  # in the report: "added in version 3" when not every version has it


@dataclass(frozen=True)
class Condition:
    question: str
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    hint: str | None
    required: bool
    picture: str | None
    options: tuple[Option, ...]
    max_choices: int | None
    extra_option: str | None
    max_length: int | None
    show_if: Condition | None
    note: str | None = None  # in the report: "added in version 3" when not every version has it

    @property
    def kind(self):
        return question_types.TYPES[self.type]

    def all_options(self, easyread=False):
        """The options as shown, with the extra option (if any) last."""
        if not self.extra_option:
            return self.options
        return self.options + (question_types.extra_option(self.extra_option, easyread),)

    def label_for(self, value):
        for option in self.all_options():
            if option.id == value:
                return option.label
        return value


@dataclass(frozen=True)
class Reminder:
    text: str
    show_if: Condition


@dataclass(frozen=True)
class Page:
    id: str
    title: str | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    title: str
    group: int
    variant: str
    twin_of: str | None
    intro: tuple[str, ...]
    picture: str | None
    language: str
    pages: tuple[Page, ...]
    definition_hash: str
    source: str
    reminder: Reminder | None = None

    @property
    def easyread(self):
        return self.variant == "easyread"

    @property
    def report_id(self):
        """Twins share one report: the standard questionnaire's id."""
        return self.twin_of or self.id

    @property
    def questions(self):
        return {q.id: q for page in self.pages for q in page.questions}

    def page(self, page_id):
        return next((p for p in self.pages if p.id == page_id), None)


class Catalogue:
    """Every questionnaire, loaded once and looked up by id."""

    def __init__(self, questionnaires):
        self._by_id = {q.id: q for q in questionnaires}

    def get(self, questionnaire_id):
        return self._by_id.get(questionnaire_id)

    def __iter__(self):
        return iter(sorted(self._by_id.values(), key=lambda q: (q.group, q.report_id, q.variant != "standard")))

    def __len__(self):
        return len(self._by_id)


def json_path(parts):
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_catalogue(surveys_dir, pictures_dir) -> Catalogue:
    """Load every `*.json` in `surveys_dir`; raise DefinitionError listing every problem."""
    questionnaires, problems = check_folder(surveys_dir, pictures_dir)
    if problems:
        raise DefinitionError(problems)
    return Catalogue(questionnaires)


def check_folder(surveys_dir, pictures_dir):
    pictures_dir = Path(pictures_dir)
    return check_files(
        sorted(Path(surveys_dir).glob("*.json")),
        lambda doc, name: check_document(doc, name, pictures_dir),
        check_across,
        build,
    )


def check_files(paths, check_one, check_between, build_one):
    """(objects, []) when every file is sound, else ([], every problem): each file is read
    and checked on its own (`check_one`), then the sound ones against each other."""
    loaded, problems = [], []
    for path in paths:
        name = display_name(path)
        doc, file_problems = read_document(path, name)
        if not file_problems:
            file_problems = check_one(doc, name)
        problems += file_problems
        if not file_problems:
            loaded.append((name, doc))
    problems += check_between(loaded)
    if problems:
        return [], problems
    return [build_one(doc, name) for name, doc in loaded], []


def display_name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def read_document(path, name):
    raw = path.read_bytes()
    try:
        return json.loads(raw), []
    except json.JSONDecodeError as err:
        return None, [Problem(name, "", INVALID_JSON.format(line=err.lineno, column=err.colno, msg=err.msg))]
    except UnicodeDecodeError as err:
        return None, [Problem(name, "", f"not UTF-8 text: {err.reason}")]


def check_document(doc, name, pictures_dir):
    """Problems within one file: its shape first, then (if the shape is sound) its meaning."""
    shape = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if shape:
        return [Problem(name, json_path(e.absolute_path), schema_message(e)) for e in shape]
    return [Problem(name, path, message) for path, message in check_meaning(doc, pictures_dir)]


def schema_message(error):
    if error.validator == "required":
        missing = [p for p in error.validator_value if p not in error.instance]
        return f"missing required field '{missing[0]}'" if missing else error.message
    if error.validator == "additionalProperties":
        return f"unknown field: {error.message.split('(')[-1].rstrip(')')}"
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(v) for v in error.validator_value)
        return f"{json.dumps(error.instance)} is not one of {allowed}"
    if error.validator == "pattern":
        return f"{json.dumps(error.instance)} does not match the pattern {error.validator_value}"
    return error.message


def check_meaning(doc, pictures_dir):
    easyread = doc["variant"] == "easyread"
    yield from check_twin_field(doc)
    yield from check_picture(doc, "picture", "", easyread, pictures_dir)
    yield from check_unique(doc["pages"], "pages", DUPLICATE_PAGE)
    earlier: dict = {}
    seen_questions = set()
    for p, page in enumerate(doc["pages"]):
        page_path = f"pages[{p}]"
        if page["id"] in RESERVED_PAGE_IDS:
            yield f"{page_path}.id", RESERVED_PAGE.format(id=page["id"])
        if easyread and len(page["questions"]) != 1:
            yield f"{page_path}.questions", EASYREAD_ONE_QUESTION.format(count=len(page["questions"]))
        for i, question in enumerate(page["questions"]):
            path = f"{page_path}.questions[{i}]"
            if question["id"] in seen_questions:
                yield f"{path}.id", DUPLICATE_QUESTION.format(id=question["id"])
            seen_questions.add(question["id"])
            yield from check_question(question, path, earlier, easyread, pictures_dir, doc)
        for question in page["questions"]:
            earlier[question["id"]] = question
    yield from check_picture_meanings(doc)
    if "reminder" in doc:
        yield from check_condition(doc["reminder"]["show_if"], "reminder.show_if", earlier, doc)


def check_twin_field(doc):
    if doc["variant"] == "easyread" and "twin_of" not in doc:
        yield "", TWIN_MISSING
    if doc["variant"] == "standard" and "twin_of" in doc:
        yield "twin_of", TWIN_ONLY_EASYREAD


def check_unique(items, path, message):
    seen = set()
    for i, item in enumerate(items):
        if item["id"] in seen:
            yield f"{path}[{i}].id", message.format(id=item["id"])
        seen.add(item["id"])


def check_question(question, path, earlier, easyread, pictures_dir, doc):
    yield from ((f"{path}{sub}", msg) for sub, msg in question_types.TYPES[question["type"]].check(question))
    yield from check_picture(question, "picture", path, easyread, pictures_dir)
    for j, option in enumerate(question.get("options", [])):
        yield from check_picture(option, "picture", f"{path}.options[{j}]", easyread, pictures_dir)
    if "show_if" in question:
        yield from check_condition(question["show_if"], f"{path}.show_if", earlier, doc)


def check_picture(item, key, path, easyread, pictures_dir):
    where = f"{path}.{key}" if path else key
    if key not in item:
        if easyread:
            yield where, EASYREAD_NEEDS_PICTURE
        return
    if not (pictures_dir / item[key]).is_file():
        yield where, MISSING_PICTURE_FILE.format(name=item[key])


def picture_uses(doc):
    """(path, picture, meaning, screen) for every picture in the questionnaire, where a
    meaning is ("answer", its words) or ("question", its id) and `screen` is the question
    an answer belongs to. Answers with the same words mean the same ("Yes" may be the same
    picture on every screen); a question, or the questionnaire itself, means only itself."""
    if "picture" in doc:
        yield "picture", doc["picture"], ("questionnaire", doc["id"]), None
    for p, page in enumerate(doc["pages"]):
        for i, question in enumerate(page["questions"]):
            path = f"pages[{p}].questions[{i}]"
            if "picture" in question:
                yield f"{path}.picture", question["picture"], ("question", question["id"]), None
            for j, option in enumerate(question.get("options", [])):
                if "picture" in option:
                    yield f"{path}.options[{j}].picture", option["picture"], ("answer", answer_words(option["label"])), path
            if "extra_option" in question and doc["variant"] == "easyread":
                extra = question["extra_option"]
                words = question_types.EXTRA_EASYREAD_WORDS[extra]
                yield f"{path}.extra_option", question_types.EXTRA_PICTURES[extra], ("answer", answer_words(words)), path


def answer_words(label):
    return label.strip().rstrip(".").casefold()


def check_picture_meanings(doc):
    """One picture, one meaning across the questionnaire; two answers on one screen never
    share a picture; the Read to me picture is the button's alone."""
    meanings: dict = {}
    on_screen: dict = {}
    for path, name, meaning, screen in picture_uses(doc):
        if name in RESERVED_PICTURES:
            yield path, PICTURE_RESERVED.format(name=name)
            continue
        if screen is not None:
            other = on_screen.setdefault((screen, name), meaning)
            if other != meaning:
                yield path, PICTURE_SHARED_ON_SCREEN.format(name=name, other=other[1])
                continue
        first_meaning, where = meanings.setdefault(name, (meaning, path))
        if first_meaning != meaning:
            yield path, PICTURE_TWO_MEANINGS.format(name=name, meaning=f"{first_meaning[0]} '{first_meaning[1]}'", where=where)


def check_condition(condition, path, earlier, doc):
    target_id = condition["question"]
    target = earlier.get(target_id)
    if target is None:
        exists = any(q["id"] == target_id for page in doc["pages"] for q in page["questions"])
        yield f"{path}.question", (CONDITION_NOT_EARLIER if exists else CONDITION_UNKNOWN_QUESTION).format(id=target_id)
        return
    if "options" not in target:
        yield f"{path}.question", CONDITION_NOT_CHOICE.format(id=target_id)
        return
    known = {o["id"] for o in target["options"]} | ({target["extra_option"]} if "extra_option" in target else set())
    for k, option_id in enumerate(condition["any_of"]):
        if option_id not in known:
            yield f"{path}.any_of[{k}]", CONDITION_UNKNOWN_OPTION.format(question=target_id, option=option_id)


def check_across(loaded):
    """Problems between files: duplicate ids, and twins that don't match."""
    problems: list = []
    owners: dict[str, str] = {}
    for name, doc in loaded:
        if doc["id"] in owners:
            problems.append(Problem(name, "id", DUPLICATE_QUESTIONNAIRE.format(id=doc["id"], other=owners[doc["id"]])))
        owners.setdefault(doc["id"], name)
    docs = {doc["id"]: doc for _, doc in loaded}
    for name, doc in loaded:
        if doc["variant"] == "easyread" and "twin_of" in doc:
            problems += [Problem(name, path, msg) for path, msg in check_twin(doc, docs.get(doc["twin_of"]))]
    return problems


TWIN_FIELDS = ("type", "required", "max_choices", "extra_option", "show_if")


def check_twin(doc, twin):
    twin_id = doc["twin_of"]
    if twin is None:
        yield "twin_of", TWIN_UNKNOWN.format(id=twin_id)
        return
    if twin["variant"] != "standard":
        yield "twin_of", TWIN_NOT_STANDARD.format(id=twin_id)
        return
    if twin["group"] != doc["group"]:
        yield "group", TWIN_GROUP.format(group=doc["group"], twin_group=twin["group"])
    ours, theirs = question_paths(doc), question_paths(twin)
    if missing := [q for q in theirs if q not in ours]:
        yield "pages", TWIN_MISSING_QUESTIONS.format(twin=twin_id, ids=", ".join(missing))
    if extra := [q for q in ours if q not in theirs]:
        yield "pages", TWIN_EXTRA_QUESTIONS.format(twin=twin_id, ids=", ".join(extra))
    for qid, (path, question) in ours.items():
        if qid in theirs:
            fields = twin_differences(question, theirs[qid][1])
            if fields:
                yield path, TWIN_DIFFERS.format(twin=twin_id, fields=", ".join(fields))


def question_paths(doc):
    return {
        q["id"]: (f"pages[{p}].questions[{i}]", q)
        for p, page in enumerate(doc["pages"])
        for i, q in enumerate(page["questions"])
    }


def twin_differences(ours, theirs):
    fields = [f for f in TWIN_FIELDS if ours.get(f) != theirs.get(f)]
    if [o["id"] for o in ours.get("options", [])] != [o["id"] for o in theirs.get("options", [])]:
        fields.append("option ids")
    return fields


def definition_hash(doc) -> str:
    """The short hash of a definition's JSON that responses and ballots store."""
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:16]


def build(doc, source) -> Questionnaire:
    return Questionnaire(
        id=doc["id"],
        title=doc["title"],
        group=doc["group"],
        variant=doc["variant"],
        twin_of=doc.get("twin_of"),
        intro=tuple(doc["intro"]),
        picture=doc.get("picture"),
        language=doc.get("language", "en-GB"),
        pages=tuple(build_page(page) for page in doc["pages"]),
        definition_hash=definition_hash(doc),
        source=source,
        reminder=build_reminder(doc.get("reminder")),
    )


def build_reminder(reminder):
    if reminder is None:
        return None
    condition = reminder["show_if"]
    return Reminder(reminder["text"], Condition(condition["question"], tuple(condition["any_of"])))


def build_page(page) -> Page:
    return Page(id=page["id"], title=page.get("title"), questions=tuple(build_question(q) for q in page["questions"]))


def build_question(q) -> Question:
    condition = q.get("show_if")
    return Question(
        id=q["id"],
        type=q["type"],
        text=q["text"],
        hint=q.get("hint"),
        required=q.get("required", True),
        picture=q.get("picture"),
        options=tuple(Option(o["id"], o["label"], o.get("picture")) for o in q.get("options", [])),
        max_choices=q.get("max_choices"),
        extra_option=q.get("extra_option"),
        max_length=q.get("max_length"),
        show_if=Condition(condition["question"], tuple(condition["any_of"])) if condition else None,
    )
