"""Writes on the grouping path must find their rows through an index: a full scan of a table that
grows with the corpus (event_keys, outbox, ...) makes every document slower than the one before
(found by the 100k benchmark: the rewrite of an event's keys scanned every key of every event)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from bot.ingest.importer import import_documents
from bot.ingest.jsonl import read_jsonl
from bot.store.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[2]
GROWING = ("event_keys", "event_documents", "outbox", "findings", "divergences", "deliveries", "documents")


async def _traced(store: SQLiteStore, statements: list[str]) -> None:
    await store.conn._execute(store.conn._conn.set_trace_callback, statements.append)


def _scans(db: Path, statements: list[str]) -> dict[str, list[str]]:
    """Each writing statement that scans one of the growing tables, with the scanned tables."""
    conn = sqlite3.connect(db)
    found: dict[str, list[str]] = {}
    try:
        for sql in dict.fromkeys(statements):
            if not re.match(r"\s*(UPDATE|DELETE)\b", sql, re.I):
                continue
            plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
            scanned = [p for p in plan if re.match(rf"SCAN ({'|'.join(GROWING)})\b", p)]
            if scanned:
                found[sql] = scanned
    finally:
        conn.close()
    return found


async def test_grouping_and_merging_write_through_indexes(db_path: Path) -> None:
    store = await SQLiteStore.open(db_path)
    statements: list[str] = []
    try:
        await _traced(store, statements)
        summary = await import_documents(store, read_jsonl(REPO / "data" / "demo" / "readouts.jsonl"))
        events = await store.events.all_events()
        assert summary.imported >= 10 and len(events) >= 3
        await store.events.merge(events[0].id, [events[1].id])  # the merge path clears outbox links
        await store.conn._execute(store.conn._conn.set_trace_callback, None)
    finally:
        await store.close()
    assert any(s.lstrip().upper().startswith("DELETE FROM EVENT_KEYS") for s in statements)
    assert any("UPDATE outbox SET event_id = NULL" in s for s in statements)
    assert _scans(db_path, statements) == {}
