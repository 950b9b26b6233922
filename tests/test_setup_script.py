"""scripts/setup on a machine without python3-venv, and with a .venv left without pip,
run in a copy of the project with stand-ins for python3, apt-get and id on the PATH."""

import os
import subprocess

from tests.conftest import ROOT

PYTHON_WITHOUT_VENV = """#!/bin/sh
echo "python3 $*" >> "$LOG"
if [ "$1" = "-c" ]; then exit 1; fi
"""
PYTHON_WITH_VENV = """#!/bin/sh
echo "python3 $*" >> "$LOG"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p .venv/bin && printf '#!/bin/sh\\nexit 0\\n' > .venv/bin/python && chmod +x .venv/bin/python
  printf '#!/bin/sh\\nexit 0\\n' > .venv/bin/pip && chmod +x .venv/bin/pip
fi
"""


def stub(folder, name, text):
    path = folder / name
    path.write_text(text)
    path.chmod(0o755)


def run_setup(tmp_path, python, uid):
    project, stubs = tmp_path / "project", tmp_path / "stubs"
    (project / "scripts").mkdir(parents=True, exist_ok=True)
    stubs.mkdir(exist_ok=True)
    (project / "scripts" / "setup").write_text((ROOT / "scripts" / "setup").read_text())
    (project / "requirements.txt").write_text("")
    (project / "requirements-dev.txt").write_text("-r requirements.txt\n")
    stub(stubs, "python3", python)
    stub(stubs, "apt-get", '#!/bin/sh\necho "apt-get $*" >> "$LOG"\n')
    stub(stubs, "id", f"#!/bin/sh\necho {uid}\n")
    log = tmp_path / "log"
    log.touch()
    env = {**os.environ, "PATH": f"{stubs}:/usr/bin:/bin", "LOG": str(log)}
    run = subprocess.run(["bash", "scripts/setup"], cwd=project, env=env, capture_output=True, text=True, timeout=30)
    return run, log.read_text(), project


def test_setup_says_that_python3_venv_is_needed(tmp_path):
    run, log, _ = run_setup(tmp_path, PYTHON_WITHOUT_VENV, uid=1000)
    assert run.returncode == 1
    assert "install python3-venv first (sudo apt-get install python3-venv)" in run.stderr
    assert "apt-get" not in log


def test_setup_installs_python3_venv_when_root(tmp_path):
    _, log, _ = run_setup(tmp_path, PYTHON_WITHOUT_VENV, uid=0)
    assert "apt-get install -y -qq python3-venv" in log


def test_setup_makes_a_venv_without_pip_again(tmp_path):
    project = tmp_path / "project"
    (project / ".venv" / "bin").mkdir(parents=True)
    stub(project / ".venv" / "bin", "python", "#!/bin/sh\nexit 1\n")  # python -m pip fails
    run, log, _ = run_setup(tmp_path, PYTHON_WITH_VENV, uid=1000)
    assert run.returncode == 0, run.stderr
    assert ".venv has no pip: making it again." in run.stdout
    assert "python3 -m venv --clear .venv" in log
