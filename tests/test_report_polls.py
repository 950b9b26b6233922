"""Poll results in the engagement report: exact counts and % agree per proposal, ranked by
agreement, room tallies added with a marker, the session and channel filters, small
numbers suppressed, and the XLSX Polls sheet and DOCX summary matching the page."""

import io

import openpyxl
import pytest
from docx import Document

from engage.polls import ballots
from engage.polls import live as poll_live
from engage.reports import charts
from tests.poll_helpers import POLL, lead_id, open_poll, with_db
from tests.report_html import tables, text

TRAVEL = "A small poll, ‘Travel’: votes on each proposal, ranked by agreement"
MONEY = "A small poll, ‘Money’: votes on each proposal, ranked by agreement"
HEADER = ["Proposal", "Agree", "Not sure", "Disagree", "Votes (n)", "% agree"]


def cast(app, votes, origin=ballots.Origin()):
    """One participant's sent ballot: {proposal: option}."""
    poll = app.extensions["engage.polls"].get(POLL)

    def run(db):
        ballot_uuid = ballots.start(db, poll, "standard", origin=origin)
        ballots.save_votes(db, poll, ballot_uuid, {pid: ballots.Vote(option) for pid, option in votes.items()})
        ballots.submit(db, poll, ballot_uuid)

    with_db(app, run)


@pytest.fixture
def polled(app, client, staff):
    """Buses: 4 agree, 1 disagree by ballot plus a room tally of 3 / 1 / 2 (session 7);
    taxis: 1 agree, 4 disagree; fair charges: 5 agree. One ballot came by QR at session 7."""
    open_poll(app)
    for taxis in ("agree", "disagree", "disagree", "disagree"):
        cast(app, {"buses": "agree", "taxis": taxis, "fair-charges": "agree"})
    cast(app, {"buses": "disagree", "taxis": "disagree", "fair-charges": "agree"}, origin=ballots.Origin("qr", "7"))
    poll = app.extensions["engage.polls"].get(POLL)
    counts, user = {"agree": 3, "not_sure": 1, "disagree": 2}, lead_id(app)
    with_db(app, lambda db: poll_live.record_tally(db, poll, "buses", counts, user, poll_live.new_tally_uuid(), "7"))
    staff("lead")
    return client


def page(client, query=""):
    response = client.get(f"/staff/report/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def download(client, kind):
    response = client.get(f"/staff/report/download/{kind}")
    assert response.status_code == 200
    return io.BytesIO(response.data)


def test_report_shows_each_proposal_counts_and_percent_agree_ranked_with_room_votes_marked(polled):
    found = tables(page(polled))
    assert found[TRAVEL] == [
        HEADER,
        ["More buses Room vote", "7", "fewer than 5", "fewer than 5", "11", "64%"],
        ["Shared taxis", "fewer than 5", "0", "fewer than 5", "5", "withheld"],
    ]
    assert found[MONEY] == [HEADER, ["Fair charges", "5", "0", "0", "5", "100%"]]


def test_report_poll_chart_shows_agreement_with_the_same_figures(polled):
    html = page(polled)
    travel = html[html.index("<h4 class=\"govuk-heading-s\">Travel"):html.index(TRAVEL)]
    assert "More buses 7 (64%) Shared taxis fewer than 5" in text(travel)
    assert f'width="{round(charts.BAR_LENGTH * 64 / 100)}"' in travel  # 64% of the bar's length


def test_report_says_which_filters_apply_to_polls(polled):
    assert "Only the session and channel filters apply to polls" in text(page(polled))


def test_report_polls_follow_the_session_and_channel_filters(polled):
    by_session = tables(page(polled, "?session=7"))[TRAVEL]
    assert by_session[1:] == [
        ["More buses Room vote", "fewer than 5", "fewer than 5", "fewer than 5", "7", "withheld"],
        ["Shared taxis", "0", "0", "fewer than 5", "fewer than 5", "withheld"],
    ]
    by_channel = tables(page(polled, "?channel=link"))[TRAVEL]
    assert by_channel[1:] == [
        ["More buses", "fewer than 5", "0", "0", "fewer than 5", "withheld"],
        ["Shared taxis", "fewer than 5", "0", "fewer than 5", "fewer than 5", "withheld"],
    ]


def test_report_says_when_a_poll_has_no_votes(app, client, staff):
    staff("lead")
    html = page(client)
    assert "No votes have been counted for this poll." in text(html)
    assert TRAVEL not in tables(html)


def test_xlsx_polls_sheet_matches_the_report_page(polled):
    sheet = openpyxl.load_workbook(download(polled, "xlsx"))["Polls"]
    values = [[f"{round(100 * c.value)}%" if c.number_format == "0%" else str(c.value) for c in row if c.value is not None]
              for row in sheet.iter_rows()]  # percentages are fractions formatted 0%
    header = values.index(["Priority", "Proposal", "Agree", "Not sure", "Disagree", "Total", "Percent agree"])
    assert values[header - 1] == ["A small poll"]
    assert values[header + 1:header + 4] == [
        ["Travel", "More buses (Room vote)", "7", "fewer than 5", "fewer than 5", "11", "64%"],
        ["Travel", "Shared taxis", "fewer than 5", "0", "fewer than 5", "5"],
        ["Money", "Fair charges", "5", "0", "0", "5", "100%"],
    ]
    assert values[1][0].startswith("Counts from 1 to 4 are shown as ‘fewer than 5’")
    assert len(sheet.tables) == 1


def test_docx_summary_has_a_poll_table_per_priority(polled):
    document = Document(download(polled, "docx"))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings[-4:] == ["Poll results", "A small poll", "Travel", "Money"]
    travel, money = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables[-2:]]
    header = HEADER  # as on the page
    assert travel == [
        header,
        ["More buses (Room vote)", "7", "fewer than 5", "fewer than 5", "11", "64%"],
        ["Shared taxis", "fewer than 5", "0", "fewer than 5", "5", ""],
    ]
    assert money == [header, ["Fair charges", "5", "0", "0", "5", "100%"]]


def test_report_ranks_proposals_by_agreement_not_by_definition_order(app, client, staff):
    open_poll(app)
    for _n in range(5):
        cast(app, {"buses": "disagree", "taxis": "agree"})
    staff("lead")
    rows = tables(page(client))[TRAVEL]
    assert [row[0] for row in rows[1:]] == ["Shared taxis", "More buses"]
    assert rows[1][-1] == "100%" and rows[2][-1] == "0%"


def test_report_says_no_votes_rather_than_withheld_for_a_proposal_nobody_voted_on(app, client, staff):
    open_poll(app)
    for _n in range(5):
        cast(app, {"buses": "agree"})
    staff("lead")
    assert tables(page(client))[TRAVEL][2] == ["Shared taxis", "0", "0", "0", "0", "no votes"]
