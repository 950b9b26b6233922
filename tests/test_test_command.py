"""The test command's quick mode: the `browser` marker selects exactly the tests in tests/browser/."""

import subprocess
import sys

from tests.conftest import ROOT


def collected(*args):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0", *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    return [line.split("::")[0] for line in result.stdout.splitlines() if "::" in line]


def test_browser_marker_selects_every_test_under_tests_browser_and_nothing_else():
    marked = collected("-m", "browser", "tests/browser", "tests/test_bad_input.py")
    assert marked and all(path.startswith("tests/browser/") for path in marked)
    assert len(marked) == len(collected("tests/browser"))


def test_quick_mode_leaves_out_every_browser_test():
    assert collected("-m", "not browser", "tests/browser") == []
