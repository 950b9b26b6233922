"""A kiosk tablet goes offline, takes five people's answers, is reloaded, comes back
online: exactly five responses arrive, with the right channel and session."""

import pytest

from tests.browser.conftest import assert_accessible
from tests.conftest import create_staff, make_session, rows


@pytest.fixture
def kiosk(page, live_app):
    """A facilitator opens this tablet as an offline kiosk for 'small' at an engagement session."""
    session_id = make_session(live_app, create_staff(live_app, "facilitator"))
    page.set_default_timeout(8000)
    page.goto(page.base + "/staff/sign-in")
    page.fill("#email", "facilitator@council.example")
    page.fill("#password", "correct horse battery")
    page.click("button:has-text('Sign in')")
    page.goto(page.base + f"/kiosk/setup?session={session_id}&questionnaire=small")
    page.fill("#pin", "2468")
    page.fill("#pin_again", "2468")
    page.check("#offline")
    page.click("button:has-text('Start kiosk mode')")
    page.wait_for_url("**/kiosk/offline/")
    page.wait_for_selector("#offline-app[data-ready=true]")
    page.session_id = str(session_id)
    page.wait_for_function("navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready")
    return page


def answer_one(page, who="I am a carer"):
    page.click("[data-action=start]")
    page.check(f"text={who}")
    page.click("[data-action=next]")
    page.check("text=Bus")
    page.click("[data-action=next]")
    if who == "I am a carer":
        page.check("text=Some")
        page.click("[data-action=next]")
    page.click("[data-action=next]")
    page.click("[data-action=send]")
    page.wait_for_selector("text=Thank you")
    page.click("[data-action=restart]")


def wait_until_all_sent(page, timeout):
    page.wait_for_function(
        "() => document.querySelector('[data-waiting]').textContent.startsWith('0 ')", polling=200, timeout=timeout
    )


def waiting(page):
    return page.evaluate(
        """() => new Promise((resolve) => {
             const req = indexedDB.open('engage-offline');
             req.onsuccess = () => { const r = req.result.transaction('waiting').objectStore('waiting').count();
                                     r.onsuccess = () => resolve(r.result); };
           })"""
    )


def test_offline_answers_survive_reload_and_arrive_once(kiosk, live_app):
    page = kiosk
    page.reload()  # the service worker now controls the page and has cached what it needs
    page.wait_for_selector("#offline-app[data-ready=true]")
    page.context.set_offline(True)
    for n in range(5):
        answer_one(page, "I am a carer" if n % 2 else "I use day opportunities")
    assert waiting(page) == 5
    page.reload()
    page.wait_for_selector("#offline-app[data-ready=true]")
    assert waiting(page) == 5
    assert rows(live_app, "SELECT count(*) FROM responses") == [(0,)]
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_all_sent(page, 15000)
    assert rows(live_app, "SELECT channel, session_id, count(*) FROM responses GROUP BY 1, 2") == [("kiosk", page.session_id, 5)]


def test_connection_lost_mid_sync_and_replays_never_double(kiosk, live_app):
    page = kiosk
    batches = []

    def drop_first_answer(route):
        batches.append(route.request.post_data)
        response = route.fetch()  # the server stores the batch...
        if len(batches) == 1:
            route.abort()  # ...but the tablet never hears back, so it sends it again later
        else:
            route.fulfill(response=response)

    page.route("**/kiosk/sync", drop_first_answer)
    page.context.set_offline(True)
    for _ in range(5):
        answer_one(page, "I use day opportunities")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_all_sent(page, 30000)
    assert len(batches) >= 2
    replays = [
        page.evaluate(
            """body => fetch('/kiosk/sync', {method: 'POST', body, headers: {'Content-Type': 'application/json',
                 'X-CSRFToken': document.getElementById('offline-app').dataset.csrf}}).then(r => r.json())""",
            batches[0],
        )
        for _ in range(3)
    ]
    assert {r["status"] for replay in replays for r in replay["results"]} == {"already_had"}
    assert rows(live_app, "SELECT count(*) FROM responses") == [(5,)]


def test_leaving_kiosk_mode_with_answers_waiting_warns_first(kiosk, live_app):
    page = kiosk
    page.context.set_offline(True)
    answer_one(page, "I use day opportunities")
    page.route("**/kiosk/sync", lambda route: route.abort())  # the venue's Wi-Fi still drops every send
    page.context.set_offline(False)
    page.goto(page.base + "/kiosk/exit")
    page.fill("#pin", "2468")
    page.click("button:has-text('Leave kiosk mode')")
    page.wait_for_selector("text=1 answers are still waiting to send")
    assert_accessible(page)
    assert "/kiosk/exit" in page.url
    page.click("button:has-text('Leave kiosk mode')")
    page.wait_for_load_state()
    assert waiting(page) == 1  # nothing discarded
    assert rows(live_app, "SELECT closed_at IS NOT NULL FROM kiosks") == [(1,)]


def test_offline_kiosk_screens_pass_axe(kiosk):
    page = kiosk
    assert_accessible(page)
    page.click("[data-action=start]")
    page.click("[data-action=next]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.check("text=I use day opportunities")
    page.click("[data-action=next]")
    page.check("text=Bus")
    page.click("[data-action=next]")
    page.click("[data-action=next]")
    assert_accessible(page)
    page.click("[data-action=send]")
    page.wait_for_selector("text=Thank you")
    assert_accessible(page)


def test_saving_answers_to_a_file_needs_the_facilitators_pin(kiosk):
    page = kiosk
    page.context.set_offline(True)
    answer_one(page, "I use day opportunities")
    page.context.set_offline(False)
    page.route("**/kiosk/sync", lambda route: route.abort())  # nothing gets sent meanwhile
    page.click("text=For staff")
    saved = []
    page.on("download", lambda download: saved.append(download))
    page.fill("#file-pin", "1111")
    page.click("[data-action=save-file]")
    page.wait_for_selector("#file-pin-error:has-text('That PIN is wrong')")
    assert_accessible(page)
    assert saved == []
    page.fill("#file-pin", "2468")
    with page.expect_download() as download:
        page.click("[data-action=save-file]")
    assert download.value.suggested_filename.startswith("answers-small-")
    assert page.locator("#file-pin-error").is_hidden()
