"""Shared fixtures: a real SQLite file per test, and the paths of the shared development data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "readouts.jsonl"
LABELS = SHARED / "corpus" / "events.jsonl"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


@pytest.fixture(autouse=True)
def lexical_matching_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite asserts the default (lexical) engine's results whether or not the optional semantic
    extra is installed here; tests/engine/test_semantic.py turns it on where it tests it."""
    from bot.semantic import load_embedder

    monkeypatch.setenv("READOUT_SEMANTIC", "0")
    load_embedder.cache_clear()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "readout.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SQLiteStore]:
    opened = await SQLiteStore.open(db_path)
    try:
        yield opened
    finally:
        await opened.close()


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Tests that read ../shared are skipped, loudly, where it is absent (never in CI)."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present beside the repository")
