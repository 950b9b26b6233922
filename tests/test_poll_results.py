"""Poll results: counts per option, % agree, comments, ranking, room tallies added to
ballots with a marker, filters, small-number suppression in public, publishing, and the
CSV and XLSX downloads matching the page."""

import csv
import io
import re

import openpyxl
import pytest

from engage.polls import ballots
from engage.polls import live as poll_live
from engage.polls.results import Filters, public_view, results
from tests.conftest import create_staff, csrf_token, make_app, rows, sign_in
from tests.poll_helpers import POLL, Voter, lead_id, open_poll, with_db


def cast(app, votes, variant="easyread", origin=ballots.Origin(), submit=True):
    """One participant's ballot, straight through the ballots module: {proposal: (option, comment)}."""
    poll = app.extensions["engage.polls"].get(POLL)

    def run(db):
        ballot_uuid = ballots.start(db, poll, variant, origin=origin)
        ballots.save_votes(db, poll, ballot_uuid, {pid: ballots.Vote(*vote) for pid, vote in votes.items()})
        if submit:
            ballots.submit(db, poll, ballot_uuid)
        return ballot_uuid

    return with_db(app, run)


def tally(app, proposal_id, agree, not_sure, disagree, session_id=None):
    poll = app.extensions["engage.polls"].get(POLL)
    counts = {"agree": agree, "not_sure": not_sure, "disagree": disagree}
    user = lead_id(app)
    with_db(app, lambda db: poll_live.record_tally(db, poll, proposal_id, counts, user, poll_live.new_tally_uuid(), session_id))


def counted(app, filters=Filters()):
    poll = app.extensions["engage.polls"].get(POLL)
    return with_db(app, lambda db: results(db, poll, filters))


@pytest.fixture
def voted(app):
    """Buses: 3 agree, 1 not sure, 1 disagree online; taxis: 1 agree, 2 disagree; one unsent ballot."""
    open_poll(app)
    cast(app, {"buses": ("agree", "Yes please"), "taxis": ("disagree", None)})
    cast(app, {"buses": ("agree", None), "taxis": ("agree", "=cmd|' /C calc'!A0")}, variant="standard")
    cast(app, {"buses": ("agree", None), "taxis": ("disagree", None)}, origin=ballots.Origin("qr", "library"))
    cast(app, {"buses": ("not_sure", None)})
    cast(app, {"buses": ("disagree", "Too costly")})
    cast(app, {"buses": ("disagree", None), "fair-charges": ("agree", None)}, submit=False)
    return app


def test_results_count_each_option_total_and_percent_agree(voted):
    buses = counted(voted).proposals["buses"]
    assert [(c.option.id, c.total) for c in buses.counts] == [("agree", 3), ("not_sure", 1), ("disagree", 1)]
    assert (buses.total, buses.agree, buses.agree_percent) == (5, 3, 60)
    assert [c.text for c in buses.comments] == ["Yes please", "Too costly"]
    assert counted(voted).ballots_counted == 5


def test_unsent_ballots_do_not_count_in_results_but_do_on_the_live_screen(voted):
    assert counted(voted).proposals["fair-charges"].total == 0
    assert counted(voted).ballots_unsent == 1
    assert counted(voted, Filters(include_unsubmitted=True)).proposals["fair-charges"].total == 1


def test_priority_ranks_proposals_by_agreement(voted):
    travel = counted(voted).priorities[0]
    assert [r.proposal.id for r in travel.ranked] == ["buses", "taxis"]
    tally(voted, "taxis", 10, 0, 0)
    travel = counted(voted).priorities[0]
    assert [(r.proposal.id, r.agree_percent) for r in travel.ranked] == [("taxis", 85), ("buses", 60)]


def test_tallies_add_up_with_ballots_and_stay_apart(voted):
    tally(voted, "buses", 4, 2, 1, session_id="day-centre")
    tally(voted, "buses", 1, 0, 0)
    buses = counted(voted).proposals["buses"]
    assert [(c.option.id, c.ballots, c.room, c.total) for c in buses.counts] == [
        ("agree", 3, 5, 8), ("not_sure", 1, 2, 3), ("disagree", 1, 1, 2)
    ]
    assert (buses.ballot_total, buses.room_total, buses.total) == (5, 8, 13)
    assert rows(voted, "SELECT channel, entered_by IS NOT NULL FROM tallies") == [("room", 1), ("room", 1)]


