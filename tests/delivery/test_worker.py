"""The delivery loop with the real discord.py HTTP client and the real slack_sdk client against the
fakes: exactly once per (alert, channel), 429s waited out, 5xx and timeouts retried, 403/404 disable
the subscription, interrupted sends settled after a restart, Slack paced, tokens never logged."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.delivery.senders import part_key
from bot.delivery.worker import RetryPolicy
from bot.store.sqlite import SQLiteStore
from tests.fakes.delivery_env import DISCORD_TOKEN, SLACK_TOKEN, Env, add_alert, open_env
from tests.fakes.discord_server import Fault
from tests.fakes.slack_server import SlackFault

pytestmark = pytest.mark.slow


@pytest_asyncio.fixture
async def env(store: SQLiteStore) -> AsyncIterator[Env]:
    async with open_env(store) as opened:
        yield opened


async def test_alert_reaches_both_platforms_exactly_once_across_restarts(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await env.store.subscriptions.upsert("discord", "111")
    await env.store.subscriptions.upsert("slack", "C1")
    await env.store.subscriptions.upsert("slack", "C2", governments=["CN"])  # filtered out
    await add_alert(env.store, "one")
    await env.drain(env.worker())
    await env.drain(env.worker())  # a "restart": a new worker on the same database sends nothing again
    assert len(env.discord.messages["111"]) == 1
    assert len(env.slack.posts["C1"]) == 1 and not env.slack.posts["C2"]
    discord_message = env.discord.messages["111"][0]
    assert discord_message["embeds"][0]["title"].startswith("Readouts diverge")
    text = repr(discord_message["embeds"])
    assert "@everyone" not in text and "<@&" not in text
    slack_message = env.slack.posts["C1"][0]
    blob = repr(slack_message["blocks"])
    assert "<!channel>" not in blob and "&lt;!channel&gt;" in blob
    assert slack_message["link_names"] in (None, False)
    assert slack_message["metadata"]["event_payload"]["key"].startswith("rw")
    assert {d.status for d in await env.store.outbox.deliveries()} == {"sent"}
    assert DISCORD_TOKEN not in caplog.text and SLACK_TOKEN not in caplog.text


async def test_discord_429_is_waited_out(env: Env) -> None:
    await env.store.subscriptions.upsert("discord", "111")
    env.discord.script("111", Fault(429, retry_after=0.4))
    await add_alert(env.store, "rl")
    started = time.monotonic()
    await env.drain(env.worker())
    assert time.monotonic() - started >= 0.4
    assert len(env.discord.messages["111"]) == 1


async def test_slack_429_retry_after_is_honoured(env: Env) -> None:
    await env.store.subscriptions.upsert("slack", "C1")
    env.slack.script("C1", SlackFault(429, retry_after=1))
    await add_alert(env.store, "rl")
    started = time.monotonic()
    await env.drain(env.worker())
    assert time.monotonic() - started >= 1.0
    assert len(env.slack.posts["C1"]) == 1


async def test_server_errors_are_retried_with_backoff(env: Env) -> None:
    await env.store.subscriptions.upsert("slack", "C1")
    await env.store.subscriptions.upsert("discord", "111")
    # More 5xx than slack_sdk's own two retries: our backoff takes over, then it goes through.
    env.slack.script("C1", *[SlackFault(500)] * 4)
    env.discord.script("111", Fault(502))  # discord.py retries this one itself
    await add_alert(env.store, "5xx")
    await env.drain(env.worker(RetryPolicy(max_attempts=4, base_delay=0.05, max_delay=0.2, send_timeout=10)), timeout=40)
    assert len(env.slack.posts["C1"]) == 1 and len(env.discord.messages["111"]) == 1
    [slack_delivery] = await env.store.outbox.deliveries(platform="slack")
    assert slack_delivery.attempts == 2 and slack_delivery.status == "sent"


async def test_timeout_is_retried(env: Env) -> None:
    await env.store.subscriptions.upsert("slack", "C1")
    env.slack.script("C1", SlackFault(200, delay=1.0))  # slower than the send timeout below
    await add_alert(env.store, "slow")
    worker = env.worker(RetryPolicy(max_attempts=4, base_delay=0.05, max_delay=0.1, send_timeout=0.3))
    await env.drain(worker)
    [delivery] = await env.store.outbox.deliveries()
    assert delivery.status == "sent" and delivery.attempts == 2
    assert len(env.slack.posts["C1"]) == 1


async def test_gives_up_after_max_attempts_with_the_reason(env: Env) -> None:
    await env.store.subscriptions.upsert("slack", "C1")
    env.slack.script("C1", *[SlackFault(200, error="internal_error")] * 10)
    await add_alert(env.store, "down")
    await env.drain(env.worker(RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.02)))
    [delivery] = await env.store.outbox.deliveries()
    assert delivery.status == "failed" and "gave up after 2 attempts" in (delivery.last_error or "")
    assert (await env.store.subscriptions.for_channel("slack", "C1")).active  # type: ignore[union-attr]


@pytest.mark.parametrize("platform,channel", [("discord", "111"), ("slack", "C1")])
async def test_forbidden_or_missing_channel_disables_the_subscription(env: Env, platform: str, channel: str,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    sub = await env.store.subscriptions.upsert(platform, channel)
    if platform == "discord":
        env.discord.script(channel, Fault(403, message="Missing Access"))
    else:
        env.slack.script(channel, SlackFault(404, error="channel_not_found"))
    await add_alert(env.store, "first")
    await env.drain(env.worker())
    disabled = await env.store.subscriptions.get(sub.id)
    assert disabled is not None and not disabled.active
    assert ("403" in disabled.disabled_reason) if platform == "discord" else ("channel_not_found" in disabled.disabled_reason)  # type: ignore[operator]
    assert f"disabled subscription {sub.id}" in caplog.text
    await add_alert(env.store, "second")  # later alerts are not even attempted
    await env.worker().run_once()
    assert not env.discord.messages[channel] and not env.slack.posts[channel]
    assert [d.status for d in await env.store.outbox.deliveries()] == ["failed"]


async def test_slack_is_paced_to_about_one_message_a_second_per_channel(env: Env) -> None:
    await env.store.subscriptions.upsert("slack", "C1")
    await add_alert(env.store, "a")
    await add_alert(env.store, "b")
    await env.drain(env.worker())
    first, second = env.slack.posts["C1"]
    assert float(second["ts"].split(".")[0]) >= float(first["ts"].split(".")[0])  # posted in order
    [d1, d2] = await env.store.outbox.deliveries()
    from bot.store.outbox import parse_timestamp

    gap = (parse_timestamp(d2.sent_at) - parse_timestamp(d1.sent_at)).total_seconds()  # type: ignore[arg-type]
    assert gap >= 0.9


async def test_source_paused_notice_reaches_the_admin_channel(env: Env) -> None:
    await env.store.set_setting("admin_channel", "discord:999")
    await env.store.outbox.add("source_paused", {"source_id": 7, "url": "https://x.example/feed", "reason": "10 failures in a row",
                                                 "last_error": "HTTP 500", "consecutive_failures": 10}, fingerprint="sp:7")
    await env.drain(env.worker())
    [message] = env.discord.messages["999"]
    assert message["embeds"][0]["title"] == "Source paused: https://x.example/feed"


# --- interrupted sends (a crash between "sending" and "sent") -------------------------------------


async def _interrupt(env: Env, platform: str, channel: str, *, posted: bool) -> int:
    """Leave one delivery `sending`, as a process killed mid-request would; optionally it did reach the platform."""
    await env.store.subscriptions.upsert(platform, channel)
    await add_alert(env.store, "crash")
    from bot.delivery.targets import fan_out_pending

    await fan_out_pending(env.store)
    [delivery] = await env.store.outbox.deliveries()
    assert await env.store.outbox.mark_sending(delivery.id)
    if posted:
        sender = env.senders()[platform]
        from bot.delivery.messages import alert_message

        message = sender.render(alert_message(delivery.item))[0]
        await sender.send(channel, message, key=part_key(delivery.id, 0))
    return delivery.id


@pytest.mark.parametrize("platform,channel", [("discord", "111"), ("slack", "C1")])
async def test_interrupted_send_that_arrived_is_not_posted_again(env: Env, platform: str, channel: str) -> None:
    await _interrupt(env, platform, channel, posted=True)
    worker = env.worker()
    assert await worker.recover() == 1
    await env.drain(worker)
    posts = env.discord.messages[channel] if platform == "discord" else env.slack.posts[channel]
    assert len(posts) == 1
    [delivery] = await env.store.outbox.deliveries()
    assert delivery.status == "sent" and delivery.parts_sent == (str(posts[0]["id" if platform == "discord" else "ts"]),)


@pytest.mark.parametrize("platform,channel", [("discord", "111"), ("slack", "C1")])
async def test_interrupted_send_that_never_arrived_is_posted_once(env: Env, platform: str, channel: str) -> None:
    await _interrupt(env, platform, channel, posted=False)
    worker = env.worker()
    await worker.recover()
    await env.drain(worker)
    posts = env.discord.messages[channel] if platform == "discord" else env.slack.posts[channel]
    assert len(posts) == 1


async def test_discord_nonce_prevents_a_duplicate_when_history_is_unreadable(env: Env) -> None:
    env.discord.history_forbidden = True
    await _interrupt(env, "discord", "111", posted=True)
    worker = env.worker()
    await worker.recover()
    await env.drain(worker)
    assert len(env.discord.messages["111"]) == 1  # re-posted with the same nonce: Discord returned the first
    [delivery] = await env.store.outbox.deliveries()
    assert delivery.status == "sent"


async def test_run_loop_stops_on_the_event(env: Env) -> None:
    await env.store.subscriptions.upsert("slack", "C1")
    await add_alert(env.store, "loop")
    stop = asyncio.Event()
    worker = env.worker()
    task = asyncio.create_task(worker.run(stop))
    for _ in range(100):
        if env.slack.posts["C1"]:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert len(env.slack.posts["C1"]) == 1
