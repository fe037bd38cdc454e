"""Watched sources: what to poll, when, and how healthy each source is.

The watcher and the admin functions (bot/sources_admin.py) are the only callers. Health changes
(success, failure, pause) are single statements or single transactions, so a crash mid-poll never
leaves a source half-updated; pausing after too many failures writes the admin notice to the outbox
in the same transaction, so the admin channel is told exactly once per pause.
"""

from __future__ import annotations

import abc
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.store.documents import utc_now
from bot.store.outbox import INSERT_OUTBOX, outbox_row
from bot.store.sqlite import fetch_rows

if TYPE_CHECKING:
    from bot.store.sqlite import SQLiteStore

SOURCE_TYPES: tuple[str, ...] = ("auto", "rss", "atom", "jsonfeed", "html", "folder")


@dataclass(frozen=True)
class Source:
    """One watched source. Timestamps are ISO 8601 UTC text; `url` is an absolute path for folders."""

    id: int
    url: str
    source_type: str
    government: str | None
    issuer: str | None
    doc_kind: str
    interval_seconds: int
    enabled: bool
    alert_backfill: bool
    etag: str | None
    last_modified: str | None
    next_poll_at: str | None
    last_polled_at: str | None
    last_success_at: str | None
    last_error: str | None
    last_error_at: str | None
    consecutive_failures: int
    paused_reason: str | None
    added_by: str | None
    created_at: str

    @property
    def is_folder(self) -> bool:
        return self.source_type == "folder"

    @property
    def backfilling(self) -> bool:
        """True until the first successful poll: its items are the backlog that existed when added."""
        return self.last_success_at is None

    @property
    def healthy(self) -> bool:
        return self.enabled and self.consecutive_failures == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "type": self.source_type,
            "government": self.government,
            "issuer": self.issuer,
            "kind": self.doc_kind,
            "interval_seconds": self.interval_seconds,
            "enabled": self.enabled,
            "alert_backfill": self.alert_backfill,
            "next_poll_at": self.next_poll_at,
            "last_polled_at": self.last_polled_at,
            "last_success_at": self.last_success_at,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
            "consecutive_failures": self.consecutive_failures,
            "paused_reason": self.paused_reason,
            "added_by": self.added_by,
            "created_at": self.created_at,
        }


class DuplicateSourceError(ValueError):
    """A source with this URL is already watched."""

    def __init__(self, existing: Source) -> None:
        super().__init__(f"already watched as source {existing.id}")
        self.existing = existing


class SourceRepository(abc.ABC):
    """What the rest of the bot may ask about sources."""

    @abc.abstractmethod
    async def add(
        self,
        url: str,
        *,
        source_type: str = "auto",
        government: str | None = None,
        issuer: str | None = None,
        doc_kind: str = "official_readout",
        interval_seconds: int = 900,
        alert_backfill: bool = False,
        added_by: str | None = None,
    ) -> Source:
        """Store a new source, due at once. Raises DuplicateSourceError when the URL is watched."""

    @abc.abstractmethod
    async def get(self, source_id: int) -> Source | None: ...

    @abc.abstractmethod
    async def get_by_url(self, url: str) -> Source | None: ...

    @abc.abstractmethod
    async def list(self) -> list[Source]:
        """Every source, enabled or not, by id."""

    @abc.abstractmethod
    async def enabled(self) -> list[Source]: ...

    @abc.abstractmethod
    async def due(self, now: str) -> list[Source]:
        """Enabled sources whose next poll is at or before `now` (or never scheduled)."""

    @abc.abstractmethod
    async def next_poll_at(self) -> str | None:
        """The earliest next poll of any enabled source (None: nothing to watch)."""

    @abc.abstractmethod
    async def remove(self, source_id: int) -> bool:
        """Stop watching; its documents stay (their source_id becomes NULL)."""

    @abc.abstractmethod
    async def pause(self, source_id: int, reason: str) -> bool: ...

    @abc.abstractmethod
    async def resume(self, source_id: int, *, next_poll_at: str | None = None) -> bool:
        """Enable again, forget the failure count (a resumed source gets a fresh start)."""

    @abc.abstractmethod
    async def record_success(
        self,
        source_id: int,
        *,
        polled_at: str,
        next_poll_at: str,
        etag: str | None = None,
        last_modified: str | None = None,
        update_validators: bool = True,
    ) -> None:
        """A poll worked (including 304). `update_validators=False` keeps the old ETag/Last-Modified,
        for a poll that left items to pick up next time."""

    @abc.abstractmethod
    async def record_failure(
        self, source_id: int, reason: str, *, polled_at: str, next_poll_at: str, pause_after: int
    ) -> Source | None:
        """Count a failure; at `pause_after` consecutive ones pause the source and queue one
        "source_paused" outbox row in the same transaction. Returns the updated source."""

    @abc.abstractmethod
    async def seen_files(self, source_id: int) -> dict[str, str]:
        """Folder sources: relative path -> signature of every file already picked up."""

    @abc.abstractmethod
    async def mark_files_seen(self, source_id: int, files: Mapping[str, str]) -> None: ...


