"""Source administration (shared by the CLI and the chat commands): validation that stores nothing
when it refuses, intervals, folders, the admin channel and the health line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot import sources_admin as admin
from bot.store.sqlite import SQLiteStore

STRICT = SimpleNamespace(allow_private_urls=False)
LOOSE = SimpleNamespace(allow_private_urls=True)


@pytest.mark.parametrize(
    "text, seconds",
    [("15m", 900), ("1h", 3600), ("90s", 90), ("2d", 172800), ("1.5h", 5400), ("120", 120), ("10 min", 600),
     (None, 900), ("", 900), (300, 300)],
)
def test_parse_interval(text: str | int | None, seconds: int) -> None:
    assert admin.parse_interval(text) == seconds


@pytest.mark.parametrize(
    "text, message",
    [("30s", "too short; the minimum is 1 minute"), ("0m", "too short"), ("soon", "not understood"),
     ("-5m", "not understood"), ("9d", "too long")],
)
def test_parse_interval_refusals(text: str, message: str) -> None:
    with pytest.raises(admin.SourceAdminError, match=message):
        admin.parse_interval(text)


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://127.0.0.1:8080/feed.xml", "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/", "169.254.169.254 is a link-local address"),
        ("file:///etc/passwd", "file:// URLs are not accepted; only http and https"),
        ("ftp://ftp.example.org/feed.xml", "ftp:// URLs are not accepted; only http and https"),
        ("http://[::1]:8080/feed", "::1 is a loopback address"),
        ("http://10.0.0.5/rss", "10.0.0.5 is a private address"),
    ],
)
async def test_unsafe_urls_are_refused_and_nothing_is_stored(store: SQLiteStore, url: str, reason: str) -> None:
    with pytest.raises(admin.SourceAdminError) as caught:
        await admin.add_source(store, STRICT, url, government="JP")
    assert reason in str(caught.value) and "\n" not in str(caught.value)
    assert await store.sources.list() == []


async def test_private_urls_are_accepted_when_allowed(store: SQLiteStore) -> None:
    source = await admin.add_source(store, LOOSE, "http://127.0.0.1:8080/feed.xml", government="japan",
                                    issuer=" Japan Ministry of Defense ", kind="Official readout", every="30m")
    assert (source.government, source.issuer, source.doc_kind, source.interval_seconds) == (
        "JP", "Japan Ministry of Defense", "official_readout", 1800)
    with pytest.raises(admin.SourceAdminError, match=rf"already watched \(source {source.id}\)"):
        await admin.add_source(store, LOOSE, "http://127.0.0.1:8080/feed.xml", government="JP")
    with pytest.raises(admin.SourceAdminError, match="file://"):
        await admin.add_source(store, LOOSE, "file:///etc/passwd")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"government": "Narnia"}, "not an ISO 3166 country code"),
        ({"kind": "rumour"}, "kind 'rumour' is not one of"),
        ({"every": "5s"}, "too short"),
        ({"source_type": "gopher"}, "type 'gopher' is not one of"),
    ],
)
async def test_bad_fields_are_refused(store: SQLiteStore, kwargs: dict, message: str) -> None:
    with pytest.raises(admin.SourceAdminError, match=message):
        await admin.add_source(store, LOOSE, "http://127.0.0.1/feed.xml", **kwargs)
    assert await store.sources.list() == []


async def test_folders_are_plain_paths_and_only_from_the_command_line(store: SQLiteStore, tmp_path: Path) -> None:
    with pytest.raises(admin.SourceAdminError, match="only from the command line"):
        await admin.add_source(store, LOOSE, str(tmp_path), government="JP")
    with pytest.raises(admin.SourceAdminError, match="is not a folder"):
        await admin.add_source(store, LOOSE, "/etc/passwd", allow_folder=True)
    source = await admin.add_source(store, STRICT, str(tmp_path), government="JP", allow_folder=True)
    assert source.is_folder and source.url == str(tmp_path.resolve())


async def test_pause_resume_remove(store: SQLiteStore) -> None:
    source = await admin.add_source(store, LOOSE, "http://127.0.0.1/feed.xml", government="JP")
    paused = await admin.pause_source(store, source.id, by="discord:42")
    assert not paused.enabled and paused.paused_reason == "paused by discord:42"
    assert "paused (paused by discord:42)" in admin.health(paused)
    resumed = await admin.resume_source(store, source.id)
    assert resumed.enabled and resumed.paused_reason is None
    removed = await admin.remove_source(store, source.id)
    assert removed.id == source.id and await store.sources.list() == []
    for action in (admin.remove_source, admin.pause_source, admin.resume_source):
        with pytest.raises(admin.SourceAdminError, match=f"no source with id {source.id}"):
            await action(store, source.id)


async def test_admin_channel_setting(store: SQLiteStore) -> None:
    assert await admin.set_admin_channel(store, "discord:1234567890") == "discord:1234567890"
    assert await store.get_setting("admin_channel") == "discord:1234567890"
    with pytest.raises(admin.SourceAdminError, match="must look like"):
        await admin.set_admin_channel(store, "irc:#ops")
    assert await admin.get_admin_channel(store) == "discord:1234567890"
    assert await admin.set_admin_channel(store, "off") is None
    assert await admin.get_admin_channel(store) is None


async def test_health_line_shows_failures_and_next_poll(store: SQLiteStore) -> None:
    source = await admin.add_source(store, LOOSE, "http://127.0.0.1/feed.xml", government="JP")
    assert admin.health(source).startswith("not polled yet")
    failed = await store.sources.record_failure(source.id, "HTTP 500 Internal Server Error", polled_at="2025-12-11T00:00:00Z",
                                                next_poll_at="2025-12-11T00:30:00Z", pause_after=5)
    assert failed is not None
    line = admin.health(failed, datetime(2025, 12, 11, 0, 10, tzinfo=UTC))
    assert line == "failing (1 in a row): HTTP 500 Internal Server Error; next poll in 20m"
