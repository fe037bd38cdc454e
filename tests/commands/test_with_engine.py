"""The commands over the real engine: the shared corpus imported, grouped and compared in SQLite."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.ingest.importer import import_documents, iter_path_inputs
from bot.store.sqlite import SQLiteStore
from commands.alerts import alert_reply
from commands.context import CommandContext
from commands.dispatch import run_text
from commands.markup import strip
from commands.reply import Severity
from tests.conftest import CORPUS, needs_shared

from .conftest import make_ctx

pytestmark = needs_shared(CORPUS)
DENIAL = re.compile(r"\bden(y|ies|ied|ial)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Import, grouping and comparison run once for the module; the tests below only read."""
    path = tmp_path_factory.mktemp("engine") / "corpus.db"

    async def build() -> None:
        store = await SQLiteStore.open(path)
        try:
            report = await import_documents(store, iter_path_inputs([CORPUS]))
            assert report.imported == 21
        finally:
            await store.close()

    asyncio.run(build())
    return path


@pytest.fixture
async def corpus(corpus_db: Path) -> AsyncIterator[SQLiteStore]:
    store = await SQLiteStore.open(corpus_db)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def ctx(corpus: SQLiteStore) -> CommandContext:
    return make_ctx(corpus)


async def _seed_event_id(ctx: CommandContext) -> int:
    listing = await run_text(ctx, "/events Koizumi government:JP since:2025-12-01")
    events = [e for e in (listing.data or {})["events"] if e["date"] and e["date"].startswith("2025-12")]
    assert len(events) == 1, listing.data
    return int(events[0]["event_id"])


async def test_events_lists_real_events_newest_first(corpus: SQLiteStore, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/events")
    dates = [e["date"] for e in (reply.data or {})["events"]]
    assert len(dates) >= 7 and dates == sorted(dates, reverse=True)
    assert "⚠ diverging readouts" in strip(reply.description)


async def test_divergence_of_the_seed_event(corpus: SQLiteStore, ctx: CommandContext) -> None:
    event_id = await _seed_event_id(ctx)
    reply = await run_text(ctx, f"/divergence E{event_id}")
    assert reply.severity == Severity.WARNING
    headings = [s.heading for s in reply.sections]
    assert "What the JP readout says that the US readout does not mention" in headings
    assert "What the US readout says that the JP readout does not mention" in headings
    wording = strip(next(s.body for s in reply.sections if s.heading == "Wording not echoed"))
    assert re.search(r"The JP readout says “[^”]+”; the US readout does not use such wording\.", wording)
    urls = {link.url for link in reply.links}
    assert "https://www.nippon.com/en/news/yjj2025121200280" in urls
    everything = strip(reply.description) + "\n".join(strip(s.body) for s in reply.sections)
    assert not DENIAL.search(everything)


async def test_event_by_id_shows_its_documents(corpus: SQLiteStore, ctx: CommandContext) -> None:
    event_id = await _seed_event_id(ctx)
    reply = await run_text(ctx, f"/event {event_id}")
    docs = strip(next(s.body for s in reply.sections if (s.heading or "").startswith("Documents")))
    assert "EV25-JP-1" in docs and "EV25-US-1" in docs and "EV26" not in docs


async def test_alert_from_the_engines_outbox_payload(corpus: SQLiteStore) -> None:
    items = await corpus.outbox.not_fanned_out(limit=100)
    payloads = [i.payload for i in items if i.kind == "divergence"]
    assert payloads
    for payload in payloads:
        reply = alert_reply(payload)
        assert reply.severity == Severity.ALERT and reply.title.startswith(("Readouts diverge", "New differences"))
        sides = [s.heading for s in reply.sections if (s.heading or "").startswith("What the ")]
        assert len(sides) >= 2
        assert reply.links and all(link.url.startswith("http") for link in reply.links)
        assert not DENIAL.search("\n".join(strip(s.body) for s in reply.sections))
