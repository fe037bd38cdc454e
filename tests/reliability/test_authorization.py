"""Authorization through the real libraries: admin commands refused to non-admins on Discord and
Slack (with nothing changed), forged or replayed Slack requests rejected before any handler, and
tokens absent from everything a real `readout-watch run` writes or sends."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from commands.all import load_commands
from tests.fakes.discord_server import GUILD_ID, FakeDiscord, Fault
from tests.fakes.samples import discord_options, sample_args
from tests.fakes.slack_server import FakeSlack, SlackFault, form, sign
from tests.reliability.conftest import REPO, clean_env, finish, output, start_cli, wait_until
from tests.reliability.harness import SIGNING_SECRET, SLACK_ADMIN, SLACK_MEMBER, Platforms, platforms, snapshot

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.slow]

ADMIN_COMMANDS = sorted(name for name, spec in load_commands().items() if spec.admin)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platforms]:
    async with platforms(tmp_path_factory.mktemp("auth")) as opened:
        # Something for the admin commands to act on, so a refusal is visible as "unchanged".
        from bot.sources_admin import add_source  # noqa: F401  (the shared admin functions exist)

        await opened.store.subscriptions.upsert("discord", "900000000000000020", workspace_id=str(GUILD_ID))
        await opened.store.subscriptions.upsert("slack", "C0FAKE", workspace_id="T0FAKE")
        await opened.store.set_setting("admin_channel", "discord:900000000000000020")
        yield opened


def _slack_text(name: str) -> str:
    spec = load_commands()[name]
    parts = [name] + [f'{key}:"{value}"' if " " in str(value) else f"{key}:{value}" for key, value in sample_args(spec).items()]
    return " ".join(parts)


# --- admin commands -------------------------------------------------------------------------------


async def test_every_admin_command_is_hidden_from_members_on_discord() -> None:
    """Discord's own first line: admin commands carry default_member_permissions = Manage Server (the
    sync itself is checked in tests/platforms/test_discord_bot.py); the run-time check below is the
    second line, for servers that grant the command to everyone anyway."""
    assert set(ADMIN_COMMANDS) == {"sources add", "sources list", "sources pause", "sources remove", "sources resume",
                                   "sources test", "subscribe", "unsubscribe"}


@pytest.mark.parametrize("name", ADMIN_COMMANDS)
async def test_discord_member_cannot_run_admin_commands(env: Platforms, name: str) -> None:
    before = await snapshot(env.store)
    spec = load_commands()[name]
    record = await env.discord.invoke(name, discord_options(spec, sample_args(spec)), admin=False, timeout=20)
    [callback] = record.callbacks
    assert callback["type"] == 4  # answered at once: nothing was started, nothing deferred
    data = callback["data"]
    assert data["flags"] & 64  # only the person who tried sees it
    assert data["embeds"][0]["title"] == "Admins only"
    assert await snapshot(env.store) == before


@pytest.mark.parametrize("name", ADMIN_COMMANDS)
async def test_slack_member_cannot_run_admin_commands(env: Platforms, name: str) -> None:
    before = await snapshot(env.store)
    responses = await env.slack_command(_slack_text(name), user=SLACK_MEMBER)
    assert responses[0]["response_type"] == "ephemeral"
    assert "Admins only" in json.dumps(responses[0]["blocks"])
    assert await snapshot(env.store) == before


async def test_admins_are_not_refused(env: Platforms) -> None:
    """The refusals above are about who asks: the same commands work for an admin."""
    record = await env.discord.invoke("sources list", [], admin=True, timeout=20)
    assert "Admins only" not in json.dumps(record.messages())
    responses = await env.slack_command("sources list", user=SLACK_ADMIN)
    assert "Admins only" not in json.dumps(responses)


async def test_slack_socket_mode_checks_admins_too(env: Platforms) -> None:
    from bot.delivery.senders import slack_client
    from bot.platforms.slack_app import SlackService, build_app
    from tests.reliability.harness import SLACK_TOKEN

    app = build_app(env.store, client=slack_client(SLACK_TOKEN, env.slack.api_url), admins={SLACK_ADMIN})
    service = SlackService(app, app_token="xapp-auth-test-token", port=0)
    before = await snapshot(env.store)
    await service.start()
    try:
        await asyncio.wait_for(env.slack.socket_connected.wait(), 10)
        payload = env.slack.slash_payload("unsubscribe", user_id=SLACK_MEMBER)
        await env.slack.socket_command(payload)
        responses = await env.slack.wait_responses(payload)
        assert "Admins only" in json.dumps(responses)
    finally:
        await service.stop()
    assert await snapshot(env.store) == before


# --- Slack request signatures ---------------------------------------------------------------------


def _forged(body: str, case: str) -> dict[str, str]:
    now = int(time.time())
    if case == "wrong secret":
        return sign("not-the-secret", body)
    if case == "stale (6 minutes old)":
        return sign(SIGNING_SECRET, body, now - 360)
    if case == "from the future (6 minutes ahead)":
        return sign(SIGNING_SECRET, body, now + 360)
    if case == "signed for another body":
        return sign(SIGNING_SECRET, body.replace("unsubscribe", "help"))
    if case == "no signature":
        return {k: v for k, v in sign(SIGNING_SECRET, body).items() if k != "X-Slack-Signature"}
    if case == "no timestamp":
        return {k: v for k, v in sign(SIGNING_SECRET, body).items() if k != "X-Slack-Request-Timestamp"}
    if case == "timestamp not a number":
        headers = sign(SIGNING_SECRET, body)
        return {**headers, "X-Slack-Request-Timestamp": "soon"}
    if case == "other signature version":
        digest = hmac.new(SIGNING_SECRET.encode(), f"v1:{now}:{body}".encode(), hashlib.sha256).hexdigest()
        return {**sign(SIGNING_SECRET, body), "X-Slack-Signature": f"v1={digest}", "X-Slack-Request-Timestamp": str(now)}
    if case == "empty signature":
        return {**sign(SIGNING_SECRET, body), "X-Slack-Signature": ""}
    raise AssertionError(case)


FORGERIES = ["wrong secret", "stale (6 minutes old)", "from the future (6 minutes ahead)", "signed for another body",
             "no signature", "no timestamp", "timestamp not a number", "other signature version", "empty signature"]


@pytest.mark.parametrize("case", FORGERIES)
async def test_forged_or_replayed_slack_request_is_rejected_before_any_handler(env: Platforms, case: str) -> None:
    """An admin command from an admin's user id, but not signed by Slack: 401, nothing runs."""
    before = await snapshot(env.store)
    payload = env.slack.slash_payload("unsubscribe", user_id=SLACK_ADMIN)
    body = form(payload)
    assert await env.slack_post(body, _forged(body, case)) == 401
    await asyncio.sleep(0.3)  # a handler, had one run, would have answered by now
    assert not env.slack.responses[env.slack.response_key(payload)]
    assert await snapshot(env.store) == before


