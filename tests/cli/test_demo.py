"""`readout-watch demo`: the README's first command, on the bundled corpus, with no tokens."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.platforms.discord_render import MESSAGE_TOTAL_MAX, embed_size
from bot.store.sqlite import SQLiteStore
from tests.conftest import REPO

DEMO_LINES = (REPO / "data" / "demo" / "readouts.jsonl").read_text(encoding="utf-8").splitlines()
ALERT_TITLE = re.compile(r"^ALERT: Readouts diverge: (.+)$", re.M)


def run_demo(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["demo", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_demo_imports_groups_diverges_alerts_and_answers(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run_demo(capsys)
    assert status == 0, err
    assert err == ""
    assert f"imported {len(DEMO_LINES)}, duplicate 0, rejected 0" in out
    compared, diverging = map(int, re.search(r"(\d+) events compared, (\d+) with readouts that diverge", out).groups())
    alerts = ALERT_TITLE.findall(out)
    assert len(alerts) == diverging and 0 < diverging < compared  # the corpus holds agreeing events too
    # the seed event: Japan's incident and wording are named as what the U.S. readout does not mention
    seed = out[out.index("ALERT: Readouts diverge: Hegseth–Koizumi phone call"):]
    seed = seed[:seed.index("/divergence E")]
    assert "The US account does not mention: “serious concern” (JP)" in " ".join(seed.split())
    assert "radar incident" in seed and "defense spending" in seed
    assert " denies" not in out and " denied" not in out
    # the example commands answer from the same database
    for command in ("$ /events", "$ /divergence E", "$ /quote serious concern"):
        assert command in out
    assert "Who said “serious concern”" in out
    assert list(tmp_path.iterdir()) == []  # a temporary database: nothing left behind


def test_demo_into_a_database_keeps_it_and_a_second_run_adds_nothing(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    status, first, _ = run_demo(capsys, "--db", str(db))
    assert status == 0 and ALERT_TITLE.findall(first)
    status, second, _ = run_demo(capsys, "--db", str(db))
    assert status == 0
    assert f"imported 0, duplicate {len(DEMO_LINES)}, rejected 0" in second
    assert "No new alerts" in second and not ALERT_TITLE.findall(second)

    async def counts() -> tuple[int, int]:
        store = await SQLiteStore.open(db)
        try:
            return await store.documents.count(), len(await store.outbox.queued_after(0, kind="divergence"))
        finally:
            await store.close()

    documents, queued = asyncio.run(counts())
    assert documents == len(DEMO_LINES)
    assert queued == len(ALERT_TITLE.findall(first))


@pytest.mark.parametrize("platform", ["discord", "slack"])
def test_demo_prints_the_bodies_a_platform_would_receive(capsys: pytest.CaptureFixture[str], platform: str) -> None:
    status, out, _ = run_demo(capsys, "--as", platform)
    assert status == 0
    bodies = [json.loads(block) for block in re.findall(r"^\[\n.*?^\]$", out, re.M | re.S)]
    assert len(bodies) >= 4  # the alerts, then the example answers
    for messages in bodies:
        for message in messages:
            if platform == "discord":
                assert message["allowed_mentions"]["parse"] == []
                assert sum(embed_size(e) for e in message["embeds"]) <= MESSAGE_TOTAL_MAX
            else:
                assert len(message["blocks"]) <= 50 and message["text"]


def test_demo_with_a_corpus_that_has_a_bad_line_reports_it_and_exits_1(capsys: pytest.CaptureFixture[str],
                                                                        tmp_path: Path) -> None:
    corpus = tmp_path / "mine.jsonl"
    corpus.write_text(DEMO_LINES[0] + "\n{not json\n", encoding="utf-8")
    status, out, err = run_demo(capsys, "--corpus", str(corpus))
    assert status == 1
    assert f"{corpus}:2:" in err
    assert "imported 1, duplicate 0, rejected 1" in out


def test_python_dash_m_bot_demo_runs_as_the_readme_says(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "demo"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert ALERT_TITLE.search(done.stdout)
