"""Posting one rendered message to one channel, per platform, with errors sorted by what to do next.

The worker never sees platform exceptions; a sender turns them into:
- `Retry`  — try again later (5xx, timeouts, connection errors, a rate limit the library gave up
  waiting out; `retry_after` is the platform's own hint when it gave one);
- `Gone`   — this channel cannot receive messages (403/404, channel_not_found, not_in_channel,
  archived): the subscription is disabled with the reason;
- `Reject` — the platform refused this message (400): retrying the same body cannot help.

Rate limits are first handled by the libraries themselves: discord.py waits out a 429's
`retry_after` (up to `max_ratelimit_timeout`) and retries 5xx a few times; the Slack client is built
with slack_sdk's retry handlers for `Retry-After` on 429, 5xx and connection errors.

Idempotency keys: every part of every delivery has a key ("rw<delivery id>p<part>"). Discord gets it
as the message `nonce` with `enforce_nonce`, so Discord itself drops a repeated create for a few
minutes; Slack gets it in message `metadata`, so `find_sent` can look for it in the channel history.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from commands.reply import Reply

if TYPE_CHECKING:
    from discord.http import HTTPClient
    from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

METADATA_EVENT = "readout_watch_alert"


class SendError(Exception):
    """A send that did not post. `str(exc)` is a readable reason (never contains a token)."""


class Retry(SendError):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Gone(SendError):
    """The channel is unreachable for good (until someone fixes permissions and resubscribes)."""


class Reject(SendError):
    """The platform rejected this message body."""


class LookupUnavailable(SendError):
    """History cannot be read (missing permission or scope), so an interrupted send stays unknown."""


class Sender(Protocol):
    platform: str
    min_interval: float  # seconds between two messages to one channel

    def render(self, reply: Reply) -> list[dict[str, Any]]: ...

    async def send(self, channel_id: str, message: dict[str, Any], *, key: str) -> str:
        """Post; returns the platform's message id. Raises `SendError` subclasses only."""

    async def find_sent(self, channel_id: str, message: dict[str, Any], *, key: str, since: datetime) -> str | None:
        """The id of a message this bot already posted for `key` since `since`, if any."""


def part_key(delivery_id: int, part: int) -> str:
    """At most 25 characters (Discord's nonce limit)."""
    return f"rw{delivery_id}p{part}"


# --- Discord ------------------------------------------------------------------------------------


class DiscordSender:
    """Posts through a logged-in discord.py `HTTPClient` (the bot's own, so rate-limit buckets are shared)."""

    platform = "discord"
    min_interval = 0.0

    def __init__(self, http: "HTTPClient", bot_user_id: Callable[[], int | None] = lambda: None) -> None:
        self.http = http
        self.bot_user_id = bot_user_id

    def render(self, reply: Reply) -> list[dict[str, Any]]:
        from bot.platforms.discord_render import render

        return render(reply)

    async def send(self, channel_id: str, message: dict[str, Any], *, key: str) -> str:
        from discord.http import Route

        body = {**message, "nonce": key, "enforce_nonce": True}
        data = await self._call(Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id), json=body)
        return str(data.get("id", "")) if isinstance(data, dict) else ""

    async def find_sent(self, channel_id: str, message: dict[str, Any], *, key: str, since: datetime) -> str | None:
        """Our message in the last 50 of the channel, matched by nonce when Discord returns it (it
        does not, for fetched messages), else by its first embed's content — title, description,
        fields, footer — posted after `since`. The whole embed, not only the title: two alerts about
        one event share a title and often a summary, and mistaking one for the other loses an alert."""
        from discord.http import Route

        try:
            found = await self._call(
                Route("GET", "/channels/{channel_id}/messages", channel_id=channel_id), params={"limit": 50}
            )
        except (Gone, Reject) as exc:
            raise LookupUnavailable(str(exc)) from exc
        me = self.bot_user_id()
        wanted = (message.get("embeds") or [{}])[0]
        for item in found if isinstance(found, list) else []:
            if me is not None and str(item.get("author", {}).get("id")) != str(me):
                continue
            if item.get("nonce") == key:
                return str(item["id"])
            posted = _parse_time(item.get("timestamp"))
            if posted is not None and posted < since - timedelta(seconds=10):
                continue
            embed = (item.get("embeds") or [{}])[0]
            if _embed_content(embed) == _embed_content(wanted):
                return str(item["id"])
        return None

    async def _call(self, route: Any, **kwargs: Any) -> Any:
        import aiohttp
        import discord

        try:
            return await self.http.request(route, **kwargs)
        except discord.RateLimited as exc:
            raise Retry(f"Discord rate limit ({exc.retry_after:.1f}s)", exc.retry_after) from None
        except (discord.Forbidden, discord.NotFound) as exc:
            raise Gone(f"Discord {exc.status}: {exc.text or exc.response.reason}") from None
        except discord.DiscordServerError as exc:
            raise Retry(f"Discord {exc.status}: server error") from None
        except discord.HTTPException as exc:
            if exc.status == 429:  # not Discord's JSON limit: Cloudflare's, which says when in a header
                headers = getattr(exc.response, "headers", None) or {}
                raise Retry("Discord 429 (edge rate limit)", _float(headers.get("Retry-After"))) from None
            if exc.status >= 500:
                raise Retry(f"Discord {exc.status}") from None
            if exc.status == 401:
                raise Retry("Discord 401: the bot token was rejected") from None
            raise Reject(f"Discord {exc.status}: {exc.text}") from None
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise Retry(f"Discord unreachable: {type(exc).__name__}") from None


