"""The projector view and its controller (the live page) in two browser pages: they stay in
step whichever one is used, axe finds nothing on either, the projector shows no staff menu
or email, and its QR code decodes (zbarimg) to the session's short link, which opens the
session. Timers run on Playwright's paused clock: nothing waits on the real one."""

import subprocess

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_sessions import sign_in_as
from tests.conftest import create_staff, make_session, rows
from tests.poll_helpers import POLL, Voter, open_poll

WIDE, OLD = {"width": 1920, "height": 1080}, {"width": 1024, "height": 768}


def vote(app, option):
    voter = Voter(app.test_client())
    voter.start()
    voter.vote("buses", option)


def follow(page):
    """Let the page's 2.5 s poll of live.json run (and any reload it starts)."""
    page.clock.run_for(3000)
    page.wait_for_load_state()


def test_projector_and_controller_stay_in_step_and_the_qr_opens_the_session(page, live_app, tmp_path):
    open_poll(live_app)
    session_id = make_session(live_app, create_staff(live_app, "lead"), ("small",), poll_ids=(POLL,))
    code = rows(live_app, "SELECT short_code FROM sessions WHERE id = ?", [session_id])[0][0]
    for option in ("agree", "agree", "disagree"):
        vote(live_app, option)
    sign_in_as(page, live_app, "facilitator")
    controller = page
    controller.clock.install()
    controller.goto(f"{page.base}/staff/polls/{POLL}/live?session={session_id}")
    projector = page.context.new_page()
    projector.set_viewport_size(WIDE)
    projector.clock.install()
    projector.goto(f"{page.base}/staff/polls/{POLL}/present?session={session_id}")
    expect(projector.locator("h1")).to_have_text("More buses")
    html = projector.content()
    assert "facilitator@council.example" not in html and "Sign out" not in html and "Dashboard" not in html
    assert_accessible(projector)
    assert_accessible(controller)

    controller.click("button:text('Reveal')")
    follow(projector)
    expect(projector.locator("[data-count='buses:agree']")).to_have_text("2")
    expect(projector.locator("[aria-live='polite']").first).to_contain_text("Agree")
    assert_accessible(projector)
    projector.screenshot(path="/tmp/issue24-projector-16x9.png")
    projector.set_viewport_size(OLD)
    projector.screenshot(path="/tmp/issue24-projector-4x3.png")

    projector.keyboard.press("ArrowRight")  # the projector's own keys move both
    expect(projector.locator("h1")).to_have_text("Shared taxis")
    follow(controller)
    expect(controller.locator("h1")).to_have_text("Shared taxis")
    assert_accessible(controller)
    projector.keyboard.press("p")
    expect(projector.locator("h1")).to_have_text("Travel")
    follow(controller)
    expect(controller.locator("button:text('Show one proposal at a time')")).to_be_visible()

    qr = tmp_path / "qr.png"
    projector.locator(".projector__qr").screenshot(path=str(qr))
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(qr)], capture_output=True, text=True, check=True).stdout.strip()
    assert decoded == f"{page.base}/s/{code}?via=qr"
    assert f"{page.base.split('://')[1]}/s/{code}" in projector.locator(".projector__link").inner_text()
    visitor = page.context.browser.new_context().new_page()
    visitor.goto(decoded)
    expect(visitor.locator("h1")).to_have_text("Choose what to answer")
    visitor.context.close()


def test_room_counts_entered_from_the_controller_show_on_the_projector(page, live_app):
    open_poll(live_app)
    session_id = make_session(live_app, create_staff(live_app, "lead"), ("small",), poll_ids=(POLL,))
    sign_in_as(page, live_app, "facilitator")
    page.clock.install()
    page.goto(f"{page.base}/staff/polls/{POLL}/live?session={session_id}")
    page.fill("#count-agree", "7")
    page.fill("#count-not_sure", "0")
    page.fill("#count-disagree", "1")
    page.click("button:text('Add room count')")
    expect(page.locator(".poll-live__room")).to_contain_text("includes 8 counted in the room")
    assert rows(live_app, "SELECT session_id FROM tallies") == [(str(session_id),)]
    projector = page.context.new_page()
    projector.goto(f"{page.base}/staff/polls/{POLL}/present?session={session_id}")
    expect(projector.locator("[data-total='buses']")).to_have_text("8")