def test_channel_session_and_variant_filters(voted):
    tally(voted, "buses", 4, 2, 1, session_id="library")
    assert counted(voted, Filters(channel="room")).proposals["buses"].total == 7
    assert counted(voted, Filters(channel="room")).ballots_counted == 0
    assert counted(voted, Filters(channel="qr")).proposals["buses"].total == 1
    assert counted(voted, Filters(channel="link")).proposals["buses"].total == 4
    by_session = counted(voted, Filters(session_id="library")).proposals["buses"]
    assert (by_session.ballot_total, by_session.room_total) == (1, 7)
    standard = counted(voted, Filters(variant="standard")).proposals["buses"]
    assert (standard.total, standard.room_total) == (1, 0)


@pytest.mark.parametrize(
    "agree, not_sure, disagree, shown, total, percent",
    [
        (20, 10, 8, {"agree": 20, "not_sure": 10, "disagree": 8}, 38, 53),
        (20, 2, 8, {"agree": 20, "not_sure": None, "disagree": None}, 30, 67),
        (20, 2, 1, {"agree": 20, "not_sure": None, "disagree": None}, 23, 87),
        (3, 20, 8, {"agree": None, "not_sure": 20, "disagree": None}, 31, None),
        (1, 1, 1, {"agree": None, "not_sure": None, "disagree": None}, None, None),
        (0, 0, 0, {"agree": 0, "not_sure": 0, "disagree": 0}, 0, None),
        (6, 0, 0, {"agree": 6, "not_sure": 0, "disagree": 0}, 6, 100),
        (6, 2, 0, {"agree": 6, "not_sure": None, "disagree": None}, 8, 75),
    ],
)
def test_public_view_hides_small_numbers_and_what_would_reveal_them(app, agree, not_sure, disagree, shown, total, percent):
    open_poll(app)
    tally(app, "buses", agree, not_sure, disagree)
    view = public_view(counted(app).proposals["buses"], threshold=5)
    assert (view.counts, view.total, view.agree_percent) == (shown, total, percent)


def test_results_page_shows_counts_room_marker_and_comments_to_leads(voted, client, staff):
    tally(voted, "buses", 4, 2, 1)
    staff("lead")
    page = client.get(f"/staff/polls/{POLL}/results").get_data(as_text=True)
    assert cell(page, "buses:agree") == "7" and cell(page, "buses:total") == "12" and cell(page, "buses:room") == "7"
    assert cell(page, "buses:agree_percent") == "58%"
    assert '<strong class="govuk-tag govuk-tag--blue">Room vote</strong>' in page and "Too costly" in page
    assert "&lt;" not in page and "% agree</th>" in page
    assert "1 more person voted on at least one proposal but did not send their votes." in page
    assert cell(client.get(f"/staff/polls/{POLL}/results?channel=qr").get_data(as_text=True), "buses:total") == "1"


def test_results_filters_refuse_unknown_channel(client, staff):
    staff("lead")
    assert client.get(f"/staff/polls/{POLL}/results?channel=carrier-pigeon").status_code == 400


def cell(page, key):
    match = re.search(rf'data-cell="{re.escape(key)}"[^>]*>\s*([^<]*?)\s*<', page)
    assert match, key
    return match.group(1)


