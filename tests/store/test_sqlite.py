"""The SQLite store: pragmas, migrations, dedupe, transactions, FTS escaping, on a real file."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.models import Analysis, DocumentInput, Sentence, Statement
from bot.store.migrate import Migration, MigrationError, apply_migrations, load_migrations, schema_version
from bot.store.sqlite import DirectConnection, SQLiteStore, fetch_rows, run_to_completion


def analysis_for(text: str) -> Analysis:
    return Analysis(sentences=(Sentence(0, text, 0, len(text)),))


async def test_open_sets_wal_foreign_keys_and_latest_schema(store: SQLiteStore) -> None:
    mode = await store.fetchone("PRAGMA journal_mode")
    fks = await store.fetchone("PRAGMA foreign_keys")
    assert mode[0] == "wal"
    assert fks[0] == 1
    assert await schema_version(store.conn) == load_migrations()[-1].version
    tables = {r["name"] for r in await store.fetchall("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in ("sources", "documents", "sentences", "sentences_fts", "statements", "quotations", "mentions",
                  "events", "event_documents", "findings", "subscriptions", "outbox", "deliveries"):
        assert table in tables


async def test_an_import_has_a_larger_page_cache_and_gives_it_back(store: SQLiteStore) -> None:
    from bot.store.sqlite import IMPORT_CACHE_KIB

    async def cache_size() -> int:
        return int((await store.fetchone("PRAGMA cache_size"))[0])

    async def nothing_left(ids: list[int]) -> None:
        raise AssertionError(f"a fresh database has no leftovers: {ids}")

    before = await cache_size()
    assert before != -IMPORT_CACHE_KIB
    await store.begin_import(nothing_left)
    assert await cache_size() == -IMPORT_CACHE_KIB
    await store.begin_import(nothing_left)  # a second import of the same process
    await store.end_import()
    assert await cache_size() == -IMPORT_CACHE_KIB  # the first still runs
    await store.end_import()
    assert await cache_size() == before


async def test_an_import_that_outlives_its_store_ends_quietly(db_path) -> None:
    """The page cache is restored at the import's end; a store closed before that has none to restore."""
    store = await SQLiteStore.open(db_path)

    async def nothing_left(ids: list[int]) -> None:
        raise AssertionError(ids)

    await store.begin_import(nothing_left)
    await store.close()
    await store.end_import()


async def test_reopen_does_not_reapply_migrations(db_path) -> None:
    first = await SQLiteStore.open(db_path)
    await first.documents.add(DocumentInput(text="Hello there."), analysis_for("Hello there."))
    await first.close()
    second = await SQLiteStore.open(db_path)
    assert await second.documents.count() == 1
    await second.close()


