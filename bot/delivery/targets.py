"""Who receives an alert: the fan-out rules, kept apart from storage and from sending.

A divergence alert goes to every active subscription whose filters match (`Subscription.wants`:
governments and minimum score). A "source_paused" notice goes to the admin channel, stored in the
setting "admin_channel" as "discord:<channel id>" or "slack:<channel id>"; with none set it goes
nowhere (the watcher has logged it, and `/sources list` shows the pause).
"""

from __future__ import annotations

import logging

from bot.models import Subscription
from bot.store.base import Store
from bot.store.outbox import OutboxItem, Target

log = logging.getLogger(__name__)

ADMIN_CHANNEL_SETTING = "admin_channel"
PLATFORMS = ("discord", "slack")


def parse_channel(value: str | None) -> Target | None:
    """"discord:123" -> Target("discord", "123"); None for anything malformed."""
    if not value or ":" not in value:
        return None
    platform, _, channel = value.strip().partition(":")
    platform, channel = platform.strip().lower(), channel.strip()
    if platform not in PLATFORMS or not channel:
        return None
    return Target(platform, channel)


def divergence_targets(item: OutboxItem, subscriptions: list[Subscription]) -> list[Target]:
    return [
        Target(s.platform, s.channel_id, s.id)
        for s in subscriptions
        if s.platform in PLATFORMS and s.wants(item.governments, item.score)
    ]


async def targets_for(store: Store, item: OutboxItem) -> list[Target]:
    """Every channel that should receive `item`, decided now (at fan-out time)."""
    if item.kind == "divergence":
        return divergence_targets(item, await store.subscriptions.active())
    if item.kind == "source_paused":
        setting = await store.get_setting(ADMIN_CHANNEL_SETTING)
        target = parse_channel(setting)
        if target is None:
            if setting:
                log.warning("setting %s=%r is not 'discord:<id>' or 'slack:<id>'; notice not sent", ADMIN_CHANNEL_SETTING, setting)
            return []
        return [target]
    log.warning("outbox row %d has unknown kind %r; nothing to deliver", item.id, item.kind)
    return []


async def fan_out_pending(store: Store, *, limit: int = 100) -> int:
    """Turn every not-yet-fanned-out outbox row into deliveries; returns how many were created.

    Each row is one transaction (see `OutboxRepository.fan_out`), so a crash halfway leaves the
    remaining rows for the next pass and a repeated pass creates nothing twice.
    """
    created = 0
    for item in await store.outbox.not_fanned_out(limit):
        created += await store.outbox.fan_out(item.id, await targets_for(store, item))
    return created
