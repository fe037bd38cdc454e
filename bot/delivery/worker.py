"""The delivery loop: fan out new alerts, send what is due, retry with backoff, disable dead channels.

Exactly once per (alert, channel), across restarts:
- fan-out is idempotent (UNIQUE per alert and channel) and stamps the outbox row in the same
  transaction;
- a delivery is marked `sending` (committed) before the platform request and `sent` after it, and
  each part of a multi-message alert is recorded as it is posted, so a restart resumes after the
  last recorded part;
- a row found `sending` at start-up was interrupted mid-request, and the platform may or may not
  have posted it. The same holds for a retry after a timeout, a dropped connection or a 5xx (the
  platform may have posted before failing to answer). In both cases we first look for it: Discord — our recent messages in the channel, matched by
  nonce or content; Slack — the channel history, matched by the key we put in message metadata.
  Found: it is marked sent without posting. Not found: it is posted again, and on Discord with the
  same nonce and `enforce_nonce`, so Discord itself drops a duplicate created in the last few
  minutes. If the history cannot be read (the bot lacks Read Message History / `channels:history`),
  we still post again: for an alert bot a lost alert is worse than a rare duplicate after a crash,
  and the log says which delivery it was.

Failures: `Retry` backs off exponentially with jitter (or waits the platform's `retry_after`), up to
`max_attempts`, then the delivery is `failed` with the reason; `Gone` (403/404) disables the channel's
subscription with the reason and fails its delivery; `Reject` fails just that delivery. A rate limit
(`Retry` with `retry_after`) holds the whole channel until it ends: the alerts queued behind it keep
their order and do not each spend an attempt on the same limit.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.delivery.messages import alert_message
from bot.delivery.senders import Gone, LookupUnavailable, Reject, Retry, Sender, SendError, part_key
from bot.delivery.targets import fan_out_pending
from bot.store.base import Store
from bot.store.outbox import Delivery, parse_timestamp

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_delay: float = 2.0
    max_delay: float = 900.0
    send_timeout: float = 60.0

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        """Exponential backoff with full jitter in its upper half; a platform hint wins if longer."""
        backoff = min(self.max_delay, self.base_delay * 2 ** max(attempts - 1, 0))
        backoff *= 0.5 + random.random() / 2
        return max(backoff, retry_after or 0.0)


class ChannelPacer:
    """At most one message per `interval` seconds to one channel (Slack asks for about 1/s)."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], float] = {}

    async def wait(self, platform: str, channel_id: str, interval: float) -> None:
        if interval <= 0:
            return
        key = (platform, channel_id)
        wait = self._last.get(key, float("-inf")) + interval - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self._last[key] = time.monotonic()


