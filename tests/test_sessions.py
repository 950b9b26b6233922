"""Engagement sessions and online consultation periods: staff pages, public links,
QR codes, channels, and refusing answers once a session has finished."""

import base64
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from engage.db import connect
from engage.sessions import model as sessions
from tests.conftest import Respondent, create_staff, csrf_token, make_app, make_session, rows, sign_in
from tests.report_data import Builder
from tests.report_html import tables

LONDON_FORM_START = {"starts-day": "1", "starts-month": "12", "starts-year": "2030", "starts-time": "10:00",
                     "ends-day": "1", "ends-month": "12", "ends-year": "2030", "ends-time": "14:30"}


def session_form(**overrides):
    data = {"name": "Poole drop-in", "venue": "Poole Library", "contact": "Call Sam on 01202 123456",
            "expected": "20", "questionnaires": ["small"], **LONDON_FORM_START}
    data.update(overrides)
    return data


def post_form(client, url, data):
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(page), **data})


def create_session(client, **overrides):
    response = post_form(client, "/staff/sessions/new", session_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def read_db(app):
    return connect(app.config["DATABASE"])


def stored_session(app, session_id):
    db = read_db(app)
    try:
        return sessions.get(db, session_id)
    finally:
        db.close()


def when(hours_from_now):
    """Form fields for a London date and time this many hours from now."""
    from zoneinfo import ZoneInfo

    moment = (datetime.now(UTC) + timedelta(hours=hours_from_now)).astimezone(ZoneInfo("Europe/London"))
    return {"day": str(moment.day), "month": str(moment.month), "year": str(moment.year), "time": moment.strftime("%H:%M")}


def dates(start_hours, end_hours):
    start, end = when(start_hours), when(end_hours)
    return {**{f"starts-{k}": v for k, v in start.items()}, **{f"ends-{k}": v for k, v in end.items()}}


@pytest.fixture
def lead(staff):
    return staff("lead")


def test_lead_creates_session_with_every_detail_stored(app, client, lead):
    session_id = create_session(client, questionnaires=["small", "small-easyread"])
    found = stored_session(app, session_id)
    assert (found.name, found.venue, found.expected_attendance, found.contact) == (
        "Poole drop-in", "Poole Library", 20, "Call Sam on 01202 123456")
    assert found.starts_at == "2030-12-01T10:00:00.000000Z"  # London is on GMT in December
    assert found.ends_at == "2030-12-01T14:30:00.000000Z"
    assert found.questionnaire_ids == ("small", "small-easyread")
    assert found.created_by == lead.id and found.status == "open"


def test_session_times_are_typed_in_london_time_and_stored_in_utc(app, client, lead):
    summer = {"starts-month": "7", "ends-month": "7"}
    found = stored_session(app, create_session(client, **summer))
    assert found.starts_at == "2030-07-01T09:00:00.000000Z"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": " "}, "name", "Enter a name for the session"),
        ({"name": "x" * 101}, "name", "Use 100 characters or fewer"),
        ({"contact": "x" * 251}, "contact", "Use 250 characters or fewer"),
        ({"starts-day": "31", "starts-month": "2"}, "starts-day", "The start date must be a real date, like 27 3 2027"),
        ({"starts-year": "30"}, "starts-day", "The start date must be a real date, like 27 3 2027"),
        ({"ends-day": "", "ends-month": "", "ends-year": ""}, "ends-day", "Enter the end date"),
        ({"starts-time": ""}, "starts-time", "Enter the start time, like 10:30 or 14:00"),
        ({"ends-time": "25:00"}, "ends-time", "Enter the end time, like 10:30 or 14:00"),
        ({"ends-time": "9"}, "ends-time", "Enter the end time, like 10:30 or 14:00"),
        ({"ends-time": "09:00"}, "ends-day", "The end must be after the start"),
        ({"questionnaires": []}, "questionnaires", "Choose at least one questionnaire"),
        ({"expected": "about 20"}, "expected", "Enter a whole number, like 20"),
    ],
)
def test_session_form_mistake_gets_a_message_and_stores_nothing(app, client, lead, overrides, field, message):
    response = post_form(client, "/staff/sessions/new", session_form(**overrides))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'href="#{field}"' in html and message in html
    assert rows(app, "SELECT count(*) FROM sessions") == [(0,)]


