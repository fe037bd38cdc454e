"""A bulk import compares an event once its batches stop adding to it (`HeldComparisons`).

The events a batch touches are compared after the next batch, unless that batch adds to them
again; the last batch holds nothing. An import in many batches must end with exactly the events,
divergences and findings of the same import in one batch, and compare each event fewer times than
once per batch that touched it. Real SQLite files, a generated corpus whose events straddle batches.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

import bot.ingest.importer as importer
import bot.pipeline as pipeline
from bench.generate import write_corpus
from bot.ingest.jsonl import read_jsonl
from bot.store.sqlite import SQLiteStore

FINAL_STATE = {
    "events": "SELECT id, title, date, contact_kind, participants, governments FROM events ORDER BY id",
    "members": "SELECT event_id, document_id, profile FROM event_documents ORDER BY document_id",
    "keys": "SELECT key, date, event_id FROM event_keys ORDER BY key, event_id",
    "divergences": "SELECT event_id, score, divergent, summary, fingerprint, shared FROM divergences ORDER BY event_id",
    "findings": "SELECT event_id, type, government, text, document_id, counterpart_text, counterpart_document_id,"
                " detail, fingerprint, position FROM findings ORDER BY event_id, position",
    "uncompared": "SELECT event_id FROM events_uncompared ORDER BY event_id",
}


def _final_state(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in FINAL_STATE.items()}
    finally:
        conn.close()


async def _import(path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: object) -> tuple[Counter[int], Counter[int]]:
    """Import `corpus`; return how many times each event was compared and in how many batches
    each event was touched."""
    compared: Counter[int] = Counter()
    touched: Counter[int] = Counter()
    load, process = pipeline._load_comparisons, pipeline.process_documents

    async def counting_load(store, event_ids, known):  # type: ignore[no-untyped-def]
        compared.update(event_ids)
        return await load(store, event_ids, known)

    async def counting_process(*args, **kw):  # type: ignore[no-untyped-def]
        result = await process(*args, **kw)
        touched.update(result.events_touched)
        return result

    monkeypatch.setattr(pipeline, "_load_comparisons", counting_load)
    monkeypatch.setattr(pipeline, "process_documents", counting_process)
    store = await SQLiteStore.open(path)
    try:
        report = await importer.import_documents(store, read_jsonl(corpus), **kwargs)  # type: ignore[arg-type]
    finally:
        await store.close()
        monkeypatch.undo()
    assert (report.imported, report.rejected) == (160, [])
    return compared, touched


@pytest.mark.parametrize("batch_size", [20, 30])  # 160 documents: the last batch full, or a remainder
async def test_an_import_in_batches_ends_as_one_batch_does_comparing_each_event_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_size: int) -> None:
    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 160, seed=5)
    await _import(tmp_path / "one.db", corpus, monkeypatch, workers=1, batch_size=1000)
    compared, touched = await _import(tmp_path / "many.db", corpus, monkeypatch, workers=1, batch_size=batch_size)

    one, many = _final_state(tmp_path / "one.db"), _final_state(tmp_path / "many.db")
    assert one["divergences"] and one["findings"]
    for table in FINAL_STATE:
        assert many[table] == one[table], table
    assert many["uncompared"] == []  # nothing left held when the import ends
    # the corpus has events that straddle batches; each was compared once, not once a batch
    assert any(n > 1 for n in touched.values())
    assert set(compared) == {event_id for event_id, *_ in many["events"]}
    assert max(compared.values()) == 1
    assert sum(compared.values()) < sum(touched.values())


async def test_events_held_when_an_import_fails_are_compared_by_the_next_import(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Held events are grouped (committed) but not compared: the store's to-do list keeps them,
    and the next import finishes them before its own work, as it does a killed run's."""
    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 160, seed=5)
    await _import(tmp_path / "one.db", corpus, monkeypatch, workers=1, batch_size=1000)

    calls = 0
    process = pipeline.process_documents

    async def failing_third_batch(*args, **kw):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("the third batch fails")
        return await process(*args, **kw)

    monkeypatch.setattr(pipeline, "process_documents", failing_third_batch)
    store = await SQLiteStore.open(tmp_path / "many.db")
    try:
        with pytest.raises(RuntimeError, match="third batch"):
            await importer.import_documents(store, read_jsonl(corpus), workers=1, batch_size=20)
    finally:
        await store.close()
        monkeypatch.undo()
    failed = _final_state(tmp_path / "many.db")
    assert failed["uncompared"], "the second batch's events were held, not compared"

    store = await SQLiteStore.open(tmp_path / "many.db")
    try:
        report = await importer.import_documents(store, read_jsonl(corpus), workers=1, batch_size=20)
    finally:
        await store.close()
    assert report.imported + report.duplicates == 160
    one, many = _final_state(tmp_path / "one.db"), _final_state(tmp_path / "many.db")
    for table in FINAL_STATE:
        assert many[table] == one[table], table
