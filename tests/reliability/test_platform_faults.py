"""Platform faults the delivery loop meets, through the real discord.py and slack_sdk clients against
the fakes, beyond those in tests/delivery/test_worker.py (which covers Discord 429 waited out by
discord.py, Slack 429 with Retry-After, Slack 500 x4, Discord 502, a Slack timeout, Discord 403, Slack
404 channel_not_found, giving up after max attempts, interrupted sends).

Each fault ends one of three ways, and the test checks which, and that no message is duplicated:
retried until sent (429, 5xx, timeouts, dropped connections, a rejected token), the channel disabled
with the platform's reason (403, 404, not_in_channel, archived), or that one alert failed with the
reason (400)."""

from __future__ import annotations

import asyncio
import types
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import discord
import pytest
import pytest_asyncio

from bot.delivery.worker import RetryPolicy
from bot.store.outbox import parse_timestamp
from bot.store.sqlite import SQLiteStore
from commands.context import CommandContext
from commands.dispatch import dispatch
from tests.fakes.delivery_env import Env, add_alert, open_env
from tests.fakes.discord_server import Fault
from tests.fakes.slack_server import SlackFault

pytestmark = pytest.mark.slow

POLICY = RetryPolicy(max_attempts=5, base_delay=0.05, max_delay=0.2, send_timeout=1.0)


@pytest_asyncio.fixture
async def env(store: SQLiteStore) -> AsyncIterator[Env]:
    async with open_env(store) as opened:
        # discord.py waits out any 429 up to max_ratelimit_timeout (at least 30 s by its constructor);
        # one second here lets a test see a longer limit come back to the delivery loop.
        opened.http.max_ratelimit_timeout = 1.0
        yield opened


@pytest.fixture
def fast_discord_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """discord.py retries a 500/502/504 itself five times, sleeping 1, 3, 5, 7, 9 s; scale its sleeps
    (only inside discord.http) so that a persistent 5xx reaches our own backoff in a test's time."""
    real_sleep = asyncio.sleep
    shim = types.SimpleNamespace(**{name: getattr(asyncio, name) for name in dir(asyncio) if not name.startswith("__")})
    shim.sleep = lambda delay, *args, **kwargs: real_sleep(min(delay, 0.02), *args, **kwargs)
    monkeypatch.setattr(discord.http, "asyncio", shim)


async def _statuses(env: Env) -> list[tuple[str, int, str | None]]:
    return [(d.status, d.attempts, d.last_error) for d in await env.store.outbox.deliveries()]


# --- retried until sent ---------------------------------------------------------------------------


@pytest.mark.parametrize("fault,count,what", [
    (Fault(500), 6, "500 beyond discord.py's own five tries"),
    (Fault(502), 6, "502 beyond discord.py's own five tries"),
    (Fault(503), 2, "503 twice (discord.py does not retry it)"),
    (Fault(0), 2, "connection dropped without an answer, twice"),
])
async def test_discord_server_errors_are_retried_then_sent_once(env: Env, fast_discord_retries: None, fault: Fault,
                                                                count: int, what: str) -> None:
    await env.store.subscriptions.upsert("discord", "111")
    env.discord.script("111", *[fault] * count)
    await add_alert(env.store, "5xx")
    await env.drain(env.worker(POLICY), timeout=30)
    [(status, attempts, _)] = await _statuses(env)
    assert status == "sent" and attempts >= 2, what  # our backoff took over at least once
    assert len(env.discord.messages["111"]) == 1


async def test_discord_rate_limit_longer_than_the_client_waits_is_rescheduled(env: Env) -> None:
    """A 429 whose retry_after exceeds discord.py's max_ratelimit_timeout (1 s here) comes back to us
    as RateLimited: the delivery is rescheduled no earlier than Discord asked, and the alert queued
    behind it in the same channel is not sent ahead of it (no attempt spent on the same limit)."""
    await env.store.subscriptions.upsert("discord", "111")
    env.discord.script("111", Fault(429, retry_after=1.5))
    first, second = await add_alert(env.store, "first"), await add_alert(env.store, "second")
    worker = env.worker(POLICY)
    started = datetime.now(UTC)
    await worker.run_once()
    deliveries = {d.outbox_id: d for d in await env.store.outbox.deliveries()}
    assert deliveries[first].status == "pending" and "rate limit" in (deliveries[first].last_error or "")
    assert (parse_timestamp(deliveries[first].next_attempt_at) - started).total_seconds() >= 1.5
    assert deliveries[second].attempts == 0 and not env.discord.messages["111"]
    await env.drain(worker, timeout=20)
    titles = [m["embeds"][0]["title"] for m in env.discord.messages["111"]]
    assert len(titles) == 2 and "first" in titles[0] and "second" in titles[1]  # once each, in order


