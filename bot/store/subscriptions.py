"""Channel subscriptions to divergence alerts (one per platform channel)."""

from __future__ import annotations

import abc
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.models import Subscription
from bot.store.documents import utc_now

if TYPE_CHECKING:
    import sqlite3

    from bot.store.sqlite import SQLiteStore


class SubscriptionRepository(abc.ABC):
    @abc.abstractmethod
    async def upsert(
        self,
        platform: str,
        channel_id: str,
        *,
        workspace_id: str | None = None,
        governments: Sequence[str] = (),
        min_score: float = 0.0,
        created_by: str | None = None,
    ) -> Subscription:
        """Subscribe a channel, or replace its filters (and re-enable it) if it already is."""

    @abc.abstractmethod
    async def remove(self, platform: str, channel_id: str) -> bool:
        """Unsubscribe; False when the channel had no subscription."""

    @abc.abstractmethod
    async def get(self, subscription_id: int) -> Subscription | None: ...

    @abc.abstractmethod
    async def for_channel(self, platform: str, channel_id: str) -> Subscription | None: ...

    @abc.abstractmethod
    async def list(self, *, platform: str | None = None, workspace_id: str | None = None) -> list[Subscription]: ...

    @abc.abstractmethod
    async def active(self) -> list[Subscription]:
        """Every enabled subscription (the delivery fan-out filters them with `Subscription.wants`)."""

    @abc.abstractmethod
    async def disable(self, subscription_id: int, reason: str) -> None:
        """Stop delivering to a channel (403/404 from the platform), keeping the reason visible."""


class SQLiteSubscriptions(SubscriptionRepository):
    def __init__(self, store: "SQLiteStore") -> None:
        self.store = store

    async def upsert(
        self,
        platform: str,
        channel_id: str,
        *,
        workspace_id: str | None = None,
        governments: Sequence[str] = (),
        min_score: float = 0.0,
        created_by: str | None = None,
    ) -> Subscription:
        govs = json.dumps(sorted({g.upper() for g in governments}))
        async with self.store.transaction() as conn:
            await conn.execute(
                "INSERT INTO subscriptions (platform, workspace_id, channel_id, governments, min_score,"
                " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(platform, channel_id) DO UPDATE SET governments = excluded.governments,"
                " min_score = excluded.min_score, workspace_id = COALESCE(excluded.workspace_id, workspace_id),"
                " disabled_reason = NULL, disabled_at = NULL",
                (platform, workspace_id, channel_id, govs, float(min_score), created_by, utc_now()),
            )
        found = await self.for_channel(platform, channel_id)
        assert found is not None
        return found

    async def remove(self, platform: str, channel_id: str) -> bool:
        async with self.store.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?", (platform, channel_id)
            )
            return (cursor.rowcount or 0) > 0

    async def get(self, subscription_id: int) -> Subscription | None:
        row = await self.store.fetchone("SELECT * FROM subscriptions WHERE id = ?", (subscription_id,))
        return None if row is None else _subscription(row)

    async def for_channel(self, platform: str, channel_id: str) -> Subscription | None:
        row = await self.store.fetchone(
            "SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?", (platform, channel_id)
        )
        return None if row is None else _subscription(row)

    async def list(self, *, platform: str | None = None, workspace_id: str | None = None) -> list[Subscription]:
        rows = await self.store.fetchall(
            "SELECT * FROM subscriptions WHERE (:platform IS NULL OR platform = :platform)"
            " AND (:workspace IS NULL OR workspace_id = :workspace) ORDER BY id",
            {"platform": platform, "workspace": workspace_id},
        )
        return [_subscription(r) for r in rows]

    async def active(self) -> list[Subscription]:
        rows = await self.store.fetchall("SELECT * FROM subscriptions WHERE disabled_reason IS NULL ORDER BY id")
        return [_subscription(r) for r in rows]

    async def disable(self, subscription_id: int, reason: str) -> None:
        async with self.store.transaction() as conn:
            await conn.execute(
                "UPDATE subscriptions SET disabled_reason = ?, disabled_at = ? WHERE id = ?",
                (reason[:500], utc_now(), subscription_id),
            )


def _subscription(row: "sqlite3.Row") -> Subscription:
    return Subscription(
        id=int(row["id"]),
        platform=row["platform"],
        channel_id=row["channel_id"],
        workspace_id=row["workspace_id"],
        governments=tuple(json.loads(row["governments"] or "[]")),
        min_score=float(row["min_score"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
        disabled_reason=row["disabled_reason"],
        disabled_at=row["disabled_at"],
    )
