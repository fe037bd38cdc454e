"""Promises the README and packaging make: the quick start is two commands, CI runs the second,
dependencies have lower bounds, the CLI starts through both entry points."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from tests.conftest import REPO


def quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the quick start has a ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert commands[0].endswith("readout-watch demo")
    assert "pytest" in commands[1]
    assert commands[1] in (REPO / ".ci" / "run").read_text("utf-8")


def test_every_dependency_has_a_lower_bound() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements.extend(extra)
    for requirement in requirements:
        assert ">=" in requirement, f"{requirement} needs a lower bound"


def test_python_dash_m_bot_and_help() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in ("demo", "import", "events", "ask", "sources", "watch", "run"):
        assert command in result.stdout