async def test_discord_edge_rate_limit_uses_its_retry_after_header(env: Env) -> None:
    """Cloudflare's 429 in front of Discord has no JSON body and no `Via` header; discord.py raises it
    as a plain HTTPException. Its Retry-After header still sets the next attempt."""
    await env.store.subscriptions.upsert("discord", "111")
    env.discord.script("111", Fault(429, retry_after=2, edge=True))
    await add_alert(env.store, "edge")
    started = datetime.now(UTC)
    await env.worker(POLICY).run_once()
    [delivery] = await env.store.outbox.deliveries()
    assert delivery.status == "pending" and "edge rate limit" in (delivery.last_error or "")
    assert (parse_timestamp(delivery.next_attempt_at) - started).total_seconds() >= 2.0
    await env.drain(env.worker(POLICY), timeout=20)
    assert len(env.discord.messages["111"]) == 1


async def test_discord_timeout_after_the_message_was_created_is_not_posted_twice(env: Env) -> None:
    """The post is slower than our send timeout but Discord does create it: the retry must not add a
    second message (it finds the first in the channel, or Discord drops the repeated nonce)."""
    await env.store.subscriptions.upsert("discord", "111")
    env.discord.script("111", Fault(200, delay=1.5))  # answered after 1.5 s; our timeout is 1 s
    await add_alert(env.store, "slow")
    await env.drain(env.worker(POLICY), timeout=20)
    await asyncio.sleep(0.6)  # the slow request has finished on the server by now
    [(status, attempts, _)] = await _statuses(env)
    assert status == "sent" and attempts == 2
    assert len(env.discord.messages["111"]) == 1


async def test_discord_rejected_token_is_retried_not_a_dead_channel(env: Env) -> None:
    await env.store.subscriptions.upsert("discord", "111")
    env.discord.valid_token = "some-other-token"  # every request now gets 401
    await add_alert(env.store, "auth")
    await env.worker(POLICY).run_once()
    [(status, _, error)] = await _statuses(env)
    assert status == "pending" and "401" in (error or "")
    assert (await env.store.subscriptions.for_channel("discord", "111")).active  # type: ignore[union-attr]
    env.discord.valid_token = None  # the token is fixed (or Discord recovers)
    await env.drain(env.worker(POLICY))
    assert len(env.discord.messages["111"]) == 1


@pytest.mark.parametrize("fault,what", [
    (SlackFault(502), "502 with an HTML body"),
    (SlackFault(503), "503"),
    (SlackFault(0), "connection dropped"),
    (SlackFault(200, error="service_unavailable"), "ok:false service_unavailable"),
])
async def test_slack_server_errors_are_retried_then_sent_once(env: Env, fault: SlackFault, what: str) -> None:
    await env.store.subscriptions.upsert("slack", "C1")
    env.slack.script("C1", *[fault] * 4)  # more than slack_sdk's own two retries
    await add_alert(env.store, "5xx")
    await env.drain(env.worker(POLICY), timeout=30)
    [(status, attempts, _)] = await _statuses(env)
    assert status == "sent", what
    assert len(env.slack.posts["C1"]) == 1


async def test_slack_rate_limit_beyond_the_clients_retries_is_rescheduled(env: Env) -> None:
    """slack_sdk waits out two 429s itself (Retry-After); a third reaches us with the header's hint."""
    await env.store.subscriptions.upsert("slack", "C1")
    env.slack.script("C1", *[SlackFault(429, retry_after=1)] * 3)
    await add_alert(env.store, "first")
    await add_alert(env.store, "second")
    worker = env.worker(RetryPolicy(max_attempts=5, base_delay=0.05, max_delay=0.2, send_timeout=10))
    started = datetime.now(UTC)
    await worker.run_once()
    deliveries = await env.store.outbox.deliveries()
    assert deliveries[0].status == "pending" and "429" in (deliveries[0].last_error or "")
    assert (parse_timestamp(deliveries[0].next_attempt_at) - started).total_seconds() >= 1.0
    assert deliveries[1].attempts == 0  # waits behind it rather than hitting the same limit
    posts_before = [c for c in env.slack.calls if c[0] == "chat.postMessage"]
    assert len(posts_before) == 3  # the first alert's three tries, nothing for the second
    await env.drain(worker, timeout=20)
    assert [p["metadata"]["event_payload"]["key"] for p in env.slack.posts["C1"]] == [
        f"rw{deliveries[0].id}p0", f"rw{deliveries[1].id}p0"]


