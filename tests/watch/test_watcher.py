"""The long-running watcher: polls what is due, sleeps until the next source is due (no busy
polling), notices sources added while it sleeps, and stops promptly when asked."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

from bot.ingest.fetch import FetchPolicy
from bot.sources_admin import add_source
from bot.store.sqlite import SQLiteStore
from bot.watch import PollReport, run_watcher
from tests.watch.feedserver import READOUTS, FeedServer, rss

SETTINGS = SimpleNamespace(allow_private_urls=True)
FAST = FetchPolicy(allow_private=True, host_delay=0.0, total_timeout=5)


async def test_watcher_polls_due_sources_then_sleeps_and_stops(store: SQLiteStore) -> None:
    reports: list[PollReport] = []
    async with FeedServer() as srv:
        srv.serve("/a.xml", rss(READOUTS[0]))
        srv.serve("/b.xml", rss(READOUTS[1]))
        await add_source(store, SETTINGS, srv.url("/a.xml"), government="JP", every="1h")
        stop = asyncio.Event()
        task = asyncio.create_task(
            run_watcher(store, SETTINGS, stop=stop, fetch_policy=FAST, max_sleep=0.2, on_report=reports.append)
        )
        await asyncio.sleep(0.6)
        assert len(srv.hits("/a.xml")) == 1  # polled once, then asleep: the next poll is an hour away
        await add_source(store, SETTINGS, srv.url("/b.xml"), government="JP", every="1h")
        for _ in range(50):
            if srv.hits("/b.xml"):
                break
            await asyncio.sleep(0.05)
        assert len(srv.hits("/b.xml")) == 1  # a source added meanwhile is noticed within max_sleep
        await asyncio.sleep(0.5)
        assert len(srv.requests) == 2
        started = time.monotonic()
        stop.set()
        await asyncio.wait_for(task, timeout=2)
        assert time.monotonic() - started < 0.5
    assert await store.documents.count() == 2
    assert [o.imported for r in reports for o in r.outcomes] == [1, 1]


async def test_watcher_survives_a_store_error_and_keeps_going(store: SQLiteStore, monkeypatch) -> None:
    calls = {"n": 0}
    real_due = store.sources.due

    async def flaky_due(now: str):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database hiccup")
        return await real_due(now)

    monkeypatch.setattr(store.sources, "due", flaky_due)
    stop = asyncio.Event()
    task = asyncio.create_task(run_watcher(store, SETTINGS, stop=stop, fetch_policy=FAST, max_sleep=0.05))
    await asyncio.sleep(0.3)
    assert not task.done() and calls["n"] >= 2
    stop.set()
    await asyncio.wait_for(task, timeout=2)
