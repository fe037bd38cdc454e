"""The alert outbox and its per-channel deliveries: the storage half of exactly-once delivery.

The engine (and the source watcher) write `outbox` rows in the same transaction as what they
announce. Delivery then works in two steps, each one transaction:

1. fan-out: an outbox row becomes one `deliveries` row per target channel (UNIQUE per alert and
   channel, so a fan-out repeated after a crash adds nothing) and is stamped `fanned_out_at`;
2. sending: a due row goes `pending -> sending` (before the platform request) and then `sent`,
   back to `pending` with a later `next_attempt_at`, or `failed` with the reason.

A row still `sending` when the process starts again was interrupted mid-request: whether the
platform got it is unknown. `bot/delivery/worker.py` decides what to do with those (see there).
Timestamps here are ISO 8601 UTC with milliseconds, written only by this module, so they compare
correctly as strings.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.store.documents import utc_now
from bot.store.jsontext import dumps_ascii, dumps_text

if TYPE_CHECKING:
    import sqlite3

    from bot.store.sqlite import SQLiteStore

STATUSES = ("pending", "sending", "sent", "failed")

# Every writer of an alert (the engine's divergences, the watcher's paused sources, `Outbox.add`)
# inserts it with this statement and `outbox_row`: one row format, however it was announced.
INSERT_OUTBOX = ("INSERT OR IGNORE INTO outbox (kind, event_id, fingerprint, payload, governments, score, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?)")


def outbox_row(kind: str, fingerprint: str, payload: dict[str, Any], *, event_id: int | None = None,
               governments: Sequence[str] = (), score: float = 0.0, created_at: str | None = None) -> tuple[Any, ...]:
    """The values of one outbox row for `INSERT_OUTBOX`: the payload's JSON keeps its text as written
    (non-ASCII characters not escaped), the governments are a JSON list. The fingerprint is the
    alert's identity: a row whose fingerprint is already queued is not inserted again."""
    return (kind, event_id, fingerprint, dumps_text(payload), dumps_ascii(list(governments)), float(score),
            created_at or utc_now())


def timestamp(moment: datetime | None = None) -> str:
    """UTC time as the deliveries table stores it (millisecond precision, sortable as text)."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class OutboxItem:
    """One alert to announce. `kind` is "divergence" or "source_paused"."""

    id: int
    kind: str
    event_id: int | None
    fingerprint: str
    payload: dict[str, Any]
    governments: tuple[str, ...]
    score: float
    created_at: str
    fanned_out_at: str | None = None


@dataclass(frozen=True)
class Target:
    """A channel to deliver to: a subscription's, or the admin channel (`subscription_id` None)."""

    platform: str
    channel_id: str
    subscription_id: int | None = None


@dataclass(frozen=True)
class Delivery:
    """One (alert, channel) pair and its progress. `parts_sent` holds the platform message id of
    every part already posted, so a multi-message alert resumes where it stopped."""

    id: int
    outbox_id: int
    platform: str
    channel_id: str
    subscription_id: int | None
    status: str
    attempts: int
    next_attempt_at: str
    sending_since: str | None = None
    last_error: str | None = None
    sent_at: str | None = None
    parts_sent: tuple[str, ...] = ()
    item: OutboxItem | None = field(default=None, compare=False)


