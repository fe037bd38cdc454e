"""The sources repository on a real SQLite file: scheduling, health, and pause-with-one-notice."""

from __future__ import annotations

import json

import pytest

from bot.store.sources import DuplicateSourceError
from bot.store.sqlite import SQLiteStore


async def _paused_rows(store: SQLiteStore) -> list[dict]:
    rows = await store.fetchall("SELECT * FROM outbox WHERE kind = 'source_paused' ORDER BY id")
    return [dict(r) for r in rows]


async def test_add_is_due_at_once_and_urls_are_unique(store: SQLiteStore) -> None:
    source = await store.sources.add("https://a.example/feed", government="JP", issuer="MOD", interval_seconds=600)
    assert source.enabled and source.backfilling and source.next_poll_at
    assert [s.id for s in await store.sources.due("9999-01-01T00:00:00Z")] == [source.id]
    assert await store.sources.due("2000-01-01T00:00:00Z") == []
    with pytest.raises(DuplicateSourceError) as caught:
        await store.sources.add("https://a.example/feed")
    assert caught.value.existing.id == source.id
    assert len(await store.sources.list()) == 1


async def test_success_resets_failures_and_keeps_or_replaces_validators(store: SQLiteStore) -> None:
    s = await store.sources.add("https://a.example/feed")
    await store.sources.record_failure(s.id, "HTTP 500", polled_at="2025-12-11T00:00:00Z",
                                       next_poll_at="2025-12-11T00:15:00Z", pause_after=5)
    await store.sources.record_success(s.id, polled_at="2025-12-11T00:15:00Z", next_poll_at="2025-12-11T00:30:00Z",
                                       etag='"e1"', last_modified="Thu, 11 Dec 2025 00:00:00 GMT")
    got = await store.sources.get(s.id)
    assert got is not None and got.consecutive_failures == 0 and got.healthy and not got.backfilling
    assert got.etag == '"e1"' and got.last_error == "HTTP 500"  # the last error stays visible
    await store.sources.record_success(s.id, polled_at="2025-12-11T00:30:00Z", next_poll_at="2025-12-11T00:45:00Z",
                                       etag='"e2"', update_validators=False)
    got = await store.sources.get(s.id)
    assert got is not None and got.etag == '"e1"' and got.next_poll_at == "2025-12-11T00:45:00Z"


async def test_fifth_failure_pauses_and_queues_exactly_one_notice(store: SQLiteStore) -> None:
    s = await store.sources.add("https://a.example/feed")
    other = await store.sources.add("https://b.example/feed")
    for n in range(1, 5):
        updated = await store.sources.record_failure(s.id, f"timed out ({n})", polled_at=f"2025-12-11T00:0{n}:00Z",
                                                     next_poll_at="2025-12-11T01:00:00Z", pause_after=5)
        assert updated is not None and updated.enabled and updated.consecutive_failures == n
    assert await _paused_rows(store) == []
    paused = await store.sources.record_failure(s.id, "malformed feed: not well-formed XML", polled_at="2025-12-11T00:05:00Z",
                                                next_poll_at="2025-12-11T01:00:00Z", pause_after=5)
    assert paused is not None and not paused.enabled
    assert paused.paused_reason == "paused after 5 consecutive failures; last: malformed feed: not well-formed XML"
    rows = await _paused_rows(store)
    assert len(rows) == 1
    payload = json.loads(rows[0]["payload"])
    assert payload["source_id"] == s.id and payload["url"] == "https://a.example/feed"
    assert "malformed feed" in payload["reason"]
    # a paused source is not polled, and further failures (e.g. a poll already running) do not notify again
    assert [x.id for x in await store.sources.enabled()] == [other.id]
    await store.sources.record_failure(s.id, "again", polled_at="2025-12-11T00:06:00Z",
                                       next_poll_at="2025-12-11T01:00:00Z", pause_after=5)
    assert len(await _paused_rows(store)) == 1
    # resumed, then paused again: a second, distinct notice
    assert await store.sources.resume(s.id)
    resumed = await store.sources.get(s.id)
    assert resumed is not None and resumed.enabled and resumed.consecutive_failures == 0 and resumed.paused_reason is None
    for n in range(5):
        await store.sources.record_failure(s.id, "HTTP 503", polled_at=f"2025-12-12T00:0{n}:00Z",
                                           next_poll_at="2025-12-12T01:00:00Z", pause_after=5)
    rows = await _paused_rows(store)
    assert len(rows) == 2 and rows[0]["fingerprint"] != rows[1]["fingerprint"]


async def test_next_poll_is_the_earliest_enabled_one(store: SQLiteStore) -> None:
    assert await store.sources.next_poll_at() is None
    a = await store.sources.add("https://a.example/feed")
    b = await store.sources.add("https://b.example/feed")
    await store.sources.record_success(a.id, polled_at="2025-12-11T00:00:00Z", next_poll_at="2025-12-11T02:00:00Z")
    await store.sources.record_success(b.id, polled_at="2025-12-11T00:00:00Z", next_poll_at="2025-12-11T01:00:00Z")
    assert await store.sources.next_poll_at() == "2025-12-11T01:00:00Z"
    await store.sources.pause(b.id, "paused by an admin")
    assert await store.sources.next_poll_at() == "2025-12-11T02:00:00Z"


async def test_remove_keeps_documents_and_forgets_seen_files(store: SQLiteStore) -> None:
    s = await store.sources.add("/srv/readouts", source_type="folder")
    await store.sources.mark_files_seen(s.id, {"a.txt": "5:1", "b.txt": "6:2"})
    await store.sources.mark_files_seen(s.id, {"a.txt": "7:3"})
    assert await store.sources.seen_files(s.id) == {"a.txt": "7:3", "b.txt": "6:2"}
    assert await store.sources.remove(s.id) is True
    assert await store.sources.remove(s.id) is False
    assert await store.sources.seen_files(s.id) == {}
