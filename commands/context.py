"""What a command knows about who asked and where."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store.base import Store


@dataclass
class CommandContext:
    """`platform` is "discord", "slack" or "console". `is_admin` is decided by the adapter
    (Manage Server on Discord, READOUT_ADMINS on Slack, always on the local console)."""

    store: "Store"
    platform: str = "console"
    user_id: str | None = None
    channel_id: str | None = None
    workspace_id: str | None = None
    is_admin: bool = False
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
