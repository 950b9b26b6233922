"""Poll definitions: the shipped poll loads; each problem gets an exact message naming
the file and the JSON path; `flask surveys check` and start-up check polls too."""

import copy
import json

import pytest

from engage.polls.definitions import check_poll_folder, load_polls
from tests.conftest import ROOT, VALID_SURVEYS, make_app, rows

PICTURES = ROOT / "static" / "easyread"
SMALL_POLL = json.loads((VALID_SURVEYS / "polls" / "small-poll.json").read_text())
OPTIONS = [
    {"id": "yes", "label": "Yes", "colour": "green", "picture": "thumbs-up.svg"},
    {"id": "no", "label": "No", "colour": "red", "picture": "thumbs-down.svg"},
]


def write_polls(tmp_path, *docs, raw=None):
    folder = tmp_path / "surveys" / "polls"
    folder.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        (folder / "a.json").write_text(raw)
    for i, doc in enumerate(docs):
        (folder / f"poll{i}.json").write_text(json.dumps(doc, indent=2))
    return tmp_path / "surveys"


def problems_for(tmp_path, *docs, raw=None):
    _, problems = check_poll_folder(write_polls(tmp_path, *docs, raw=raw), PICTURES)
    return [str(p) for p in problems]


def changed(edit, doc=SMALL_POLL):
    doc = copy.deepcopy(doc)
    edit(doc)
    return doc


def test_shipped_bcp_poll_loads_with_six_priorities_and_25_proposals():
    poll = load_polls(ROOT / "surveys", PICTURES).get("bcp-priorities-2023")
    assert len(poll.priorities) == 6
    assert len(poll.proposals) == 25
    assert poll.example_content is True
    assert [p.title for p in poll.priorities] == [
        "Transport", "Cost/Eligibility", "Supported Employment", "Day Opportunities Provision",
        "Accessible Information", "Day Opportunity Standards/Support",
    ]


def test_default_options_are_coloured_cards_with_a_face_and_a_word():
    poll = load_polls(VALID_SURVEYS, PICTURES).get("small-poll")
    assert [(o.id, str(o.label), o.colour, o.picture) for o in poll.options] == [
        ("agree", "Agree", "green", "happy.svg"),
        ("not_sure", "Not sure", "yellow", "not-sure.svg"),
        ("disagree", "Disagree", "red", "unhappy.svg"),
    ]
    assert poll.agree_option == "agree"


def test_options_can_be_redefined_per_poll_and_agreement_defaults_to_the_first(tmp_path):
    surveys = write_polls(tmp_path, changed(lambda d: d.update(options=OPTIONS)))
    poll = load_polls(surveys, PICTURES).get("small-poll")
    assert [o.id for o in poll.options] == ["yes", "no"]
    assert poll.agree_option == "yes"
    assert poll.options[1].easyread_label == "No"


def test_invalid_json_names_line_and_column(tmp_path):
    assert problems_for(tmp_path, raw='{\n  "id" "x"\n}') == [
        "polls/a.json: invalid JSON at line 2 column 8: Expecting ':' delimiter"
    ]


def test_missing_required_field_is_named(tmp_path):
    doc = changed(lambda d: d["priorities"][0]["proposals"][1].pop("easyread"))
    assert problems_for(tmp_path, doc) == ["polls/poll0.json: priorities[0].proposals[1]: missing required field 'easyread'"]


def test_unknown_field_is_named(tmp_path):
    doc = changed(lambda d: d["priorities"][1].update(colour="red"))
    assert problems_for(tmp_path, doc) == ["polls/poll0.json: priorities[1]: unknown field: 'colour' was unexpected"]


def test_option_colour_must_be_a_card_colour(tmp_path):
    doc = changed(lambda d: d.update(options=[{**OPTIONS[0], "colour": "pink"}, OPTIONS[1]]))
    assert problems_for(tmp_path, doc) == [
        'polls/poll0.json: options[0].colour: "pink" is not one of "green", "yellow", "red", "blue", "grey"'
    ]


def test_option_without_a_picture_is_refused_so_colour_is_never_alone(tmp_path):
    doc = changed(lambda d: d.update(options=[{k: v for k, v in OPTIONS[0].items() if k != "picture"}, OPTIONS[1]]))
    assert problems_for(tmp_path, doc) == ["polls/poll0.json: options[0]: missing required field 'picture'"]


def test_proposal_id_must_be_a_slug(tmp_path):
    doc = changed(lambda d: d["priorities"][0]["proposals"][0].update(id="More buses"))
    assert problems_for(tmp_path, doc) == [
        'polls/poll0.json: priorities[0].proposals[0].id: "More buses" does not match the pattern ^[a-z0-9][a-z0-9-]*$'
    ]


def test_duplicate_poll_id_names_the_other_file(tmp_path):
    assert problems_for(tmp_path, SMALL_POLL, SMALL_POLL) == [
        "polls/poll1.json: id: poll id 'small-poll' is also used by polls/poll0.json"
    ]


def test_duplicate_priority_id(tmp_path):
    doc = changed(lambda d: d["priorities"][1].update(id="travel"))
    assert problems_for(tmp_path, doc) == ["polls/poll0.json: priorities[1].id: priority id 'travel' is used more than once"]