class OutboxRepository(abc.ABC):
    """What the delivery loop (and tests) may ask about alerts and deliveries."""

    @abc.abstractmethod
    async def add(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        fingerprint: str,
        event_id: int | None = None,
        governments: Sequence[str] = (),
        score: float = 0.0,
    ) -> int | None:
        """Queue an alert; None when one with this fingerprint already exists."""

    @abc.abstractmethod
    async def get(self, outbox_id: int) -> OutboxItem | None: ...

    @abc.abstractmethod
    async def not_fanned_out(self, limit: int = 100) -> list[OutboxItem]:
        """Alerts that have no deliveries yet, oldest first."""

    @abc.abstractmethod
    async def queued_after(self, outbox_id: int, kind: str | None = None) -> list[OutboxItem]:
        """Alerts with an id above `outbox_id` (of one kind, if given), oldest first: what a run
        queued, when `outbox_id` is `last_id()` read before it."""

    @abc.abstractmethod
    async def last_id(self) -> int:
        """The newest alert's id, 0 when there is none."""

    @abc.abstractmethod
    async def fan_out(self, outbox_id: int, targets: Iterable[Target]) -> int:
        """In one transaction: a pending delivery per target (skipping subscriptions that vanished
        or were disabled meanwhile, and pairs that already exist) and the row stamped as fanned
        out. Returns how many deliveries were created."""

    @abc.abstractmethod
    async def due(self, platforms: Sequence[str], *, now: datetime | None = None, limit: int = 50) -> list[Delivery]:
        """Pending deliveries whose time has come on these platforms, skipping disabled
        subscriptions (they resume if the channel subscribes again), oldest alert first."""

    @abc.abstractmethod
    async def interrupted(self, platforms: Sequence[str]) -> list[Delivery]:
        """Deliveries left `sending` by a previous process."""

    @abc.abstractmethod
    async def mark_sending(self, delivery_id: int) -> bool:
        """pending -> sending (attempts + 1). False when the row was not pending any more."""

    @abc.abstractmethod
    async def record_part(self, delivery_id: int, parts_sent: Sequence[str]) -> None:
        """Remember the parts already posted (multi-message alerts)."""

    @abc.abstractmethod
    async def mark_sent(self, delivery_id: int, parts_sent: Sequence[str]) -> None: ...

    @abc.abstractmethod
    async def mark_retry(self, delivery_id: int, error: str, next_attempt_at: datetime) -> None:
        """Back to pending, not before `next_attempt_at`, with the error kept."""

    @abc.abstractmethod
    async def mark_failed(self, delivery_id: int, reason: str) -> None: ...

    @abc.abstractmethod
    async def deliveries(
        self, *, outbox_id: int | None = None, platform: str | None = None, channel_id: str | None = None
    ) -> list[Delivery]:
        """Every delivery matching the filters (inspection, /subscriptions, tests)."""


class SQLiteOutbox(OutboxRepository):
    def __init__(self, store: "SQLiteStore") -> None:
        self.store = store

    async def add(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        fingerprint: str,
        event_id: int | None = None,
        governments: Sequence[str] = (),
        score: float = 0.0,
    ) -> int | None:
        async with self.store.transaction() as conn:
            cursor = await conn.execute(INSERT_OUTBOX, outbox_row(kind, fingerprint, payload, event_id=event_id,
                                                                  governments=governments, score=score))
            return int(cursor.lastrowid) if (cursor.rowcount or 0) > 0 and cursor.lastrowid else None

    async def get(self, outbox_id: int) -> OutboxItem | None:
        row = await self.store.fetchone("SELECT * FROM outbox WHERE id = ?", (outbox_id,))
        return None if row is None else _item(row)

    async def not_fanned_out(self, limit: int = 100) -> list[OutboxItem]:
        rows = await self.store.fetchall(
            "SELECT * FROM outbox WHERE fanned_out_at IS NULL ORDER BY id LIMIT ?", (int(limit),)
        )
        return [_item(r) for r in rows]

    async def queued_after(self, outbox_id: int, kind: str | None = None) -> list[OutboxItem]:
        rows = await self.store.fetchall(
            "SELECT * FROM outbox WHERE id > ? AND (? IS NULL OR kind = ?) ORDER BY id", (int(outbox_id), kind, kind)
        )
        return [_item(r) for r in rows]

    async def last_id(self) -> int:
        row = await self.store.fetchone("SELECT COALESCE(MAX(id), 0) AS last FROM outbox", ())
        return int(row["last"]) if row is not None else 0

    async def fan_out(self, outbox_id: int, targets: Iterable[Target]) -> int:
        now = timestamp()
        created = 0
        async with self.store.transaction() as conn:
            for target in targets:
                if target.subscription_id is None:
                    cursor = await conn.execute(
                        "INSERT OR IGNORE INTO deliveries (outbox_id, subscription_id, platform, channel_id,"
                        " next_attempt_at) VALUES (?, NULL, ?, ?, ?)",
                        (outbox_id, target.platform, target.channel_id, now),
                    )
                else:
                    cursor = await conn.execute(
                        "INSERT OR IGNORE INTO deliveries (outbox_id, subscription_id, platform, channel_id,"
                        " next_attempt_at) SELECT ?, id, platform, channel_id, ? FROM subscriptions"
                        " WHERE id = ? AND disabled_reason IS NULL",
                        (outbox_id, now, target.subscription_id),
                    )
                created += max(cursor.rowcount or 0, 0)
            await conn.execute(
                "UPDATE outbox SET fanned_out_at = ? WHERE id = ? AND fanned_out_at IS NULL", (utc_now(), outbox_id)
            )
        return created

    async def due(self, platforms: Sequence[str], *, now: datetime | None = None, limit: int = 50) -> list[Delivery]:
        if not platforms:
            return []
        marks = ",".join("?" for _ in platforms)
        rows = await self.store.fetchall(
            _SELECT + f" WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.platform IN ({marks})"
            " AND (d.subscription_id IS NULL OR EXISTS (SELECT 1 FROM subscriptions s"
            " WHERE s.id = d.subscription_id AND s.disabled_reason IS NULL))"
            " ORDER BY d.outbox_id, d.id LIMIT ?",
            (timestamp(now), *platforms, int(limit)),
        )
        return [_delivery(r) for r in rows]

    async def interrupted(self, platforms: Sequence[str]) -> list[Delivery]:
        if not platforms:
            return []
        marks = ",".join("?" for _ in platforms)
        rows = await self.store.fetchall(
            _SELECT + f" WHERE d.status = 'sending' AND d.platform IN ({marks}) ORDER BY d.outbox_id, d.id",
            tuple(platforms),
        )
        return [_delivery(r) for r in rows]

    async def mark_sending(self, delivery_id: int) -> bool:
        async with self.store.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE deliveries SET status = 'sending', attempts = attempts + 1, sending_since = ?"
                " WHERE id = ? AND status = 'pending'",
                (timestamp(), delivery_id),
            )
            return (cursor.rowcount or 0) > 0

    async def record_part(self, delivery_id: int, parts_sent: Sequence[str]) -> None:
        async with self.store.transaction() as conn:
            await conn.execute(
                "UPDATE deliveries SET message_ref = ? WHERE id = ?", (json.dumps(list(parts_sent)), delivery_id)
            )

    async def mark_sent(self, delivery_id: int, parts_sent: Sequence[str]) -> None:
        async with self.store.transaction() as conn:
            await conn.execute(
                "UPDATE deliveries SET status = 'sent', sent_at = ?, message_ref = ?, last_error = NULL WHERE id = ?",
                (timestamp(), json.dumps(list(parts_sent)), delivery_id),
            )

    async def mark_retry(self, delivery_id: int, error: str, next_attempt_at: datetime) -> None:
        async with self.store.transaction() as conn:
            await conn.execute(
                "UPDATE deliveries SET status = 'pending', last_error = ?, next_attempt_at = ? WHERE id = ?",
                (error[:500], timestamp(next_attempt_at), delivery_id),
            )

    async def mark_failed(self, delivery_id: int, reason: str) -> None:
        async with self.store.transaction() as conn:
            await conn.execute(
                "UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ?", (reason[:500], delivery_id)
            )

    async def deliveries(
        self, *, outbox_id: int | None = None, platform: str | None = None, channel_id: str | None = None
    ) -> list[Delivery]:
        rows = await self.store.fetchall(
            _SELECT + " WHERE (:o IS NULL OR d.outbox_id = :o) AND (:p IS NULL OR d.platform = :p)"
            " AND (:c IS NULL OR d.channel_id = :c) ORDER BY d.id",
            {"o": outbox_id, "p": platform, "c": channel_id},
        )
        return [_delivery(r) for r in rows]


