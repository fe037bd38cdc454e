"""The database under stress: another connection holding the write lock, a migration that fails, and
the bookkeeping that lets a killed run's half-done work be finished (migration 006).

All on real SQLite files; the "other process" is a second sqlite3 connection in a thread, which is
what SQLite sees from another process too (file locks, WAL)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.models import Analysis, DocumentInput, Sentence
from bot.store import migrate
from bot.store import sqlite as sqlite_store
from bot.store.migrate import Migration, MigrationError, apply_migrations, load_migrations, schema_version
from bot.store.sqlite import SQLiteStore
from tests.reliability.conftest import REPO, clean_env, query


class WriteLock:
    """Another connection that takes the database's write lock (BEGIN IMMEDIATE) and holds it until
    `release()`, in a thread of its own, as a second process would."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.taken = threading.Event()
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        conn = sqlite3.connect(self.db, isolation_level=None, timeout=30)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO settings(key, value) VALUES ('other-writer', 'was here')")
            self.taken.set()
            self._release.wait(60)
            conn.execute("COMMIT")
        finally:
            conn.close()

    def __enter__(self) -> "WriteLock":
        self._thread.start()
        assert self.taken.wait(10)
        return self

    def release(self) -> None:
        self._release.set()

    def __exit__(self, *exc: object) -> None:
        self.release()
        self._thread.join(10)


def _analysis(text: str) -> Analysis:
    return Analysis(sentences=(Sentence(0, text, 0, len(text)),))


# --- busy / locked ----------------------------------------------------------------------------


async def test_busy_timeout_is_set_on_every_connection(store: SQLiteStore) -> None:
    row = await store.fetchone("PRAGMA busy_timeout")
    assert row is not None and int(row[0]) == sqlite_store.BUSY_TIMEOUT_MS


async def test_a_write_waits_while_another_connection_holds_the_lock(store: SQLiteStore) -> None:
    with WriteLock(store.path) as lock:
        write = asyncio.create_task(store.set_setting("mine", "1"))
        await asyncio.sleep(0.3)
        assert not write.done()  # waiting inside SQLite's busy handler, not failed
        lock.release()
        await asyncio.wait_for(write, 15)
    assert await store.get_setting("mine") == "1"
    assert await store.get_setting("other-writer") == "was here"  # both writes kept


