"""`readout-watch import` end to end: the real CLI, a real database file, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.store.sqlite import SQLiteStore
from tests.conftest import CORPUS, REPO, SEEDS, SHARED, needs_shared


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@needs_shared(CORPUS)
def test_corpus_imports_21_then_0(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert run(capsys, "--db", db_path, "import", CORPUS) == (0, "imported 21, duplicate 0, rejected 0\n", "")
    assert run(capsys, "import", CORPUS, "--db", db_path) == (0, "imported 0, duplicate 21, rejected 0\n", "")


def test_three_broken_lines_are_named_and_the_good_ones_imported(capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"doc_id": "G1", "government": "US", "text": "The two leaders discussed defense spending."}),
        '{"doc_id": "B1", "text": "unterminated',
        json.dumps({"doc_id": "G2", "government": "JP", "text": "The Ministers expressed serious concern."}),
        json.dumps({"doc_id": "B2", "title": "no text here"}),
        "",
        json.dumps({"doc_id": "B3", "government": "Atlantis", "text": "Nowhere."}),
        json.dumps({"doc_id": "G3", "text": "A third good line.", "provenance": "kept"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", db_path, "import", path)
    assert code == 1
    assert out == "imported 3, duplicate 0, rejected 3\n"
    assert err.splitlines() == [
        f"{path}:2: not valid JSON: Unterminated string starting at column 26",
        f"{path}:4: missing required field 'text'",
        f"{path}:6: 'government' must be an ISO 3166 alpha-2 code such as 'JP' (found 'Atlantis')",
    ]
    code, out, err = run(capsys, "--db", db_path, "import", path)
    assert (code, out) == (1, "imported 0, duplicate 3, rejected 3\n")


def test_oversized_document_is_rejected_and_exit_is_1(capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "word " * 300_000}) + "\n" + json.dumps({"text": "small"}) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", db_path, "import", path, "--max-mb", "1")
    assert (code, out) == (1, "imported 1, duplicate 0, rejected 1\n")
    assert err == f"{path}:1: text is 1.5 MB, over the 1 MB limit\n"


def test_text_and_html_files_take_the_flag_defaults(capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "readout.txt").write_text("Readout of the call\n\nThe Secretary spoke with the Minister today about regional security.\n", encoding="utf-8")
    (folder / "logo.svg").write_text("<svg/>", encoding="utf-8")
    code, out, err = run(capsys, "--db", db_path, "import", folder, "--government", "us", "--kind", "official_readout", "--issuer", "U.S. Department of War")
    assert (code, out) == (0, "imported 1, duplicate 0, rejected 0, skipped 1\n")
    assert err == f"{folder}/logo.svg: skipped: unsupported file type '.svg'\n"

    async def stored() -> tuple[str | None, str, str | None, str | None]:
        store = await SQLiteStore.open(db_path)
        try:
            (doc,) = await store.documents.get_many([1])
            return doc.government, doc.kind, doc.issuer, doc.title
        finally:
            await store.close()

    import asyncio

    assert asyncio.run(stored()) == ("US", "official_readout", "U.S. Department of War", "Readout of the call")


def test_bad_arguments_and_missing_paths_are_one_line_errors(capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--db", db_path, "import", tmp_path / "nope.jsonl")
    assert (code, out, err) == (1, "imported 0, duplicate 0, rejected 1\n", f"{tmp_path / 'nope.jsonl'}: no such file or directory\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_path), "import", "x.jsonl", "--government", "Atlantis"])
    assert exit_info.value.code == 2
    assert "'Atlantis' is not an ISO 3166 alpha-2 code" in capsys.readouterr().err
    not_a_db = tmp_path / "not.db"
    not_a_db.write_bytes(b"this is not sqlite" * 100)
    code, out, err = run(capsys, "--db", not_a_db, "import", tmp_path / "nope.jsonl")
    assert code == 1 and out == "" and err.startswith(f"readout-watch import: cannot open database {not_a_db}: ") and err.count("\n") == 1


@needs_shared(SHARED / "seeds")
def test_python_dash_m_bot_imports_the_seeds(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(tmp_path / "seeds.db"), "import", *map(str, SEEDS)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "imported 2, duplicate 0, rejected 0\n", "")


def test_progress_bar_only_on_a_terminal_for_long_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from bot.cli import importing
    from bot.ingest.files import count_inputs

    many = tmp_path / "many.jsonl"
    many.write_text("".join(json.dumps({"text": f"doc {i}"}) + "\n" for i in range(250)), encoding="utf-8")
    few = tmp_path / "few"
    few.mkdir()
    (few / "a.txt").write_text("a\n", encoding="utf-8")
    (few / "b.md").write_text("b\n", encoding="utf-8")
    assert count_inputs([many, few]) == 252

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert importing._progress_bar([str(many)]) is None  # not a terminal
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert importing._progress_bar([str(few)]) is None  # too short to need one
    bar = importing._progress_bar([str(many), str(few)])
    assert bar is not None and bar.total == 252
    bar.close()
