"""The documentation keeps itself true: every setting and CLI command is documented, the
README's generated module table is current, and every relative link points at a file (and
heading) that exists."""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import click
import pytest

from engage import config
from tests.conftest import ROOT, make_app

OPERATING = ROOT / "docs" / "operating.md"
GUIDE = ROOT / "docs" / "guide"
MARKDOWN = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
# A setting is read as config["X"], config.get("X") or set with config.setdefault("X", ...).
READ_SETTING = re.compile(r"""config(?:\[|\.get\(|\.setdefault\()\s*["']([A-Z][A-Z0-9_]*)["']""")
ENVIRONMENT = re.compile(r"""os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']""")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def settings_table():
    """The first cell of each row of operating.md's Settings table, without backticks."""
    section = OPERATING.read_text().split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return {row.split("|")[1].strip().strip("`") for row in section.splitlines() if row.startswith("| `")}


def settings_the_code_reads():
    found = set(config.DEFAULTS)
    for path in [ROOT / "app.py", *sorted((ROOT / "engage").rglob("*.py"))]:
        found.update(READ_SETTING.findall(path.read_text()))
    found.update(ENVIRONMENT.findall((ROOT / "gunicorn.conf.py").read_text()))
    return found


def test_the_scan_finds_settings_read_outside_config_defaults():
    found = settings_the_code_reads()
    assert {"DATABASE", "SECRET_KEY", "SESSION_COOKIE_SECURE", "ENGAGE_BIND"} <= found
    assert set(config.DEFAULTS) < found


@pytest.mark.parametrize("setting", sorted(settings_the_code_reads()))
def test_every_setting_is_in_the_operating_settings_table(setting):
    assert setting in settings_table(), f"{setting} is read by the code but missing from docs/operating.md's Settings table"


def command_names(group, prefix=""):
    """Every command and subcommand of a click group, as typed after `flask`."""
    names = []
    for name, command in sorted(group.commands.items()):
        names.append(prefix + name)
        if isinstance(command, click.Group):
            names.extend(command_names(command, prefix + name + " "))
    return names


def app_commands():
    """Ours, not Flask's own (run, shell, routes); read at collection, so no tmp_path fixture."""
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        return [name for name in command_names(app.cli) if name not in {"run", "shell", "routes"}]


def test_the_app_has_commands_in_groups():
    assert {"backup", "users", "users create", "responses purge-drafts"} <= set(app_commands())


@pytest.mark.parametrize("command", app_commands())
def test_every_cli_command_is_documented(command):
    docs = OPERATING.read_text() + "".join(path.read_text() for path in sorted(GUIDE.rglob("*.md")))
    assert re.search(rf"flask (--app app )?{re.escape(command)}(?![\w-])", docs), (
        f"`flask {command}` is not in docs/operating.md or docs/guide/"
    )


def test_readme_module_table_is_current():
    result = subprocess.run([sys.executable, "-m", "cogapp", "--check", "README.md"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"run .venv/bin/cog -r README.md: {result.stdout}{result.stderr}"


def anchors(page):
    """The #fragments a page's headings get (GitHub's rule: lower case, spaces to hyphens,
    other punctuation dropped)."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_points_at_a_file_that_exists(page):
    missing = []
    for target in LINK.findall(page.read_text()):
        if re.match(r"[a-z]+:", target):
            continue  # another site
        file, _, fragment = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        if not path.exists() or (fragment and path.suffix == ".md" and fragment not in anchors(path)):
            missing.append(target)
    assert missing == [], f"{page.relative_to(ROOT)} links to missing files or headings: {missing}"
