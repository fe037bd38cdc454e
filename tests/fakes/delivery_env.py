"""The delivery loop wired to both fakes with the real clients: discord.py's HTTP client (logged in
against the fake Discord) and slack_sdk's client (against the fake Slack), over one real store.

Shared by tests/delivery and tests/reliability: `open_env(store)` yields an `Env`; `add_alert` queues
an alert whose finding quotes hostile text (mentions, markup), as a readout might."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import discord

from bot.delivery.senders import DiscordSender, SlackSender, slack_client
from bot.delivery.worker import DeliveryWorker, RetryPolicy
from bot.platforms.discord_bot import configure_endpoints
from bot.store.sqlite import SQLiteStore
from tests.fakes.discord_server import BOT_ID, FakeDiscord
from tests.fakes.samples import HOSTILE_TEXT
from tests.fakes.slack_server import FakeSlack

DISCORD_TOKEN = "discord-token-SECRET-abcdef0123456789"
SLACK_TOKEN = "xoxb-slack-token-SECRET-abcdef"
FAST = RetryPolicy(max_attempts=4, base_delay=0.05, max_delay=0.2, send_timeout=2.0)


class Env:
    def __init__(self, store: SQLiteStore, discord_fake: FakeDiscord, slack_fake: FakeSlack, http: Any) -> None:
        self.store, self.discord, self.slack, self.http = store, discord_fake, slack_fake, http

    def senders(self) -> dict[str, Any]:
        return {"discord": DiscordSender(self.http, lambda: BOT_ID),
                "slack": SlackSender(slack_client(SLACK_TOKEN, self.slack.api_url))}

    def worker(self, policy: RetryPolicy = FAST) -> DeliveryWorker:
        return DeliveryWorker(self.store, self.senders(), poll_interval=0.05, policy=policy)

    async def drain(self, worker: DeliveryWorker, timeout: float = 15.0) -> None:
        """Run passes until nothing is pending (retries included)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            await worker.run_once()
            if not [d for d in await self.store.outbox.deliveries() if d.status in ("pending", "sending")]:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"deliveries still pending: {await self.store.outbox.deliveries()}")


@asynccontextmanager
async def open_env(store: SQLiteStore, *, max_ratelimit_timeout: float = 30.0) -> AsyncIterator[Env]:
    discord_fake = await FakeDiscord().start()
    slack_fake = await FakeSlack().start()
    configure_endpoints(discord_fake.api_base, discord_fake.gateway_url)
    http = discord.http.HTTPClient(asyncio.get_running_loop(), max_ratelimit_timeout=max_ratelimit_timeout)
    await http.static_login(DISCORD_TOKEN)
    try:
        yield Env(store, discord_fake, slack_fake, http)
    finally:
        await http.close()
        await discord_fake.close()
        await slack_fake.close()


async def add_alert(store: SQLiteStore, name: str, governments: tuple[str, ...] = ("JP", "US"), score: float = 0.8,
                    text: str = HOSTILE_TEXT) -> int:
    payload = {"event_id": None, "title": f"Koizumi–Hegseth call {name}", "date": "2025-12-11", "governments": list(governments),
               "score": score, "divergent": True, "summary": "The US readout does not mention the radar incident.",
               "findings": [{"type": "omission", "government": "JP", "text": text, "doc_id": "jp-mod-1",
                             "counterpart_text": None}], "shared": [], "urls": {"jp-mod-1": "https://www.mod.go.jp/x"}}
    outbox_id = await store.outbox.add("divergence", payload, fingerprint=f"divergence:{name}", governments=governments, score=score)
    assert outbox_id is not None
    return outbox_id
