"""Helpers for the reliability tests: the real CLI as a subprocess, waiting on a database, and
figures that reach the terminal whether or not pytest captures output.

Figures are printed as `[reliability] name: value` lines (through `capsys.disabled()`, so `-s` is not
needed), and appended as JSON lines to `$READOUT_RELIABILITY_FIGURES` when it is set, which is how
docs/reliability.md gets its numbers."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.processes import alive, descendants  # noqa: F401 - re-exported for the crash tests

REPO = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("readout-watch")


class Figures:
    """Records a test's figures and shows them on the terminal."""

    def __init__(self, capsys: pytest.CaptureFixture[str], test: str) -> None:
        self.capsys = capsys
        self.test = test

    def __call__(self, name: str, value: Any) -> None:
        line = f"[reliability] {self.test}: {name}: {json.dumps(value, sort_keys=True, default=str)}"
        with self.capsys.disabled():
            print("\n" + line, flush=True)
        target = os.environ.get("READOUT_RELIABILITY_FIGURES")
        if target:
            with open(target, "a", encoding="utf-8") as out:
                out.write(json.dumps({"test": self.test, "name": name, "value": value}, default=str) + "\n")


@pytest.fixture
def figures(capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest) -> Figures:
    return Figures(capsys, request.node.name)


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a CLI subprocess: no platform tokens or readout settings leak in from the
    developer's shell, and the data directory is the test's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "READOUT_"))}
    env["HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """A short read-only query from outside the process under test (WAL: never blocks its writer)."""
    if not db.exists():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:  # the schema is not created yet
        if "no such table" in str(exc):
            return []
        raise
    finally:
        conn.close()


def scalar(db: Path, sql: str) -> int:
    rows = query(db, sql)
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


async def wait_until(predicate: Callable[[], bool], *, timeout: float, what: str,
                     proc: asyncio.subprocess.Process | None = None, interval: float = 0.05) -> None:
    """Poll `predicate` until it holds; fail with `what` after `timeout`, or at once if `proc` exits."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if proc is not None and proc.returncode is not None:
            raise AssertionError(f"the process exited ({proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(interval)


async def start_cli(*args: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """`readout-watch ARGS` with stdout and stderr to files beside the database (a pipe nobody reads
    could fill up and stall a long run)."""
    log = cwd / f"cli-{time.monotonic_ns()}.log"
    handle = open(log, "wb")  # noqa: SIM115 - closed by the process's exit
    proc = await asyncio.create_subprocess_exec(str(CLI), *args, env=env, cwd=cwd, stdout=handle, stderr=handle)
    handle.close()
    proc.log_path = log  # type: ignore[attr-defined]
    return proc


def output(proc: asyncio.subprocess.Process) -> str:
    return Path(proc.log_path).read_text("utf-8", errors="replace")  # type: ignore[attr-defined]


async def kill(proc: asyncio.subprocess.Process) -> int:
    """SIGKILL: no handler, no `finally`, no flush — what a power cut or the OOM killer does."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGKILL)
    return await asyncio.wait_for(proc.wait(), 30)


async def finish(proc: asyncio.subprocess.Process, timeout: float) -> int:
    try:
        return await asyncio.wait_for(proc.wait(), timeout)
    except asyncio.TimeoutError:
        await kill(proc)
        raise AssertionError(f"the process did not finish within {timeout:.0f}s:\n{output(proc)[-3000:]}") from None