def test_session_form_with_an_unknown_questionnaire_is_refused(app, client, lead):
    response = post_form(client, "/staff/sessions/new", session_form(questionnaires=["small", "nope"]))
    assert response.status_code == 400
    assert rows(app, "SELECT count(*) FROM sessions") == [(0,)]


def test_lead_edits_a_session(app, client, lead):
    session_id = create_session(client)
    edit = client.get(f"/staff/sessions/{session_id}/edit")
    assert 'value="Poole drop-in"' in edit.get_data(as_text=True) and 'value="14:30"' in edit.get_data(as_text=True)
    response = post_form(client, f"/staff/sessions/{session_id}/edit",
                         session_form(name="Poole drop-in (moved)", venue="Poole Museum", questionnaires=["small-easyread"]))
    assert response.status_code == 302
    found = stored_session(app, session_id)
    assert (found.name, found.venue, found.questionnaire_ids) == ("Poole drop-in (moved)", "Poole Museum", ("small-easyread",))


def test_lead_records_actual_attendance(app, client, lead):
    session_id = create_session(client)
    assert post_form(client, f"/staff/sessions/{session_id}/attendance", {"actual": "seven"}).status_code == 400
    assert post_form(client, f"/staff/sessions/{session_id}/attendance", {"actual": ""}).status_code == 400
    assert post_form(client, f"/staff/sessions/{session_id}/attendance", {"actual": "17"}).status_code == 302
    assert stored_session(app, session_id).actual_attendance == 17
    assert "17" in client.get(f"/staff/sessions/{session_id}").get_data(as_text=True)


def test_public_tokens_carry_at_least_128_random_bits(app, client, lead):
    tokens = [stored_session(app, create_session(client)).public_token for _ in range(3)]
    for token in tokens:
        assert len(base64.urlsafe_b64decode(token + "==")) * 8 >= 128
    assert len(set(tokens)) == 3
    assert sessions.new_token() != sessions.new_token()


def public_url_of(app, session_id):
    return f"https://haveyoursay.example.gov.uk/s/{stored_session(app, session_id).public_token}"


def decode_qr(tmp_path, png):
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    return subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, check=True).stdout.strip()


def test_qr_png_decodes_to_the_public_url_marked_as_scanned(tmp_path):
    app = make_app(tmp_path, PUBLIC_BASE_URL="https://haveyoursay.example.gov.uk/")
    client = app.test_client()
    create_staff(app, "lead")
    sign_in(client, "lead@council.example")
    session_id = create_session(client)
    response = client.get(f"/staff/sessions/{session_id}/qr.png?download=1")
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == f"attachment; filename=session-{session_id}-qr.png"
    assert decode_qr(tmp_path, response.data) == public_url_of(app, session_id) + "?via=qr"
    detail = client.get(f"/staff/sessions/{session_id}").get_data(as_text=True)
    assert public_url_of(app, session_id) in detail and public_url_of(app, session_id) + "/kiosk" in detail


def test_qr_of_an_online_consultation_decodes_to_its_public_url_on_the_request_host(app, client, lead, tmp_path):
    session_id = create_session(client, venue="", name="Online consultation")
    response = client.get(f"/staff/sessions/{session_id}/qr.png")
    token = stored_session(app, session_id).public_token
    assert decode_qr(tmp_path, response.data) == f"http://localhost/s/{token}?via=qr"


def test_qr_svg_is_an_svg_of_the_same_code(app, client, lead):
    session_id = create_session(client)
    response = client.get(f"/staff/sessions/{session_id}/qr.svg?download=1")
    assert response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<?xml") and b"<svg" in response.data and b"<path" in response.data


def test_public_url_is_percent_encoded_when_the_base_url_is_not_ascii(tmp_path):
    app = make_app(tmp_path, PUBLIC_BASE_URL="https://example.gov.uk/dweud-eich-dweud-ŵ")
    client = app.test_client()
    create_staff(app, "lead")
    sign_in(client, "lead@council.example")
    session_id = create_session(client)
    png = client.get(f"/staff/sessions/{session_id}/qr.png").data
    token = stored_session(app, session_id).public_token
    assert decode_qr(tmp_path, png) == f"https://example.gov.uk/dweud-eich-dweud-%C5%B5/s/{token}?via=qr"


