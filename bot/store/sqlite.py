"""The embedded SQLite backend: one aiosqlite connection (WAL, foreign keys), migrations at open.

All writes go through `transaction()`, which serialises writers inside this process with an asyncio
lock (one connection is shared by every task) and across processes with `BEGIN IMMEDIATE` plus a
busy timeout, so a CLI import and a running bot can share one database file.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
from collections.abc import AsyncIterator, Coroutine, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import aiosqlite

from bot.store.base import Store
from bot.store.migrate import apply_migrations

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
LOCK_RETRIES = 5
# The page cache (KiB) of the store's connection while an import runs; SQLite's default is 2 MiB.
# Why: an import's chunk dirties more pages than 2 MiB holds (so they spill to the WAL mid-transaction
# and are written again at commit), and its duplicate checks and unique-index inserts land at random
# places of indexes that outgrow the cache. Importing 1,000 documents into a 100k database made 121k
# pread/pwrite calls with the default and 69k with 16 MiB (32 and 64 MiB: 62-65k), measured with
# strace. It is given back when the import ends.
IMPORT_CACHE_KIB = 16_384

_T = TypeVar("_T")

# Whether this aiosqlite lets `SQLiteStore.run_in_thread` hand work to its thread: it has no public
# call for that, and its private `_execute` (the call its own cursors use) and `_conn` (the sqlite3
# connection) are present from 0.17 to 0.22 at least. A release without them must slow grouping
# down, not break every import, so callers check `SQLiteStore.runs_in_thread` first.
AIOSQLITE_THREAD_CALL = (callable(getattr(aiosqlite.Connection, "_execute", None))
                         and isinstance(getattr(aiosqlite.Connection, "_conn", None), property))


async def fetch_rows(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> list[sqlite3.Row]:
    """All rows of a query in one trip to aiosqlite's thread. `async with conn.execute(...)` and
    `fetchall()` take three (execute, fetch, close), each ~65 µs of CPU across the two threads
    (measured): a tenth of an import's main-process time went to those hand-offs."""
    return list(await conn.execute_fetchall(sql, params))


class DirectConnection:
    """The calls of aiosqlite's connection that the SQL helpers use, made straight on the sqlite3
    connection by aiosqlite's own thread (see `SQLiteStore.run_in_thread`).

    A helper written against aiosqlite (`await conn.execute(...)`, `fetch_rows(conn, ...)`) runs
    unchanged on it; its awaits complete at once, so a whole batch of statements costs one
    hand-off between the threads instead of one each."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    async def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.raw.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Any]) -> sqlite3.Cursor:
        return self.raw.executemany(sql, rows)

    async def execute_fetchall(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.raw.execute(sql, params).fetchall()


def run_to_completion(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """The result of a coroutine that never suspends (its awaits are `DirectConnection` calls).

    One that does suspend (it awaited the store's aiosqlite connection, say, which would wait for
    the very thread running it) is closed and reported instead of hanging."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coroutine.close()
    raise RuntimeError("a coroutine run in the database thread waited for something else")