async def test_a_captured_request_cannot_be_replayed_later(env: Platforms) -> None:
    """The same signed bytes: accepted when fresh; the signature covers the timestamp, so a copy can
    only be replayed within Bolt's five-minute window — and one with a changed timestamp fails."""
    payload = env.slack.slash_payload("help", user_id=SLACK_MEMBER)
    body = form(payload)
    headers = sign(SIGNING_SECRET, body)
    assert await env.slack_post(body, headers) == 200
    moved = {**headers, "X-Slack-Request-Timestamp": str(int(headers["X-Slack-Request-Timestamp"]) + 1)}
    assert await env.slack_post(body, moved) == 401


# --- tokens ---------------------------------------------------------------------------------------

DISCORD_TOKEN = "leakcheck-discord-token-AbCdEf0123456789xyz"
SLACK_BOT_TOKEN = "xoxb-leakcheck-bot-token-AbCdEf0123456789"
SLACK_APP_TOKEN = "xapp-leakcheck-app-token-AbCdEf0123456789"
SECRETS = [DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_APP_TOKEN]


def _leaks(blob: str) -> list[str]:
    """Any secret, or any 16-character piece of one (a token cut short is still a leak)."""
    found = []
    for secret in SECRETS:
        pieces = {secret[i:i + 16] for i in range(0, len(secret) - 15)}
        if any(piece in blob for piece in pieces):
            found.append(secret[:8] + "…")
    return found