def test_xlsx_opens_and_matches_the_results_page(voted, client, staff):
    tally(voted, "taxis", 2, 0, 3)
    staff("lead")
    page = client.get(f"/staff/polls/{POLL}/results").get_data(as_text=True)
    response = client.get(f"/staff/polls/{POLL}/download/results.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = list(workbook["Results"].values)
    header, data = sheet[0], [dict(zip(sheet[0], row)) for row in sheet[1:]]
    assert header[:5] == ("priority_id", "priority", "proposal_id", "proposal", "rank_in_priority")
    assert [row["proposal_id"] for row in data] == ["buses", "taxis", "fair-charges"]
    for row in data:
        pid = row["proposal_id"]
        for key in ("agree", "not_sure", "disagree", "total"):
            assert str(row[key]) == cell(page, f"{pid}:{key}"), (pid, key)
        assert str(row["room_total"]) == cell(page, f"{pid}:room")
        assert str(row["rank_in_priority"]) == cell(page, f"{pid}:rank")
        expected = f"{row['agree_percent']}%" if row["agree_percent"] is not None else "–"
        assert expected == cell(page, f"{pid}:agree_percent")
    comments = list(workbook["Comments"].values)
    assert comments[0] == ("priority_id", "proposal_id", "option_id", "comment")
    assert ("travel", "taxis", "agree", "=cmd|' /C calc'!A0") in comments
    assert workbook["Comments"]["D2"].data_type == "s"


def test_csv_results_match_the_xlsx(voted, client, staff):
    staff("lead")
    table = list(csv.reader(io.StringIO(client.get(f"/staff/polls/{POLL}/download/results.csv").get_data(as_text=True).lstrip("\ufeff"))))
    sheet = list(openpyxl.load_workbook(io.BytesIO(client.get(f"/staff/polls/{POLL}/download/results.xlsx").data))["Results"].values)
    assert table[0] == list(sheet[0])
    assert table[1:] == [["" if v is None else str(v) for v in row] for row in sheet[1:]]


def test_ballot_downloads_have_one_row_per_vote_and_no_identities(voted, client, staff):
    staff("lead")
    text = client.get(f"/staff/polls/{POLL}/download/ballots.csv").get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == ["ballot", "channel", "session_id", "variant", "submitted_at", "priority_id", "proposal_id", "option_id", "comment"]
    assert len(table) == 8
    assert len({row["ballot"] for row in table}) == 5
    assert [row["comment"] for row in table if row["proposal_id"] == "taxis" and row["option_id"] == "agree"] == ["'=cmd|' /C calc'!A0"]
    sheet = list(openpyxl.load_workbook(io.BytesIO(client.get(f"/staff/polls/{POLL}/download/ballots.xlsx").data))["Ballots"].values)
    assert len(sheet) == 9
    assert {row[1] for row in sheet[1:]} == {"link", "qr"}


def test_public_results_are_hidden_until_a_lead_publishes(voted, client, staff):
    tally(voted, "buses", 7, 4, 1)  # buses: agree 10, not sure 5, disagree 2
    assert client.get(f"/p/{POLL}/results").status_code == 404
    staff("lead")
    manage = client.get(f"/staff/polls/{POLL}/")
    empty = client.post(f"/staff/polls/{POLL}/publish", data={"csrf_token": csrf_token(manage), "next_steps": " "})
    assert empty.status_code == 400
    assert "Enter what happens next, so people know what their votes will change" in empty.get_data(as_text=True)
    response = client.post(
        f"/staff/polls/{POLL}/publish",
        data={"csrf_token": csrf_token(manage), "next_steps": "The board meets in March.\n\nWe will write to you."},
    )
    assert response.status_code == 302
    public = client.get(f"/p/{POLL}/results").get_data(as_text=True)
    assert "The board meets in March." in public and "We will write to you." in public
    assert "59% agree" in public and "(10 of 17 votes)" in public
    buses = public.split("More buses")[1].split("poll-public-proposal")[0]
    assert buses.count("fewer than 5") == 2  # disagree (2), and not sure (5) so that 2 cannot be worked out
    assert "Fewer than 5 people voted on this." in public  # taxis: 3 votes
    assert "Too costly" not in public and "Yes please" not in public
    easy = client.get(f"/p/{POLL}/results/easy-read").get_data(as_text=True)
    assert "10 out of 17 people agreed." in easy and "I agree" in easy and "happy.svg" in easy
    client.post(f"/staff/polls/{POLL}/unpublish", data={"csrf_token": csrf_token(manage)})
    assert client.get(f"/p/{POLL}/results").status_code == 404


def test_lead_opens_and_closes_a_poll_without_editing_files(app, client, staff):
    staff("lead")
    voter = Voter(app.test_client())
    manage = client.get(f"/staff/polls/{POLL}/")
    assert "Not open yet" in manage.get_data(as_text=True)
    client.post(f"/staff/polls/{POLL}/open", data={"csrf_token": csrf_token(manage)})
    voter.start()
    assert voter.vote("buses", "agree").status_code == 302
    client.post(f"/staff/polls/{POLL}/close", data={"csrf_token": csrf_token(manage)})
    assert voter.vote("taxis", "agree").status_code == 409
    assert "Closed" in client.get(f"/staff/polls/{POLL}/").get_data(as_text=True)


@pytest.mark.parametrize(
    "path, facilitator_status",
    [("/", 200), (f"/{POLL}/live", 200), (f"/{POLL}/live.json", 200), (f"/{POLL}/", 403),
     (f"/{POLL}/results", 403), (f"/{POLL}/download/results.xlsx", 403)],
)
def test_facilitators_run_the_live_screen_but_only_leads_see_results(client, staff, path, facilitator_status):
    staff("facilitator")
    assert client.get(f"/staff/polls{path}").status_code == facilitator_status


def post_times(client, **times):
    manage = client.get(f"/staff/polls/{POLL}/")
    return client.post(f"/staff/polls/{POLL}/times", data={"csrf_token": csrf_token(manage), **times})


def test_lead_sets_opening_and_closing_times_in_uk_time(app, client, staff):
    staff("lead")
    assert post_times(client, opens_at="2026-07-01T10:00", closes_at="2099-01-31T17:30").status_code == 302
    assert rows(app, "SELECT opens_at, closes_at FROM definitions WHERE kind = 'poll'") == [("2026-07-01T09:00:00.000000Z", "2099-01-31T17:30:00.000000Z")]
    page = client.get(f"/staff/polls/{POLL}/").get_data(as_text=True)
    assert 'value="2026-07-01T10:00"' in page and "Open</strong>" in page
    assert Voter(app.test_client()).start() == f"/p/{POLL}/vote/buses"
    assert "Voting closes on 31 January 2099 at 5:30 pm." in client.get(f"/p/{POLL}/").get_data(as_text=True)


def test_a_closing_time_in_the_past_closes_the_poll(app, client, staff):
    staff("lead")
    post_times(client, opens_at="2026-01-01T09:00", closes_at="2026-02-01T09:00")
    assert "This poll is closed" in client.get(f"/p/{POLL}/").get_data(as_text=True)


@pytest.mark.parametrize(
    "times, message",
    [
        ({"opens_at": "tomorrow"}, "Enter a date and time, like 23/11/2026 17:00"),
        ({"opens_at": "2026-07-01T10:00", "closes_at": "2026-07-01T09:00"}, "The closing time must be after the opening time"),
    ],
)
def test_bad_times_show_the_error_and_change_nothing(app, client, staff, times, message):
    staff("lead")
    response = post_times(client, **times)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert rows(app, "SELECT count(*) FROM poll_settings") == [(0,)]


def test_poll_list_links_each_poll_for_leads(voted, client, staff):
    staff("lead")
    page = client.get("/staff/polls/").get_data(as_text=True)
    assert "&lt;" not in page
    assert re.search(r'govuk-table__cell--numeric">\s*5\s*<', page)
    for path in (f"/staff/polls/{POLL}/live", f"/staff/polls/{POLL}/", f"/staff/polls/{POLL}/results"):
        assert f'href="{path}"' in page
    manage = client.get(f"/staff/polls/{POLL}/").get_data(as_text=True)
    assert f'<a class="govuk-link" href="http://localhost/p/{POLL}/">http://localhost/p/{POLL}/</a>' in manage


def test_participant_links_use_the_public_base_url(tmp_path):
    app = make_app(tmp_path, PUBLIC_BASE_URL="https://haveyoursay.council.example/")
    client = app.test_client()
    create_staff(app, "lead")
    sign_in(client, "lead@council.example")
    manage = client.get(f"/staff/polls/{POLL}/").get_data(as_text=True)
    assert f'href="https://haveyoursay.council.example/p/{POLL}/easy-read"' in manage


def test_poll_downloads_are_written_to_the_audit_log(voted, app, client, staff):
    staff("lead")
    client.get(f"/staff/polls/{POLL}/download/ballots.csv")
    from engage.db import connect

    db = connect(app.config["DATABASE"])
    entries = db.execute("SELECT user_email, action, detail FROM audit_log WHERE action = 'download'").fetchall()
    db.close()
    assert [tuple(e) for e in entries] == [("lead@council.example", "download", f"poll {POLL} ballots as CSV")]
