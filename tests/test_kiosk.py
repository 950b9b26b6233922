"""Kiosk mode through the test client: opening, each person's fresh start, the staff-help
flag, the guard that keeps the tablet on its questionnaire, discarding, and the PIN."""

import re

import pytest

from engage.db import connect
from engage.kiosk import model as kiosk
from tests.conftest import Respondent, csrf_token, make_app, response_uuid, rows

PIN = "2468"


def open_kiosk(client, questionnaire="small", pin=PIN, again=None):
    page = client.get("/kiosk/setup")
    return client.post("/kiosk/setup", data={
        "csrf_token": csrf_token(page), "questionnaire": questionnaire, "pin": pin, "pin_again": again or pin,
    })


@pytest.fixture
def tablet(client, staff):
    staff("facilitator")
    assert open_kiosk(client).headers["Location"] == "/kiosk/"
    return client


def begin(client):
    start = client.get("/kiosk/")
    response = client.post("/kiosk/start", data={"csrf_token": csrf_token(start)})
    assert response.status_code == 302
    return response.headers["Location"]


def answer(client, path, answers):
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    return client.post(path, data={"csrf_token": csrf_token(page), "response": response_uuid(page), **answers})


def complete(client, helped=None):
    assert begin(client) == "/q/small/about"
    answer(client, "/q/small/about", {"who": "uses"})
    answer(client, "/q/small/travel", {"how": "bus"})
    answer(client, "/q/small/more", {"else": "first person's secret"})
    check = client.get("/q/small/check")
    assert check.status_code == 200
    data = {"csrf_token": csrf_token(check), "response": response_uuid(check)}
    if helped:
        data["helped_by_staff"] = "yes"
    return client.post("/kiosk/submit", data=data), data["response"]


def test_kiosk_setup_signs_the_staff_member_out_of_the_tablet(tablet):
    assert tablet.get("/staff/").status_code == 302
    assert "Start" in tablet.get("/kiosk/").get_data(as_text=True)


def test_kiosk_setup_refuses_a_pin_that_is_not_4_to_8_numbers(app, client, staff):
    staff("lead")
    for pin in ("123", "123456789", "12a4", "１２３４"):
        response = open_kiosk(client, pin=pin)
        assert response.status_code == 400
        assert "Enter a PIN of 4 to 8 numbers" in response.get_data(as_text=True)
    assert rows(app, "SELECT count(*) FROM kiosks") == [(0,)]


def test_kiosk_setup_refuses_two_different_pins(client, staff):
    staff("facilitator")
    response = open_kiosk(client, pin="1234", again="1235")
    assert "The two PINs are different" in response.get_data(as_text=True)


def test_kiosk_setup_refuses_an_unknown_questionnaire_with_400(app, client, staff):
    staff("admin")
    assert open_kiosk(client, questionnaire="nope").status_code == 400
    assert rows(app, "SELECT count(*) FROM kiosks") == [(0,)]


def test_kiosk_setup_needs_a_questionnaire_chosen(client, staff):
    staff("facilitator")
    response = open_kiosk(client, questionnaire="")
    assert "Choose the questionnaire this tablet will show" in response.get_data(as_text=True)


def test_kiosk_pages_without_a_kiosk_are_not_found(client):
    assert client.get("/kiosk/").status_code == 404
    assert client.get("/kiosk/thank-you").status_code == 404


def test_kiosk_response_is_stored_with_channel_kiosk_and_staff_help(app, tablet):
    response, uuid = complete(tablet, helped=True)
    assert response.headers["Location"] == "/kiosk/thank-you"
    assert rows(app, "SELECT uuid, channel, helped_by_staff, session_id FROM responses") == [(uuid, "kiosk", 1, None)]


def test_kiosk_response_without_the_tick_is_stored_as_not_helped(app, tablet):
    complete(tablet, helped=False)
    assert rows(app, "SELECT channel, helped_by_staff FROM responses") == [("kiosk", 0)]


def test_kiosk_pages_of_a_sent_response_lead_back_to_the_start(tablet):
    complete(tablet)
    for path in ("/q/small/check", "/q/small/more", "/q/small/about"):
        response = tablet.get(path, follow_redirects=True)
        assert response.request.path == "/kiosk/", path
        assert "first person" not in response.get_data(as_text=True)


def test_kiosk_keeps_the_tablet_on_its_questionnaire(tablet):
    for path in ("/", "/q/small/", "/q/small-easyread/", "/q/small/done?ref=x"):
        assert tablet.get(path).headers["Location"] == "/kiosk/", path


def test_kiosk_pages_are_never_stored_by_the_browser(tablet):
    begin(tablet)
    for path in ("/kiosk/", "/q/small/about"):
        assert tablet.get(path).headers["Cache-Control"] == "no-store"


def test_kiosk_question_pages_carry_the_kiosk_idle_warning_and_others_do_not(app, tablet):
    begin(tablet)
    assert "kiosk.js" in tablet.get("/q/small/about").get_data(as_text=True)
    browser = app.test_client()
    Respondent(browser, "small").start()
    assert "kiosk.js" not in browser.get("/q/small/about").get_data(as_text=True)


