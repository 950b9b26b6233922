"""Questionnaire definitions: every shipped file loads; each problem gets an exact message
naming the file and the JSON path."""

import copy
import json
import os
import shutil
import subprocess
import sys

import pytest

from app import create_app
from engage.questionnaires.definitions import check_folder, load_catalogue
from tests.conftest import ROOT, VALID_SURVEYS

PICTURES = ROOT / "static" / "easyread"
SMALL = json.loads((VALID_SURVEYS / "small.json").read_text())
SMALL_ER = json.loads((VALID_SURVEYS / "small-easyread.json").read_text())


def problems_for(tmp_path, standard=SMALL, easyread=SMALL_ER, raw=None):
    folder = tmp_path / "surveys"
    folder.mkdir(exist_ok=True)
    (folder / "small.json").write_text(raw if raw is not None else json.dumps(standard, indent=2))
    if easyread is not None:
        (folder / "small-easyread.json").write_text(json.dumps(easyread, indent=2))
    _, problems = check_folder(folder, PICTURES)
    return [str(p) for p in problems]


def changed(doc, edit):
    doc = copy.deepcopy(doc)
    edit(doc)
    return doc


def test_shipped_questionnaires_all_load():
    catalogue = load_catalogue(ROOT / "surveys", PICTURES)
    ids = {q.id for q in catalogue}
    assert {"group1-standard", "group1-easyread", "group2-standard"} <= ids
    for questionnaire in catalogue:
        assert 20 <= len(questionnaire.questions) <= 30, questionnaire.id


def test_test_questionnaires_load():
    assert [q.id for q in load_catalogue(VALID_SURVEYS, PICTURES)] == ["small", "small-easyread"]


def test_invalid_json_names_line_and_column(tmp_path):
    assert problems_for(tmp_path, raw='{\n  "id": "small",\n  "title" "x"\n}', easyread=None) == [
        "surveys/small.json: invalid JSON at line 3 column 11: Expecting ':' delimiter"
    ]


