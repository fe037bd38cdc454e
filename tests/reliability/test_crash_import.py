"""SIGKILL `readout-watch import` at three points of a large import, restart it, and compare the result
with an uninterrupted import of the same file.

The three points are where an import has half-done work on disk: (1) documents stored but not yet
grouped into events, (2) in the middle of grouping a batch, (3) in the middle of recomputing the
divergence of the events a batch touched. After the last restart runs to completion:
- every document is present exactly once (count, unique doc_ids, the file's doc_ids);
- the FTS5 index matches its content table (row counts, FTS5 'integrity-check', PRAGMA integrity_check);
- every document belongs to exactly one event, and the events, their findings and the alerts queued
  for them are those of the uninterrupted import — nothing lost, nothing duplicated.

The corpus comes from `bench/generate.py` (read-only use): 600 documents, so an import has two
batches (the importer stores and groups 500 at a time) and the kills land inside the first. A killed
import must not leave processes behind either (its analysis pool's workers)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import (
    REPO,
    Figures,
    alive,
    clean_env,
    descendants,
    finish,
    kill,
    output,
    query,
    scalar,
    start_cli,
    wait_until,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

DOCS = 600
SEED = 11


async def _generate(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus.jsonl"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(REPO / "bench" / "generate.py"), "--docs", str(DOCS), "--seed", str(SEED),
        "--out", str(corpus), "--labels", str(tmp_path / "labels.jsonl"),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return corpus


async def _outlived(pids: set[int], grace: float = 15.0) -> set[int]:
    """Those of `pids` still running `grace` seconds after their parent was killed; they are killed
    here (they are this test's), and returned so the test can fail on them."""
    for _ in range(int(grace / 0.1)):
        if not any(alive(p) for p in pids):
            return set()
        await asyncio.sleep(0.1)
    left = {p for p in pids if alive(p)}
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return left


def _state(db: Path) -> dict[str, Any]:
    """What an import leaves behind, keyed by content rather than row ids (which differ between runs)."""
    doc_ids = {row_id: doc_id for row_id, doc_id in query(db, "SELECT id, doc_id FROM documents")}
    members: dict[int, set[str]] = {}
    for event_id, document_id in query(db, "SELECT event_id, document_id FROM event_documents"):
        members.setdefault(event_id, set()).add(doc_ids[document_id])
    events: dict[frozenset[str], dict[str, Any]] = {}
    for event_id, docs in members.items():
        findings = sorted(query(db, "SELECT f.type, f.government, f.text, d.doc_id FROM findings f"
                                    " JOIN documents d ON d.id = f.document_id WHERE f.event_id = ?", (event_id,)))
        divergence = query(db, "SELECT divergent, round(score, 6), summary FROM divergences WHERE event_id = ?", (event_id,))
        alerts = [json.loads(p) for (p,) in query(db, "SELECT payload FROM outbox WHERE event_id = ? ORDER BY id", (event_id,))]
        events[frozenset(docs)] = {
            "divergence": divergence[0] if divergence else None,
            "findings": findings,
            # The alert a channel would see last for this event: what it says, not when it was queued.
            "last_alert": sorted((f["type"], f["government"], f["text"]) for f in alerts[-1]["findings"]) if alerts else None,
        }
    return {"doc_ids": sorted(doc_ids.values()), "events": events}


def _check_integrity(db: Path) -> dict[str, int]:
    counts = {
        "documents": scalar(db, "SELECT count(*) FROM documents"),
        "unique_doc_ids": scalar(db, "SELECT count(DISTINCT doc_id) FROM documents"),
        "sentences": scalar(db, "SELECT count(*) FROM sentences"),
        "fts_rows": scalar(db, "SELECT count(*) FROM sentences_fts"),
        "grouped": scalar(db, "SELECT count(*) FROM event_documents"),
        "events": scalar(db, "SELECT count(*) FROM events"),
        "alerts": scalar(db, "SELECT count(*) FROM outbox"),
    }
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    # FTS5's own check that the index and the external content table agree (raises if not).
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
        # Every sentence is found through the index, exactly once: search a few by their own words.
        for sentence_id, text in conn.execute("SELECT id, text FROM sentences WHERE length(text) > 40 ORDER BY id LIMIT 20"):
            phrase = '"' + " ".join(w for w in text.replace('"', " ").split()[:6]) + '"'
            hits = [r[0] for r in conn.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", (phrase,))]
            assert hits.count(sentence_id) == 1, (text, hits)
    finally:
        conn.close()
    return counts


async def test_sigkill_during_import_then_restart_stores_each_document_once(tmp_path: Path, figures: Figures) -> None:
    corpus = await _generate(tmp_path)
    expected_ids = sorted(json.loads(line)["doc_id"] for line in corpus.read_text("utf-8").splitlines())
    env = clean_env(tmp_path)
    reference_db, crashed_db = tmp_path / "reference.db", tmp_path / "crashed.db"

    # The uninterrupted import runs beside the interrupted ones (two cores): same file, fresh database.
    reference = await start_cli("import", str(corpus), "--db", str(reference_db), env=env, cwd=tmp_path)

    kills: list[dict[str, Any]] = []

    async def run_until(condition: str, sql: str, predicate: Any) -> None:
        proc = await start_cli("import", str(corpus), "--db", str(crashed_db), env=env, cwd=tmp_path)
        try:
            await wait_until(lambda: predicate(scalar(crashed_db, sql)), timeout=240, what=condition, proc=proc, interval=0.02)
        except AssertionError:  # it finished first: the checks below say what that left behind
            assert proc.returncode is not None, output(proc)
        children = descendants(proc.pid)  # the analysis pool's workers, if it started them
        landed = await kill(proc) == -9
        orphans = await _outlived(children)
        kills.append({
            "child_processes": len(children), "orphaned_processes": len(orphans),
            "at": condition,
            "killed": landed,
            "documents": scalar(crashed_db, "SELECT count(*) FROM documents"),
            "grouped": scalar(crashed_db, "SELECT count(*) FROM event_documents"),
            "compared": scalar(crashed_db, "SELECT count(*) FROM divergences"),
        })

    # 1. documents stored, none grouped yet
    await run_until("documents stored", "SELECT count(*) FROM documents", lambda n: n > 0)
    # 2. the first batch grouped into events (one transaction), the rest not yet
    await run_until("part grouped", "SELECT count(*) FROM event_documents", lambda n: n > 0)
    # 3. the divergence of the touched events is being recomputed
    await run_until("divergence under way", "SELECT count(*) FROM divergences", lambda n: n > 0)

    final = await start_cli("import", str(corpus), "--db", str(crashed_db), env=env, cwd=tmp_path)
    assert await finish(final, 300) in (0, 1), output(final)
    assert "Traceback" not in output(final), output(final)
    assert await finish(reference, 300) == 0, output(reference)

    crashed_counts = _check_integrity(crashed_db)
    reference_counts = _check_integrity(reference_db)
    figures("kills", kills)
    figures("after restart", crashed_counts)
    figures("uninterrupted", reference_counts)

    # Present exactly once.
    assert crashed_counts["documents"] == crashed_counts["unique_doc_ids"] == DOCS
    assert _state(crashed_db)["doc_ids"] == expected_ids
    assert crashed_counts["sentences"] == crashed_counts["fts_rows"] == reference_counts["sentences"]
    # Nothing half-done is left: every document is in exactly one event (event_documents has
    # UNIQUE(document_id)), and the events, findings and last alerts equal the uninterrupted import's.
    assert crashed_counts["grouped"] == DOCS
    crashed, uninterrupted = _state(crashed_db)["events"], _state(reference_db)["events"]
    missing = [sorted(k) for k in uninterrupted if k not in crashed]
    extra = [sorted(k) for k in crashed if k not in uninterrupted]
    assert not missing and not extra, f"events differ: missing {missing[:3]}, extra {extra[:3]}"
    differing = [sorted(k) for k in uninterrupted if crashed[k] != uninterrupted[k]]
    assert not differing, f"{len(differing)} events differ, e.g. {differing[0]}: {crashed[frozenset(differing[0])]} vs {uninterrupted[frozenset(differing[0])]}"
    # The checks above only mean something if every kill landed where it was aimed.
    assert all(k["killed"] for k in kills), kills
    # A killed import leaves no process behind (its pool's workers go with it).
    assert all(k["orphaned_processes"] == 0 for k in kills), kills
    alerted = sum(1 for e in crashed.values() if e["last_alert"] is not None)
    figures("events with an alert (after restart / uninterrupted)",
            [alerted, sum(1 for e in uninterrupted.values() if e["last_alert"] is not None)])
