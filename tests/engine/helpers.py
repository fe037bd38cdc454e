"""Helpers for engine tests: store analysed documents the way the importer does."""

from __future__ import annotations

from bot.models import DocumentInput
from bot.nlp import analyse_document
from bot.store.sqlite import SQLiteStore


async def add(store: SQLiteStore, doc_id: str, text: str, *, government: str | None = None, kind: str = "official_readout",
              date: str | None = None, title: str | None = None, url: str | None = None, muted: bool = False) -> int:
    doc = DocumentInput(text=text, doc_id=doc_id, government=government, kind=kind, date=date, title=title,
                        url=url or f"https://example.org/{doc_id}")
    result = await store.documents.add(doc, analyse_document(doc), alerts_muted=muted)
    assert result.status == "imported", result
    return result.document_id


async def partition(store: SQLiteStore) -> set[frozenset[str]]:
    """Events as sets of external doc ids."""
    return {frozenset(e.doc_ids) for e in await store.events.all_events()}