def set_(path, value):
    def edit(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def delete(path):
    def edit(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return edit


STANDARD_CASES = [
    ("unknown type", set_(["pages", 1, "questions", 0, "type"], "dropdown"),
     'surveys/small.json: pages[1].questions[0].type: "dropdown" is not one of "single_choice", "multiple_choice", "scale", "short_text", "long_text"'),
    ("missing label", delete(["pages", 0, "questions", 0, "options", 1, "label"]),
     "surveys/small.json: pages[0].questions[0].options[1]: missing required field 'label'"),
    ("missing text", delete(["pages", 0, "questions", 1, "text"]),
     "surveys/small.json: pages[0].questions[1]: missing required field 'text'"),
    ("unknown field", set_(["pages", 0, "questions", 0, "colour"], "red"),
     "surveys/small.json: pages[0].questions[0]: unknown field: 'colour' was unexpected"),
    ("duplicate question id", set_(["pages", 1, "questions", 0, "id"], "who"),
     "surveys/small.json: pages[1].questions[0].id: question id 'who' is used more than once"),
    ("duplicate page id", set_(["pages", 1, "id"], "about"),
     "surveys/small.json: pages[1].id: page id 'about' is used more than once"),
    ("reserved page id", set_(["pages", 1, "id"], "check"),
     "surveys/small.json: pages[1].id: page id 'check' is reserved: choose another"),
    ("condition on a later question", set_(["pages", 1, "questions", 0, "show_if"], {"question": "break", "any_of": ["some"]}),
     "surveys/small.json: pages[1].questions[0].show_if.question: question 'break' is not on an earlier page"),
    ("condition on a missing question", set_(["pages", 2, "questions", 0, "show_if", "question"], "nobody"),
     "surveys/small.json: pages[2].questions[0].show_if.question: no question 'nobody' in this questionnaire"),
    ("condition on a missing option", set_(["pages", 2, "questions", 0, "show_if", "any_of"], ["carer", "aunt"]),
     "surveys/small.json: pages[2].questions[0].show_if.any_of[1]: question 'who' has no option 'aunt'"),
    ("scale with 4 points", set_(["pages", 2, "questions", 0, "options"], [{"id": f"o{i}", "label": "x"} for i in range(4)]),
     "surveys/small.json: pages[2].questions[0].options: a scale has 3 or 5 options"),
    ("duplicate option id", set_(["pages", 1, "questions", 0, "options", 2, "id"], "bus"),
     "surveys/small.json: pages[1].questions[0].options: option ids are not unique"),
    ("wrong group type", set_(["group"], "1"),
     'surveys/small.json: group: "1" is not one of 1, 2'),
    ("missing picture file", set_(["pages", 0, "questions", 0, "options", 0, "picture"], "unicorn.svg"),
     "surveys/small.json: pages[0].questions[0].options[0].picture: no file static/easyread/unicorn.svg"),
]


@pytest.mark.parametrize("name,edit,message", STANDARD_CASES, ids=[c[0] for c in STANDARD_CASES])
def test_standard_problem_messages(tmp_path, name, edit, message):
    assert message in problems_for(tmp_path, standard=changed(SMALL, edit), easyread=None)


EASYREAD_CASES = [
    ("missing picture file", set_(["pages", 2, "questions", 0, "options", 0, "picture"], "bus2.svg"),
     "surveys/small-easyread.json: pages[2].questions[0].options[0].picture: no file static/easyread/bus2.svg"),
    ("option without a picture", delete(["pages", 0, "questions", 0, "options", 1, "picture"]),
     "surveys/small-easyread.json: pages[0].questions[0].options[1].picture: easy read needs a picture here"),
    ("two questions on a page", set_(["pages", 1, "questions"], SMALL_ER["pages"][1]["questions"] * 2),
     "surveys/small-easyread.json: pages[1].questions: an easy-read page holds exactly one question, not 2"),
    ("twin missing a question", delete(["pages", 4]),
     "surveys/small-easyread.json: pages: questions missing here that twin 'small' has: else"),
    ("twin with another question id", set_(["pages", 4, "questions", 0, "id"], "other"),
     "surveys/small-easyread.json: pages: questions here that twin 'small' does not have: other"),
    ("twin with other option ids", set_(["pages", 2, "questions", 0, "options", 0, "id"], "coach"),
     "surveys/small-easyread.json: pages[2].questions[0]: differs from twin 'small' in option ids"),
    ("twin with another type", set_(["pages", 1, "questions", 0, "type"], "long_text"),
     "surveys/small-easyread.json: pages[1].questions[0]: differs from twin 'small' in type"),
    ("twin of nothing", set_(["twin_of"], "nothing"),
     "surveys/small-easyread.json: twin_of: no questionnaire 'nothing' to be the twin of"),
    ("easy read without a twin", delete(["twin_of"]),
     "surveys/small-easyread.json: easy read needs twin_of: the id of its standard questionnaire"),
    ("two answers on one screen share a picture", set_(["pages", 2, "questions", 0, "options", 1, "picture"], "bus.svg"),
     "surveys/small-easyread.json: pages[2].questions[0].options[1].picture: bus.svg is also the picture of answer 'bus'"
     " on this screen: two answers never share a picture"),
    ("an answer shares the picture of the screen's extra answer",
     set_(["pages", 0, "questions", 0, "options", 0, "picture"], "prefer-not-to-say.svg"),
     "surveys/small-easyread.json: pages[0].questions[0].extra_option: prefer-not-to-say.svg is also the picture of answer"
     " 'i go to day activities' on this screen: two answers never share a picture"),
    ("one picture for two answers in the questionnaire", set_(["pages", 3, "questions", 0, "options", 2, "picture"], "taxi.svg"),
     "surveys/small-easyread.json: pages[3].questions[0].options[2].picture: taxi.svg already means answer 'taxi'"
     " at pages[2].questions[0].options[1].picture: one picture, one meaning"),
    ("one picture for a question and an answer", set_(["pages", 4, "questions", 0, "picture"], "carer.svg"),
     "surveys/small-easyread.json: pages[4].questions[0].picture: carer.svg already means answer 'i am a carer'"
     " at pages[0].questions[0].options[1].picture: one picture, one meaning"),
    ("the Read to me picture", set_(["picture"], "speaker.svg"),
     "surveys/small-easyread.json: picture: speaker.svg is the picture of the Read to me button: choose another"),
]


def test_the_same_words_may_keep_the_same_picture_on_every_screen(tmp_path):
    def no_on_two_screens(doc):
        doc["pages"][3]["questions"][0]["options"][2]["picture"] = "no.svg"
        doc["pages"][0]["questions"][0]["options"].append({"id": "no", "label": "No.", "picture": "no.svg"})
    assert problems_for(tmp_path, easyread=changed(SMALL_ER, no_on_two_screens)) == [
        "surveys/small-easyread.json: pages[0].questions[0]: differs from twin 'small' in option ids"
    ]


def test_check_command_reports_a_picture_with_two_meanings(tmp_path):
    folder = tmp_path / "surveys"
    shutil.copytree(VALID_SURVEYS, folder)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "db"), "SURVEYS_DIR": str(VALID_SURVEYS)})
    (folder / "small-easyread.json").write_text(json.dumps(changed(SMALL_ER, set_(["picture"], "taxi.svg"))))
    result = app.test_cli_runner().invoke(args=["surveys", "check", str(folder / "small-easyread.json")])
    assert result.exit_code == 1
    assert "taxi.svg already means questionnaire 'small-easyread' at picture: one picture, one meaning" in result.output


