"""scripts/audit_dependencies.py fails on a reported vulnerability and only warns when
packages could not be checked."""

import importlib.util

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("audit_dependencies", ROOT / "scripts" / "audit_dependencies.py")
assert spec is not None and spec.loader is not None
audit_dependencies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_dependencies)


def test_a_reported_vulnerability_fails():
    report = {"dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "jinja2", "version": "2.10", "vulns": [{"id": "GHSA-462w-v97r-4m45", "fix_versions": ["2.10.1"]}]},
    ]}
    code, message = audit_dependencies.verdict(report)
    assert code == 1
    assert "jinja2 2.10: GHSA-462w-v97r-4m45 (fixed in 2.10.1)" in message


def test_unchecked_packages_warn_without_failing():
    report = {"dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "werkzeug", "skip_reason": "Dependency not found on PyPI and could not be audited: werkzeug (3.1.9)"},
    ]}
    code, message = audit_dependencies.verdict(report)
    assert code == 0
    assert message.startswith("NOT CHECKED: pip-audit could not check 1 of 2 packages")


def test_all_checked_and_clean_passes():
    code, message = audit_dependencies.verdict({"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []}]})
    assert (code, message) == (0, "pip-audit: no known vulnerabilities in 1 packages.")


def test_an_unreachable_service_says_not_checked_within_seconds(monkeypatch, capsys):
    monkeypatch.setattr(audit_dependencies, "SERVICE_URL", "http://127.0.0.1:9/pypi/{name}/{version}/json")
    ran = []
    monkeypatch.setattr(audit_dependencies.subprocess, "run", lambda *a, **k: ran.append(a))
    assert audit_dependencies.main() == 0
    out, err = capsys.readouterr()
    assert err.startswith("NOT CHECKED: pip-audit could not reach the vulnerability service")
    assert "no known vulnerabilities" not in out + err
    assert ran == []  # pip-audit itself is not started against a service that is not there