def answer_small(client):
    respondent = Respondent(client, "small")
    respondent.start()
    respondent.answer("about", {"who": "uses"})
    respondent.answer("travel", {"how": ["bus"]})
    respondent.answer("more", {})
    assert respondent.submit().status_code == 302
    return respondent.uuid


@pytest.mark.parametrize("query, channel", [("?via=qr", "qr"), ("", "link"), ("?via=somewhere", "link")])
def test_response_through_the_public_link_records_its_channel_and_session(app, client, lead, query, channel):
    session_id = create_session(client)
    token = stored_session(app, session_id).public_token
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/"))})
    landing = client.get(f"/s/{token}{query}")
    assert landing.status_code == 302 and landing.headers["Location"] == "/q/small/"
    response_uuid = answer_small(client)
    assert rows(app, "SELECT channel, session_id, keyed_by FROM responses WHERE uuid = ?", [response_uuid]) == [
        (channel, str(session_id), None)]


def test_response_without_a_session_link_records_link_and_no_session(app, client):
    response_uuid = answer_small(client)
    assert rows(app, "SELECT channel, session_id FROM responses WHERE uuid = ?", [response_uuid]) == [("link", None)]


def test_session_offering_several_questionnaires_shows_a_card_for_each(app, client, lead):
    session_id = create_session(client, questionnaires=["small", "small-easyread"])
    token = stored_session(app, session_id).public_token
    landing = client.get(f"/s/{token}?via=qr")
    html = landing.get_data(as_text=True)
    assert landing.status_code == 200 and 'href="/q/small/"' in html and 'href="/q/small-easyread/"' in html
    response_uuid = answer_small(client)
    assert rows(app, "SELECT channel FROM responses WHERE uuid = ?", [response_uuid]) == [("qr",)]


def test_kiosk_chooser_opens_kiosk_mode_for_each_questionnaire_at_the_session(app, client, lead):
    session_id = create_session(client, questionnaires=["small", "small-easyread"])
    token = stored_session(app, session_id).public_token
    html = client.get(f"/s/{token}/kiosk").get_data(as_text=True)
    for qid in ("small", "small-easyread"):
        assert f'href="/kiosk/setup?session={session_id}&amp;questionnaire={qid}"' in html
    assert f"/s/{token}/kiosk" in client.get(f"/staff/sessions/{session_id}").get_data(as_text=True)
    setup = client.get(f"/kiosk/setup?session={session_id}&questionnaire=small-easyread")
    data = {"csrf_token": csrf_token(setup), "session": str(session_id), "questionnaire": "small-easyread",
            "pin": "1357", "pin_again": "1357"}
    client.post(f"/kiosk/setup?session={session_id}", data=data)
    assert rows(app, "SELECT questionnaire_id, session_id, offline FROM kiosks") == [("small-easyread", str(session_id), 0)]


def test_unknown_token_is_not_found(client):
    assert client.get("/s/not-a-real-token").status_code == 404
    assert client.get("/s/not-a-real-token/kiosk").status_code == 404


def close_session(client, session_id):
    detail = client.get(f"/staff/sessions/{session_id}")
    return client.post(f"/staff/sessions/{session_id}/close", data={"csrf_token": csrf_token(detail)})


def test_closed_session_links_show_a_finished_page_with_the_contact(app, client, lead):
    session_id = create_session(client)
    assert close_session(client, session_id).status_code == 302
    found = stored_session(app, session_id)
    assert found.status == "closed" and found.closed_at
    for url in (f"/s/{found.public_token}", f"/s/{found.public_token}?via=qr", f"/s/{found.public_token}/kiosk"):
        html = client.get(url).get_data(as_text=True)
        assert "This session has finished" in html and "Call Sam on 01202 123456" in html
    assert "Close this session now" not in client.get(f"/staff/sessions/{session_id}").get_data(as_text=True)