class DeliveryWorker:
    """Runs until `stop` is set. `notify()` wakes it early (e.g. right after the engine queued an alert)."""

    def __init__(
        self,
        store: Store,
        senders: Mapping[str, Sender],
        *,
        poll_interval: float = 2.0,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.store = store
        self.senders = dict(senders)
        self.poll_interval = poll_interval
        self.policy = policy or RetryPolicy()
        self.pacer = ChannelPacer()
        self._wake = asyncio.Event()
        self._held: dict[tuple[str, str], float] = {}  # channel -> monotonic time its rate limit ends

    def notify(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        log.info("delivery started for %s", ", ".join(sorted(self.senders)) or "no platform")
        await self._guarded(self.recover)
        while not stop.is_set():
            await self._guarded(self.run_once)
            self._wake.clear()
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
            try:
                await asyncio.wait(waiters, timeout=self.poll_interval, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()
        log.info("delivery stopped")

    async def _guarded(self, step: Callable[[], Awaitable[object]]) -> None:
        try:
            await step()
        except asyncio.CancelledError:
            raise
        except Exception:  # one bad pass (a locked database, a bug) must not end delivery for good
            log.exception("delivery pass failed; trying again in %.0fs", self.poll_interval)

    async def recover(self) -> int:
        """Settle the deliveries a previous process left `sending` (see the module docstring)."""
        interrupted = await self.store.outbox.interrupted(list(self.senders))
        for delivery in interrupted:
            log.warning("delivery %d to %s:%s was interrupted mid-send; checking whether it was posted",
                        delivery.id, delivery.platform, delivery.channel_id)
            await self._deliver(delivery, resume=True)
        return len(interrupted)

    async def run_once(self) -> int:
        """One pass: fan out, then send every due delivery (channels in parallel, each in order)."""
        await fan_out_pending(self.store)
        due = await self.store.outbox.due(list(self.senders))
        by_channel: dict[tuple[str, str], list[Delivery]] = defaultdict(list)
        now = time.monotonic()
        for delivery in due:
            key = (delivery.platform, delivery.channel_id)
            if self._held.get(key, 0.0) <= now:
                by_channel[key].append(delivery)
        await asyncio.gather(*(self._channel(batch) for batch in by_channel.values()))
        return sum(len(batch) for batch in by_channel.values())

    async def _channel(self, batch: list[Delivery]) -> None:
        for delivery in batch:
            outcome = await self._deliver(delivery)
            if outcome == "gone":
                return  # the rest for this channel stay pending under a disabled subscription
            if outcome == "rate_limited":
                return  # the rest wait until the limit ends, in order (see `_held`)

    async def _deliver(self, delivery: Delivery, *, resume: bool = False) -> str:
        sender = self.senders[delivery.platform]
        attempts = delivery.attempts if resume else delivery.attempts + 1
        if not resume and not await self.store.outbox.mark_sending(delivery.id):
            return "skipped"
        try:
            assert delivery.item is not None
            messages = sender.render(alert_message(delivery.item))
            parts = list(delivery.parts_sent)
            # `sending_since` still holds the previous attempt's start (the row was read before
            # mark_sending): set, that attempt's outcome is unknown, so look before posting again.
            since = parse_timestamp(delivery.sending_since) if delivery.sending_since else None
            for index, message in enumerate(messages):
                if index < len(parts):
                    continue
                key = part_key(delivery.id, index)
                if since is not None and index == len(parts):
                    found = await self._find(sender, delivery, message, key, since)
                    if found is not None:
                        parts.append(found)
                        await self.store.outbox.record_part(delivery.id, parts)
                        continue
                await self.pacer.wait(delivery.platform, delivery.channel_id, sender.min_interval)
                ref = await asyncio.wait_for(
                    sender.send(delivery.channel_id, message, key=key), timeout=self.policy.send_timeout
                )
                parts.append(ref)
                if index < len(messages) - 1:
                    await self.store.outbox.record_part(delivery.id, parts)
            await self.store.outbox.mark_sent(delivery.id, parts)
            log.info("delivered alert %d to %s:%s", delivery.outbox_id, delivery.platform, delivery.channel_id)
            return "sent"
        except Gone as exc:
            reason = f"{exc} (when posting alert {delivery.outbox_id})"
            await self.store.outbox.mark_failed(delivery.id, str(exc))
            if delivery.subscription_id is not None:
                await self.store.subscriptions.disable(delivery.subscription_id, reason)
                log.warning("disabled subscription %d (%s:%s): %s", delivery.subscription_id,
                            delivery.platform, delivery.channel_id, reason)
            else:
                log.warning("admin channel %s:%s is unreachable: %s", delivery.platform, delivery.channel_id, reason)
            return "gone"
        except Reject as exc:
            await self.store.outbox.mark_failed(delivery.id, str(exc))
            log.error("alert %d rejected by %s:%s: %s", delivery.outbox_id, delivery.platform, delivery.channel_id, exc)
            return "failed"
        except Exception as exc:  # Retry, a timeout, or a bug: all retried with backoff, then failed
            if not isinstance(exc, SendError | asyncio.TimeoutError):
                log.exception("unexpected error delivering %d", delivery.id)
            reason = str(exc) or type(exc).__name__
            if attempts >= self.policy.max_attempts:
                await self.store.outbox.mark_failed(delivery.id, f"gave up after {attempts} attempts: {reason}")
                log.error("gave up on alert %d for %s:%s after %d attempts: %s", delivery.outbox_id,
                          delivery.platform, delivery.channel_id, attempts, reason)
                return "failed"
            retry_after = exc.retry_after if isinstance(exc, Retry) else None
            delay = self.policy.delay(attempts, retry_after)
            await self.store.outbox.mark_retry(delivery.id, reason, datetime.now(UTC) + timedelta(seconds=delay))
            log.warning("alert %d to %s:%s failed (%s); retry %d in %.1fs", delivery.outbox_id,
                        delivery.platform, delivery.channel_id, reason, attempts, delay)
            if retry_after:
                self._held[(delivery.platform, delivery.channel_id)] = time.monotonic() + delay
                return "rate_limited"
            return "retry"

    async def _find(self, sender: Sender, delivery: Delivery, message: dict, key: str, since: datetime) -> str | None:
        try:
            found = await sender.find_sent(delivery.channel_id, message, key=key, since=since)
        except (LookupUnavailable, SendError) as exc:
            log.warning("cannot check whether delivery %d reached %s:%s (%s); posting it again",
                        delivery.id, delivery.platform, delivery.channel_id, exc)
            return None
        if found is not None:
            log.info("interrupted delivery %d had reached %s:%s; not posting it again",
                     delivery.id, delivery.platform, delivery.channel_id)
        return found
