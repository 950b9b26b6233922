"""The accessibility statement and picture credits, linked from every page's footer."""

from engage.web.about import AXE_VERSION
from engage.web.credits import picture_credits
from tests.conftest import ROOT

PICTURES = ROOT / "static" / "easyread"


def test_footer_links_to_the_statement_and_credits_on_every_kind_of_page(client):
    for path in ("/", "/q/small/", "/staff/sign-in", "/accessibility", "/credits", "/no-such-page"):
        page = client.get(path).get_data(as_text=True)
        assert 'href="/accessibility"' in page and 'href="/credits"' in page, path


def test_accessibility_statement_names_the_axe_version_the_tests_run(client):
    page = client.get("/accessibility").get_data(as_text=True)
    assert (ROOT / "tests" / "browser_assets" / "VERSION").read_text().strip() == f"axe-core {AXE_VERSION}"
    assert f"axe-core {AXE_VERSION}" in page
    for fact in ("768 by 1024", "390 by 844", "keyboard only", "JavaScript turned off", "What we know is not yet good enough"):
        assert fact in page


def test_credits_list_every_picture_we_ship_with_its_designer(client):
    credits = picture_credits(PICTURES)
    assert {c.file for c in credits} == {p.name for p in PICTURES.glob("*.svg")}
    page = client.get("/credits").get_data(as_text=True)
    assert "CC BY-SA 4.0" in page and "OpenMoji" in page
    bus = next(c for c in credits if c.file == "bus.svg")
    assert (bus.code_point, bus.name, bus.designer) == ("1F68C", "bus", "Ronja Bäurlen")
    assert all(c.designer in page for c in credits)


def test_easy_read_optional_question_says_so_in_plain_words(client, respondent):
    r = respondent("small-easyread")
    r.start()
    r.answer("who", {"who": "uses"})
    page = client.get("/q/small-easyread/name").get_data(as_text=True)
    assert "(optional)" not in page
    assert "You do not have to answer this question." in page
    assert 'aria-describedby="name-optional' in page
