"""The chat admin commands (/sources ...) through the real dispatcher: admin-only, validated, and
answering with a Reply; they call the same functions as the CLI."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.store.sqlite import SQLiteStore
from commands.context import CommandContext
from commands.dispatch import dispatch, run_text
from commands.registry import COMMANDS
from commands.reply import Severity
from tests.watch.feedserver import READOUTS, FeedServer, rss


def admin_ctx(store: SQLiteStore, *, allow_private: bool = False) -> CommandContext:
    ctx = CommandContext(store, platform="discord", user_id="42", channel_id="c1", is_admin=True)
    ctx.settings = SimpleNamespace(allow_private_urls=allow_private)  # type: ignore[attr-defined]
    return ctx


def test_commands_are_declared_admin_only_with_typed_options() -> None:
    import commands.sources  # noqa: F401  (registers the commands)

    names = {"sources add", "sources list", "sources remove", "sources pause", "sources resume", "sources test"}
    assert names <= set(COMMANDS)
    assert all(COMMANDS[n].admin for n in names)
    add = {o.name: o for o in COMMANDS["sources add"].options}
    assert add["government"].type == "government" and add["kind"].type == "choice"
    assert set(add["kind"].choices) == {"official_readout", "statement", "news", "quoted_in_news"}
    assert COMMANDS["sources remove"].options[0].type == "integer"


async def test_non_admins_are_refused(store: SQLiteStore) -> None:
    user = CommandContext(store, platform="slack", user_id="U1", is_admin=False)
    reply = await run_text(user, "sources add https://example.org/feed JP official_readout")
    assert reply.severity == Severity.ERROR and "admins only" in reply.description
    assert await store.sources.list() == []


@pytest.mark.parametrize(
    "line, reason",
    [
        ("sources add http://127.0.0.1:8080/feed.xml JP official_readout", "127.0.0.1 is a loopback address"),
        ("sources add http://169.254.169.254/latest/ JP official_readout", "link-local"),
        ("sources add file:///etc/passwd JP news", "file:// URLs are not accepted"),
        ("sources add /etc JP news", "only from the command line"),
        ("sources add https://example.org/feed JP official_readout every:10s", "too short"),
    ],
)
async def test_add_refusals_store_nothing(store: SQLiteStore, line: str, reason: str) -> None:
    reply = await run_text(admin_ctx(store), line)
    assert reply.severity == Severity.ERROR and reason in reply.description
    assert await store.sources.list() == []


async def test_add_list_pause_resume_test_remove(store: SQLiteStore) -> None:
    ctx = admin_ctx(store, allow_private=True)
    async with FeedServer() as srv:
        srv.serve("/feed.xml", rss(*READOUTS))
        url = srv.url("/feed.xml")
        reply = await dispatch(ctx, "sources add", {"url": url, "government": "Japan", "kind": "official_readout",
                                                    "every": "30m", "issuer": "Japan Ministry of Defense"})
        assert reply.severity == Severity.SUCCESS and reply.title == "Watching source #1"
        assert reply.data and reply.data["source"]["government"] == "JP" and reply.data["source"]["added_by"] == "discord:42"

        listing = await dispatch(ctx, "sources list", {})
        assert listing.data and [s["id"] for s in listing.data["sources"]] == [1]
        assert "not polled yet" in listing.fields[0].value

        paused = await dispatch(ctx, "sources pause", {"id": "1"})
        assert paused.severity == Severity.SUCCESS and not (await store.sources.get(1)).enabled  # type: ignore[union-attr]
        listing = await dispatch(ctx, "sources list", {})
        assert listing.severity == Severity.WARNING and "paused by discord:42" in listing.fields[0].value
        resumed = await dispatch(ctx, "sources resume", {"id": 1})
        assert resumed.severity == Severity.SUCCESS and (await store.sources.get(1)).enabled  # type: ignore[union-attr]

        probe = await dispatch(ctx, "sources test", {"url": url})
        assert probe.data and len(probe.data["documents"]) == 3 and probe.data["error"] is None
        assert await store.documents.count() == 0  # a test imports nothing

        missing = await dispatch(ctx, "sources remove", {"id": 9})
        assert missing.severity == Severity.ERROR and "no source with id 9" in missing.description
        removed = await dispatch(ctx, "sources remove", {"id": 1})
        assert removed.severity == Severity.SUCCESS and await store.sources.list() == []


async def test_test_reports_a_failing_url_without_raising(store: SQLiteStore) -> None:
    async with FeedServer() as srv:
        srv.serve("/broken.xml", status=503)
        reply = await dispatch(admin_ctx(store, allow_private=True), "sources test", {"url": srv.url("/broken.xml")})
    assert reply.severity == Severity.WARNING and "HTTP 503" in reply.description
