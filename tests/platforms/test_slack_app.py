"""The real slack-bolt app against the fake Slack: signed slash commands over HTTP (every registered
command), bad and stale signatures, admin checks, inert mentions, ack before slow work, Socket Mode."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from bot.delivery.senders import slack_client
from bot.models import DocumentInput
from bot.platforms.slack_app import EVENTS_PATH, SlackService, build_app
from bot.store.sqlite import SQLiteStore
from commands.all import load_commands
from commands.reply import Reply
from tests.fakes.samples import HOSTILE_TEXT, sample_args
from tests.fakes.slack_server import FakeSlack, form, sign
from tests.platforms.test_render import assert_slack_limits

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SECRET = "fake-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-fake-slack-token-DO-NOT-LOG"
ADMIN, MEMBER = "UADMIN", "UMEMBER"


class Harness:
    def __init__(self, fake: FakeSlack, service: SlackService, store: SQLiteStore, http: aiohttp.ClientSession) -> None:
        self.fake, self.service, self.store, self.http = fake, service, store, http

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.service.port}{EVENTS_PATH}"

    async def post(self, payload: dict[str, str], *, secret: str = SECRET, timestamp: int | None = None) -> aiohttp.ClientResponse:
        body = form(payload)
        async with self.http.post(self.url, data=body.encode(), headers=sign(secret, body, timestamp)) as response:
            await response.read()
            return response

    async def command(self, text: str, *, user: str = ADMIN) -> list[dict[str, Any]]:
        payload = self.fake.slash_payload(text, user_id=user)
        response = await self.post(payload)
        assert response.status == 200
        return await self.fake.wait_responses(payload)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def harness(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Harness]:
    from bot.ingest.importer import import_documents, iter_path_inputs

    store = await SQLiteStore.open(tmp_path_factory.mktemp("slack") / "bot.db")
    await import_documents(store, iter_path_inputs([REPO / "data" / "demo" / "readouts.jsonl"]))
    await import_documents(store, [DocumentInput(text=HOSTILE_TEXT, doc_id="hostile-1", government="JP", kind="statement",
                                                 title="<!channel> hostile", date="2025-12-20")])
    fake = await FakeSlack().start()
    app = build_app(store, client=slack_client(BOT_TOKEN, fake.api_url), admins={ADMIN}, signing_secret=SECRET)
    service = SlackService(app, app_token=None, port=0, host="127.0.0.1")
    await service.start()
    async with aiohttp.ClientSession() as http:
        try:
            yield Harness(fake, service, store, http)
        finally:
            await service.stop()
            await fake.close()
            await store.close()


def _text_for(name: str, args: dict[str, Any]) -> str:
    parts = [name]
    for key, value in args.items():
        value = str(value)
        parts.append(f'{key}:"{value}"' if " " in value else f"{key}:{value}")
    return " ".join(parts)


def _texts(messages: list[dict[str, Any]]) -> list[str]:
    out = []
    for message in messages:
        out.append(message["text"])
        for block in message["blocks"]:
            if isinstance(block.get("text"), dict):
                out.append(block["text"]["text"])
            out.extend(f["text"] for f in block.get("fields", []))
            out.extend(e.get("text", "") for e in block.get("elements", []))
    return out


@pytest.mark.parametrize("name", sorted(load_commands()))
async def test_every_command_answers_a_signed_request(harness: Harness, name: str) -> None:
    spec = load_commands()[name]
    responses = await harness.command(_text_for(name, sample_args(spec)))
    assert responses, f"/readout {name} got no answer"
    assert_slack_limits([{"text": r["text"], "blocks": r["blocks"]} for r in responses], max_messages=10)
    assert all(r["response_type"] in ("in_channel", "ephemeral") for r in responses)
    assert not any("Something went wrong" in t for t in _texts(responses))


async def test_quote_is_answered_in_channel(harness: Harness) -> None:
    responses = await harness.command("quote serious concern")
    assert responses[0]["response_type"] == "in_channel"
    assert "serious concern" in " ".join(_texts(responses)).lower()


async def test_empty_command_shows_help_built_from_the_registry(harness: Harness) -> None:
    text = " ".join(_texts(await harness.command("")))
    for name in load_commands():
        assert f"/readout {name}" in text, name


async def test_bad_signature_is_rejected_before_any_handler(harness: Harness) -> None:
    payload = harness.fake.slash_payload("sources list")
    response = await harness.post(payload, secret="not-the-secret")
    assert response.status == 401
    stale = harness.fake.slash_payload("sources list")
    response = await harness.post(stale, timestamp=int(time.time()) - 600)
    assert response.status == 401
    await asyncio.sleep(0.2)
    assert not harness.fake.responses[harness.fake.response_key(payload)]
    assert not harness.fake.responses[harness.fake.response_key(stale)]


async def test_non_admin_cannot_add_a_source(harness: Harness) -> None:
    responses = await harness.command("sources add https://www.mod.go.jp/feed.xml government:JP kind:official_readout", user=MEMBER)
    assert responses[0]["response_type"] == "ephemeral"
    assert "Admins only" in responses[0]["blocks"][0]["text"]["text"]
    assert await harness.store.sources.list() == []


async def test_quoted_mentions_arrive_inert(harness: Harness) -> None:
    responses = await harness.command('quote "radar incident"')
    texts = _texts(responses)
    assert any("&lt;!channel&gt;" in t or "&lt;@&amp;123&gt;" in t for t in texts), texts
    for text in texts:
        assert "<!channel>" not in text and "<!here>" not in text and "<@&" not in text
        assert "<https://evil.example|" not in text  # a bare URL may show, never behind a disguised label


async def test_ack_comes_before_slow_work(harness: Harness) -> None:
    from aiohttp.test_utils import TestServer

    from bot.platforms.slack_app import http_server

    async def slow(ctx: Any, text: str) -> Reply:
        await asyncio.sleep(1.0)
        return Reply(title="slow answer")

    app = build_app(harness.store, client=slack_client(BOT_TOKEN, harness.fake.api_url), signing_secret=SECRET, dispatcher=slow)
    server = TestServer(http_server(app), host="127.0.0.1")
    await server.start_server()
    try:
        payload = harness.fake.slash_payload("events")
        body = form(payload)
        started = time.monotonic()
        async with harness.http.post(server.make_url(EVENTS_PATH), data=body.encode(), headers=sign(SECRET, body)) as response:
            assert response.status == 200
        assert time.monotonic() - started < 0.8
        responses = await harness.fake.wait_responses(payload)
        assert responses[0]["blocks"][0]["text"]["text"] == "slow answer"
    finally:
        await server.close()


async def test_socket_mode_answers_a_command(harness: Harness) -> None:
    app = build_app(harness.store, client=slack_client(BOT_TOKEN, harness.fake.api_url), admins={ADMIN})
    service = SlackService(app, app_token="xapp-fake-app-token", port=0)
    await service.start()
    try:
        await asyncio.wait_for(harness.fake.socket_connected.wait(), 10)
        payload = harness.fake.slash_payload("help")
        ack = await harness.fake.socket_command(payload)
        assert ack["envelope_id"].startswith("env-")
        responses = await harness.fake.wait_responses(payload)
        assert "/readout quote" in " ".join(_texts(responses))
    finally:
        await service.stop()
