"""SIGKILL `readout-watch run` in the middle of alert delivery, three times, against the fake Discord
and the fake Slack; after the last restart every (alert, channel) pair has been posted exactly once.

The fakes make every post slow, in two windows: before the platform has the message, and after it has
it but before the bot hears back. Each kill is aimed at one window on one platform (the fake says
when a post is inside it), so the restarts meet both kinds of interrupted send:
1. Discord, message created but not acknowledged (the restart must find it, or Discord's nonce
   de-duplication must drop the repeat);
2. Slack, message stored but not acknowledged (the restart finds it by the key in its metadata);
3. Slack, request received but nothing stored yet (the restart must post it).
Alerts: the bundled demo corpus's (the real engine's) plus synthetic ones quoting hostile text; five
subscribed channels (three Discord, two Slack)."""

from __future__ import annotations

import asyncio
import json
import socket
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.delivery.messages import alert_message
from bot.delivery.senders import part_key
from bot.store.sqlite import SQLiteStore
from tests.fakes.discord_server import GUILD_ID, FakeDiscord
from tests.fakes.samples import HOSTILE_TEXT
from tests.fakes.slack_server import FakeSlack
from tests.reliability.conftest import (
    REPO,
    Figures,
    clean_env,
    finish,
    kill,
    output,
    query,
    scalar,
    start_cli,
    wait_until,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

DISCORD_CHANNELS = ["910000000000000001", "910000000000000002", "910000000000000003"]
SLACK_CHANNELS = ["C0CRASH1", "C0CRASH2"]
DISCORD_TOKEN = "discord-crash-token-SECRET-0123456789"
SLACK_TOKEN = "xoxb-crash-token-SECRET-0123456789"
SIGNING_SECRET = "crash-signing-secret-0123456789"
SYNTHETIC_ALERTS = 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _prepare(db: Path, tmp_path: Path) -> list[dict[str, Any]]:
    """The demo corpus imported by the CLI, the subscriptions, and a few more alerts; returns every
    alert as {id, title, parts: {platform: n}}."""
    proc = await start_cli("import", str(REPO / "data" / "demo" / "readouts.jsonl"), "--db", str(db),
                           env=clean_env(tmp_path), cwd=tmp_path)
    assert await finish(proc, 120) == 0, output(proc)
    store = await SQLiteStore.open(db)
    try:
        for channel in DISCORD_CHANNELS:
            await store.subscriptions.upsert("discord", channel, workspace_id=str(GUILD_ID))
        for channel in SLACK_CHANNELS:
            await store.subscriptions.upsert("slack", channel, workspace_id="T0FAKE")
        for n in range(SYNTHETIC_ALERTS):
            payload = {"event_id": None, "title": f"Synthetic call {n}: Minister A–Minister B", "date": "2025-12-11",
                       "governments": ["JP", "US"], "score": 0.8, "divergent": True,
                       "summary": "The US readout does not mention the radar incident.",
                       "findings": [{"type": "omission", "government": "JP", "text": f"{HOSTILE_TEXT} ({n})",
                                     "doc_id": f"synthetic-{n}", "counterpart_text": None}],
                       "shared": [], "urls": {}}
            assert await store.outbox.add("divergence", payload, fingerprint=f"crash-test:{n}",
                                          governments=("JP", "US"), score=0.8) is not None
        from bot.delivery.senders import DiscordSender, SlackSender

        discord_render, slack_render = DiscordSender(None).render, SlackSender(None).render  # type: ignore[arg-type]
        alerts = []
        for item in await store.outbox.not_fanned_out(1000):
            reply = alert_message(item)
            alerts.append({"id": item.id, "title": reply.title,
                           "parts": {"discord": len(discord_render(reply)), "slack": len(slack_render(reply))}})
        return alerts
    finally:
        await store.close()


def _keys_posted(discord_fake: FakeDiscord, slack_fake: FakeSlack) -> dict[tuple[str, str], list[str]]:
    """(platform, channel) -> the idempotency key of every message it holds, in order."""
    out: dict[tuple[str, str], list[str]] = {}
    for channel in DISCORD_CHANNELS:
        out[("discord", channel)] = [str(m.get("nonce")) for m in discord_fake.messages[channel]]
    for channel in SLACK_CHANNELS:
        out[("slack", channel)] = [str(((m.get("metadata") or {}).get("event_payload") or {}).get("key"))
                                   for m in slack_fake.posts[channel]]
    return out


async def test_sigkill_during_delivery_then_restart_delivers_each_pair_once(tmp_path: Path, figures: Figures) -> None:
    db = tmp_path / "run.db"
    alerts = await _prepare(db, tmp_path)
    expected = {platform: sum(a["parts"][platform] for a in alerts) for platform in ("discord", "slack")}
    total = {"discord": expected["discord"] * len(DISCORD_CHANNELS), "slack": expected["slack"] * len(SLACK_CHANNELS)}

    discord_fake = await FakeDiscord().start()
    slack_fake = await FakeSlack().start()
    discord_fake.slow_posts(before=0.15, after=0.35)
    slack_fake.slow_posts(before=0.3, after=0.3)
    env = clean_env(tmp_path)
    env.update({
        "DISCORD_TOKEN": DISCORD_TOKEN, "DISCORD_GUILD_ID": str(GUILD_ID),
        "DISCORD_API_BASE": discord_fake.api_base, "DISCORD_GATEWAY_URL": discord_fake.gateway_url,
        "SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_PORT": str(_free_port()),
        "SLACK_API_URL": slack_fake.api_url,
    })

    def posted(platform: str) -> int:
        if platform == "discord":
            return sum(len(discord_fake.messages[c]) for c in DISCORD_CHANNELS)
        return sum(len(slack_fake.posts[c]) for c in SLACK_CHANNELS)

    kills: list[dict[str, Any]] = []
    runs: list[str] = []
    try:
        aims = [
            ("discord", "after", 0.2, discord_fake),
            ("slack", "after", 0.3, slack_fake),
            ("slack", "before", 0.6, slack_fake),
        ]
        for platform, window, progress, fake in aims:
            proc = await start_cli("run", "--db", str(db), "-v", env=env, cwd=tmp_path)
            await wait_until(lambda: posted(platform) >= progress * total[platform] and fake.in_flight[window] > 0,
                             timeout=120, what=f"a {platform} post in its '{window}' window", proc=proc, interval=0.005)
            assert await kill(proc) == -9
            runs.append(output(proc))
            kills.append({
                "aimed_at": f"{platform} post, {'created, not acknowledged' if window == 'after' else 'not yet created'}",
                "discord_posted": posted("discord"), "slack_posted": posted("slack"),
                "deliveries_left_sending": scalar(db, "SELECT count(*) FROM deliveries WHERE status = 'sending'"),
            })
            assert kills[-1]["deliveries_left_sending"] >= 1, kills  # the kill did interrupt a send

        # The last run goes to the end; then nothing further may arrive over a few more passes.
        proc = await start_cli("run", "--db", str(db), "-v", env=env, cwd=tmp_path)
        await wait_until(lambda: scalar(db, "SELECT count(*) FROM deliveries WHERE status <> 'sent'") == 0
                         and scalar(db, "SELECT count(*) FROM deliveries") == len(alerts) * 5,
                         timeout=180, what="every delivery sent", proc=proc)
        await asyncio.sleep(3 * 2.0)  # three more delivery passes (poll interval 2 s)
        proc.send_signal(15)
        assert await finish(proc, 60) == 0, output(proc)
        runs.append(output(proc))
    finally:
        await discord_fake.close()
        await slack_fake.close()

    # Every (alert, channel) exactly once: by idempotency key (delivery and part) ...
    deliveries = {(row[1], row[2], row[3]): row[0] for row in
                  query(db, "SELECT id, outbox_id, platform, channel_id FROM deliveries")}
    keys = _keys_posted(discord_fake, slack_fake)
    per_channel: dict[str, int] = {}
    lost = duplicated = unexpected = 0
    for (platform, channel), posted_keys in keys.items():
        wanted = [part_key(deliveries[(a["id"], platform, channel)], p) for a in alerts for p in range(a["parts"][platform])]
        counts = Counter(posted_keys)
        lost += sum(1 for k in wanted if counts[k] == 0)
        duplicated += sum(n - 1 for n in counts.values())
        unexpected += sum(1 for k in counts if k not in wanted)
        per_channel[f"{platform}:{channel}"] = len(posted_keys)
    figures("lost / duplicated / unexpected messages", [lost, duplicated, unexpected])
    assert (lost, duplicated, unexpected) == (0, 0, 0), keys
    # ... and by what a reader sees: each alert's title once per channel.
    for channel in DISCORD_CHANNELS:
        titles = [m["embeds"][0]["title"] for m in discord_fake.messages[channel] if str(m.get("nonce", "")).endswith("p0")]
        assert sorted(titles) == sorted(a["title"] for a in alerts)
        for body in discord_fake.post_bodies[channel]:  # nothing the bot posts can ping anyone
            mentions = body["allowed_mentions"]
            assert mentions["parse"] == [] and not mentions.get("users") and not mentions.get("roles")
    for channel in SLACK_CHANNELS:
        first_parts = [m for m in slack_fake.posts[channel] if m["metadata"]["event_payload"]["key"].endswith("p0")]
        assert len(first_parts) == len(alerts)
        blob = json.dumps([m["blocks"] for m in slack_fake.posts[channel]])
        assert "<!channel>" not in blob and "<!here>" not in blob and "<@&" not in blob
    for log in runs:
        assert DISCORD_TOKEN not in log and SLACK_TOKEN not in log and SIGNING_SECRET not in log
        assert "Traceback" not in log
    recovered = sum(r.count("was interrupted mid-send") for r in runs)
    found = sum(r.count("had reached") for r in runs)

    discord_attempts = Counter(path.split("/")[2] for method, path, _ in discord_fake.requests
                               if method == "POST" and path.startswith("/channels/"))
    slack_attempts = Counter(args.get("channel") for method, args in slack_fake.calls if method == "chat.postMessage")
    figures("alerts", len(alerts))
    figures("kills", kills)
    figures("interrupted sends settled at restart (found already posted)", [recovered, found])
    figures("delivered per channel", per_channel)
    figures("post requests per channel", {**{f"discord:{c}": discord_attempts[c] for c in DISCORD_CHANNELS},
                                          **{f"slack:{c}": slack_attempts[c] for c in SLACK_CHANNELS}})
    figures("repeats dropped by Discord's nonce", discord_fake.nonce_duplicates)
    assert recovered >= 3