def test_kiosk_check_page_offers_the_staff_help_tick(tablet):
    begin(tablet)
    answer(tablet, "/q/small/about", {"who": "uses"})
    answer(tablet, "/q/small/travel", {"how": "bus"})
    answer(tablet, "/q/small/more", {})
    page = tablet.get("/q/small/check").get_data(as_text=True)
    assert 'name="helped_by_staff"' in page and 'action="/kiosk/submit"' in page


def test_kiosk_next_person_starts_fresh_and_the_unfinished_draft_is_discarded(app, tablet):
    begin(tablet)
    answer(tablet, "/q/small/about", {"who": "carer"})
    begin(tablet)
    assert rows(app, "SELECT answers FROM drafts") == [("{}",)]


def test_kiosk_discard_throws_the_draft_away(app, tablet):
    begin(tablet)
    answer(tablet, "/q/small/about", {"who": "carer"})
    page = tablet.get("/q/small/travel")
    assert 'id="kiosk-idle"' in page.get_data(as_text=True)
    response = tablet.post("/kiosk/discard", data={"csrf_token": csrf_token(page)})
    assert response.headers["Location"] == "/kiosk/"
    assert rows(app, "SELECT count(*) FROM drafts") == [(0,)]
    assert tablet.get("/q/small/travel", follow_redirects=True).request.path == "/kiosk/"


def test_kiosk_submit_of_someone_elses_response_is_refused(app, tablet):
    start = tablet.get("/kiosk/")
    response = tablet.post("/kiosk/submit", data={"csrf_token": csrf_token(start), "response": "not-mine"})
    assert response.status_code == 400
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]


def exit_with(client, pin):
    page = client.get("/kiosk/exit")
    return client.post("/kiosk/exit", data={"csrf_token": csrf_token(page), "pin": pin})


def test_kiosk_exit_with_the_right_pin_ends_kiosk_mode(app, tablet):
    begin(tablet)
    response = exit_with(tablet, PIN)
    assert "Kiosk mode is off" in response.get_data(as_text=True)
    assert tablet.get("/kiosk/").status_code == 404
    assert tablet.get("/").status_code == 200
    assert rows(app, "SELECT closed_at IS NOT NULL FROM kiosks") == [(1,)]
    assert rows(app, "SELECT count(*) FROM drafts") == [(0,)]


def test_kiosk_exit_locks_after_five_wrong_pins(tablet):
    messages = [exit_with(tablet, "0000").get_data(as_text=True) for _ in range(5)]
    assert "That PIN is wrong. Tries left: 4." in messages[0]
    assert "That PIN is wrong. Tries left: 1." in messages[3]
    assert re.search(r"Too many wrong PINs. Try again at \d{1,2}:\d\d", messages[4])
    response = exit_with(tablet, PIN)
    assert response.status_code == 400
    assert "Too many wrong PINs" in response.get_data(as_text=True)
    assert tablet.get("/kiosk/").status_code == 200


def test_kiosk_pin_lock_ends_after_the_lock_time(tmp_path):
    app = make_app(tmp_path)
    db = connect(app.config["DATABASE"])
    token = kiosk.open_kiosk(db, "small", PIN, None)
    at = 1_700_000_000.0  # 22:13:20 on 14 November 2023, London time
    with app.app_context():
        for _ in range(5):
            kiosk.try_pin(db, token, "9999", 5, 300, seconds=lambda: at)
        assert str(kiosk.try_pin(db, token, PIN, 5, 300, seconds=lambda: at + 60)) == "Too many wrong PINs. Try again at 22:18."
        assert kiosk.try_pin(db, token, PIN, 5, 300, seconds=lambda: at + 301) is None
    assert kiosk.get_open(db, token) is None


def test_kiosk_session_id_goes_into_the_drafts_origin(tmp_path):
    app = make_app(tmp_path)
    db = connect(app.config["DATABASE"])
    token = kiosk.open_kiosk(db, "small", PIN, None, session_id="session-7")
    station = kiosk.get_open(db, token)
    response_uuid = kiosk.start_response(db, station, app.extensions["engage.catalogue"].get("small"))
    row = db.execute("SELECT channel, session_id FROM drafts WHERE uuid = ?", [response_uuid]).fetchone()
    assert tuple(row) == ("kiosk", "session-7")


def test_kiosk_session_cookie_holds_only_the_token_and_the_draft(app, tablet):
    begin(tablet)
    cookie = app.session_interface.get_signing_serializer(app).loads(tablet.get_cookie("session").value)
    assert set(cookie) <= {"kiosk", "drafts", "csrf_token", "_permanent"}
    assert rows(app, "SELECT token FROM kiosks") == [(cookie["kiosk"],)]


@pytest.mark.parametrize(
    "path", ["/p/small-poll/", "/p/small-poll/check", "/p/small-poll/all", "/p/small-poll/results", "/", "/q/small-easyread/",
             "/staff/sign-in", "/s/anything"],
)
def test_a_kiosk_reaches_no_poll_and_no_other_page(tablet, path):
    assert tablet.get(path).headers.get("Location") == "/kiosk/"


def test_each_person_at_a_kiosk_starts_with_nothing_from_the_one_before(tablet):
    complete(tablet)
    with tablet.session_transaction() as session:
        session["ballots"] = {"small-poll": "5b0c4a52-6a7e-4b0e-9d43-0b5f3f0d8a11"}
        session["done"] = "anything"
    begin(tablet)
    with tablet.session_transaction() as session:
        assert set(session) - {"csrf_token", "_permanent"} == {"kiosk", "drafts"}
