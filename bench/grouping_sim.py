"""Grouping quality on a generated corpus in minutes instead of an hour: contact profiles are computed
once (cached beside the corpus), then grouping is replayed in memory with the real `bot.events`
functions and an in-memory copy of the store's candidate index (`event_keys` by key and date
window, newest 200 events first; members ordered by document id). Grouping only: no storage,
no divergence, so it measures *which documents end up together*, not time.

    python bench/grouping_sim.py bench/out/corpus-100000-s1.jsonl [--limit N] [--merges]

Prints pairwise precision/recall against the generator's labels, events predicted/labelled,
candidates per document, and (with --merges) how many merges of existing events happened and how
many of them joined documents of different labelled events, with examples.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import pickle
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import labels_path_for, pairwise_quality, read_labels  # noqa: E402


def _profile_chunk(lines: list[tuple[int, str]]) -> list[tuple[int, str, str | None, Any]]:
    from bot.ingest.jsonl import parse_jsonl
    from bot.ingest.pool_tasks import analysed

    out = []
    for doc_row, line in lines:
        for item in parse_jsonl([line.encode("utf-8")], name="corpus"):
            _analysis, profile = analysed(item)
            out.append((doc_row, item.doc_id, item.date, profile))
    return out


def load_profiles(corpus: Path, limit: int | None, workers: int, fresh: bool = False) -> list[tuple[int, str, str | None, Any]]:
    """(row id, doc_id, date, ContactProfile with document_id = row id) for every line, cached
    beside the corpus (`fresh`: recompute, e.g. after changing `profile_document` or the NLP)."""
    cache = corpus.with_suffix(corpus.suffix + f".profiles-{limit or 'all'}.pickle")
    if not fresh and cache.exists() and cache.stat().st_mtime > corpus.stat().st_mtime:
        return pickle.loads(cache.read_bytes())
    lines = []
    with corpus.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if limit and i > limit:
                break
            lines.append((i, line))
    chunks = [lines[i: i + 200] for i in range(0, len(lines), 200)]
    out: list[tuple[int, str, str | None, Any]] = []
    start = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        for part in pool.map(_profile_chunk, chunks):
            out.extend(part)
    from dataclasses import replace

    out = [(row, doc_id, day, replace(p, document_id=row) if p is not None else None) for row, doc_id, day, p in out]
    print(f"profiled {len(out)} documents in {time.perf_counter() - start:.0f}s", file=sys.stderr)
    cache.write_bytes(pickle.dumps(out))
    return out


class MemoryIndex:
    """The store side of grouping (`bot.store.events.GroupingSession`), in memory, with the SQLite
    backend's semantics: candidates by key and date window, newest MAX_CANDIDATES events first,
    members in document order."""

    def __init__(self) -> None:
        from bot.store.events import MAX_CANDIDATES

        self.max_candidates = MAX_CANDIDATES
        self.keys: dict[str, dict[int, str | None]] = defaultdict(dict)  # key -> event -> date
        self.event_keys: dict[int, list[str]] = {}
        self.members: dict[int, list[Any]] = {}
        self.next_id = 1
        self.candidates_seen = 0

    async def candidates(self, keys: list[str], lo: str | None, hi: str | None) -> list[Any]:
        from bot.events import EventState

        found: set[int] = set()
        for k in keys:
            for event, day in self.keys.get(k, {}).items():
                if lo and hi and day is not None and not lo <= day <= hi:
                    continue
                found.add(event)
        ids = sorted(found, reverse=True)[: self.max_candidates]
        self.candidates_seen += len(ids)
        return [EventState(i, tuple(sorted(self.members[i], key=lambda p: p.document_id))) for i in ids]

    def _write_keys(self, event: int, day: str | None, keys: list[str]) -> None:
        for k in self.event_keys.get(event, []):
            self.keys[k].pop(event, None)
        self.event_keys[event] = list(dict.fromkeys(keys))
        for k in self.event_keys[event]:
            self.keys[k][event] = day

    async def create(self, profile: Any, description: Any, keys: list[str]) -> int:
        event = self.next_id
        self.next_id += 1
        self.members[event] = [profile]
        self._write_keys(event, description.date, keys)
        return event

    async def assign(self, event: int, profile: Any, description: Any, keys: list[str]) -> None:
        self.members[event].append(profile)
        self._write_keys(event, description.date, keys)

    async def merge(self, target: int, others: list[int]) -> None:
        for o in others:
            self.members[target].extend(self.members.pop(o))
            for k in self.event_keys.pop(o, []):
                self.keys[k].pop(o, None)


def simulate(rows: list[tuple[int, str, str | None, Any]], truth: dict[str, str], batch: int = 500,
             watch_merges: bool = False) -> dict[str, Any]:
    """Group `rows` with `bot.pipeline.group_document` (what `process_documents` runs for each new
    document, oldest first within a batch) against the in-memory index."""
    import asyncio

    return asyncio.run(_simulate(rows, truth, batch, watch_merges))


async def _simulate(rows: list[tuple[int, str, str | None, Any]], truth: dict[str, str], batch: int,
                    watch_merges: bool) -> dict[str, Any]:
    from bot.pipeline import group_document

    index = MemoryIndex()
    doc_of = {row: doc_id for row, doc_id, _, _ in rows}
    event_of: dict[int, int] = {}
    merges = 0
    bad_merges: list[dict[str, Any]] = []
    bad_merge_count = 0
    for start in range(0, len(rows), batch):
        chunk = sorted(rows[start: start + batch], key=lambda r: (r[2] or "9999", r[0]))
        for row, _doc_id, _day, profile in chunk:
            if profile is None:
                continue
            event, _created, merged = await group_document(index, profile)
            if merged:
                merges += 1
                if watch_merges:
                    groups = [[r for r, e in event_of.items() if e == g] for g in [event, *merged]]
                    labels = {truth.get(doc_of[r]) for g in groups for r in g} | {truth.get(doc_of[row])}
                    if len(labels) > 1:
                        bad_merge_count += 1
                        if len(bad_merges) < 40:
                            profile_of = {p.document_id: p for p in index.members[event]}
                            bad_merges.append({"bridge": _show(profile, doc_of),
                                               "events": [[_show(profile_of[r], doc_of) for r in g] for g in groups]})
                for p in index.members[event]:
                    event_of[p.document_id] = event
            event_of[row] = event
    predicted = {doc_of[r]: e for r, e in event_of.items()}
    q = pairwise_quality(predicted, truth)
    q["candidates_per_doc"] = round(index.candidates_seen / max(1, len(rows)), 2)
    q["merges"] = merges
    if watch_merges:
        q["merges_of_different_labels"] = bad_merge_count
        q["bad_merge_examples"] = bad_merges
    sizes = Counter(len(m) for m in index.members.values())
    q["largest_event"] = max(sizes) if sizes else 0
    q["events_over_3_docs"] = sum(n for s, n in sizes.items() if s > 3)
    q["_predicted"] = predicted
    return q


def time_store(rows: list[tuple[int, str, str | None, Any]], last: int = 1000, batch: int = 500) -> dict[str, Any]:
    """Grouping in a real SQLite store (stub documents: grouping reads only profiles and keys), batch
    by batch as `process_documents` does; the last `last` documents are timed one batch at a time."""
    import asyncio

    return asyncio.run(_time_store(rows, last, batch))


async def _time_store(rows: list[tuple[int, str, str | None, Any]], last: int, batch: int) -> dict[str, Any]:
    import tempfile

    from bot.pipeline import group_document
    from bot.store.sqlite import SQLiteStore

    rows = [r for r in rows if r[3] is not None]
    with tempfile.TemporaryDirectory() as tmp:
        store = await SQLiteStore.open(Path(tmp) / "grouping.db")
        try:
            async with store.transaction() as conn:
                await conn.executemany(
                    "INSERT INTO documents (id, doc_id, kind, date, text, content_hash, imported_at)"
                    " VALUES (?, ?, 'official_readout', ?, '', ?, '')",
                    [(row, doc_id, day, doc_id) for row, doc_id, day, _ in rows])
            head = len(rows) - last
            wall = cpu = 0.0
            timed = 0
            for start in list(range(0, head, batch)) + list(range(head, len(rows), batch)):
                end = min(start + batch, head if start < head else len(rows))
                chunk = sorted(rows[start:end], key=lambda r: (r[2] or "9999", r[0]))
                t0, c0 = time.perf_counter(), time.process_time()
                async with store.events.grouping() as session:
                    for _row, _doc_id, _day, profile in chunk:
                        await group_document(session, profile)
                if start >= head:
                    wall += time.perf_counter() - t0
                    cpu += time.process_time() - c0
                    timed += len(chunk)
            events = await store.fetchone("SELECT count(*) AS n FROM events")
            keys = await store.fetchone("SELECT count(*) AS n FROM event_keys")
        finally:
            await store.close()
    return {"documents": len(rows), "timed": timed, "ms_per_doc_wall": round(wall * 1000 / max(1, timed), 3),
            "ms_per_doc_cpu": round(cpu * 1000 / max(1, timed), 3), "events": int(events["n"]),
            "event_keys": int(keys["n"])}


def _show(p: Any, doc_of: dict[int, str]) -> str:
    return (f"{doc_of[p.document_id]} {','.join(p.people)} {'/'.join(p.governments)} "
            f"{p.date_lo}..{p.date_hi} {p.kind}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--merges", action="store_true", help="report merges that join different labelled events")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--reprofile", action="store_true", help="recompute the cached contact profiles")
    parser.add_argument("--store", action="store_true",
                        help="also group into a real SQLite store and time the last 1,000 documents")
    args = parser.parse_args(argv)
    rows = load_profiles(args.corpus, args.limit, args.workers, args.reprofile)
    truth = read_labels(labels_path_for(args.corpus))
    start = time.perf_counter()
    q = simulate(rows, truth, watch_merges=args.merges)
    q["simulate_s"] = round(time.perf_counter() - start, 1)
    q.pop("_predicted")
    examples = q.pop("bad_merge_examples", [])
    print(json.dumps(q, indent=1))
    for ex in examples[:12]:
        print("\nbridge:", ex["bridge"])
        for e in ex["events"]:
            print("  event:", " | ".join(e))
    if args.store:
        q["store"] = time_store(rows)
        print(json.dumps(q["store"], indent=1))
    if args.json:
        args.json.write_text(json.dumps({**q, "bad_merge_examples": examples}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