def test_duplicate_proposal_id_across_priorities(tmp_path):
    doc = changed(lambda d: d["priorities"][1]["proposals"][0].update(id="buses"))
    assert problems_for(tmp_path, doc) == [
        "polls/poll0.json: priorities[1].proposals[0].id: proposal id 'buses' is used more than once in this poll"
    ]


def test_duplicate_option_id(tmp_path):
    doc = changed(lambda d: d.update(options=[OPTIONS[0], {**OPTIONS[1], "id": "yes"}]))
    assert problems_for(tmp_path, doc) == ["polls/poll0.json: options[1].id: option id 'yes' is used more than once"]


def test_two_options_may_not_share_a_colour(tmp_path):
    doc = changed(lambda d: d.update(options=[OPTIONS[0], {**OPTIONS[1], "colour": "green"}]))
    assert problems_for(tmp_path, doc) == [
        "polls/poll0.json: options[1].colour: colour 'green' is already used by option 'yes': each option needs its own colour"
    ]


def test_agree_option_must_be_one_of_the_options(tmp_path):
    doc = changed(lambda d: d.update(options=OPTIONS, agree_option="agree"))
    assert problems_for(tmp_path, doc) == ["polls/poll0.json: agree_option: no option 'agree' to count as agreement"]


def test_agree_option_without_options_is_refused(tmp_path):
    doc = changed(lambda d: d.update(agree_option="agree"))
    assert problems_for(tmp_path, doc) == [
        "polls/poll0.json: agree_option: agree_option needs options: the default options already count 'agree'"
    ]


def test_comment_length_without_comments_is_refused(tmp_path):
    doc = changed(lambda d: d.update(allow_comments=False, comment_max_length=200))
    assert problems_for(tmp_path, doc) == ["polls/poll0.json: comment_max_length: comment_max_length needs allow_comments: true"]


@pytest.mark.parametrize(
    "edit, path",
    [
        (lambda d: d.update(picture="nope.svg"), "picture"),
        (lambda d: d["priorities"][1].update(picture="nope.svg"), "priorities[1].picture"),
        (lambda d: d["priorities"][0]["proposals"][1].update(picture="nope.svg"), "priorities[0].proposals[1].picture"),
        (lambda d: d.update(options=[OPTIONS[0], {**OPTIONS[1], "picture": "nope.svg"}]), "options[1].picture"),
    ],
)
def test_missing_picture_file_names_the_path(tmp_path, edit, path):
    assert problems_for(tmp_path, changed(edit)) == [f"polls/poll0.json: {path}: no file static/easyread/nope.svg"]


def test_long_easy_read_sentence_is_refused(tmp_path):
    long = "This sentence is far too long for easy read because it has more than fifteen words in it."
    doc = changed(lambda d: d["priorities"][0]["proposals"][0].update(easyread="Short one. " + long))
    assert problems_for(tmp_path, doc) == [
        "polls/poll0.json: priorities[0].proposals[0].easyread: an easy-read sentence has 18 words: use 15 or fewer"
    ]


def test_surveys_check_lists_poll_problems_and_fails(tmp_path):
    surveys = write_polls(tmp_path, changed(lambda d: d["priorities"][1].update(id="travel")))
    app = make_app(tmp_path, surveys_dir=VALID_SURVEYS)
    result = app.test_cli_runner().invoke(args=["surveys", "check", str(surveys / "polls" / "poll0.json")])
    assert result.exit_code == 1
    assert "polls/poll0.json: priority 2 (priorities[1]).id: priority id 'travel' is used more than once" in result.output


def test_surveys_check_lists_polls_when_all_is_well(runner):
    result = runner.invoke(args=["surveys", "check", str(VALID_SURVEYS / "polls" / "small-poll.json")])
    assert result.exit_code == 0
    assert "ok  polls/small-poll.json: poll 'small-poll'" in result.output


def test_an_invalid_poll_is_skipped_and_listed_while_the_app_starts(tmp_path):
    surveys = write_polls(tmp_path, changed(lambda d: d.update(picture="nope.svg")))
    app = make_app(tmp_path, surveys_dir=surveys)
    assert app.extensions["engage.polls"].get("poll0") is None
    assert rows(app, "SELECT file, problems FROM definition_file_problems") == [
        ("polls/poll0.json", '["polls/poll0.json: picture: no file static/easyread/nope.svg"]')]


def test_start_up_lists_questionnaire_and_poll_problems_together(tmp_path):
    surveys = write_polls(tmp_path, changed(lambda d: d.update(picture="nope.svg")))
    (surveys / "small.json").write_text('{"id": "small"')
    app = make_app(tmp_path, surveys_dir=surveys)
    assert rows(app, "SELECT file, problems FROM definition_file_problems ORDER BY file") == [
        ("polls/poll0.json", '["polls/poll0.json: picture: no file static/easyread/nope.svg"]'),
        ("surveys/small.json", '["surveys/small.json: invalid JSON at line 1 column 15: Expecting \',\' delimiter"]'),
    ]
