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
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.base import Store
from bot.store.migrate import apply_migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
LOCK_RETRIES = 5


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

    async def fetchall(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        async with self.conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        async with self.conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

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
