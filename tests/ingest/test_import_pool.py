"""The bulk-import paths give exactly what the one-document-at-a-time path gives.

A large import analyses in a process pool (with the contact profiles grouping needs), stores a chunk
in one transaction and computes divergences in the pool; small imports do everything inline. Both
must store the same analysis, build the same events and record the same findings and alerts. Real
SQLite files, a generated corpus with multi-document events and divergences.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import bot.ingest.importer as importer
import bot.ingest.pool_tasks as pool_tasks
from bench.generate import write_corpus
from bot.events import profile_document
from bot.ingest.jsonl import read_jsonl
from bot.models import DocumentInput
from bot.store.sqlite import SQLiteStore


def _tables(path: Path) -> dict[str, list[tuple]]:
    """Everything analysis, grouping and divergence stored, without timestamps."""
    conn = sqlite3.connect(path)
    try:
        queries = {
            "documents": "SELECT id, doc_id, government, kind, title, date, url, text, content_hash, metadata, alerts_muted FROM documents ORDER BY id",
            "sentences": "SELECT document_id, idx, text, start, end FROM sentences ORDER BY document_id, idx",
            "fts": "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'minister' ORDER BY rowid",
            "statements": "SELECT document_id, sentence_idx, text, government, speaker, voice FROM statements ORDER BY id",
            "quotations": "SELECT document_id, sentence_idx, text, speaker, speaker_title, government, start, end FROM quotations ORDER BY id",
            "mentions": "SELECT document_id, kind, value, surface, detail, start, end FROM mentions ORDER BY id",
            "events": "SELECT id, title, date, contact_kind, participants, governments FROM events ORDER BY id",
            "members": "SELECT event_id, document_id, profile FROM event_documents ORDER BY document_id",
            "keys": "SELECT key, date, event_id FROM event_keys ORDER BY key, event_id",
            "divergences": "SELECT event_id, score, divergent, summary, fingerprint, shared FROM divergences ORDER BY event_id",
            "findings": "SELECT event_id, type, government, text, document_id, counterpart_text, counterpart_document_id, detail, fingerprint, position FROM findings ORDER BY event_id, position",
            "outbox": "SELECT kind, event_id, fingerprint, payload, governments, score FROM outbox ORDER BY id",
        }
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        conn.close()


async def _import(path: Path, corpus: Path, **kwargs: object) -> importer.ImportReport:
    store = await SQLiteStore.open(path)
    try:
        return await importer.import_documents(store, read_jsonl(corpus), **kwargs)  # type: ignore[arg-type]
    finally:
        await store.close()


@pytest.mark.slow
async def test_pool_import_stores_and_finds_exactly_what_the_inline_import_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 160, seed=5)
    inline = await _import(tmp_path / "inline.db", corpus, workers=1, batch_size=50)
    monkeypatch.setattr(importer, "POOL_MIN_DOCUMENTS", 10)
    pooled = await _import(tmp_path / "pool.db", corpus, workers=2, batch_size=50)
    assert (inline.imported, inline.duplicates, inline.rejected) == (160, 0, [])
    assert (pooled.imported, pooled.duplicates, pooled.rejected, pooled.document_ids) == (
        inline.imported, inline.duplicates, inline.rejected, inline.document_ids)
    a, b = _tables(tmp_path / "inline.db"), _tables(tmp_path / "pool.db")
    assert a["findings"] and a["outbox"] and len(a["events"]) < 160  # the corpus exercises grouping and divergence
    for table in a:
        assert a[table] == b[table], table
    # and a second import of the same file stores nothing, on either path
    again = await _import(tmp_path / "pool.db", corpus, workers=2, batch_size=50)
    assert (again.imported, again.duplicates) == (0, 160)


async def test_profiles_from_the_import_equal_profiles_from_the_store(tmp_path: Path) -> None:
    """The pool profiles each document from its in-memory analysis; grouping used to profile it
    from the stored analysis. They must be the same profile."""
    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 60, seed=2)
    store = await SQLiteStore.open(tmp_path / "p.db")
    try:
        docs = [d for d in read_jsonl(corpus) if isinstance(d, DocumentInput)]
        report = await importer.import_documents(store, docs, workers=1)
        for doc, document_id in zip(docs, report.document_ids):
            checked = importer._checked(doc, 2_000_000)
            assert isinstance(checked, DocumentInput)
            _analysis, profile = pool_tasks.analysed(checked)
            stored = await store.documents.get(document_id)
            assert stored is not None and profile is not None
            expected = profile_document(stored, await store.documents.analysis(document_id))
            assert profile.__class__(**{**profile.__dict__, "document_id": document_id}) == expected
    finally:
        await store.close()


async def test_duplicates_within_one_chunk_and_against_the_store(store: SQLiteStore) -> None:
    first = DocumentInput(text="The ministers met in Tokyo.", doc_id="a", url="https://x.example/a")
    report = await importer.import_documents(store, [first])
    assert report.imported == 1
    batch = [
        DocumentInput(text="Another text.", doc_id="a"),  # doc_id of a stored document
        DocumentInput(text="Third text.", doc_id="c", url="https://x.example/a"),  # URL of a stored document
        DocumentInput(text="The ministers met in Tokyo.", doc_id="d"),  # stored text
        DocumentInput(text="New text.", doc_id="e"),
        DocumentInput(text="New text.", doc_id="f"),  # same text as "e", earlier in the chunk
        DocumentInput(text="Other new text.", doc_id="e"),  # doc_id of "e"
    ]
    found = await store.documents.find_duplicates(batch)
    assert [f.reason if f else None for f in found] == [
        "doc_id 'a' already imported", "URL already imported as 'a'", "same text as 'a'", None,
        "same text as 'e'", "doc_id 'e' already imported",
    ]
    report = await importer.import_documents(store, batch)
    assert (report.imported, report.duplicates) == (1, 5)
    stored = await store.documents.get(report.document_ids[0])
    assert stored is not None and stored.doc_id == "e" and stored.id == 2  # the next row id


async def test_each_text_is_hashed_once_and_its_hash_stored(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The importer hashes a text once for its early duplicate check and the store's own check."""
    import bot.store.documents as documents

    hashed: list[str] = []
    real_hash = documents.content_hash

    def counting_hash(text: str) -> str:
        hashed.append(text)
        return real_hash(text)

    monkeypatch.setattr(documents, "content_hash", counting_hash)
    texts = ["The ministers met in Tokyo.", "New text.", "New text.", "Other  new\ttext."]
    report = await importer.import_documents(store, [DocumentInput(text=t, doc_id=f"d{i}") for i, t in enumerate(texts)])
    assert (report.imported, report.duplicates) == (3, 1)
    assert sorted(hashed) == sorted(texts)
    rows = await store.fetchall("SELECT text, content_hash FROM documents ORDER BY id")
    assert [(r["text"], r["content_hash"]) for r in rows] == [(t, real_hash(t)) for t in (texts[0], texts[1], texts[3])]