class SQLiteStore(Store):
    """SQLite implementation of `Store`. Open with `await SQLiteStore.open(path)`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        from bot.store.documents import SQLiteDocuments
        from bot.store.events import SQLiteEvents
        from bot.store.outbox import SQLiteOutbox
        from bot.store.sources import SQLiteSources
        from bot.store.subscriptions import SQLiteSubscriptions

        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()
        self._imports = 0  # imports of this process running now (see begin_import)
        self._import_lock: Any = None
        self._cache_size: int | None = None  # the page cache setting an import replaced (see _use_import_cache)
        self.documents = SQLiteDocuments(self)
        self.events = SQLiteEvents(self)
        self.sources = SQLiteSources(self)
        self.subscriptions = SQLiteSubscriptions(self)
        self.outbox = SQLiteOutbox(self)

    @classmethod
    async def open(cls, path: str | Path) -> "SQLiteStore":
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.row_factory = sqlite3.Row
        try:
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await apply_migrations(conn)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    async def close(self) -> None:
        await self.conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction; commits on success, rolls back on any exception.

        A locked database (another process holds the write lock past the busy timeout) is retried
        with backoff before giving up, so a long import elsewhere is a delay, not a crash.
        """
        async with self._write_lock:
            for attempt in range(LOCK_RETRIES):
                try:
                    await self.conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    if attempt == LOCK_RETRIES - 1:
                        raise
                    delay = 0.2 * 2**attempt + random.random() * 0.1
                    log.warning("database is locked; retrying in %.1fs", delay)
                    await asyncio.sleep(delay)
            try:
                yield self.conn
            except BaseException:
                # SQLite may have rolled back already (SQLITE_FULL, an I/O error): a second ROLLBACK
                # would raise and hide the error that matters.
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    @property
    def runs_in_thread(self) -> bool:
        """Whether `run_in_thread` is available (`AIOSQLITE_THREAD_CALL`); without it, run the
        same helpers on the aiosqlite connection, one hand-off a statement."""
        return AIOSQLITE_THREAD_CALL

    async def run_in_thread(self, work: "Callable[[DirectConnection], _T]") -> _T:
        """`work(conn)` run by aiosqlite's thread on the store's connection, in one hand-off.

        Every `await` of an aiosqlite call is a trip to that thread and back, ~60 µs of CPU across
        the two (measured); grouping made about nine a document, a sixth of an import's main
        process. A loop of many small statements runs here instead, seeing and joining the open
        transaction exactly as the same calls through aiosqlite would. `work` holds the connection
        while it runs: keep it to one batch. (aiosqlite has no public call for this; `_execute` and
        `_conn` are what its own cursors use, and tests/store/test_sqlite.py exercises them. Check
        `runs_in_thread` first.)"""
        if not self.runs_in_thread:
            raise RuntimeError("this aiosqlite has no call that runs work in its thread")
        raw = self.conn._conn
        return await self.conn._execute(work, DirectConnection(raw))

    async def fetchall(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return await fetch_rows(self.conn, sql, params)

    async def fetchone(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        """The first row of a query that returns at most one (a unique key, an aggregate)."""
        rows = await fetch_rows(self.conn, sql, params)
        return rows[0] if rows else None

    async def get_setting(self, key: str) -> str | None:
        row = await self.fetchone("SELECT value FROM settings WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    async def set_setting(self, key: str, value: str | None) -> None:
        async with self.transaction() as conn:
            if value is None:
                await conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                await conn.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    # --- imports: who may finish another run's leftovers -------------------------------------------
    #
    # Every import holds a shared flock on "<db>-importing" while it runs. One that starts and can
    # take the lock exclusively knows no other process is importing, so whatever is stored but not
    # grouped was left by a run that died: it finishes that, still exclusive, then shares. One that
    # cannot (a CLI import while the bot polls, or the other way round) leaves it alone: those
    # documents are the other import's work in progress. The kernel drops the lock of a killed
    # process, so a restart right after a crash finishes its leftovers. (Not on Windows: no flock;
    # there the default, single-process behaviour applies.)

    async def begin_import(self, finish: "Callable[[list[int]], Awaitable[object]]") -> None:
        if self._imports:
            self._imports += 1  # another import of this process holds the lock already
            return
        handle = self._open_import_lock()
        if handle is None:
            self._imports += 1
            await super().begin_import(finish)
            return
        import fcntl

        self._import_lock, self._imports = handle, 1
        try:
            await self._use_import_cache()
            if self._try_lock(fcntl.LOCK_EX):
                leftovers = await self.unfinished_documents()
                if leftovers:
                    log.info("finishing %d documents a previous run left half-done", len(leftovers))
                    await finish(leftovers)
                fcntl.flock(handle, fcntl.LOCK_SH)  # held exclusively: this cannot wait
            else:
                await self._wait_lock(fcntl.LOCK_SH)
        except BaseException:
            await self.end_import()
            raise

    async def end_import(self) -> None:
        self._imports = max(self._imports - 1, 0)
        if self._imports == 0 and self._import_lock is not None:
            handle, self._import_lock = self._import_lock, None
            handle.close()  # releases the flock
            await self._restore_cache()

    async def _use_import_cache(self) -> None:
        """IMPORT_CACHE_KIB of page cache while this process imports (`_restore_cache` after)."""
        row = await self.fetchone("PRAGMA cache_size")
        self._cache_size = int(row[0]) if row is not None else None
        await self.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")

    async def _restore_cache(self) -> None:
        """The page cache setting from before the import (SQLite frees the pages above a lowered
        limit at once). A store closed before its import ended has no cache to restore."""
        size, self._cache_size = self._cache_size, None
        if size is None:
            return
        try:
            await self.conn.execute(f"PRAGMA cache_size = {size}")
        except ValueError:  # aiosqlite: "no active connection"
            log.debug("store closed before its import ended; page cache not restored")

    def _open_import_lock(self) -> Any:
        if str(self.path) == ":memory:":
            return None
        try:
            import fcntl  # noqa: F401
        except ImportError:
            return None
        return open(f"{self.path}-importing", "a+b")  # noqa: SIM115 - held for the import, closed in end_import

    def _try_lock(self, mode: int) -> bool:
        import fcntl

        try:
            fcntl.flock(self._import_lock, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    async def _wait_lock(self, mode: int, limit: float = 120.0) -> None:
        """Poll for the lock without blocking the event loop (another process may be finishing
        leftovers under the exclusive lock for a while); after `limit`, import anyway."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while not self._try_lock(mode):
            if loop.time() > deadline:
                log.warning("another import has held %s-importing for %.0fs; importing without waiting", self.path, limit)
                return
            await asyncio.sleep(0.05)

    async def unfinished_documents(self) -> list[int]:
        # The two lists are kept by triggers (migration 006) in the transactions that store a
        # document, group it and record a divergence; the joins skip rows whose subject is gone.
        rows = await self.fetchall(
            "SELECT u.document_id FROM documents_ungrouped u JOIN documents d ON d.id = u.document_id"
            " WHERE NOT EXISTS (SELECT 1 FROM event_documents ed WHERE ed.document_id = u.document_id)"
            " UNION"
            " SELECT MIN(ed.document_id) FROM events_uncompared p JOIN event_documents ed ON ed.event_id = p.event_id"
            " GROUP BY p.event_id"
            " ORDER BY 1"
        )
        return [int(r[0]) for r in rows]
