#!/usr/bin/env python3
"""Check the pinned requirements for known vulnerabilities with pip-audit.

Exit 1 when a vulnerability is reported or pip-audit fails for a reason of its own.
When the vulnerability service cannot be reached (no network, PyPI's JSON API blocked)
say "NOT CHECKED" plainly and exit 0: an unchecked package is not a pass, but it is not
ours to fix. The service is tried first with a short timeout (REACH_TIMEOUT_SECONDS), so
an unreachable one costs seconds, not a minute. Run by scripts/test; set SKIP_PIP_AUDIT=1
to skip it while developing.
"""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# PyPI's JSON API, asked about one pinned package: what pip-audit asks about each.
SERVICE_URL = "https://pypi.org/pypi/{name}/{version}/json"
REACH_TIMEOUT_SECONDS = 5
NOT_CHECKED = "NOT CHECKED: pip-audit could not reach the vulnerability service ({why}): requirements not checked."
NETWORK_ERRORS = ("ConnectionError", "Max retries", "NameResolution", "timed out", "Temporary failure", "Network is unreachable")


def verdict(report):
    """(exit code, message) for pip-audit's JSON report."""
    dependencies = report.get("dependencies", [])
    found = [f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v.get('fix_versions') or ['no release'])})"
             for d in dependencies for v in d.get("vulns", [])]
    if found:
        return 1, "pip-audit found known vulnerabilities:\n  " + "\n  ".join(found)
    skipped = [d for d in dependencies if "skip_reason" in d]
    if skipped:
        return 0, (f"NOT CHECKED: pip-audit could not check {len(skipped)} of {len(dependencies)} packages, so this is not a pass "
                   f"(first reason: {skipped[0]['skip_reason']}). Is the vulnerability service reachable?")
    return 0, f"pip-audit: no known vulnerabilities in {len(dependencies)} packages."


def first_pin():
    line = next(line for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line)
    name, version = line.split("#")[0].strip().split("==")
    return name, version


def unreachable():
    """Why the vulnerability service cannot answer for our packages, or None when it can."""
    name, version = first_pin()
    try:
        with urllib.request.urlopen(SERVICE_URL.format(name=name, version=version), timeout=REACH_TIMEOUT_SECONDS) as reply:
            answered = "vulnerabilities" in json.load(reply)
    except (OSError, ValueError) as problem:  # URLError, HTTPError, timeouts; a reply that is not JSON
        return str(getattr(problem, "reason", problem))[:120]
    return None if answered else "no vulnerability data in its reply"


def main():
    if why := unreachable():
        print(NOT_CHECKED.format(why=why), file=sys.stderr)
        return 0
    command = [sys.executable, "-m", "pip_audit", "-r", str(ROOT / "requirements.txt"), "--format", "json",
               "--progress-spinner", "off", "--timeout", str(REACH_TIMEOUT_SECONDS)]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        print(NOT_CHECKED.format(why="pip-audit timed out"), file=sys.stderr)
        return 0
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        if any(marker in run.stderr for marker in NETWORK_ERRORS):
            print(NOT_CHECKED.format(why="no connection"), file=sys.stderr)
            return 0
        print(run.stderr, file=sys.stderr)
        return 1
    code, message = verdict(report)
    print(message, file=sys.stderr if code or message.startswith("NOT CHECKED") else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
