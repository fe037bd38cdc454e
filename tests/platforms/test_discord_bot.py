"""The real discord.py client against the fake Discord: sync, every command, admin checks, defer,
autocomplete, inert mentions, errors, and serving again after the gateway drops.

One bot for the whole module (connecting costs about a second)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.models import DocumentInput
from bot.platforms import discord_bot
from bot.platforms.discord_bot import ReadoutDiscordBot, configure_endpoints
from bot.store.sqlite import SQLiteStore
from commands.all import load_commands
from commands.reply import Reply, Severity
from tests.fakes.discord_server import CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.fakes.samples import HOSTILE_TEXT, discord_options, sample_args
from tests.platforms.test_render import assert_discord_limits

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
TOKEN = "fake-discord-token-DO-NOT-LOG-0123456789"


class Harness:
    def __init__(self, fake: FakeDiscord, bot: ReadoutDiscordBot, store: SQLiteStore) -> None:
        self.fake, self.bot, self.store = fake, bot, store


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def harness(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Harness]:
    from bot.ingest.importer import import_documents, iter_path_inputs

    store = await SQLiteStore.open(tmp_path_factory.mktemp("discord") / "bot.db")
    await import_documents(store, iter_path_inputs([REPO / "data" / "demo" / "readouts.jsonl"]))
    await import_documents(store, [DocumentInput(text=HOSTILE_TEXT, doc_id="hostile-1", government="JP", kind="statement",
                                                 title="@everyone hostile <!channel>", date="2025-12-20")])
    fake = await FakeDiscord().start()
    configure_endpoints(fake.api_base, fake.gateway_url)
    bot = ReadoutDiscordBot(store, guild_id=GUILD_ID, guild_ready_timeout=0.1)
    task = asyncio.create_task(bot.start(TOKEN))
    await asyncio.wait_for(fake.synced.wait(), 10)
    await asyncio.wait_for(bot.connected.wait(), 10)
    try:
        yield Harness(fake, bot, store)
    finally:
        await bot.close()
        await fake.close()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()


def _all_embeds(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for m in messages for e in m.get("embeds", [])]


async def test_commands_synced_to_the_guild_from_the_registry(harness: Harness) -> None:
    specs = load_commands()
    synced = {c["name"]: c for c in harness.fake.guild_commands[str(GUILD_ID)]}
    expected_top = {name.split()[0] for name in specs}
    assert set(synced) == expected_top
    for name, spec in specs.items():
        words = name.split()
        top = synced[words[0]]
        command = top if len(words) == 1 else next(o for o in top["options"] if o["name"] == words[1] and o["type"] == 1)
        options = {o["name"]: o for o in command.get("options", [])}
        assert set(options) == {o.name for o in spec.options}, name
        for option in spec.options:
            synced_option = options[option.name]
            assert synced_option["required"] == option.required
            assert synced_option["type"] == {"integer": 4, "number": 10}.get(option.type, 3)
            if option.type in ("event", "government", "governments"):
                assert synced_option.get("autocomplete") is True, (name, option.name)
            if option.type == "choice" and option.choices:
                assert [c["value"] for c in synced_option["choices"]] == list(option.choices)
        if spec.admin and (len(words) == 1 or all(s.admin for n, s in specs.items() if n.split()[0] == words[0])):
            assert str(top["default_member_permissions"]) == "32", name  # Manage Server
        if not spec.admin and len(words) == 1:
            assert top["default_member_permissions"] is None, name


@pytest.mark.parametrize("name", sorted(load_commands()))
async def test_every_command_answers_through_an_interaction(harness: Harness, name: str) -> None:
    spec = load_commands()[name]
    record = await harness.fake.invoke(name, discord_options(spec, sample_args(spec)), admin=True)
    assert record.callbacks, f"/{name} got no interaction callback"
    first = record.callbacks[0]
    assert first["type"] in (4, 5)
    if spec.defer:
        assert first["type"] == 5  # deferred ("thinking…") before the work
    messages = record.messages()
    assert messages, f"/{name} sent nothing after its callback"
    assert_discord_limits([{"embeds": m["embeds"], "allowed_mentions": m["allowed_mentions"]} for m in messages],
                          max_messages=10)
    titles = [e.get("title", "") for e in _all_embeds(messages)]
    assert not any(t.startswith("Something went wrong") for t in titles), titles


async def test_quote_answers_with_the_readouts_publicly(harness: Harness) -> None:
    record = await harness.fake.invoke("quote", [{"name": "text", "type": 3, "value": "serious concern"}])
    assert record.callbacks[0]["type"] == 5
    embeds = _all_embeds(record.messages())
    text = " ".join(e.get("description", "") + " ".join(f["value"] for f in e.get("fields", [])) for e in embeds)
    assert "serious concern" in text.lower()
    assert not record.ephemeral


async def test_non_admin_cannot_add_a_source(harness: Harness) -> None:
    spec = load_commands()["sources add"]
    args = {"url": "https://www.mod.go.jp/feed.xml", "government": "JP", "kind": "official_readout"}
    record = await harness.fake.invoke("sources add", discord_options(spec, args), admin=False)
    assert record.callbacks[0]["type"] == 4
    data = record.callbacks[0]["data"]
    assert data["flags"] & 64  # ephemeral
    assert data["embeds"][0]["title"] == "Admins only"
    assert await harness.store.sources.list() == []


async def test_quoted_mentions_arrive_inert(harness: Harness) -> None:
    record = await harness.fake.invoke("quote", [{"name": "text", "type": 3, "value": "radar incident"}])
    messages = record.messages()
    for m in messages:
        assert m["allowed_mentions"]["parse"] == []
        assert not m["allowed_mentions"].get("users") and not m["allowed_mentions"].get("roles")
    embeds = _all_embeds(messages)
    blob = repr(embeds)
    assert "hostile" in blob.lower() or "radar" in blob.lower()
    for embed in embeds:
        for text in [embed.get("title", ""), embed.get("description", "")] + [f["value"] for f in embed.get("fields", [])]:
            assert "@everyone" not in text and "@here" not in text
            assert "<@&" not in text and "<!channel>" not in text.replace("\\<", "")
            assert "[radar](https://evil.example)" not in text


async def test_autocomplete_for_governments_and_events(harness: Harness) -> None:
    options = [{"name": "text", "type": 3, "value": "x"}, {"name": "government", "type": 3, "value": "jap", "focused": True}]
    record = await harness.fake.invoke("quote", options, interaction_type=4)
    assert record.callbacks[0]["type"] == 8
    choices = record.callbacks[0]["data"]["choices"]
    assert any(c["value"] == "JP" for c in choices)
    record = await harness.fake.invoke("event", [{"name": "event", "type": 3, "value": "", "focused": True}], interaction_type=4)
    choices = record.callbacks[0]["data"]["choices"]
    assert choices and all(len(c["name"]) <= 100 for c in choices)


async def test_slow_command_is_deferred_then_answered(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    async def slow(ctx: Any, name: str, args: dict[str, Any]) -> Reply:
        await asyncio.sleep(0.3)
        return Reply(title="slow answer")

    monkeypatch.setattr(discord_bot, "DEFER_AFTER", 0.05)
    monkeypatch.setattr(harness.bot, "dispatcher", slow)
    record = await harness.fake.invoke("subscriptions")
    assert record.callbacks[0]["type"] == 5
    assert record.followups[0]["embeds"][0]["title"] == "slow answer"


async def test_error_after_defer_stays_private(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    async def failing(ctx: Any, name: str, args: dict[str, Any]) -> Reply:
        return Reply.error("No event matches 'zzz'.")

    monkeypatch.setattr(harness.bot, "dispatcher", failing)
    record = await harness.fake.invoke("divergence", [{"name": "event", "type": 3, "value": "zzz"}])
    assert record.callbacks[0]["type"] == 5
    assert record.deleted_original
    assert record.followups[0]["flags"] & 64
    assert record.followups[0]["embeds"][0]["description"] == "No event matches 'zzz'."


async def test_unexpected_exception_is_a_readable_ephemeral_error(harness: Harness, monkeypatch: pytest.MonkeyPatch,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    async def broken(ctx: Any, name: str, args: dict[str, Any]) -> Reply:
        raise RuntimeError("boom")

    monkeypatch.setattr(harness.bot, "dispatcher", broken)
    record = await harness.fake.invoke("subscriptions")
    data = record.messages()[0]
    assert data["flags"] & 64
    assert data["embeds"][0]["description"].startswith("Something went wrong running /subscriptions")
    assert TOKEN not in caplog.text


async def test_severity_colour_reaches_discord(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    async def alerting(ctx: Any, name: str, args: dict[str, Any]) -> Reply:
        return Reply(title="alert", severity=Severity.ALERT)

    monkeypatch.setattr(harness.bot, "dispatcher", alerting)
    record = await harness.fake.invoke("subscriptions")
    assert record.messages()[0]["embeds"][0]["color"] == 0xED4245


async def test_keeps_serving_after_the_gateway_drops(harness: Harness) -> None:
    """The socket closes with a resumable code (4000, as in a Discord outage): discord.py reconnects,
    RESUMEs the same session (no new IDENTIFY), and the next interaction is answered."""
    resumes, identifies = harness.fake.resumes, harness.fake.identifies
    await harness.fake.drop_connections()
    await asyncio.wait_for(harness.fake.identified.wait(), 15)
    assert (harness.fake.resumes, harness.fake.identifies) == (resumes + 1, identifies)
    record = await harness.fake.invoke("quote", [{"name": "text", "type": 3, "value": "serious concern"}])
    assert "serious concern" in repr(record.messages()).lower()


async def test_keeps_serving_after_discord_asks_it_to_reconnect(harness: Harness) -> None:
    """Opcode 7 RECONNECT (Discord moving the session to another node): reconnect and resume."""
    resumes = harness.fake.resumes
    await harness.fake.send_op(7)
    await asyncio.wait_for(harness.fake.identified.wait(), 15)
    assert harness.fake.resumes == resumes + 1
    record = await harness.fake.invoke("help")
    assert record.messages()[0]["embeds"]


async def test_keeps_serving_after_its_session_is_invalidated(harness: Harness) -> None:
    """Opcode 9 INVALID_SESSION, not resumable: a fresh IDENTIFY, then commands work again."""
    identifies = harness.fake.identifies
    await harness.fake.send_op(9, False)
    await asyncio.wait_for(harness.fake.identified.wait(), 20)
    assert harness.fake.identifies == identifies + 1
    record = await harness.fake.invoke("help")
    assert record.messages()[0]["embeds"]


async def test_subscribe_uses_this_channel(harness: Harness) -> None:
    record = await harness.fake.invoke("subscribe", [{"name": "governments", "type": 3, "value": "JP,US"}])
    assert record.messages()
    sub = await harness.store.subscriptions.for_channel("discord", str(CHANNEL_ID))
    assert sub is not None and set(sub.governments) == {"JP", "US"} and sub.workspace_id == str(GUILD_ID)
