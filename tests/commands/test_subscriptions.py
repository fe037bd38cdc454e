"""/subscribe, /unsubscribe, /subscriptions against the real subscriptions table."""

from __future__ import annotations

from bot.store.sqlite import SQLiteStore
from commands.context import CommandContext
from commands.dispatch import dispatch, run_text
from commands.markup import strip
from commands.reply import Severity

from .conftest import make_ctx


async def test_subscribe_stores_the_channel_with_filters(store: SQLiteStore, ctx: CommandContext) -> None:
    reply = await run_text(ctx, '/subscribe governments:"Japan, US" min-score:0.5')
    assert reply.severity == Severity.SUCCESS
    sub = await store.subscriptions.for_channel("discord", "C1")
    assert sub is not None
    assert (sub.governments, sub.min_score, sub.workspace_id, sub.created_by) == (("JP", "US"), 0.5, "G1", "U1")
    assert "JP, US, score at least 0.5" in strip(reply.description)


async def test_subscribe_again_replaces_filters(store: SQLiteStore, ctx: CommandContext) -> None:
    await run_text(ctx, "/subscribe JP")
    await dispatch(ctx, "subscribe", {"min_score": 0.25})  # Discord sends numbers as numbers
    sub = await store.subscriptions.for_channel("discord", "C1")
    assert sub is not None and sub.governments == () and sub.min_score == 0.25


async def test_non_admins_cannot_subscribe_or_unsubscribe_but_can_list(store: SQLiteStore) -> None:
    admin, member = make_ctx(store), make_ctx(store, admin=False)
    await run_text(admin, "/subscribe")
    for line in ("/subscribe JP", "/unsubscribe"):
        reply = await run_text(member, line)
        assert reply.severity == Severity.ERROR and "admins only" in reply.description
    assert await store.subscriptions.for_channel("discord", "C1") is not None
    listing = await run_text(member, "/subscriptions")
    assert listing.severity == Severity.INFO and "(this channel)" in strip(listing.description)


async def test_list_shows_disabled_subscriptions_with_their_reason(store: SQLiteStore, ctx: CommandContext) -> None:
    await run_text(ctx, "/subscribe")
    other = make_ctx(store, channel="C2")
    await run_text(other, "/subscribe CN")
    sub = await store.subscriptions.for_channel("discord", "C2")
    assert sub is not None
    await store.subscriptions.disable(sub.id, "403 Forbidden: Missing Access")
    reply = await run_text(ctx, "/subscriptions")
    lines = strip(reply.description).splitlines()
    assert lines[0] == "• channel C1 (this channel) · every government, any score · active"
    assert lines[1].startswith("• channel C2 · CN, any score · ⛔ disabled since ")
    assert lines[1].endswith(": 403 Forbidden: Missing Access")
    assert reply.severity == Severity.WARNING and "1 disabled" in (reply.footer or "")
    assert [s["active"] for s in (reply.data or {})["subscriptions"]] == [True, False]


async def test_list_is_scoped_to_the_workspace(store: SQLiteStore, ctx: CommandContext) -> None:
    await run_text(ctx, "/subscribe")
    await run_text(make_ctx(store, workspace="G2", channel="C9"), "/subscribe")
    await run_text(make_ctx(store, platform="slack", workspace="T1", channel="S1"), "/subscribe")
    reply = await run_text(ctx, "/subscriptions")
    assert [s["channel_id"] for s in (reply.data or {})["subscriptions"]] == ["C1"]
    console = await run_text(make_ctx(store, platform="console", workspace=None), "/subscriptions")
    assert len((console.data or {})["subscriptions"]) == 3


async def test_unsubscribe(store: SQLiteStore, ctx: CommandContext) -> None:
    await run_text(ctx, "/subscribe")
    assert (await run_text(ctx, "/unsubscribe")).severity == Severity.SUCCESS
    assert await store.subscriptions.for_channel("discord", "C1") is None
    again = await run_text(ctx, "/unsubscribe")
    assert again.title == "Not subscribed" and again.severity == Severity.INFO


async def test_subscribe_needs_a_channel_and_a_valid_score(store: SQLiteStore) -> None:
    no_channel = await run_text(make_ctx(store, channel=None), "/subscribe")
    assert no_channel.severity == Severity.ERROR and "belong to a channel" in no_channel.description
    too_high = await run_text(make_ctx(store), "/subscribe min_score:2")
    assert too_high.severity == Severity.ERROR and "between 0 and 1" in too_high.description
    assert await store.subscriptions.list() == []
