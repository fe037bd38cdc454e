"""Fan-out: which channels get an alert, in one idempotent step per outbox row (real SQLite file)."""

from __future__ import annotations

from bot.delivery.targets import fan_out_pending, parse_channel
from bot.store.outbox import Target
from bot.store.sqlite import SQLiteStore


async def _alert(store: SQLiteStore, fingerprint: str, governments: tuple[str, ...] = ("JP", "US"), score: float = 0.8) -> int:
    outbox_id = await store.outbox.add("divergence", {"title": fingerprint, "governments": list(governments), "score": score},
                                       fingerprint=fingerprint, governments=governments, score=score)
    assert outbox_id is not None
    return outbox_id


async def test_alert_goes_to_matching_active_subscriptions_only(store: SQLiteStore) -> None:
    everything = await store.subscriptions.upsert("discord", "100")
    japan = await store.subscriptions.upsert("slack", "C1", governments=["jp"])
    china = await store.subscriptions.upsert("slack", "C2", governments=["CN"])
    picky = await store.subscriptions.upsert("discord", "200", min_score=0.9)
    gone = await store.subscriptions.upsert("discord", "300")
    await store.subscriptions.disable(gone.id, "Discord 403: Missing Access")
    outbox_id = await _alert(store, "a1")

    assert await fan_out_pending(store) == 2
    targets = {(d.platform, d.channel_id, d.subscription_id) for d in await store.outbox.deliveries(outbox_id=outbox_id)}
    assert targets == {("discord", "100", everything.id), ("slack", "C1", japan.id)}
    assert china.id and picky.id  # present but filtered out
    assert (await store.outbox.get(outbox_id)).fanned_out_at is not None  # type: ignore[union-attr]


async def test_fan_out_is_idempotent_and_new_subscribers_get_only_new_alerts(store: SQLiteStore) -> None:
    await store.subscriptions.upsert("discord", "100")
    first = await _alert(store, "a1")
    assert await fan_out_pending(store) == 1
    assert await fan_out_pending(store) == 0
    # Repeating the step for an already fanned-out row (a crash between steps) adds nothing either.
    subscription = await store.subscriptions.for_channel("discord", "100")
    assert await store.outbox.fan_out(first, [Target("discord", "100", subscription.id)]) == 0  # type: ignore[union-attr]
    await store.subscriptions.upsert("slack", "C9")
    second = await _alert(store, "a2")
    await fan_out_pending(store)
    assert [d.channel_id for d in await store.outbox.deliveries(outbox_id=first)] == ["100"]
    assert sorted(d.channel_id for d in await store.outbox.deliveries(outbox_id=second)) == ["100", "C9"]


async def test_vanished_subscription_is_skipped_not_an_error(store: SQLiteStore) -> None:
    sub = await store.subscriptions.upsert("discord", "100")
    outbox_id = await _alert(store, "a1")
    await store.subscriptions.remove("discord", "100")
    assert await store.outbox.fan_out(outbox_id, [Target("discord", "100", sub.id)]) == 0
    assert await store.outbox.deliveries() == []


async def test_source_paused_goes_to_the_admin_channel(store: SQLiteStore) -> None:
    await store.subscriptions.upsert("discord", "100")  # subscribers do not get admin notices
    await store.set_setting("admin_channel", "slack:CADMIN")
    outbox_id = await store.outbox.add("source_paused", {"source_id": 3, "url": "https://x.example/feed"},
                                       fingerprint="source_paused:3")
    assert await fan_out_pending(store) == 1
    [delivery] = await store.outbox.deliveries(outbox_id=outbox_id)
    assert (delivery.platform, delivery.channel_id, delivery.subscription_id) == ("slack", "CADMIN", None)


async def test_source_paused_without_admin_channel_is_dropped_quietly(store: SQLiteStore) -> None:
    await store.set_setting("admin_channel", "irc:#admins")
    await store.outbox.add("source_paused", {"source_id": 3}, fingerprint="source_paused:3")
    assert await fan_out_pending(store) == 0
    assert await store.outbox.not_fanned_out() == []


def test_parse_channel() -> None:
    assert parse_channel("discord:123") == Target("discord", "123")
    assert parse_channel(" Slack:C1 ") == Target("slack", "C1")
    assert parse_channel("discord:") is None and parse_channel("nope") is None and parse_channel(None) is None


async def test_migration_keeps_existing_deliveries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database at schema 3 with a delivery row survives migration 004 with its channel filled in."""
    import aiosqlite

    from bot.store.migrate import apply_migrations, load_migrations

    path = tmp_path / "old.db"
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await apply_migrations(conn, [m for m in load_migrations() if m.version < 4])
        await conn.execute("INSERT INTO subscriptions (platform, channel_id, created_at) VALUES ('slack', 'C1', 'x')")
        await conn.execute("INSERT INTO outbox (kind, fingerprint, payload, created_at) VALUES ('divergence', 'f', '{}', 'x')")
        await conn.execute("INSERT INTO deliveries (outbox_id, subscription_id, status, next_attempt_at) VALUES (1, 1, 'sent', 'x')")
    store = await SQLiteStore.open(path)
    try:
        [delivery] = await store.outbox.deliveries()
        assert (delivery.platform, delivery.channel_id, delivery.status) == ("slack", "C1", "sent")
    finally:
        await store.close()