async def test_failed_migration_leaves_previous_schema_usable(db_path) -> None:
    store = await SQLiteStore.open(db_path)
    good = load_migrations()
    broken = good + [Migration(good[-1].version + 1, "999_broken.sql", "CREATE TABLE extra (x);\nTHIS IS NOT SQL;")]
    with pytest.raises(MigrationError, match="999_broken.sql"):
        await apply_migrations(store.conn, broken)
    assert await schema_version(store.conn) == good[-1].version
    tables = {r["name"] for r in await store.fetchall("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "extra" not in tables
    result = await store.documents.add(DocumentInput(text="Still works."), analysis_for("Still works."))
    assert result.status == "imported"
    await store.close()


async def test_dedupe_by_doc_id_url_and_text(store: SQLiteStore) -> None:
    first = await store.documents.add(
        DocumentInput(text="A readout.", doc_id="X-1", url="https://example.org/a"), analysis_for("A readout.")
    )
    assert first.status == "imported"
    same_id = await store.documents.add(DocumentInput(text="Other text.", doc_id="X-1"), analysis_for("Other text."))
    same_url = await store.documents.add(
        DocumentInput(text="Other text 2.", url="https://example.org/a"), analysis_for("Other text 2.")
    )
    same_text = await store.documents.add(DocumentInput(text="  A   readout.\n"), analysis_for("A readout."))
    assert [same_id.status, same_url.status, same_text.status] == ["duplicate"] * 3
    assert "X-1" in (same_text.reason or "")
    assert await store.documents.count() == 1


async def test_transaction_rolls_back_on_error(store: SQLiteStore) -> None:
    with pytest.raises(RuntimeError):
        async with store.transaction() as conn:
            await conn.execute("INSERT INTO settings(key, value) VALUES ('a', 'b')")
            raise RuntimeError("boom")
    assert await store.get_setting("a") is None
    await store.set_setting("a", "c")
    assert await store.get_setting("a") == "c"


async def test_work_in_the_database_thread_joins_the_open_transaction(store: SQLiteStore) -> None:
    """`run_in_thread` runs on the store's connection: what it writes commits or rolls back with the
    transaction around it, and it reads what the transaction wrote before it."""
    async def write(conn: DirectConnection, key: str) -> list[str]:
        await conn.execute("INSERT INTO settings(key, value) VALUES (?, 'x')", (key,))
        await conn.executemany("INSERT INTO settings(key, value) VALUES (?, 'y')", [(key + "2",)])
        return [r["key"] for r in await fetch_rows(conn, "SELECT key FROM settings ORDER BY key")]

    with pytest.raises(RuntimeError):
        async with store.transaction():
            assert await store.run_in_thread(lambda conn: run_to_completion(write(conn, "lost"))) == ["lost", "lost2"]
            raise RuntimeError("boom")
    assert await store.get_setting("lost") is None
    async with store.transaction() as conn:
        await conn.execute("INSERT INTO settings(key, value) VALUES ('first', 'z')")
        assert await store.run_in_thread(lambda conn: run_to_completion(write(conn, "kept"))) == ["first", "kept", "kept2"]
    assert [await store.get_setting(k) for k in ("first", "kept", "kept2")] == ["z", "x", "y"]


async def test_work_in_the_database_thread_that_waits_on_aiosqlite_fails_instead_of_hanging(store: SQLiteStore) -> None:
    """The store's own aiosqlite calls would wait for the thread that is running them: an error,
    and the store goes on working."""
    with pytest.raises(RuntimeError):
        await store.run_in_thread(lambda conn: run_to_completion(store.fetchall("SELECT 1")))
    assert (await store.fetchone("SELECT 2 AS n"))["n"] == 2


async def test_run_to_completion_closes_a_coroutine_that_suspends() -> None:
    import asyncio

    finished = []

    async def suspends() -> None:
        try:
            await asyncio.sleep(0)
        finally:
            finished.append("closed")

    with pytest.raises(RuntimeError, match="waited for something else"):
        run_to_completion(suspends())
    assert finished == ["closed"]


async def test_deleting_a_document_cascades_to_sentences_and_fts(store: SQLiteStore) -> None:
    text = "The ministers expressed serious concern."
    result = await store.documents.add(
        DocumentInput(text=text, government="JP"),
        Analysis(sentences=(Sentence(0, text, 0, len(text)),), statements=(Statement(0, text, "JP", None, "official"),)),
    )
    assert (await store.documents.search_sentences("serious concern")).total == 1
    async with store.transaction() as conn:
        await conn.execute("DELETE FROM documents WHERE id = ?", (result.document_id,))
    assert (await store.documents.search_sentences("serious concern")).total == 0
    assert await store.fetchall("SELECT * FROM statements") == []


@pytest.mark.parametrize(
    "hostile",
    ['"unterminated', "*", "' OR 1=1 --", "NEAR(", "", " ", "a" * 10_000, 'serious" OR "x', "-concern",
     "concern^2", "col:serious", "(((", "AND OR NOT", "\x00\x01", "🙂", "x' ; DROP TABLE documents; --"],
)
async def test_search_never_passes_user_text_as_fts_syntax(store: SQLiteStore, hostile: str) -> None:
    text = "The ministers expressed serious concern over any actions."
    await store.documents.add(DocumentInput(text=text), analysis_for(text))
    result = await store.documents.search_sentences(hostile, government=hostile or None, speaker=hostile or None)
    assert result.total >= 0  # no exception is the point; and the table is still there:
    assert await store.documents.count() == 1


async def test_search_ranks_exact_phrase_before_scattered_words(store: SQLiteStore) -> None:
    texts = [
        "Concern was raised that the talks were serious and long.",
        "The ministers expressed serious concern over the incident.",
    ]
    for i, text in enumerate(texts):
        await store.documents.add(DocumentInput(text=text, doc_id=f"d{i}", date=f"2025-01-0{i + 1}"), analysis_for(text))
    result = await store.documents.search_sentences("serious concern")
    assert [h.doc_id for h in result.hits][0] == "d1"
    assert result.hits[0].exact is True


async def test_search_filters_and_close_variants(store: SQLiteStore) -> None:
    docs = [
        ("jp", "JP", "2025-12-12", "The Ministers expressed serious concerns over the actions."),
        ("us", "US", "2024-01-01", "Officials voiced serious concern about the drills."),
    ]
    for doc_id, gov, date, text in docs:
        await store.documents.add(
            DocumentInput(text=text, doc_id=doc_id, government=gov, date=date, issuer=f"{gov} ministry"),
            analysis_for(text),
        )
    assert {h.doc_id for h in (await store.documents.search_sentences("serious concern")).hits} == {"jp", "us"}
    assert [h.doc_id for h in (await store.documents.search_sentences("serious concern", government="jp")).hits] == ["jp"]
    assert [h.doc_id for h in (await store.documents.search_sentences("serious concern", since="2025-01-01")).hits] == ["jp"]
    assert [h.doc_id for h in (await store.documents.search_sentences("serious concern", speaker="US min")).hits] == ["us"]
    assert (await store.documents.search_sentences("serious concern", speaker="%")).total == 0


def test_sqlite_has_fts5() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")


def _words(n: int) -> str:
    """A word no other sentence of the test has ("alphaaab", "alphaaac", ...)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "alpha" + "".join(letters[(n // 26**k) % 26] for k in range(3))


async def _fts_integrity(store: SQLiteStore) -> None:
    """FTS5's own check, with rank 1: the index must hold exactly what the content table holds."""
    async with store.transaction() as conn:
        await conn.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)")


async def test_each_stored_batch_is_in_the_full_text_index_across_the_trigger_migration(db_path) -> None:
    # A database made before migration 009 (its sentences indexed by the per-row trigger) that then
    # stores batches the 009 way: old and new sentences are all found, the index matches the table,
    # and a deleted document leaves it.
    import aiosqlite

    previous = [m for m in load_migrations() if m.version < 9]
    conn = await aiosqlite.connect(str(db_path), isolation_level=None)
    await apply_migrations(conn, previous)
    text = f"The first minister raised {_words(0)} concerns."
    await conn.execute("INSERT INTO documents (id, doc_id, kind, text, content_hash, imported_at)"
                       " VALUES (1, 'old', 'official_readout', ?, 'h0', 'now')", (text,))
    await conn.execute("INSERT INTO sentences (document_id, idx, text, start, end) VALUES (1, 0, ?, 0, ?)", (text, len(text)))
    await conn.close()

    store = await SQLiteStore.open(db_path)
    try:
        assert not await store.fetchall("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'sentences_ai'")
        batches = [[f"Sentence {_words(b * 10 + i)} one. And {_words(b * 10 + i + 500)} two." for i in range(1, 6)]
                   for b in range(3)]
        stored = []
        for batch in batches:
            stored += await store.documents.add_many([(DocumentInput(text=t), analysis_for(t)) for t in batch])
        await _fts_integrity(store)
        for n in [0, *(b * 10 + i for b in range(3) for i in range(1, 6)), *(b * 10 + i + 500 for b in range(3) for i in range(1, 6))]:
            assert (await store.documents.search_sentences(_words(n))).total == 1, _words(n)
        async with store.transaction() as conn:
            await conn.execute("DELETE FROM documents WHERE id = ?", (stored[0].document_id,))
        assert (await store.documents.search_sentences(_words(1))).total == 0
        assert (await store.documents.search_sentences(_words(501))).total == 0
        assert (await store.documents.search_sentences(_words(2))).total == 1
        await _fts_integrity(store)
    finally:
        await store.close()


_WHITESPACE = "".join(c for c in map(chr, range(0x3000 + 1)) if c.isspace())


@given(st.text(alphabet=st.sampled_from("ab é\u0301" + _WHITESPACE), max_size=40) | st.text(max_size=40))
@example("  Hello\u00a0\u2003world \n\x1c")
def test_content_hash_is_the_regex_definition_stored_hashes_were_made_with(text: str) -> None:
    import hashlib
    import re
    import unicodedata

    from bot.store.documents import content_hash

    before = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    assert content_hash(text) == hashlib.sha256(before.encode("utf-8")).hexdigest()


async def test_analysis_rows_store_what_the_analysis_stores(tmp_path) -> None:
    """The importer's pool sends `AnalysisRows` back instead of the `Analysis`: both forms of one
    analysis must give the same rows, and what is read back is the analysis itself."""
    import pickle

    from bot.ingest.jsonl import read_jsonl
    from bot.nlp import analyse_document
    from bot.paths import demo_corpus_dir
    from bot.store.documents import AnalysisRows

    analysed = [(d, analyse_document(d)) for d in read_jsonl(demo_corpus_dir() / "readouts.jsonl") if isinstance(d, DocumentInput)]
    doc, analysis = next((d, a) for d, a in analysed if a.statements and a.quotations)
    assert analysis.sentences and analysis.mentions
    rows = pickle.loads(pickle.dumps(AnalysisRows.of(analysis)))
    tables = {}
    for name, form in (("analysis", analysis), ("rows", rows)):
        store = await SQLiteStore.open(tmp_path / f"{name}.db")
        try:
            added = await store.documents.add(doc, form)
            assert await store.documents.analysis(added.document_id) == analysis
            tables[name] = {t: [tuple(r) for r in await store.fetchall(f"SELECT * FROM {t} ORDER BY id")]
                            for t in ("sentences", "statements", "quotations", "mentions")}
        finally:
            await store.close()
    assert tables["rows"] == tables["analysis"]


async def test_document_dates_are_the_stored_documents_dates(store: SQLiteStore) -> None:
    """`dates` (the grouping order of an import's documents, read from the (id, date) index) gives
    what the repository's default, reading the whole rows, gives: undated and missing ids included."""
    from bot.store.documents import DocumentRepository

    ids = []
    for i, day in enumerate(["2025-01-02", None, "2024-12-31", "2025-01-02"]):
        added = await store.documents.add(DocumentInput(text=f"Document {i} about a call.", doc_id=f"d{i}", date=day),
                                          Analysis(sentences=(Sentence(0, f"Document {i} about a call.", 0, 25),)))
        ids.append(added.document_id)
    asked = [ids[2], 999, *ids]
    dates = await store.documents.dates(asked)
    assert dates == await DocumentRepository.dates(store.documents, asked)
    assert dates == {ids[0]: "2025-01-02", ids[1]: None, ids[2]: "2024-12-31", ids[3]: "2025-01-02"}


async def test_event_keys_keep_their_rows_and_cascade_across_the_without_rowid_rebuild(db_path) -> None:
    """Migration 012 rebuilds `event_keys` keyed by (key, event_id): the rows of a database made
    before it are all there, the candidate lookup finds them, and deleting an event still deletes
    its keys (the foreign key's cascade is part of the new table)."""
    import aiosqlite

    conn = await aiosqlite.connect(str(db_path), isolation_level=None)
    await apply_migrations(conn, [m for m in load_migrations() if m.version < 12])
    for event_id, date in ((1, "2025-03-04"), (2, "2025-03-05"), (3, None)):
        await conn.execute("INSERT INTO events (id, title, date, created_at, updated_at) VALUES (?, 't', ?, 'x', 'x')",
                           (event_id, date))
    rows = [("govpair:CN-RU", "2025-03-04", 1), ("person:lavrov", "2025-03-04", 1),
            ("govpair:CN-RU", "2025-03-05", 2), ("person:lavrov", None, 3)]
    await conn.executemany("INSERT INTO event_keys (key, date, event_id) VALUES (?, ?, ?)", rows)
    await conn.close()

    store = await SQLiteStore.open(db_path)
    try:
        table = await store.fetchone("SELECT sql FROM sqlite_master WHERE name = 'event_keys'")
        assert "WITHOUT ROWID" in table["sql"]
        kept = await store.fetchall("SELECT key, date, event_id FROM event_keys ORDER BY event_id, key")
        assert [tuple(r) for r in kept] == sorted(rows, key=lambda r: (r[2], r[0]))
        indexes = {r["name"] for r in await store.fetchall("SELECT name FROM sqlite_master WHERE tbl_name = 'event_keys' AND type = 'index'")}
        assert indexes == {"event_keys_lookup", "event_keys_event"}
        from bot.store.events import _candidate_ids

        found = await _candidate_ids(store.conn, ["person:lavrov", "govpair:CN-RU"], "2025-03-01", "2025-03-09")
        assert found == [3, 2, 1]  # newest first, the undated event included
        async with store.transaction() as conn:
            await conn.execute("DELETE FROM events WHERE id = 1")
        assert [tuple(r) for r in await store.fetchall("SELECT event_id FROM event_keys ORDER BY event_id")] == [(2,), (3,)]
    finally:
        await store.close()
