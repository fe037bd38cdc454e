"""Source storage (placeholder: filled in by the issue that owns this table family)."""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store.sqlite import SQLiteStore


class SourceRepository(abc.ABC):
    """What the rest of the bot may ask about sources."""


class SQLiteSources(SourceRepository):
    def __init__(self, store: "SQLiteStore") -> None:
        self.store = store