def test_session_closes_by_itself_once_its_end_time_has_passed(app, client, lead):
    session_id = create_session(client, **dates(-3, -1))
    found = stored_session(app, session_id)
    assert found.status == "open" and found.state() == sessions.CLOSED
    assert "This session has finished" in client.get(f"/s/{found.public_token}").get_data(as_text=True)


def test_online_consultation_takes_answers_only_between_its_dates(app, client, lead):
    later = stored_session(app, create_session(client, venue="", **dates(24, 48)))
    now_open = stored_session(app, create_session(client, venue="", **dates(-1, 24)))
    over = stored_session(app, create_session(client, venue="", **dates(-48, -24)))
    assert "This consultation has not started yet" in client.get(f"/s/{later.public_token}").get_data(as_text=True)
    assert client.get(f"/s/{now_open.public_token}").status_code == 302
    assert "This consultation has closed" in client.get(f"/s/{over.public_token}").get_data(as_text=True)
    detail = client.get(f"/staff/sessions/{later.id}").get_data(as_text=True)
    assert "Online consultation period" in detail and "Online only" in detail and "Not started" in detail
    poster = client.get(f"/staff/sessions/{later.id}/poster").get_data(as_text=True)
    assert public_url_of(app, later.id).replace("https://haveyoursay.example.gov.uk", "http://localhost") in poster


def test_session_at_a_venue_takes_answers_before_it_starts(app, client, lead):
    found = stored_session(app, create_session(client, **dates(24, 26)))
    assert found.state() == sessions.OPEN
    assert client.get(f"/s/{found.public_token}").status_code == 302


def test_starting_after_the_session_closed_is_refused_and_stores_nothing(app, client, lead):
    session_id = create_session(client)
    token = stored_session(app, session_id).public_token
    client.get(f"/s/{token}")
    start_page = client.get("/q/small/")
    close_session(client, session_id)
    response = client.post("/q/small/start", data={"csrf_token": csrf_token(start_page)})
    assert response.status_code == 410
    assert "This session has finished" in response.get_data(as_text=True)
    assert rows(app, "SELECT count(*) FROM drafts") == [(0,)]
    # The refusal forgets the session, so the questionnaire itself can still be answered.
    response_uuid = answer_small(client)
    assert rows(app, "SELECT channel, session_id FROM responses WHERE uuid = ?", [response_uuid]) == [("link", None)]


def test_answers_in_progress_when_the_session_closes_are_refused_and_nothing_is_stored(app, client, lead):
    session_id = create_session(client)
    client.get(f"/s/{stored_session(app, session_id).public_token}")
    respondent = Respondent(client, "small")
    respondent.start()
    respondent.answer("about", {"who": "uses"})
    respondent.answer("travel", {"how": ["bus"]})
    respondent.answer("more", {})
    check = client.get("/q/small/check")
    close_session(client, session_id)
    draft_before = rows(app, "SELECT answers, updated_at FROM drafts")
    page_post = client.post("/q/small/more", data={"csrf_token": csrf_token(check), "response": respondent.uuid, "else": "x"})
    submit = client.post("/q/small/submit", data={"csrf_token": csrf_token(check), "response": respondent.uuid})
    for response in (page_post, submit):
        assert response.status_code == 410
        assert "Your answers were not sent" in response.get_data(as_text=True)
    assert client.get("/q/small/check").status_code == 410
    assert rows(app, "SELECT count(*) FROM responses") == [(0,)]
    assert rows(app, "SELECT answers, updated_at FROM drafts") == draft_before


def test_starting_after_an_online_period_was_moved_later_is_refused_and_stores_nothing(app, client, lead):
    session_id = create_session(client, venue="", **dates(-1, 24))
    client.get(f"/s/{stored_session(app, session_id).public_token}")
    start_page = client.get("/q/small/")
    post_form(client, f"/staff/sessions/{session_id}/edit", session_form(venue="", **dates(24, 48)))
    response = client.post("/q/small/start", data={"csrf_token": csrf_token(start_page)})
    assert response.status_code == 403
    assert "This consultation has not started yet" in response.get_data(as_text=True)
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert rows(app, "SELECT count(*) FROM drafts") == [(0,)]