_SELECT = (
    "SELECT d.*, o.kind AS o_kind, o.event_id AS o_event_id, o.fingerprint AS o_fingerprint,"
    " o.payload AS o_payload, o.governments AS o_governments, o.score AS o_score,"
    " o.created_at AS o_created_at, o.fanned_out_at AS o_fanned_out_at"
    " FROM deliveries d JOIN outbox o ON o.id = d.outbox_id"
)


def _loads(text: str | None, default: Any) -> Any:
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default


def _item(row: "sqlite3.Row", prefix: str = "") -> OutboxItem:
    payload = _loads(row[f"{prefix}payload"], {})
    return OutboxItem(
        id=int(row["id"] if not prefix else row["outbox_id"]),
        kind=row[f"{prefix}kind"],
        event_id=row[f"{prefix}event_id"],
        fingerprint=row[f"{prefix}fingerprint"],
        payload=payload if isinstance(payload, dict) else {},
        governments=tuple(str(g) for g in _loads(row[f"{prefix}governments"], []) if isinstance(g, str)),
        score=float(row[f"{prefix}score"] or 0.0),
        created_at=row[f"{prefix}created_at"],
        fanned_out_at=row[f"{prefix}fanned_out_at"],
    )


def _delivery(row: "sqlite3.Row") -> Delivery:
    parts = _loads(row["message_ref"], [])
    return Delivery(
        id=int(row["id"]),
        outbox_id=int(row["outbox_id"]),
        platform=row["platform"],
        channel_id=row["channel_id"],
        subscription_id=row["subscription_id"],
        status=row["status"],
        attempts=int(row["attempts"]),
        next_attempt_at=row["next_attempt_at"],
        sending_since=row["sending_since"],
        last_error=row["last_error"],
        sent_at=row["sent_at"],
        parts_sent=tuple(str(p) for p in parts) if isinstance(parts, list) else (),
        item=_item(row, "o_"),
    )