def _embed_content(embed: dict[str, Any]) -> tuple[Any, ...]:
    """What a reader sees of an embed, in a form that survives Discord's round trip (it adds keys
    such as `type` and drops empty ones)."""
    fields = tuple((f.get("name"), f.get("value")) for f in embed.get("fields") or [])
    return (embed.get("title"), embed.get("description"), fields, (embed.get("footer") or {}).get("text"), embed.get("url"))


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


# --- Slack --------------------------------------------------------------------------------------

# Errors that mean "this channel will not take messages from us" (disable the subscription).
SLACK_GONE = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "restricted_action", "team_access_not_granted",
    "channel_is_archived", "access_denied", "cannot_reply_to_message", "ekm_access_denied",
})
# Errors about our credentials or the workspace as a whole: not this channel's fault, retry later.
SLACK_RETRY = frozenset({
    "ratelimited", "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
    "service_unavailable", "fatal_error", "internal_error", "request_timeout",
})


def slack_client(token: str, base_url: str | None = None) -> "AsyncWebClient":
    """The Web API client both Bolt and delivery use: slack_sdk's own retry handlers for connection
    errors, 429 (honouring `Retry-After`) and 500/503."""
    from slack_sdk.http_retry.builtin_async_handlers import (
        AsyncConnectionErrorRetryHandler,
        AsyncRateLimitErrorRetryHandler,
        AsyncServerErrorRetryHandler,
    )
    from slack_sdk.web.async_client import AsyncWebClient

    kwargs: dict[str, Any] = {"base_url": base_url} if base_url else {}
    return AsyncWebClient(
        token=token,
        timeout=30,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
        **kwargs,
    )


class SlackSender:
    """Posts with `chat.postMessage`, one message a second per channel."""

    platform = "slack"
    min_interval = 1.0

    def __init__(self, client: "AsyncWebClient") -> None:
        self.client = client

    def render(self, reply: Reply) -> list[dict[str, Any]]:
        from bot.platforms.slack_render import render

        return render(reply)

    async def send(self, channel_id: str, message: dict[str, Any], *, key: str) -> str:
        response = await self._call(
            "chat_postMessage",
            channel=channel_id,
            text=message["text"],
            blocks=message["blocks"],
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"key": key}},
        )
        return str(response.get("ts") or "")

    async def find_sent(self, channel_id: str, message: dict[str, Any], *, key: str, since: datetime) -> str | None:
        try:
            response = await self._call(
                "conversations_history",
                channel=channel_id,
                oldest=f"{since.timestamp() - 10:.6f}",
                include_all_metadata=True,
                limit=100,
            )
        except (Gone, Reject) as exc:
            raise LookupUnavailable(str(exc)) from exc
        for item in response.get("messages") or []:
            metadata = item.get("metadata") or {}
            if metadata.get("event_type") == METADATA_EVENT and (metadata.get("event_payload") or {}).get("key") == key:
                return str(item.get("ts"))
        return None

    async def _call(self, method: str, **kwargs: Any) -> Any:
        import aiohttp
        from slack_sdk.errors import SlackApiError, SlackClientError

        try:
            return await getattr(self.client, method)(**kwargs)
        except SlackApiError as exc:
            response = exc.response
            status = int(getattr(response, "status_code", 0) or 0)
            error = str(response.get("error") or "") if hasattr(response, "get") else ""
            label = f"Slack {status} {error}".strip()
            if status == 429 or error == "ratelimited":
                header = (getattr(response, "headers", None) or {}).get("Retry-After") or (
                    getattr(response, "headers", None) or {}
                ).get("retry-after")
                raise Retry(label, _float(header)) from None
            if status >= 500 or error in SLACK_RETRY:
                raise Retry(label) from None
            if status in (403, 404) or error in SLACK_GONE:
                raise Gone(label) from None
            raise Reject(label) from None
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError, SlackClientError) as exc:
            raise Retry(f"Slack unreachable: {type(exc).__name__}") from None


def _float(value: Any) -> float | None:
    try:
        return float(value[0] if isinstance(value, list) else value)
    except (TypeError, ValueError, IndexError):
        return None
