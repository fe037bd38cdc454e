"""/subscribe, /unsubscribe and /subscriptions: which channels get divergence alerts.

Subscribing is admin-only: it changes what everyone in the channel receives, like adding a bot feed.
Listing is open to everyone, and shows disabled subscriptions with the platform's reason (a 403 when
the bot lost access), so people can see why alerts stopped.
"""

from __future__ import annotations

from typing import Any

from bot.models import Subscription
from commands.context import CommandContext
from commands.format import day, governments_label
from commands.markup import bold, plain
from commands.registry import Option, command
from commands.reply import Field, Reply, Severity


@command(
    "subscribe",
    "Post divergence alerts in this channel (optionally only for some governments or above a score).",
    options=(
        Option("governments", "Only events involving these governments, e.g. JP,US (default: all)", type="governments", max_length=200),
        Option("min_score", "Only alerts with at least this divergence score, 0 to 1 (default: 0)", type="number", min_value=0.0, max_value=1.0),
    ),
    admin=True,
    examples=("/subscribe", "/subscribe governments:JP,US min_score:0.5"),
)
async def subscribe(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    if not ctx.channel_id:
        return Reply.error("Subscriptions belong to a channel; run /subscribe in the channel that should get alerts.")
    governments: tuple[str, ...] = args.get("governments") or ()
    min_score = float(args["min_score"]) if args.get("min_score") is not None else 0.0
    sub = await ctx.store.subscriptions.upsert(
        ctx.platform,
        ctx.channel_id,
        workspace_id=ctx.workspace_id,
        governments=governments,
        min_score=min_score,
        created_by=ctx.user_id,
    )
    return Reply(
        title="Subscribed to divergence alerts",
        description="This channel will get an alert when the readouts of one event diverge"
        f" ({_filters(sub)}). /unsubscribe stops them.",
        fields=_fields(sub),
        severity=Severity.SUCCESS,
        data={"subscription": _data(sub)},
    )


@command(
    "unsubscribe",
    "Stop posting divergence alerts in this channel.",
    admin=True,
    examples=("/unsubscribe",),
)
async def unsubscribe(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    if not ctx.channel_id:
        return Reply.error("Subscriptions belong to a channel; run /unsubscribe in the channel that gets alerts.")
    removed = await ctx.store.subscriptions.remove(ctx.platform, ctx.channel_id)
    if not removed:
        return Reply(
            title="Not subscribed",
            description="This channel had no alert subscription, so nothing changed.",
            ephemeral=True,
            data={"removed": False},
        )
    return Reply(
        title="Unsubscribed",
        description="This channel will no longer get divergence alerts. /subscribe turns them back on.",
        severity=Severity.SUCCESS,
        data={"removed": True},
    )


@command(
    "subscriptions",
    "The channels here that get divergence alerts, their filters, and any that were disabled (with why).",
    examples=("/subscriptions",),
)
async def subscriptions(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    if ctx.platform == "console":  # the local operator owns the database: show every platform
        subs = await ctx.store.subscriptions.list()
    else:
        subs = await ctx.store.subscriptions.list(platform=ctx.platform, workspace_id=ctx.workspace_id)
    data = {"subscriptions": [_data(s) for s in subs]}
    if not subs:
        return Reply(
            title="No alert subscriptions",
            description="No channel here gets divergence alerts yet. An admin can run /subscribe in a channel.",
            ephemeral=True,
            data=data,
        )
    lines = [_line(ctx, s) for s in subs]
    disabled = sum(1 for s in subs if not s.active)
    return Reply(
        title=f"Alert subscriptions ({len(subs)})",
        description="\n".join(lines),
        footer=f"{disabled} disabled: an admin can /subscribe again in that channel to re-enable it." if disabled else None,
        severity=Severity.WARNING if disabled else Severity.INFO,
        ephemeral=True,
        data=data,
    )


def _line(ctx: CommandContext, sub: Subscription) -> str:
    where = _channel(ctx, sub)
    here = " (this channel)" if sub.platform == ctx.platform and sub.channel_id == ctx.channel_id else ""
    state = (
        f"⛔ {bold('disabled')} since {day(sub.disabled_at)}: {plain(sub.disabled_reason or '')}"
        if not sub.active
        else "active"
    )
    return f"• {where}{here} · {_filters(sub)} · {state}"


def _channel(ctx: CommandContext, sub: Subscription) -> str:
    prefix = "" if sub.platform == ctx.platform else f"{sub.platform} "
    return plain(f"{prefix}channel {sub.channel_id}")


def _filters(sub: Subscription) -> str:
    govs = "every government" if not sub.governments else plain(governments_label(sub.governments))
    score = "any score" if sub.min_score <= 0 else f"score at least {sub.min_score:g}"
    return f"{govs}, {score}"


def _fields(sub: Subscription) -> list[Field]:
    return [
        Field("Governments", "all" if not sub.governments else plain(", ".join(sub.governments)), inline=True),
        Field("Minimum score", f"{sub.min_score:g}", inline=True),
    ]


def _data(sub: Subscription) -> dict[str, Any]:
    return {
        "id": sub.id,
        "platform": sub.platform,
        "channel_id": sub.channel_id,
        "workspace_id": sub.workspace_id,
        "governments": list(sub.governments),
        "min_score": sub.min_score,
        "active": sub.active,
        "disabled_reason": sub.disabled_reason,
        "disabled_at": sub.disabled_at,
        "created_by": sub.created_by,
        "created_at": sub.created_at,
    }
