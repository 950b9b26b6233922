"""Every URL the app serves is in tests/routes.txt: printed QR codes and posters depend on
the public ones forever, so a route that disappears or changes its endpoint fails here."""

from pathlib import Path

SAVED = Path(__file__).with_name("routes.txt")


def served(app):
    """'rule endpoint METHODS' for every URL rule, as tests/routes.txt lists them."""
    lines = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        methods = ",".join(sorted(m for m in rule.methods if m not in ("HEAD", "OPTIONS")))
        lines.append(f"{rule.rule} {rule.endpoint} {methods}")
    return lines


def test_no_saved_route_has_disappeared(app):
    missing = set(SAVED.read_text().splitlines()) - set(served(app))
    assert not missing, f"routes gone (printed links depend on them): {sorted(missing)}"


def test_every_route_served_is_in_the_saved_list(app):
    unlisted = set(served(app)) - set(SAVED.read_text().splitlines())
    assert not unlisted, f"add these to tests/routes.txt: {sorted(unlisted)}"


def test_an_id_beyond_what_sqlite_stores_is_not_found(app, client, staff):
    staff("lead")
    for path in ("/staff/sessions/99999999999999999999", "/staff/sessions/99999999999999999999/attendance"):
        page = client.get(path)
        assert page.status_code == 404 and "Page not found" in page.get_data(as_text=True)
