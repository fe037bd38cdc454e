"""`readout-watch ask` end to end: a real database file, the console platform, text and --json."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.ask import join_argv
from bot.models import DocumentInput
from bot.store.sqlite import SQLiteStore

from .conftest import add_documents

DOCS = [
    DocumentInput(doc_id="jp-1", government="JP", issuer="Japan Ministry of Defense", kind="official_readout",
                  title="Telephone Talk", date="2025-12-12", url="https://www.mod.go.jp/en/1",
                  text="The Ministers expressed serious concern over any actions to increase regional tensions."),
    DocumentInput(doc_id="us-1", government="US", issuer="U.S. Department of War", kind="official_readout",
                  title="Readout", date="2025-12-11", url="https://www.war.gov/1",
                  text="Secretary Hegseth raised serious concerns about coercion."),
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ask.db"

    async def fill() -> None:
        store = await SQLiteStore.open(path)
        try:
            await add_documents(store, DOCS)
        finally:
            await store.close()

    asyncio.run(fill())
    return path


def test_ask_quote_as_text(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "ask", "/quote serious concern"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Who said “serious concern”")
    assert "Japan Ministry of Defense (JP) · 2025-12-12" in out
    assert "Telephone Talk: https://www.mod.go.jp/en/1" in out
    assert "**" not in out


def test_ask_quote_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/quote serious concern government:US", "--json", "--db", str(db)]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert reply["severity"] == "info"
    assert [(h["doc_id"], h["government"], h["issuer"], h["date"], h["url"]) for h in reply["data"]["hits"]] == [
        ("us-1", "US", "U.S. Department of War", "2025-12-11", "https://www.war.gov/1")]


def test_words_split_by_the_shell_keep_their_meaning(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert join_argv(["/quote", "serious concern", "speaker:Ministry of Defense"]) == \
        '/quote "serious concern" speaker:"Ministry of Defense"'
    assert main(["--db", str(db), "ask", "/quote", "serious concern", "speaker:Ministry of Defense", "--json"]) == 0
    assert [h["doc_id"] for h in json.loads(capsys.readouterr().out)["data"]["hits"]] == ["jp-1"]


@pytest.mark.parametrize(
    ("line", "status"),
    [('/quote "unterminated', 0), ("/quote *", 1), ("/quote ' OR 1=1 --", 0), ("/quote NEAR(", 0),
     ("/quote", 1), ("", 0), ("/quote " + "x" * 10_240, 1), ("/qoute concern", 1), ("*", 1)],
)
def test_hostile_lines_exit_cleanly(db: Path, capsys: pytest.CaptureFixture[str], line: str, status: int) -> None:
    assert main(["--db", str(db), "ask", "--json", "--", line]) == status
    captured = capsys.readouterr()
    reply = json.loads(captured.out)
    assert "Traceback" not in captured.out + captured.err
    assert (reply["severity"] == "error") == (status == 1)


def test_error_reply_goes_to_stderr_with_status_1(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "ask", "/quote government:Atlantis concern"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "'Atlantis' is not a government I know" in captured.err


def test_console_user_is_admin(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "ask", "/subscribe JP min_score:0.4", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["subscription"]["governments"] == ["JP"]


def test_unopenable_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert main(["--db", str(bad), "ask", "/quote concern"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("readout-watch ask: cannot open the database") and err.count("\n") == 1


def test_console_script_runs_end_to_end(db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db), "ask", "/quote \"serious concern\" *", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert {h["doc_id"] for h in json.loads(result.stdout)["data"]["hits"]} == {"jp-1", "us-1"}
