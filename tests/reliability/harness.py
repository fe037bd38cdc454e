"""The real Discord bot (discord.py) and the real Slack app (slack-bolt, HTTP mode) over one store,
against the fakes, for the injection and authorization tests. Modules share one of each (connecting
the Discord client costs about a second)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from bot.delivery.senders import slack_client
from bot.models import DocumentInput
from bot.platforms.discord_bot import ReadoutDiscordBot, configure_endpoints
from bot.platforms.slack_app import EVENTS_PATH, SlackService, build_app
from bot.store.sqlite import SQLiteStore
from tests.fakes.discord_server import GUILD_ID, FakeDiscord
from tests.fakes.slack_server import FakeSlack, form, sign

REPO = Path(__file__).resolve().parents[2]
DISCORD_TOKEN = "reliability-discord-token-SECRET-0123456789"
SLACK_TOKEN = "xoxb-reliability-slack-token-SECRET-0123"
SIGNING_SECRET = "reliability-signing-secret-0123456789abcdef"
SLACK_ADMIN, SLACK_MEMBER = "UADMIN", "UMEMBER"


class Platforms:
    def __init__(self, store: SQLiteStore, discord_fake: FakeDiscord, bot: ReadoutDiscordBot, slack_fake: FakeSlack,
                 service: SlackService, http: aiohttp.ClientSession) -> None:
        self.store, self.discord, self.bot, self.slack, self.service, self.http = (
            store, discord_fake, bot, slack_fake, service, http)

    @property
    def slack_url(self) -> str:
        return f"http://127.0.0.1:{self.service.port}{EVENTS_PATH}"

    async def slack_post(self, body: str, headers: dict[str, str]) -> int:
        async with self.http.post(self.slack_url, data=body.encode(), headers=headers) as response:
            await response.read()
            return response.status

    async def slack_command(self, text: str, *, user: str = SLACK_ADMIN) -> list[dict[str, Any]]:
        """A correctly signed `/readout TEXT` from `user`; the answers posted to its response_url."""
        payload = self.slack.slash_payload(text, user_id=user)
        body = form(payload)
        assert await self.slack_post(body, sign(SIGNING_SECRET, body)) == 200
        return await self.slack.wait_responses(payload, timeout=20)


@asynccontextmanager
async def platforms(folder: Path, documents: list[DocumentInput] = ()) -> AsyncIterator[Platforms]:  # type: ignore[assignment]
    from bot.ingest.importer import import_documents

    store = await SQLiteStore.open(folder / "bot.db")
    if documents:
        await import_documents(store, list(documents))
    discord_fake = await FakeDiscord().start()
    configure_endpoints(discord_fake.api_base, discord_fake.gateway_url)
    bot = ReadoutDiscordBot(store, guild_id=GUILD_ID, guild_ready_timeout=0.1)
    task = asyncio.create_task(bot.start(DISCORD_TOKEN))
    slack_fake = await FakeSlack().start()
    app = build_app(store, client=slack_client(SLACK_TOKEN, slack_fake.api_url), admins={SLACK_ADMIN},
                    signing_secret=SIGNING_SECRET)
    service = SlackService(app, app_token=None, port=0, host="127.0.0.1")
    await service.start()
    try:
        await asyncio.wait_for(discord_fake.synced.wait(), 15)
        await asyncio.wait_for(bot.connected.wait(), 15)
        async with aiohttp.ClientSession() as http:
            yield Platforms(store, discord_fake, bot, slack_fake, service, http)
    finally:
        await service.stop()
        await bot.close()
        await discord_fake.close()
        await slack_fake.close()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()


async def snapshot(store: SQLiteStore) -> dict[str, list[tuple[Any, ...]]]:
    """What admin commands change: sources, subscriptions, settings (to show nothing changed)."""
    out = {}
    for table in ("sources", "subscriptions", "settings", "documents"):
        out[table] = [tuple(r) for r in await store.fetchall(f"SELECT * FROM {table} ORDER BY 1")]  # noqa: S608
    return out