async def test_a_lock_held_past_the_busy_timeout_is_retried_with_backoff(store: SQLiteStore,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    await store.conn.execute("PRAGMA busy_timeout = 20")  # SQLite gives up fast; our retry must carry on
    with WriteLock(store.path) as lock:
        write = asyncio.create_task(store.set_setting("mine", "2"))
        for _ in range(200):
            if "database is locked; retrying" in caplog.text:
                break
            await asyncio.sleep(0.02)
        assert "database is locked; retrying" in caplog.text
        assert not write.done()
        lock.release()
        await asyncio.wait_for(write, 15)
    assert await store.get_setting("mine") == "2"


async def test_a_lock_that_never_ends_is_an_error_not_a_hang(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    await store.conn.execute("PRAGMA busy_timeout = 10")
    monkeypatch.setattr(sqlite_store, "LOCK_RETRIES", 3)
    with WriteLock(store.path):
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await asyncio.wait_for(store.set_setting("mine", "3"), 30)
    # ... and the store is usable again once the other writer is gone: no transaction left open.
    assert not store.conn.in_transaction
    await store.set_setting("mine", "4")
    assert await store.get_setting("mine") == "4"


async def test_delivery_survives_a_locked_database_and_catches_up(store: SQLiteStore) -> None:
    """The bot's delivery loop meets a database another process keeps locked beyond every retry: the
    pass fails, is logged, and the next pass delivers — the loop itself never stops."""
    from bot.delivery.senders import SlackSender, slack_client
    from bot.delivery.worker import DeliveryWorker
    from tests.fakes.slack_server import FakeSlack

    fake = await FakeSlack().start()
    try:
        await store.subscriptions.upsert("slack", "C1")
        await store.outbox.add("divergence", {"title": "Locked-database alert", "findings": [], "summary": "x",
                                              "governments": ["JP", "US"], "score": 0.9, "divergent": True},
                               fingerprint="locked-1", governments=("JP", "US"), score=0.9)
        await store.conn.execute("PRAGMA busy_timeout = 10")
        worker = DeliveryWorker(store, {"slack": SlackSender(slack_client("xoxb-locked-test", fake.api_url))},
                                poll_interval=0.05)
        stop = asyncio.Event()
        with WriteLock(store.path) as lock:
            task = asyncio.create_task(worker.run(stop))
            await asyncio.sleep(2.0)  # longer than one pass's retries (0.2 + 0.4 + 0.8 s ...)
            assert not task.done() and not fake.posts["C1"]
            lock.release()
        for _ in range(300):
            if fake.posts["C1"]:
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 10)
        assert len(fake.posts["C1"]) == 1
        [delivery] = await store.outbox.deliveries()
        assert delivery.status == "sent"
    finally:
        await fake.close()


# --- migrations ---------------------------------------------------------------------------------


@pytest.fixture
def migrations_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the packaged migrations that `load_migrations()` reads instead, so a test can add a
    broken or a late file exactly as a developer would."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for source in (REPO / "bot" / "store" / "migrations").glob("*.sql"):
        (folder / source.name).write_text(source.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(migrate.resources, "files", lambda package: folder)
    yield folder


async def _filled(db: Path) -> None:
    store = await SQLiteStore.open(db)
    try:
        await store.documents.add(DocumentInput(text="Before the upgrade.", doc_id="old-1"), _analysis("Before the upgrade."))
        await store.subscriptions.upsert("slack", "C1")
    finally:
        await store.close()


async def test_a_failing_migration_leaves_the_previous_schema_usable(tmp_path: Path, migrations_dir: Path) -> None:
    db = tmp_path / "upgrade.db"
    await _filled(db)
    before = query(db, "PRAGMA user_version")[0][0]
    tables_before = {r[0] for r in query(db, "SELECT name FROM sqlite_master")}
    # A new migration whose first statements work and whose last one does not.
    (migrations_dir / "900_broken.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\n"
        "ALTER TABLE documents ADD COLUMN half_done_flag INTEGER;\n"
        "INSERT INTO half_done SELECT id FROM documents;\n"
        "UPDATE documents SET no_such_column = 1;\n", "utf-8")
    with pytest.raises(MigrationError, match=r"900_broken\.sql failed: no such column: no_such_column"):
        await SQLiteStore.open(db)
    # Nothing of it stayed: same version, same tables and columns, and not recorded as applied.
    assert query(db, "PRAGMA user_version")[0][0] == before
    assert {r[0] for r in query(db, "SELECT name FROM sqlite_master")} == tables_before
    assert "half_done_flag" not in {r[1] for r in query(db, "PRAGMA table_info(documents)")}
    assert 900 not in {r[0] for r in query(db, "SELECT version FROM schema_migrations")}
    # The previous version's code opens it and reads and writes as before.
    (migrations_dir / "900_broken.sql").unlink()
    store = await SQLiteStore.open(db)
    try:
        assert (await store.documents.get_by_doc_id("old-1")) is not None
        added = await store.documents.add(DocumentInput(text="After the failed upgrade.", doc_id="new-1"),
                                          _analysis("After the failed upgrade."))
        assert added.status == "imported"
        assert (await store.documents.search_sentences("failed upgrade")).total == 1
        assert [(s.platform, s.channel_id) for s in await store.subscriptions.list()] == [("slack", "C1")]
    finally:
        await store.close()
    # Fixed, the migration applies at the next open.
    (migrations_dir / "900_fixed.sql").write_text("CREATE TABLE half_done (x INTEGER);\n", "utf-8")
    store = await SQLiteStore.open(db)
    try:
        assert await schema_version(store.conn) == 900
    finally:
        await store.close()


async def test_a_migration_that_lands_late_is_still_applied(tmp_path: Path, migrations_dir: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """Two people add 00N at once: the database already went past the number when the other file
    arrives. It is applied anyway (recorded per file), not skipped because the version is higher."""
    db = tmp_path / "late.db"
    (migrations_dir / "950_later.sql").write_text("CREATE TABLE later (x INTEGER);\n", "utf-8")
    await _filled(db)
    assert query(db, "PRAGMA user_version")[0][0] == 950
    (migrations_dir / "940_late.sql").write_text("CREATE TABLE late (x INTEGER);\n", "utf-8")
    caplog.set_level(logging.WARNING)
    store = await SQLiteStore.open(db)
    await store.close()
    names = {r[0] for r in query(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"late", "later"} <= names
    assert query(db, "PRAGMA user_version")[0][0] == 950
    assert "940_late.sql after the database reached schema 950" in caplog.text


async def test_a_database_from_before_the_bookkeeping_table_is_not_migrated_twice(tmp_path: Path) -> None:
    """Databases made before `schema_migrations` existed only have `user_version`: everything up to
    it counts as applied (re-running 001 would fail on its CREATE TABLEs)."""
    db = tmp_path / "old.db"
    import aiosqlite

    async with aiosqlite.connect(db, isolation_level=None) as conn:
        for migration in [m for m in load_migrations() if m.version <= 4]:
            for statement in migrate.split_sql(migration.sql):
                await conn.execute(statement)
        await conn.execute("PRAGMA user_version = 4")
        await conn.execute("INSERT INTO settings(key, value) VALUES ('kept', 'yes')")
    store = await SQLiteStore.open(db)
    try:
        assert await store.get_setting("kept") == "yes"
        assert await schema_version(store.conn) == load_migrations()[-1].version
        recorded = {r["version"] for r in await store.fetchall("SELECT version FROM schema_migrations")}
        assert recorded == {m.version for m in load_migrations()}
    finally:
        await store.close()


async def test_a_newer_database_is_refused_with_a_message(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(MigrationError, match="newer than this readout-watch knows"):
        await SQLiteStore.open(db)


async def test_migrations_never_touch_a_database_they_fail_on_even_midway(tmp_path: Path) -> None:
    """apply_migrations with a list whose second new migration fails: the first one stays applied
    (its own transaction), the second leaves no trace, and the version says exactly that."""
    import aiosqlite

    good = load_migrations()
    extra = [Migration(good[-1].version + 1, "901_ok.sql", "CREATE TABLE ok_one (x);"),
             Migration(good[-1].version + 2, "902_bad.sql", "CREATE TABLE bad_one (x);\nSELECT * FROM nowhere;")]
    async with aiosqlite.connect(tmp_path / "mid.db", isolation_level=None) as conn:
        with pytest.raises(MigrationError, match="902_bad.sql"):
            await apply_migrations(conn, good + extra)
        assert await schema_version(conn) == good[-1].version + 1
        async with conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cursor:
            names = {r[0] for r in await cursor.fetchall()}
        assert "ok_one" in names and "bad_one" not in names
        assert not conn.in_transaction


# --- unfinished work (migration 006) --------------------------------------------------------------


def test_the_bookkeeping_triggers_exist_after_every_migration(tmp_path: Path) -> None:
    """A later migration that rebuilds documents, event_documents, events or divergences drops their
    triggers with the table; this says so before crash recovery silently stops working."""
    asyncio.run(_open_close(tmp_path / "t.db"))
    triggers = {r[0] for r in query(tmp_path / "t.db", "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"documents_ungrouped_ai", "documents_ungrouped_ad", "event_documents_work_ai", "event_documents_work_au",
            "events_uncompared_ad", "divergences_work_ai", "divergences_work_au"} <= triggers


async def _open_close(db: Path) -> None:
    store = await SQLiteStore.open(db)
    await store.close()


async def test_unfinished_work_is_tracked_through_each_step(store: SQLiteStore) -> None:
    from bot.ingest.importer import import_documents
    from bot.pipeline import process_documents

    texts = ["Japan's Minister of Defense Koizumi held a telephone call with U.S. Secretary Hegseth on December 11, 2025. "
             "The Ministers expressed serious concern over the radar incident.",
             "Secretary Hegseth spoke with Japanese Defense Minister Koizumi on December 11, 2025. "
             "They reaffirmed the alliance."]
    ids = []
    for i, text in enumerate(texts):
        doc = DocumentInput(text=text, doc_id=f"d{i}", government=["JP", "US"][i], kind="official_readout", date="2025-12-11")
        from bot.nlp import analyse_document

        result = await store.documents.add(doc, analyse_document(doc))
        ids.append(result.document_id)
    # Stored, not grouped: both are unfinished.
    assert await store.unfinished_documents() == sorted(ids)
    # Grouped but not compared (what a kill between the two steps leaves): simulate by grouping
    # and then deleting the divergence rows, as if the comparison had never been recorded.
    await process_documents(store, ids)
    assert await store.unfinished_documents() == []
    async with store.transaction() as conn:
        await conn.execute("DELETE FROM divergences")
        await conn.execute("INSERT INTO events_uncompared (event_id) SELECT id FROM events")
    pending = await store.unfinished_documents()
    assert len(pending) == (await store.events.count())
    # An import with nothing new finishes it.
    report = await import_documents(store, [])
    assert report.imported == 0
    assert await store.unfinished_documents() == []
    assert (await store.fetchone("SELECT count(*) FROM divergences"))[0] == await store.events.count()


async def test_a_failed_pipeline_run_is_finished_by_the_next_import(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only crashes: an exception while grouping (a bug, a lock that outlasted every retry) used to
    leave the batch's documents in no event for good."""
    from bot import pipeline
    from bot.ingest.importer import import_documents

    real = pipeline.process_documents
    calls = {"n": 0}

    async def failing_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("database is locked")
        return await real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "process_documents", failing_once)
    docs = [DocumentInput(text=f"Readout number {i}: the ministers met in Tokyo.", doc_id=f"r{i}", government="JP",
                          kind="official_readout", date=f"2025-12-1{i}") for i in range(3)]
    with pytest.raises(sqlite3.OperationalError):
        await import_documents(store, docs)
    assert await store.documents.count() == 3
    assert len(await store.unfinished_documents()) == 3
    report = await import_documents(store, docs)  # the same file again: all duplicates...
    assert report.imported == 0 and report.duplicates == 3
    assert await store.unfinished_documents() == []  # ... and the leftovers are grouped
    assert (await store.fetchone("SELECT count(*) FROM event_documents"))[0] == 3


async def test_an_import_leaves_another_running_imports_documents_alone(store: SQLiteStore) -> None:
    """Stored-but-not-grouped documents are leftovers only when no other process is importing: a
    CLI import started while the bot's watcher is between storing and grouping a poll must not take
    those documents over. Another process's import is a second open file holding the shared lock."""
    import fcntl

    from bot.ingest.importer import import_documents
    from bot.nlp import analyse_document

    theirs = DocumentInput(text="Their readout: the ministers met in Tokyo on Monday.", doc_id="theirs", government="JP",
                           kind="official_readout", date="2025-12-01")
    stored = await store.documents.add(theirs, analyse_document(theirs))
    with open(f"{store.path}-importing", "a+b") as other:
        fcntl.flock(other, fcntl.LOCK_SH)  # the other import is running
        mine = DocumentInput(text="My readout: the ministers spoke by phone on Friday.", doc_id="mine", government="US",
                             kind="official_readout", date="2025-12-05")
        report = await import_documents(store, [mine])
        assert report.imported == 1
        assert await store.unfinished_documents() == [stored.document_id]  # theirs, untouched
    # The other process is gone (finished, or killed: the kernel drops its lock): the next import finishes it.
    await import_documents(store, [])
    assert await store.unfinished_documents() == []


# --- the CLI says what is wrong with a database, in one line -----------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("command", [["import", "{corpus}"], ["events"], ["divergences"], ["sources", "list"],
                                     ["ask", "/events"], ["watch", "--once"]])
def test_cli_on_an_unusable_database_is_one_line_not_a_traceback(tmp_path: Path, command: list[str]) -> None:
    import subprocess

    from tests.reliability.conftest import CLI

    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"text": "A readout."}\n', "utf-8")
    future = tmp_path / "future.db"
    conn = sqlite3.connect(future)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    args = [a.replace("{corpus}", str(corpus)) for a in command]
    done = subprocess.run([str(CLI), *args, "--db", str(future)], capture_output=True, text=True, timeout=120,
                          env=clean_env(tmp_path), cwd=tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    assert "newer than this readout-watch knows" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