class SQLiteSources(SourceRepository):
    def __init__(self, store: "SQLiteStore") -> None:
        self.store = store

    async def add(
        self,
        url: str,
        *,
        source_type: str = "auto",
        government: str | None = None,
        issuer: str | None = None,
        doc_kind: str = "official_readout",
        interval_seconds: int = 900,
        alert_backfill: bool = False,
        added_by: str | None = None,
    ) -> Source:
        now = utc_now()
        try:
            async with self.store.transaction() as conn:
                cursor = await conn.execute(
                    "INSERT INTO sources (url, source_type, government, issuer, doc_kind, interval_seconds,"
                    " alert_backfill, added_by, next_poll_at, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (url, source_type, government, issuer, doc_kind, int(interval_seconds),
                     int(alert_backfill), added_by, now, now),
                )
                source_id = int(cursor.lastrowid or 0)
        except sqlite3.IntegrityError:
            existing = await self.get_by_url(url)
            if existing is None:
                raise
            raise DuplicateSourceError(existing) from None
        added = await self.get(source_id)
        assert added is not None
        return added

    async def get(self, source_id: int) -> Source | None:
        row = await self.store.fetchone("SELECT * FROM sources WHERE id = ?", (source_id,))
        return None if row is None else _source(row)

    async def get_by_url(self, url: str) -> Source | None:
        row = await self.store.fetchone("SELECT * FROM sources WHERE url = ?", (url,))
        return None if row is None else _source(row)

    async def list(self) -> list[Source]:
        return [_source(r) for r in await self.store.fetchall("SELECT * FROM sources ORDER BY id")]

    async def enabled(self) -> list[Source]:
        rows = await self.store.fetchall("SELECT * FROM sources WHERE enabled = 1 ORDER BY id")
        return [_source(r) for r in rows]

    async def due(self, now: str) -> list[Source]:
        rows = await self.store.fetchall(
            "SELECT * FROM sources WHERE enabled = 1 AND (next_poll_at IS NULL OR next_poll_at <= ?)"
            " ORDER BY next_poll_at, id",
            (now,),
        )
        return [_source(r) for r in rows]

    async def next_poll_at(self) -> str | None:
        row = await self.store.fetchone(
            "SELECT min(COALESCE(next_poll_at, '')) AS due, count(*) AS n FROM sources WHERE enabled = 1"
        )
        if row is None or not row["n"]:
            return None
        return str(row["due"])

    async def remove(self, source_id: int) -> bool:
        async with self.store.transaction() as conn:
            cursor = await conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
            return (cursor.rowcount or 0) > 0

    async def pause(self, source_id: int, reason: str) -> bool:
        async with self.store.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE sources SET enabled = 0, paused_reason = ? WHERE id = ?", (reason[:500], source_id)
            )
            return (cursor.rowcount or 0) > 0

    async def resume(self, source_id: int, *, next_poll_at: str | None = None) -> bool:
        async with self.store.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE sources SET enabled = 1, paused_reason = NULL, consecutive_failures = 0,"
                " next_poll_at = ? WHERE id = ?",
                (next_poll_at or utc_now(), source_id),
            )
            return (cursor.rowcount or 0) > 0

    async def record_success(
        self,
        source_id: int,
        *,
        polled_at: str,
        next_poll_at: str,
        etag: str | None = None,
        last_modified: str | None = None,
        update_validators: bool = True,
    ) -> None:
        async with self.store.transaction() as conn:
            await conn.execute(
                "UPDATE sources SET last_polled_at = :polled, last_success_at = :polled,"
                " consecutive_failures = 0, next_poll_at = :next,"
                " etag = CASE WHEN :update THEN :etag ELSE etag END,"
                " last_modified = CASE WHEN :update THEN :modified ELSE last_modified END"
                " WHERE id = :id",
                {"polled": polled_at, "next": next_poll_at, "update": int(update_validators),
                 "etag": etag, "modified": last_modified, "id": source_id},
            )

    async def record_failure(
        self, source_id: int, reason: str, *, polled_at: str, next_poll_at: str, pause_after: int
    ) -> Source | None:
        reason = " ".join(reason.split())[:500] or "unknown error"
        async with self.store.transaction() as conn:
            rows = await fetch_rows(conn, "SELECT url, enabled, consecutive_failures FROM sources WHERE id = ?", (source_id,))
            row = rows[0] if rows else None
            if row is None:
                return None
            failures = int(row["consecutive_failures"]) + 1
            pause_now = bool(row["enabled"]) and pause_after > 0 and failures >= pause_after
            paused_reason = f"paused after {failures} consecutive failures; last: {reason}" if pause_now else None
            await conn.execute(
                "UPDATE sources SET last_polled_at = ?, last_error = ?, last_error_at = ?,"
                " consecutive_failures = ?, next_poll_at = ?,"
                " enabled = CASE WHEN ? THEN 0 ELSE enabled END,"
                " paused_reason = COALESCE(?, paused_reason) WHERE id = ?",
                (polled_at, reason, polled_at, failures, next_poll_at, int(pause_now), paused_reason, source_id),
            )
            if pause_now:
                payload = {
                    "source_id": source_id,
                    "url": row["url"],
                    "reason": paused_reason,
                    "last_error": reason,
                    "consecutive_failures": failures,
                    "paused_at": polled_at,
                }
                # (a fingerprint of its own: every pause is announced, even of a source paused before)
                fingerprint = f"source_paused:{source_id}:{polled_at}:{uuid.uuid4().hex[:12]}"
                await conn.execute(INSERT_OUTBOX, outbox_row("source_paused", fingerprint, payload))
        return await self.get(source_id)

    async def seen_files(self, source_id: int) -> dict[str, str]:
        rows = await self.store.fetchall(
            "SELECT path, signature FROM source_files WHERE source_id = ?", (source_id,)
        )
        return {str(r["path"]): str(r["signature"]) for r in rows}

    async def mark_files_seen(self, source_id: int, files: Mapping[str, str]) -> None:
        if not files:
            return
        now = utc_now()
        async with self.store.transaction() as conn:
            await conn.executemany(
                "INSERT INTO source_files (source_id, path, signature, seen_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(source_id, path) DO UPDATE SET signature = excluded.signature,"
                " seen_at = excluded.seen_at",
                [(source_id, path, signature, now) for path, signature in files.items()],
            )


def _source(row: sqlite3.Row) -> Source:
    return Source(
        id=int(row["id"]),
        url=row["url"],
        source_type=row["source_type"],
        government=row["government"],
        issuer=row["issuer"],
        doc_kind=row["doc_kind"],
        interval_seconds=int(row["interval_seconds"]),
        enabled=bool(row["enabled"]),
        alert_backfill=bool(row["alert_backfill"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        next_poll_at=row["next_poll_at"],
        last_polled_at=row["last_polled_at"],
        last_success_at=row["last_success_at"],
        last_error=row["last_error"],
        last_error_at=row["last_error_at"],
        consecutive_failures=int(row["consecutive_failures"]),
        paused_reason=row["paused_reason"],
        added_by=row["added_by"],
        created_at=row["created_at"],
    )
