"""Subscriptions: upsert replaces filters and re-enables; disable keeps the reason; filters match."""

from __future__ import annotations

from bot.store.sqlite import SQLiteStore


async def test_upsert_replaces_filters_and_reenables(store: SQLiteStore) -> None:
    first = await store.subscriptions.upsert("discord", "c1", governments=["jp", "US"], min_score=0.3, created_by="u1")
    assert first.governments == ("JP", "US") and first.min_score == 0.3
    await store.subscriptions.disable(first.id, "403 Forbidden: missing access")
    disabled = await store.subscriptions.for_channel("discord", "c1")
    assert disabled is not None and not disabled.active and "403" in (disabled.disabled_reason or "")
    assert await store.subscriptions.active() == []
    again = await store.subscriptions.upsert("discord", "c1", governments=[], min_score=0.0)
    assert again.id == first.id and again.active and again.governments == ()
    assert [s.id for s in await store.subscriptions.active()] == [first.id]


async def test_remove_and_list_by_platform(store: SQLiteStore) -> None:
    await store.subscriptions.upsert("discord", "c1")
    await store.subscriptions.upsert("slack", "C9", workspace_id="T1")
    assert [s.channel_id for s in await store.subscriptions.list(platform="slack")] == ["C9"]
    assert await store.subscriptions.remove("discord", "c1") is True
    assert await store.subscriptions.remove("discord", "c1") is False
    assert [s.platform for s in await store.subscriptions.list()] == ["slack"]


async def test_wants_filters_by_government_and_score(store: SQLiteStore) -> None:
    sub = await store.subscriptions.upsert("slack", "C1", governments=["JP"], min_score=0.5)
    assert sub.wants(["JP", "US"], 0.6)
    assert not sub.wants(["CN", "US"], 0.9)
    assert not sub.wants(["JP"], 0.4)
    everything = await store.subscriptions.upsert("slack", "C2")
    assert everything.wants(["CN"], 0.0)