@pytest.mark.parametrize("name,edit,message", EASYREAD_CASES, ids=[c[0] for c in EASYREAD_CASES])
def test_easyread_problem_messages(tmp_path, name, edit, message):
    assert message in problems_for(tmp_path, easyread=changed(SMALL_ER, edit))


def test_duplicate_questionnaire_id_across_files(tmp_path):
    assert problems_for(tmp_path, easyread=changed(SMALL_ER, set_(["id"], "small"))) == [
        "surveys/small.json: id: questionnaire id 'small' is also used by surveys/small-easyread.json"
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    doc = changed(SMALL, set_(["pages", 1, "id"], "about"))
    doc = changed(doc, set_(["pages", 2, "questions", 0, "show_if", "question"], "nobody"))
    assert len(problems_for(tmp_path, standard=doc, easyread=None)) == 2


def test_version_changes_when_the_definition_changes(tmp_path):
    folder = tmp_path / "surveys"
    shutil.copytree(VALID_SURVEYS, folder)
    before = load_catalogue(folder, PICTURES).get("small").definition_hash
    (folder / "small.json").write_text(json.dumps(changed(SMALL, set_(["title"], "New title"))))
    assert load_catalogue(folder, PICTURES).get("small").definition_hash != before


def test_check_command_passes_on_shipped_surveys(runner):
    shipped = sorted(str(p) for p in (ROOT / "surveys").glob("**/*.json"))
    result = runner.invoke(args=["surveys", "check", *shipped])
    assert result.exit_code == 0, result.output
    assert "ok  surveys/group1-standard.json: questionnaire 'group1-standard'" in result.output
    assert "ok  polls/bcp-priorities-2023.json: poll 'bcp-priorities-2023'" in result.output


BROKEN = changed(SMALL, lambda d: d["pages"][1]["questions"][0].update(type="dropdown"))


def test_check_command_fails_and_names_problems_in_words_and_json_path(tmp_path):
    folder = tmp_path / "surveys"
    shutil.copytree(VALID_SURVEYS, folder)
    (folder / "small.json").write_text(json.dumps(BROKEN))
    (folder / "other.json").write_text("{")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "db"), "SURVEYS_DIR": str(folder)})
    result = app.test_cli_runner().invoke(args=["surveys", "check", str(folder / "small.json"), str(folder / "other.json")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "surveys/other.json: invalid JSON at line 1 column 2: Expecting property name enclosed in double quotes" in lines
    assert any(line.startswith("surveys/small.json: page 2, question 1 (pages[1].questions[0]).type: ") for line in lines)
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit


def test_check_runs_without_flask_or_the_app_and_exits_1(tmp_path):
    broken = tmp_path / "surveys" / "small.json"
    broken.parent.mkdir()
    broken.write_text(json.dumps(BROKEN))
    done = subprocess.run([sys.executable, "-m", "engage.definitions.cli", "check", str(broken)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "ENGAGE_DATABASE": str(tmp_path / "none")})
    assert done.returncode == 1
    assert done.stderr.startswith("surveys/small.json: page 2, question 1 (pages[1].questions[0]).type: ")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "none").exists()


def test_a_reminder_condition_is_checked_like_a_question_condition(tmp_path):
    reminder = {"text": "Answer as they would.", "show_if": {"question": "who", "any_of": ["nobody"]}}
    assert problems_for(tmp_path, easyread=changed(SMALL_ER, set_(["reminder"], reminder))) == [
        "surveys/small-easyread.json: reminder.show_if.any_of[0]: question 'who' has no option 'nobody'"
    ]