async def test_slack_timeout_after_the_message_was_posted_is_not_posted_twice(env: Env) -> None:
    """Slack posts the message but answers after our timeout. Slack has no idempotency key, so the
    retry looks for the message (by the key in its metadata) before posting again."""
    await env.store.subscriptions.upsert("slack", "C1")
    env.slack.script("C1", SlackFault(200, delay=1.2, deliver=True))  # our timeout: 1 s
    await add_alert(env.store, "slow")
    # The retry comes after its backoff (0.5-1 s here, 1-2 s by default), when the slow post has landed.
    await env.drain(env.worker(RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=2.0, send_timeout=1.0)), timeout=20)
    await asyncio.sleep(0.6)
    [(status, attempts, _)] = await _statuses(env)
    assert status == "sent" and attempts == 2
    assert len(env.slack.posts["C1"]) == 1
    assert any(method == "conversations.history" for method, _ in env.slack.calls)


async def test_slack_rejected_token_is_retried_not_a_dead_channel(env: Env) -> None:
    await env.store.subscriptions.upsert("slack", "C1")
    env.slack.script("C1", SlackFault(200, error="invalid_auth"))
    await add_alert(env.store, "auth")
    await env.drain(env.worker(POLICY))
    assert (await env.store.subscriptions.for_channel("slack", "C1")).active  # type: ignore[union-attr]
    assert len(env.slack.posts["C1"]) == 1


# --- the channel disabled, with the reason --------------------------------------------------------


@pytest.mark.parametrize("platform,fault,reason", [
    ("discord", Fault(404, message="Unknown Channel"), "Discord 404: Unknown Channel"),
    ("slack", SlackFault(403, error="access_denied"), "Slack 403 access_denied"),
    ("slack", SlackFault(200, error="not_in_channel"), "not_in_channel"),
    ("slack", SlackFault(200, error="is_archived"), "is_archived"),
])
async def test_dead_channel_is_disabled_with_the_reason_users_can_read(env: Env, platform: str, fault: object,
                                                                       reason: str, caplog: pytest.LogCaptureFixture) -> None:
    channel = "111" if platform == "discord" else "C1"
    sub = await env.store.subscriptions.upsert(platform, channel)
    (env.discord if platform == "discord" else env.slack).script(channel, fault)  # type: ignore[attr-defined]
    await add_alert(env.store, "gone")
    await env.drain(env.worker(POLICY))
    disabled = await env.store.subscriptions.get(sub.id)
    assert disabled is not None and not disabled.active and reason in (disabled.disabled_reason or "")
    assert f"disabled subscription {sub.id}" in caplog.text and reason in caplog.text
    # ... and /subscriptions in that channel says so, with the platform's reason.
    ctx = CommandContext(store=env.store, platform=platform, user_id="U1", channel_id=channel, workspace_id=None,
                         is_admin=False, now=datetime.now(UTC))
    reply = await dispatch(ctx, "subscriptions", {})
    shown = repr(reply.to_dict())
    assert "disabled" in shown and reason.split(":")[-1].strip().split()[-1] in shown


# --- that one alert failed, the channel kept ------------------------------------------------------


@pytest.mark.parametrize("platform,fault", [
    ("discord", Fault(400, message="Invalid Form Body")),
    ("slack", SlackFault(200, error="invalid_blocks")),
])
async def test_rejected_message_fails_alone_and_the_channel_stays(env: Env, platform: str, fault: object) -> None:
    channel = "111" if platform == "discord" else "C1"
    await env.store.subscriptions.upsert(platform, channel)
    (env.discord if platform == "discord" else env.slack).script(channel, fault)  # type: ignore[attr-defined]
    bad = await add_alert(env.store, "bad")
    good = await add_alert(env.store, "good")
    await env.drain(env.worker(POLICY))
    by_alert = {d.outbox_id: d for d in await env.store.outbox.deliveries()}
    assert by_alert[bad].status == "failed" and by_alert[bad].attempts == 1  # not retried: it cannot help
    assert by_alert[good].status == "sent"
    assert (await env.store.subscriptions.for_channel(platform, channel)).active  # type: ignore[union-attr]
