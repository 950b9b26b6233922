"""Easy-read screens as served: a hidden "Read to me" button and its script on each one,
pictures on every answer, and a big thank-you."""

import re

READ_TO_ME = re.compile(r'<button type="button" class="er-readaloud" hidden data-module="er-readaloud"')


def assert_read_to_me(html):
    assert READ_TO_ME.search(html), "no hidden Read to me button"
    assert re.search(r'<script src="/static/js/readaloud.js\?v=[0-9a-f]+" defer></script>', html)


def test_every_easy_read_screen_has_a_hidden_read_to_me_button(client, respondent):
    r = respondent("small-easyread")
    assert_read_to_me(client.get("/q/small-easyread/").get_data(as_text=True))
    r.start()
    assert_read_to_me(client.get("/q/small-easyread/who").get_data(as_text=True))
    r.answer("who", {"who": "uses"})
    r.answer("name", {})
    r.answer("how", {"how": "bus"})
    r.answer("else", {})
    assert_read_to_me(client.get("/q/small-easyread/check").get_data(as_text=True))
    done = client.get(r.submit().headers["Location"]).get_data(as_text=True)
    assert_read_to_me(done)
    assert 'class="er-thankyou"' in done and "<h1 class=\"er-thankyou__title\">Thank you</h1>" in done


def test_standard_screens_have_no_read_to_me_button(client, respondent):
    respondent("small").start()
    page = client.get("/q/small/about").get_data(as_text=True)
    assert "er-readaloud" not in page and "readaloud.js" not in page


def test_easy_read_check_answers_shows_each_answer_with_its_picture_and_a_change_link(client, respondent):
    r = respondent("small-easyread")
    r.start()
    r.answer("who", {"who": "uses"})
    r.answer("name", {})
    r.answer("how", {"how": ["bus", "walk"]})
    r.answer("else", {})
    page = client.get("/q/small-easyread/check").get_data(as_text=True)
    assert page.count('class="er-check__item"') == 4
    assert page.count('class="er-check__picture"') == 4
    assert page.count('href="/q/small-easyread/how?change=1"') == 1


def test_easy_read_says_which_questions_must_be_answered_and_how_many_to_choose(client, respondent):
    r = respondent("small-easyread")
    r.start()
    assert "You need to answer this question.</p>" in client.get("/q/small-easyread/who").get_data(as_text=True)
    r.answer("who", {"who": "uses"})
    assert "You do not have to answer this question.</p>" in client.get("/q/small-easyread/name").get_data(as_text=True)
    r.answer("name", {})
    how = client.get("/q/small-easyread/how").get_data(as_text=True)
    assert "You need to answer this question. Choose up to 2 answers." in how
    assert 'data-module="er-choices" data-max="2"' in how and 'aria-live="assertive"' in how
    assert "choices.js" in how


def test_easy_read_errors_say_how_many_and_the_server_keeps_the_rules(client, respondent):
    r = respondent("small-easyread")
    r.start()
    r.answer("who", {"who": "uses"})
    r.answer("name", {})
    empty = r.answer("how", {}).get_data(as_text=True)
    assert "Choose an answer. You can choose up to 2." in empty
    too_many = r.answer("how", {"how": ["bus", "taxi", "walk"]})
    assert too_many.status_code == 400
    assert "You can choose up to 2 answers. Untick one to choose another." in too_many.get_data(as_text=True)
    with_dont_know = r.answer("how", {"how": ["bus", "dont_know"]})
    assert with_dont_know.status_code == 400
    assert "‘I don&#39;t know’ goes on its own. Untick it to choose other answers." in with_dont_know.get_data(as_text=True)


def test_a_carer_answering_for_someone_is_reminded_on_every_later_screen(tmp_path):
    from tests.conftest import ROOT, Respondent, make_app

    app = make_app(tmp_path, surveys_dir=ROOT / "surveys")
    reminder = "You are answering for the person you look after. Answer as they would answer."
    for who, shown in (("carer_for_person", True), ("carer_own", False), ("uses", False)):
        client = app.test_client()
        r = Respondent(client, "group1-easyread")
        r.start()
        assert reminder not in client.get("/q/group1-easyread/who-answering").get_data(as_text=True)
        r.answer("who-answering", {"who_answering": who})
        for page in ("helped", "area"):
            assert (reminder in client.get(f"/q/group1-easyread/{page}").get_data(as_text=True)) is shown, (who, page)
            r.answer(page, {})


def test_easy_read_start_says_how_long_it_takes_and_who_to_ask_for_help(tmp_path):
    from tests.conftest import ROOT, make_app

    start = make_app(tmp_path, surveys_dir=ROOT / "surveys").test_client().get("/q/group1-easyread/").get_data(as_text=True)
    assert "It takes about 15 minutes." in start
    assert "You can ask for help. Ask a support worker, someone in your family or a member of staff." in start
    assert "device" not in start.split("<main", 1)[1]
