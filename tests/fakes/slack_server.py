"""A small fake of Slack for the real slack_sdk / slack-bolt: Web API, response_url and Socket Mode.

Point the client at it with `AsyncWebClient(base_url=fake.api_url)` (or SLACK_API_URL for
`readout-watch run`). Methods: auth.test, chat.postMessage, conversations.history,
apps.connections.open (-> a loopback Socket Mode websocket). Every slash command the test sends
gets a `response_url` on this server, so `respond()` lands in `responses`.

Faults: `script(channel, SlackFault(...))` queues answers for the next chat.postMessage to a channel
(429 with Retry-After, 5xx, an error code such as channel_not_found with 200 or 404);
`slow_posts(before, after)` makes every post take time before and after the message is stored.
Helpers build signed slash-command requests (`sign`) and Socket Mode envelopes (`socket_command`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import WSMsgType, web

from tests.fakes.slow_posts import hold

TEAM_ID = "T0FAKE"
BOT_USER = "UBOT"
CHANNEL = "C0FAKE"


@dataclass
class SlackFault:
    """One scripted answer to the next chat.postMessage of a channel. `status` 0 drops the connection."""

    status: int = 200
    error: str | None = None  # Slack error code; with status 200 the body is {"ok": false, "error": ...}
    retry_after: int = 0
    delay: float = 0.0
    deliver: bool = False  # after the delay, post the message as usual (a slow success, e.g. past a timeout)


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack sends with a request: `v0=` HMAC-SHA256 of `v0:{ts}:{body}`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


class FakeSlack:
    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = 0
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.posts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.responses: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.response_events: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.faults: dict[str, deque[SlackFault]] = defaultdict(deque)
        self.history_error: str | None = None
        self.post_delay_before = 0.0
        self.post_delay_after = 0.0
        self.in_flight = {"before": 0, "after": 0}  # posts inside each slow_posts window right now
        self.sockets: list[web.WebSocketResponse] = []
        self.socket_connected = asyncio.Event()
        self.acks: dict[str, dict[str, Any]] = {}
        self.ack_events: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    async def start(self) -> "FakeSlack":
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, handle_signals=False)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self.host, 0)
        await self._site.start()
        self.port = self._site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        if self._site is not None:
            await self._site.stop()
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def slow_posts(self, before: float, after: float) -> None:
        """Every chat.postMessage waits `before` seconds, stores the message, then waits `after`."""
        self.post_delay_before, self.post_delay_after = before, after

    def script(self, channel: str, *faults: SlackFault) -> None:
        self.faults[channel].extend(faults)

    # --- Web API --------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                args.update(await request.json())
            else:
                args.update(dict(await request.post()))
        self.calls.append((method, args))
        if method == "auth.test":
            return web.json_response({"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "readout",
                                      "team_id": TEAM_ID, "user_id": BOT_USER, "bot_id": "B0FAKE",
                                      "is_enterprise_install": False})
        if method == "chat.postMessage":
            return await self._post(args, request=request)
        if method == "conversations.history":
            if self.history_error:
                return web.json_response({"ok": False, "error": self.history_error})
            oldest = float(args.get("oldest") or 0)
            messages = [m for m in reversed(self.posts[str(args.get("channel"))]) if float(m["ts"]) >= oldest]
            if str(args.get("include_all_metadata")).lower() not in ("true", "1"):
                messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
            return web.json_response({"ok": True, "messages": messages, "has_more": False})
        if method == "apps.connections.open":
            return web.json_response({"ok": True, "url": f"ws://{self.host}:{self.port}/socket"})
        return web.json_response({"ok": False, "error": "unknown_method"}, status=404)

    async def _post(self, args: dict[str, Any], *, scripted: bool = True, request: web.Request | None = None) -> web.Response:
        channel = str(args.get("channel"))
        if scripted and self.faults[channel]:
            fault = self.faults[channel].popleft()
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.deliver:
                return await self._post(args, scripted=False)
            if fault.status == 0:
                if request is not None and request.transport is not None:
                    request.transport.close()
                return web.Response(status=500)
            headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
            error = fault.error or ("ratelimited" if fault.status == 429 else "fake_error")
            if fault.status >= 500 and fault.error is None:
                return web.Response(status=fault.status, text="upstream failure")
            return web.json_response({"ok": False, "error": error}, status=fault.status, headers=headers)
        await hold(self.in_flight, "before", self.post_delay_before)
        blocks = args.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        metadata = args.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        ts = f"{time.time():.0f}.{next(self._ts):06d}"
        message = {"type": "message", "user": BOT_USER, "bot_id": "B0FAKE", "ts": ts, "text": args.get("text", ""),
                   "blocks": blocks or [], **({"metadata": metadata} if metadata else {}),
                   "link_names": args.get("link_names"), "parse": args.get("parse")}
        self.posts[channel].append(message)
        await hold(self.in_flight, "after", self.post_delay_after)
        return web.json_response({"ok": True, "channel": channel, "ts": ts, "message": message})

    # --- slash commands ---------------------------------------------------------------------------

    def slash_payload(self, text: str, *, user_id: str = "UADMIN", channel_id: str = CHANNEL, command: str = "/readout") -> dict[str, str]:
        key = f"r{next(self._ids)}"
        return {
            "token": "legacy-verification-token", "team_id": TEAM_ID, "team_domain": "fake", "channel_id": channel_id,
            "channel_name": "general", "user_id": user_id, "user_name": "tester", "command": command, "text": text,
            "api_app_id": "A0FAKE", "is_enterprise_install": "false", "response_url": f"{self.base}/respond/{key}",
            "trigger_id": f"trigger.{key}",
        }

    @staticmethod
    def response_key(payload: dict[str, str]) -> str:
        return payload["response_url"].rsplit("/", 1)[-1]

    async def _respond(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        self.responses[key].append(await request.json())
        self.response_events[key].set()
        return web.Response(text="ok")

    async def wait_responses(self, payload: dict[str, str], timeout: float = 10.0) -> list[dict[str, Any]]:
        key = self.response_key(payload)
        await asyncio.wait_for(self.response_events[key].wait(), timeout)
        await asyncio.sleep(0.1)  # further parts of a multi-message answer
        return self.responses[key]

    # --- Socket Mode ------------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "debug_info": {"host": "fake", "approximate_connection_time": 3600}}))
        self.socket_connected.set()
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    data = json.loads(msg.data)
                    if "envelope_id" in data:
                        self.acks[data["envelope_id"]] = data
                        self.ack_events[data["envelope_id"]].set()
        finally:
            if ws in self.sockets:
                self.sockets.remove(ws)
        return ws

    async def socket_command(self, payload: dict[str, str], timeout: float = 10.0) -> dict[str, Any]:
        """Deliver a slash command over Socket Mode; returns the app's acknowledgement."""
        envelope_id = f"env-{next(self._ids)}"
        envelope = {"envelope_id": envelope_id, "type": "slash_commands", "accepts_response_payload": True,
                    "payload": payload}
        for ws in list(self.sockets):
            await ws.send_str(json.dumps(envelope))
        await asyncio.wait_for(self.ack_events[envelope_id].wait(), timeout)
        return self.acks[envelope_id]


def form(payload: dict[str, str]) -> str:
    return urlencode(payload)