async def test_tokens_never_appear_in_logs_messages_or_the_database(tmp_path: Path) -> None:
    """`readout-watch run` at debug level (-v -v), Discord and Slack (Socket Mode), with commands
    served and alerts delivered through failures (Slack invalid_auth, Discord 500 and 401): the
    tokens are in none of stderr/stdout, the bodies the platforms received, or the database file."""
    db = tmp_path / "run.db"
    env = clean_env(tmp_path)
    proc = await start_cli("import", str(REPO / "data" / "demo" / "readouts.jsonl"), "--db", str(db), env=env, cwd=tmp_path)
    assert await finish(proc, 120) == 0, output(proc)
    from bot.store.sqlite import SQLiteStore

    store = await SQLiteStore.open(db)
    try:
        await store.subscriptions.upsert("discord", "900000000000000020", workspace_id=str(GUILD_ID))
        await store.subscriptions.upsert("slack", "C0FAKE", workspace_id="T0FAKE")
        alerts = len([a for a in await store.outbox.not_fanned_out(100) if a.kind == "divergence"])
    finally:
        await store.close()

    discord_fake = await FakeDiscord().start()
    slack_fake = await FakeSlack().start()
    discord_fake.script("900000000000000020", Fault(500, message="upstream"), Fault(401, message="401: Unauthorized"))
    slack_fake.script("C0FAKE", SlackFault(200, error="invalid_auth"), SlackFault(500))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env.update({"DISCORD_TOKEN": DISCORD_TOKEN, "DISCORD_GUILD_ID": str(GUILD_ID), "DISCORD_API_BASE": discord_fake.api_base,
                "DISCORD_GATEWAY_URL": discord_fake.gateway_url, "SLACK_BOT_TOKEN": SLACK_BOT_TOKEN,
                "SLACK_APP_TOKEN": SLACK_APP_TOKEN, "SLACK_API_URL": slack_fake.api_url, "SLACK_PORT": str(port),
                "READOUT_ADMINS": SLACK_ADMIN})
    proc = await start_cli("run", "--db", str(db), "-v", "-v", env=env, cwd=tmp_path)
    try:
        await asyncio.wait_for(discord_fake.identified.wait(), 60)
        await asyncio.wait_for(slack_fake.socket_connected.wait(), 60)
        for name in ("quote", "sources add", "subscriptions"):
            spec = load_commands()[name]
            await discord_fake.invoke(name, discord_options(spec, sample_args(spec)), admin=name != "sources add", timeout=30)
        for text in ("quote serious concern", "sources list", "subscribe JP"):
            payload = slack_fake.slash_payload(text, user_id=SLACK_MEMBER)
            await slack_fake.socket_command(payload, timeout=30)
            await slack_fake.wait_responses(payload, timeout=30)
        await wait_until(lambda: len(discord_fake.messages["900000000000000020"]) >= alerts
                         and len(slack_fake.posts["C0FAKE"]) >= alerts, timeout=90, what="alerts after the failures", proc=proc)
    finally:
        proc.send_signal(15)
        code = await finish(proc, 60)
        await discord_fake.close()
        await slack_fake.close()
    logs = output(proc)
    assert code == 0, logs[-3000:]
    assert "DEBUG" in logs and "invalid_auth" in logs and "Discord 401" in logs  # the failures were logged...
    assert _leaks(logs) == [], "a token is in the logs"  # ... without a token
    received = json.dumps([discord_fake.requests, [(i.callbacks, i.followups) for i in discord_fake.interactions.values()],
                           slack_fake.calls, dict(slack_fake.responses)], default=str)
    assert _leaks(received) == [], "a token is in what the platforms were sent"
    assert _leaks(db.read_bytes().decode("latin-1")) == [], "a token is in the database"
    for suffix in ("-wal", "-shm"):
        extra = Path(str(db) + suffix)
        if extra.exists():
            assert _leaks(extra.read_bytes().decode("latin-1")) == []
