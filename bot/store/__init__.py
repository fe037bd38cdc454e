"""Storage: the `Store` interface and its SQLite implementation. No SQL lives outside this package."""

from bot.store.base import Store, open_store

__all__ = ["Store", "open_store"]
