"""`readout-watch run` as a real subprocess against the fake Discord and fake Slack.

It connects, syncs its commands, answers /quote, /events and /divergence on both platforms inside
the limits, posts the seed event's divergence alert to each subscribed channel once, shuts down on
SIGTERM, posts nothing again after a restart, and never prints a token."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.store.sqlite import SQLiteStore
from tests.fakes.discord_server import CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.fakes.slack_server import CHANNEL, FakeSlack, form, sign
from tests.platforms.test_render import assert_discord_limits, assert_slack_limits

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("readout-watch")
DISCORD_TOKEN = "discord-run-token-SECRET-0123456789"
SLACK_TOKEN = "xoxb-run-token-SECRET-0123456789"
SECRET = "run-signing-secret-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "READOUT_"))}
    env["HOME"] = str(tmp_path)
    return env


async def _cli(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(str(CLI), *args, env=env, cwd=cwd,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_run_without_tokens_is_a_one_line_error(tmp_path: Path) -> None:
    code, out, err = await _cli("run", "--db", str(tmp_path / "x.db"), env=_base_env(tmp_path), cwd=tmp_path)
    assert code == 2
    assert err.strip().count("\n") == 0 and "set DISCORD_TOKEN and/or SLACK_BOT_TOKEN" in err
    assert "Traceback" not in err


class Running:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    async def stop(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(self.proc.communicate(), 30)
        return self.proc.returncode or 0, err.decode()


async def _start(env: dict[str, str], db: Path, cwd: Path) -> Running:
    proc = await asyncio.create_subprocess_exec(str(CLI), "run", "--db", str(db), "-v", "-v", env=env, cwd=cwd,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    return Running(proc)


async def _wait(predicate: Any, timeout: float, what: str) -> None:
    for _ in range(int(timeout / 0.1)):
        if predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_run_connects_answers_and_alerts_once(tmp_path: Path) -> None:
    db = tmp_path / "run.db"
    env = _base_env(tmp_path)
    code, _, err = await _cli("import", str(REPO / "data" / "demo" / "readouts.jsonl"), "--db", str(db), env=env, cwd=tmp_path)
    assert code == 0, err
    store = await SQLiteStore.open(db)
    try:
        # The seed event: the December 2025 Koizumi–Hegseth call, with both governments' readouts.
        seed = max((e for e in await store.events.suggest("Koizumi", limit=10) if e.divergent and (e.date or "").startswith("2025-12")),
                   key=lambda e: len(e.doc_ids))
        await store.subscriptions.upsert("discord", str(CHANNEL_ID), workspace_id=str(GUILD_ID))
        await store.subscriptions.upsert("slack", CHANNEL, workspace_id="T0FAKE")
        alerts = [r for r in await store.outbox.not_fanned_out(1000) if r.kind == "divergence"]
        assert any(a.event_id == seed.id for a in alerts), "the demo import should queue the seed event's alert"
    finally:
        await store.close()

    discord_fake = await FakeDiscord().start()
    slack_fake = await FakeSlack().start()
    slack_port = _free_port()
    env.update({
        "DISCORD_TOKEN": DISCORD_TOKEN, "DISCORD_GUILD_ID": str(GUILD_ID),
        "DISCORD_API_BASE": discord_fake.api_base, "DISCORD_GATEWAY_URL": discord_fake.gateway_url,
        "SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_PORT": str(slack_port),
        "SLACK_API_URL": slack_fake.api_url, "READOUT_ADMINS": "UADMIN",
    })
    running = await _start(env, db, tmp_path)
    try:
        await asyncio.wait_for(discord_fake.synced.wait(), 60)
        await asyncio.wait_for(discord_fake.identified.wait(), 30)
        assert {"quote", "events", "divergence", "sources"} <= {c["name"] for c in discord_fake.guild_commands[str(GUILD_ID)]}

        # Discord: the three commands of the acceptance list.
        quote = await discord_fake.invoke("quote", [{"name": "text", "type": 3, "value": "serious concern"}], timeout=30)
        events = await discord_fake.invoke("events", [], timeout=30)
        divergence = await discord_fake.invoke("divergence", [{"name": "event", "type": 3, "value": str(seed.id)}], timeout=30)
        for record in (quote, events, divergence):
            messages = record.messages()
            assert messages and not record.ephemeral
            assert_discord_limits([{"embeds": m["embeds"], "allowed_mentions": m["allowed_mentions"]} for m in messages], 10)
        assert "serious concern" in repr(quote.messages()).lower()

        # Slack: the same three over a signed HTTP request.
        async with aiohttp.ClientSession() as http:
            for text in ("quote serious concern", "events", f"divergence {seed.id}"):
                payload = slack_fake.slash_payload(text)
                body = form(payload)
                for _ in range(50):  # the HTTP listener may come up a moment after Discord
                    try:
                        async with http.post(f"http://127.0.0.1:{slack_port}/slack/events", data=body.encode(),
                                             headers=sign(SECRET, body)) as response:
                            assert response.status == 200
                            break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.2)
                responses = await slack_fake.wait_responses(payload, timeout=30)
                assert responses[0]["response_type"] == "in_channel"
                assert_slack_limits([{"text": r["text"], "blocks": r["blocks"]} for r in responses], 10)

        # The alerts: every queued divergence reaches each subscribed channel once.
        await _wait(lambda: len(discord_fake.messages[str(CHANNEL_ID)]) >= len(alerts)
                    and len(slack_fake.posts[CHANNEL]) >= len(alerts), 30, "alerts on both platforms")
        await asyncio.sleep(2.5)  # more than one delivery pass: nothing further may arrive
        discord_titles = [m["embeds"][0]["title"] for m in discord_fake.messages[str(CHANNEL_ID)]]
        from bot.delivery.messages import alert_message

        assert sorted(discord_titles) == sorted(alert_message(a).title for a in alerts)  # each alert once
        assert len(slack_fake.posts[CHANNEL]) == len(alerts)
        assert any("Koizumi" in t or "Hegseth" in t for t in discord_titles), discord_titles
    finally:
        code, err = await running.stop()
    assert code == 0, err
    assert DISCORD_TOKEN not in err and SLACK_TOKEN not in err and SECRET not in err
    assert "Traceback" not in err

    # A restart delivers nothing twice.
    discord_fake.synced.clear()
    running = await _start(env, db, tmp_path)
    try:
        await asyncio.wait_for(discord_fake.synced.wait(), 60)
        await asyncio.sleep(3)
    finally:
        code, err = await running.stop()
        await discord_fake.close()
        await slack_fake.close()
    assert code == 0, err
    assert len(discord_fake.messages[str(CHANNEL_ID)]) == len(alerts)
    assert len(slack_fake.posts[CHANNEL]) == len(alerts)
