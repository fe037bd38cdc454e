"""Queries shaped for a large corpus, and what they must still answer.

Writes on the grouping path must find their rows through an index: a full scan of a table that grows
with the corpus (event_keys, outbox, ...) makes every document slower than the one before (found by
the 100k benchmark: the rewrite of an event's keys scanned every key of every event). Event lists
pick their ids before they summarise them; the order users see must not change for it."""

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
        # an import's own session keeps the states it writes; a lookup outside it reads members
        keys = [r["key"] for r in await store.fetchall("SELECT DISTINCT key FROM event_keys ORDER BY key LIMIT 5")]
        assert await store.events.candidates(keys, None, None)
        await store.events.merge(events[0].id, [events[1].id])  # the merge path clears outbox links
        await store.conn._execute(store.conn._conn.set_trace_callback, None)
    finally:
        await store.close()
    assert any(s.lstrip().upper().startswith("DELETE FROM EVENT_KEYS") for s in statements)
    assert any("UPDATE outbox SET event_id = NULL" in s for s in statements)
    assert _scans(db_path, statements) == {}
    lookups = [s for s in dict.fromkeys(statements) if "FROM event_keys WHERE key IN" in s and "BETWEEN" in s]
    member_reads = [s for s in dict.fromkeys(statements) if "FROM event_documents WHERE event_id IN" in s]
    assert lookups and member_reads
    conn = sqlite3.connect(db_path)
    try:
        for sql in lookups:  # candidates by key *and* date range, not every event that ever had the key
            plan = " / ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
            # ... from the index alone (migration 012): no read of each match's row for its event id
            assert "USING COVERING INDEX event_keys_lookup (key=? AND date>? AND date<?)" in plan, plan
        for sql in member_reads:  # ... and the members of those not kept, through the event index
            plan = " / ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
            assert re.search(r"SEARCH event_documents USING (COVERING )?INDEX \w+ \(event_id=\?\)", plan), plan
    finally:
        conn.close()


async def test_event_lists_are_newest_first_undated_last_and_limited(store: SQLiteStore) -> None:
    """The list picks ids first and summarises only those; the order must be the one users saw."""
    from bot.events import ContactProfile
    from bot.models import Analysis, DocumentInput, Sentence
    from bot.store.events import EventDescription

    dates = ["2025-01-02", None, "2025-03-04", "2025-03-04", "2024-12-31", None]
    ids = []
    for i, day in enumerate(dates):
        text = f"Document {i} about a call."
        added = await store.documents.add(DocumentInput(text=text, doc_id=f"d{i}"),
                                          Analysis(sentences=(Sentence(0, text, 0, len(text)),)))
        description = EventDescription(f"Call {i}", day, "call", ("Wang Yi",), ("CN",))
        ids.append(await store.events.create(ContactProfile.from_json(added.document_id, {}), description, [f"k{i}"]))
    newest_first = [ids[3], ids[2], ids[0], ids[4], ids[5], ids[1]]
    assert [e.id for e in await store.events.list_events(limit=50)] == newest_first
    assert [e.id for e in await store.events.list_events(limit=2)] == newest_first[:2]
    assert [e.id for e in await store.events.list_events(query="call", limit=3)] == newest_first[:3]
    assert [e.id for e in await store.events.list_events(since="2025-01-01")] == newest_first[:3]
    assert [e.doc_ids for e in await store.events.list_events(limit=1)] == [("d3",)]
    assert [e.id for e in await store.events.suggest(str(ids[4]))][0] == ids[4]
    assert [e.id for e in await store.events.suggest("call", limit=4)] == newest_first[:4]


async def test_the_quote_window_reads_dates_from_the_covering_index(db_path: Path) -> None:
    """The window's 400 date lookups must not touch the documents' own (text-sized) pages."""
    store = await SQLiteStore.open(db_path)
    statements: list[str] = []
    try:
        await import_documents(store, read_jsonl(REPO / "data" / "demo" / "readouts.jsonl"))
        await _traced(store, statements)
        result = await store.documents.search_sentences("agreed")
        await store.conn._execute(store.conn._conn.set_trace_callback, None)
    finally:
        await store.close()
    assert result.hits
    window = [s for s in dict.fromkeys(statements) if "s.text AS sentence, d.date FROM json_each" in s]
    assert len(window) == 1
    conn = sqlite3.connect(db_path)
    try:
        plan = " / ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + window[0]))
    finally:
        conn.close()
    assert "SEARCH d USING COVERING INDEX documents_id_date (id=?)" in plan, plan


async def test_equally_ranked_hits_come_newest_first(store: SQLiteStore) -> None:
    """The window's tie-break is the document date (from the index), not the import order."""
    from bot.models import Analysis, DocumentInput, Sentence

    text = "The two sides agreed to maintain communication."
    for n, day in enumerate(["2025-03-01", "2025-05-01", "2025-01-01", None]):
        doc = DocumentInput(text=text + f" Ref {n}.", doc_id=f"d{n}", date=day)
        await store.documents.add(doc, Analysis(sentences=(Sentence(0, text, 0, len(text)),)))
    result = await store.documents.search_sentences("agreed to maintain")
    assert [h.date for h in result.hits] == ["2025-05-01", "2025-03-01", "2025-01-01", None]
    assert all(h.exact for h in result.hits)
