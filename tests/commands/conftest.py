"""Fixtures for the command layer: a console context on a real SQLite file, documents, fake events."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.models import DocumentInput, EventDetail, EventSummary
from bot.nlp import analyse_document
from bot.store.sqlite import SQLiteStore
from commands.context import CommandContext

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)


def make_ctx(store: SQLiteStore, *, admin: bool = True, platform: str = "discord", channel: str | None = "C1",
             workspace: str | None = "G1", user: str = "U1") -> CommandContext:
    return CommandContext(store=store, platform=platform, user_id=user, channel_id=channel,
                          workspace_id=workspace, is_admin=admin, now=NOW)


@pytest.fixture
def ctx(store: SQLiteStore) -> CommandContext:
    return make_ctx(store)


async def add_documents(store: SQLiteStore, docs: Iterable[DocumentInput]) -> None:
    for doc in docs:
        result = await store.documents.add(doc, analyse_document(doc))
        assert result.status == "imported", result


def read_corpus(path: Path) -> list[DocumentInput]:
    """The shared JSONL corpus as inputs (parsed here so these tests do not depend on the importer)."""
    known = {"doc_id", "government", "issuer", "kind", "title", "date", "url", "language", "text"}
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            docs.append(DocumentInput(**{k: v for k, v in record.items() if k in known},
                                      metadata={k: v for k, v in record.items() if k not in known}))
    return docs


@dataclass
class FakeEvents:
    """Just the EventRepository methods the commands use, over in-memory details."""

    details: dict[int, EventDetail] = field(default_factory=dict)
    calls: list[tuple[str, dict]] = field(default_factory=list)

    async def list_events(self, *, query=None, government=None, since=None, limit=20) -> list[EventSummary]:
        self.calls.append(("list_events", {"query": query, "government": government, "since": since, "limit": limit}))
        found = [d.event for d in self.details.values()]
        if government:
            found = [e for e in found if government in e.governments]
        if since:
            found = [e for e in found if (e.date or "") >= since]
        if query:
            found = [e for e in found if query.lower() in e.title.lower()]
        return sorted(found, key=lambda e: e.date or "", reverse=True)[:limit]

    async def get(self, event_id: int) -> EventDetail | None:
        return self.details.get(event_id)

    async def count(self) -> int:
        return len(self.details)

    async def suggest(self, prefix: str, limit: int = 25) -> list[EventSummary]:
        return [d.event for d in self.details.values() if prefix.lower() in d.event.title.lower()][:limit]