def test_a_submit_repeated_after_closing_still_gets_its_confirmation(app, client, lead):
    session_id = create_session(client)
    client.get(f"/s/{stored_session(app, session_id).public_token}")
    response_uuid = answer_small(client)
    close_session(client, session_id)
    again = client.post("/q/small/submit", data={"csrf_token": csrf_token(client.get("/staff/")), "response": response_uuid})
    assert again.status_code == 302 and "/q/small/done" in again.headers["Location"]
    assert rows(app, "SELECT count(*) FROM responses") == [(1,)]


def test_session_page_counts_responses_by_channel(app, client, lead):
    session_id = create_session(client)
    client.get(f"/s/{stored_session(app, session_id).public_token}?via=qr")
    answer_small(client)
    html = client.get(f"/staff/sessions/{session_id}").get_data(as_text=True)
    assert "QR code" in html
    assert rows(app, "SELECT channel, count(*) FROM responses GROUP BY channel") == [("qr", 1)]


@pytest.mark.parametrize("role", ["facilitator"])
def test_facilitators_view_and_print_sessions_but_cannot_change_them(tmp_path, role):
    app = make_app(tmp_path)
    client = app.test_client()
    create_staff(app, "lead")
    sign_in(client, "lead@council.example")
    session_id = create_session(client)
    token = stored_session(app, session_id).public_token
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/"))})
    create_staff(app, role)
    sign_in(client, f"{role}@council.example")
    for url in ("/staff/sessions/", f"/staff/sessions/{session_id}", f"/staff/sessions/{session_id}/poster",
                f"/staff/sessions/{session_id}/qr.png", f"/s/{token}/kiosk"):
        assert client.get(url).status_code == 200, url
    detail = client.get(f"/staff/sessions/{session_id}").get_data(as_text=True)
    assert "Edit session" not in detail and "Close this session now" not in detail
    token_page = client.get("/staff/sessions/")
    for url in ("/staff/sessions/new", f"/staff/sessions/{session_id}/edit", f"/staff/sessions/{session_id}/attendance"):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={"csrf_token": csrf_token(token_page), **session_form(), "actual": "3"}).status_code == 403
    assert client.post(f"/staff/sessions/{session_id}/close", data={"csrf_token": csrf_token(token_page)}).status_code == 403
    assert stored_session(app, session_id).status == "open"


def test_session_pages_need_staff_sign_in(app, client, lead):
    session_id = create_session(client)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/"))})
    for url in (f"/staff/sessions/{session_id}", f"/staff/sessions/{session_id}/qr.png", f"/staff/sessions/{session_id}/poster"):
        assert client.get(url).status_code == 302, url


def test_poster_shows_the_link_dates_venue_and_how_to_get_paper(app, client, lead):
    session_id = create_session(client)
    html = client.get(f"/staff/sessions/{session_id}/poster").get_data(as_text=True)
    token = stored_session(app, session_id).public_token
    for text in (f"http://localhost/s/{token}", "Sunday 1 December 2030, 10am to 2:30pm", "Poole Library",
                 "Would you like a paper copy? Call Sam on 01202 123456", f"/staff/sessions/{session_id}/qr.svg"):
        assert text in html, text


@pytest.mark.parametrize("field", ["name", "venue", "contact"])
def test_session_details_refuse_a_nul_with_a_message(app, client, staff, field):
    staff("lead")
    response = post_form(client, "/staff/sessions/new", session_form(**{field: "Poole\x00 drop-in"}))
    assert response.status_code == 400
    assert "Remove the characters that cannot be shown or printed (like a NUL)" in response.get_data(as_text=True)
    assert rows(app, "SELECT count(*) FROM sessions") == [(0,)]


def test_the_sessions_list_shows_attendance_and_the_response_rate(app, client, staff):
    user = staff("lead")
    session_id = make_session(app, user)
    sessions.record_attendance(connect(app.config["DATABASE"]), session_id, 12)
    Builder(app.config["DATABASE"]).add("small", 1, session_id=str(session_id), count=3)
    (row,) = tables(client.get("/staff/sessions/").get_data(as_text=True))["All sessions, latest first"][1:]
    assert row[-3:] == ["3", "12", "25%"]
    assert sessions.response_rate(3, None) is None and sessions.response_rate(1, 8) == 13