async def test_given_digests_must_match_the_documents(store: SQLiteStore) -> None:
    docs = [DocumentInput(text="One."), DocumentInput(text="Two.")]
    with pytest.raises(ValueError, match="1 digests for 2 documents"):
        await store.documents.find_duplicates(docs, ["x"])
    with pytest.raises(ValueError, match="1 digests for 2 documents"):
        await store.documents.add_many([(d, pool_tasks.analyse(d)) for d in docs], digests=["x"])
    assert await store.documents.count() == 0


async def test_batched_states_equal_one_by_one(tmp_path: Path) -> None:
    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 40, seed=3)
    store = await SQLiteStore.open(tmp_path / "s.db")
    try:
        await importer.import_documents(store, read_jsonl(corpus), workers=1)
        rows = await store.fetchall("SELECT id FROM events ORDER BY id DESC")
        ids = [int(r["id"]) for r in rows] + [999_999]  # an unknown id is left out
        states = await store.events.states(ids)
        assert [s.id for s in states] == ids[:-1]
        assert states == [await store.events.state(i) for i in ids[:-1]]
    finally:
        await store.close()


_KILLABLE_IMPORT = """
import asyncio, sys
import bot.ingest.importer as importer
from bot.ingest.jsonl import read_jsonl
from bot.store.sqlite import SQLiteStore

async def main():
    importer.POOL_MIN_DOCUMENTS = 10
    store = await SQLiteStore.open(sys.argv[2])
    await importer.import_documents(store, read_jsonl(sys.argv[1]), workers=2, batch_size=40)

if __name__ == "__main__":
    asyncio.run(main())
"""


def _is_worker(pid: int) -> bool:
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_pool_workers_exit_when_the_import_is_killed(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO
    from tests.processes import descendants

    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 400, seed=9)
    script = tmp_path / "killable.py"
    script.write_text(_KILLABLE_IMPORT, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(corpus), str(tmp_path / "k.db")], cwd=str(REPO),
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            workers = {p for p in descendants(proc.pid) if _is_worker(p)}
            time.sleep(0.05)
        assert len(workers) >= 2, "the import never started its pool"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_is_worker(p) for p in workers):
            time.sleep(0.1)
        alive = [p for p in workers if _is_worker(p)]
        assert not alive, f"orphaned pool workers: {alive}"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_pool_worker_loads_the_engine_not_the_store(tmp_path: Path) -> None:
    """Tasks come from `bot.ingest.pool_tasks` alone: a worker never imports the store, aiosqlite,
    asyncio or the pipeline (each worker of each import paid ~0.07 s CPU and 9 MB for them)."""
    import concurrent.futures
    import multiprocessing
    import os

    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 6, seed=4)
    docs = [d for d in read_jsonl(corpus) if isinstance(d, DocumentInput)]
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=pool_tasks.start_worker, initargs=(os.getpid(),)) as pool:
        analyses = pool.submit(pool_tasks.analyse_task, docs).result(timeout=120)
        rows = [("JP", "The ministers expressed serious concern.", 1, "jp", 0, "official", None),
                ("US", "The ministers discussed trade.", 2, "us", 0, "official", None)]
        divergences = pool.submit(pool_tasks.diverge_task, [(rows, ["JP", "US"], [])]).result(timeout=120)
        loaded = set(pool.submit(eval, "list(__import__('sys').modules)").result(timeout=120))
    assert len(analyses) == len(docs) and all(not isinstance(a, str) and p is not None for a, p in analyses)
    assert [d.findings for d in divergences] == [pool_tasks.diverge(pool_tasks.event_statements(rows), ["JP", "US"], []).findings]
    assert {"bot.nlp", "bot.divergence", "bot.events"} <= loaded
    assert not loaded & {"aiosqlite", "asyncio", "sqlite3", "bot.store.sqlite", "bot.store.events", "bot.pipeline",
                         "bot.ingest.importer"}
