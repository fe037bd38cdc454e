"""The store interface: what the engine, commands, watcher and delivery may ask of a database.

SQLite (bot/store/sqlite.py) is the embedded default. A PostgreSQL backend implements the same
abstract classes; nothing outside `bot/store/` writes SQL, so `commands/` and the engine do not change.
Each table family has its own repository (documents, events, sources, subscriptions, outbox), reached
as an attribute of the `Store`.
"""

from __future__ import annotations

import abc
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from bot.store.documents import DocumentRepository
    from bot.store.events import EventRepository
    from bot.store.outbox import OutboxRepository
    from bot.store.sources import SourceRepository
    from bot.store.subscriptions import SubscriptionRepository


class Store(abc.ABC):
    """A database connection with one repository per table family."""

    documents: "DocumentRepository"
    events: "EventRepository"
    sources: "SourceRepository"
    subscriptions: "SubscriptionRepository"
    outbox: "OutboxRepository"

    @abc.abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Any]:
        """A write transaction: commit on success, roll back on error."""

    @abc.abstractmethod
    async def close(self) -> None: ...

    @abc.abstractmethod
    async def get_setting(self, key: str) -> str | None: ...

    @abc.abstractmethod
    async def set_setting(self, key: str, value: str | None) -> None: ...

    @abc.abstractmethod
    async def unfinished_documents(self) -> list[int]:
        """Work a killed or failed run left half-done, as document row ids for `process_documents`:
        documents stored but never grouped into an event, and one member of each event whose
        membership changed after its divergence was last recorded. The importer finishes these
        before its own documents, so a crash between storing and alerting loses nothing."""

    async def begin_import(self, finish: "Callable[[list[int]], Awaitable[object]]") -> None:
        """Called when an import starts; `finish(ids)` processes `unfinished_documents()`.

        A backend shared by several processes must call `finish` only when no other import is
        running (its stored-but-not-yet-grouped documents are not leftovers), and must pair this
        with `end_import()`. This default suits a store only one process uses."""
        leftovers = await self.unfinished_documents()
        if leftovers:
            await finish(leftovers)

    async def end_import(self) -> None:
        """Called when an import ends (also when it failed)."""

    async def __aenter__(self) -> "Store":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


async def open_store(path: Any) -> Store:
    """Open the store at `path` (a file path; later also a postgres:// URL)."""
    text = str(path)
    if text.startswith(("postgres://", "postgresql://")):
        raise NotImplementedError("the PostgreSQL backend is not built yet; use a SQLite file path")
    from bot.store.sqlite import SQLiteStore

    return await SQLiteStore.open(path)
