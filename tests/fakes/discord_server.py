"""A small fake of Discord for the real discord.py client: the REST routes the bot uses and the gateway.

Point the library at it with `discord.http.Route.BASE = fake.api_base` and
`DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)` (or the DISCORD_API_BASE /
DISCORD_GATEWAY_URL variables for `readout-watch run`). See shared/notes/platform-testing.md.

What it does:
- gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats (ACK), RESUME -> RESUMED; tests
  inject events with `dispatch()` (e.g. INTERACTION_CREATE via `invoke()`), drop the connection
  (`drop_connections()`), or ask the client to reconnect or re-identify (`send_op(7)`, `send_op(9)`).
- REST: users/@me, application info, bulk command sync (global and guild), interaction callbacks,
  webhook follow-ups, channel messages (with `nonce` + `enforce_nonce` de-duplication like Discord).
- faults: `script(channel_id, Fault(...))` queues responses for the next posts to a channel
  (429 with `retry_after`, 5xx, 403, 404, a slow answer); `slow_posts(before, after)` makes every
  channel post take time, before and after the message is created (a client killed in the second
  window never learns that its message was posted).
Everything the bot sends is recorded in `requests`, `callbacks`, `followups` and `messages`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.slow_posts import hold

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 900000000000000010
CHANNEL_ID = 900000000000000020
OWNER_ID = 900000000000000030
ADMIN_PERMISSIONS = str((1 << 5) | (1 << 10) | (1 << 11))  # manage guild, view channel, send messages
MEMBER_PERMISSIONS = str((1 << 10) | (1 << 11))


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only parses bodies whose Content-Type is exactly application/json.
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json", **(headers or {})})


def _drop(request: web.Request) -> web.Response:
    """Close the connection without an answer (a crashed proxy, a reset): the client sees a disconnect."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=500)


@dataclass
class Fault:
    """One scripted answer to the next channel post. `status` 429 uses `retry_after` seconds (in the
    JSON body, as Discord's API does; with `edge` only in a Retry-After header and without the `Via`
    header, as Cloudflare's limit in front of it does). `status` 0 drops the connection unanswered.
    A `status` below 400 after a `delay` is a slow success: the message is created."""

    status: int
    retry_after: float = 0.0
    delay: float = 0.0  # sleep before answering (timeouts)
    message: str = "scripted fault"
    edge: bool = False


@dataclass
class Interaction:
    """What the bot answered to one injected interaction."""

    id: str
    token: str
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    followups: list[dict[str, Any]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    deleted_original: bool = False
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def messages(self) -> list[dict[str, Any]]:
        """Every message body the user sees, in order (callback data, edits, follow-ups)."""
        out = [c.get("data") or {} for c in self.callbacks if c.get("type") == 4]
        out += self.edits
        out += self.followups
        return out

    @property
    def ephemeral(self) -> bool:
        flags = [m.get("flags", 0) or 0 for m in ([c.get("data") or {} for c in self.callbacks] + self.followups)]
        return any(int(f) & 64 for f in flags)


class FakeDiscord:
    def __init__(self, *, guild_id: int = GUILD_ID) -> None:
        self.guild_id = guild_id
        self.host = "127.0.0.1"
        self.port = 0
        self.requests: list[tuple[str, str, Any]] = []
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[str, list[dict[str, Any]]] = {}
        self.command_syncs = 0
        self.synced = asyncio.Event()
        self.identified = asyncio.Event()
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.post_bodies: dict[str, list[dict[str, Any]]] = defaultdict(list)  # what the bot sent, as sent
        self.nonce_duplicates = 0  # posts Discord would drop: a nonce already used, with enforce_nonce
        self.in_flight = {"before": 0, "after": 0}  # posts inside each slow_posts window right now
        self.interactions: dict[str, Interaction] = {}
        self.faults: dict[str, deque[Fault]] = defaultdict(deque)
        self.history_forbidden = False
        self.post_delay_before = 0.0  # every channel post: seconds before the message is created ...
        self.post_delay_after = 0.0  # ... and after, before the answer goes back
        self.valid_token: str | None = None  # when set, any other bot token gets 401 (a rejected login)
        self.sockets: list[web.WebSocketResponse] = []
        self.identifies = 0
        self.resumes = 0
        self._ids = itertools.count(1_000_000_000_000_000_000)
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._nonces: dict[tuple[str, str], dict[str, Any]] = {}

    # --- lifecycle ------------------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://{self.host}:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    async def start(self) -> "FakeDiscord":
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, handle_signals=False)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self.host, 0)
        await self._site.start()
        self.port = self._site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        # Listener first, then the sockets: otherwise discord.py reconnects in the gap (see the notes).
        if self._site is not None:
            await self._site.stop()
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def next_id(self) -> str:
        return str(next(self._ids))

    # --- gateway --------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}, "s": None, "t": None}))
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                op = data.get("op")
                if op == 1:
                    await ws.send_str(json.dumps({"op": 11, "d": None}))
                elif op == 2:
                    self.identifies += 1
                    await self._send_dispatch(ws, "READY", self._ready())
                    await self._send_dispatch(ws, "GUILD_CREATE", self._guild())
                    self.identified.set()
                elif op == 6:
                    self.resumes += 1
                    await self._send_dispatch(ws, "RESUMED", {})
                    self.identified.set()
        finally:
            if ws in self.sockets:
                self.sockets.remove(ws)
        return ws

    async def _send_dispatch(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to every connected client."""
        for ws in list(self.sockets):
            await self._send_dispatch(ws, event, data)

    async def drop_connections(self) -> None:
        """Close every gateway socket with a resumable code, as Discord does during an outage."""
        self.identified.clear()
        for ws in list(self.sockets):
            await ws.close(code=4000, message=b"fake outage")

    async def send_op(self, op: int, data: Any = None) -> None:
        """Send a raw gateway opcode to every client: 7 RECONNECT, 9 INVALID_SESSION (`data` says
        whether the session can be resumed)."""
        self.identified.clear()
        for ws in list(self.sockets):
            await ws.send_str(json.dumps({"op": op, "d": data, "s": None, "t": None}))

    def user(self, user_id: int = BOT_ID, name: str = "readout-watch", bot: bool = True) -> dict[str, Any]:
        return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}

    def _ready(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": self.user(),
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "application": {"id": str(APP_ID), "flags": 0},
            "shard": [0, 1],
        }

    def _guild(self) -> dict[str, Any]:
        return {
            "id": str(self.guild_id), "name": "Fake Guild", "icon": None, "owner_id": str(OWNER_ID),
            "roles": [{"id": str(self.guild_id), "name": "@everyone", "permissions": MEMBER_PERMISSIONS,
                       "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False}],
            "channels": [self.channel()], "members": [], "emojis": [], "stickers": [], "features": [],
            "member_count": 2, "large": False, "unavailable": False, "threads": [], "stage_instances": [],
            "guild_scheduled_events": [], "voice_states": [], "presences": [], "joined_at": "2025-01-01T00:00:00+00:00",
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "premium_tier": 0, "preferred_locale": "en-US", "nsfw_level": 0, "system_channel_flags": 0,
        }

    def channel(self, channel_id: int = CHANNEL_ID) -> dict[str, Any]:
        return {"id": str(channel_id), "type": 0, "guild_id": str(self.guild_id), "name": "general", "position": 0,
                "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None, "last_message_id": None}

    # --- interactions ---------------------------------------------------------------------------

    def command_id(self, name: str) -> str | None:
        for cmd in self.guild_commands.get(str(self.guild_id), []) + self.global_commands:
            if cmd["name"] == name:
                return str(cmd["id"])
        return None

    async def invoke(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        admin: bool = True,
        user_id: int = OWNER_ID + 1,
        channel_id: int = CHANNEL_ID,
        interaction_type: int = 2,
        timeout: float = 10.0,
        wait_for: int = 1,
    ) -> Interaction:
        """Inject an INTERACTION_CREATE for `/name` and wait until the bot has answered it.

        `name` may be "sources add": the first word is the command, the second its subcommand.
        Waits for the callback plus, after a defer, `wait_for` follow-ups or edits.
        """
        top, _, sub = name.partition(" ")
        data_options = options or []
        if sub:
            data_options = [{"name": sub, "type": 1, "options": data_options}]
        interaction_id, token = self.next_id(), f"itoken-{self.next_id()}"
        record = Interaction(interaction_id, token)
        self.interactions[token] = record
        data: dict[str, Any] = {"id": self.command_id(top) or self.next_id(), "name": top, "type": 1, "options": data_options}
        if any(c["name"] == top for c in self.guild_commands.get(str(self.guild_id), [])):
            data["guild_id"] = str(self.guild_id)
        payload = {
            "id": interaction_id, "application_id": str(APP_ID), "type": interaction_type, "token": token, "version": 1,
            "guild_id": str(self.guild_id), "channel_id": str(channel_id), "channel": self.channel(channel_id),
            "member": {"user": self.user(user_id, "tester", bot=False), "roles": [], "joined_at": "2025-01-01T00:00:00+00:00",
                       "deaf": False, "mute": False, "flags": 0,
                       "permissions": ADMIN_PERMISSIONS if admin else MEMBER_PERMISSIONS},
            "data": data, "locale": "en-US", "guild_locale": "en-US", "app_permissions": ADMIN_PERMISSIONS,
            "entitlements": [], "authorizing_integration_owners": {"0": str(self.guild_id)}, "context": 0,
            "attachment_size_limit": 8 * 1024 * 1024,
        }
        await self.dispatch("INTERACTION_CREATE", payload)

        async def answered() -> None:
            while True:
                await record.done.wait()
                record.done.clear()
                deferred = any(c.get("type") == 5 for c in record.callbacks)
                if not deferred or len(record.followups) + len(record.edits) >= wait_for or record.deleted_original and record.followups:
                    return

        await asyncio.wait_for(answered(), timeout)
        await asyncio.sleep(0.05)  # let any further follow-ups of a multi-message answer arrive
        return record

    # --- REST -----------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                body = json.loads(raw or b"null")
            elif request.content_type.startswith("multipart/"):
                body = {"multipart": True}
        self.requests.append((request.method, path, body))
        if self.valid_token is not None and not path.startswith(("/interactions/", "/webhooks/")):
            if request.headers.get("Authorization") != f"Bot {self.valid_token}":
                return _json({"message": "401: Unauthorized", "code": 0}, 401)
        parts = path.strip("/").split("/")
        method = request.method

        if path == "/users/@me":
            return _json(self.user())
        if path == "/oauth2/applications/@me":
            return _json({"id": str(APP_ID), "name": "readout-watch", "description": "", "icon": None,
                          "bot_public": True, "bot_require_code_grant": False, "verify_key": "00",
                          "owner": self.user(OWNER_ID, "owner", bot=False), "flags": 0})
        if parts[:1] == ["applications"] and parts[-1] == "commands":
            return self._commands(method, parts, body)
        if parts[:1] == ["interactions"] and parts[-1] == "callback":
            return self._callback(parts[1], parts[2], body)
        if parts[:1] == ["webhooks"]:
            return self._webhook(method, parts, body)
        if parts[:1] == ["channels"] and len(parts) == 3 and parts[2] == "messages":
            if method == "POST":
                return await self._post_message(parts[1], body, request)
            if method == "GET":
                if self.history_forbidden:
                    return _json({"message": "Missing Access", "code": 50001}, 403)
                limit = int(request.query.get("limit", "50"))
                # Like Discord, fetched messages do not carry the nonce they were created with.
                recent = list(reversed(self.messages[parts[1]]))[:limit]
                return _json([{k: v for k, v in m.items() if k != "nonce"} for m in recent])
        return _json({"message": f"fake has no route {method} {path}", "code": 0}, 404)

    def _commands(self, method: str, parts: list[str], body: Any) -> web.Response:
        guild = parts[3] if len(parts) >= 5 and parts[2] == "guilds" else None
        if method == "PUT":
            stored = []
            for cmd in body or []:
                stored.append({**cmd, "id": self.command_id_for(cmd["name"], guild), "application_id": str(APP_ID),
                               "version": "1", "type": cmd.get("type", 1), **({"guild_id": guild} if guild else {})})
            if guild:
                self.guild_commands[guild] = stored
            else:
                self.global_commands = stored
            self.command_syncs += 1
            self.synced.set()
            return _json(stored)
        return _json(self.guild_commands.get(guild, []) if guild else self.global_commands)

    def command_id_for(self, name: str, guild: str | None) -> str:
        existing = self.guild_commands.get(guild, []) if guild else self.global_commands
        for cmd in existing:
            if cmd["name"] == name:
                return str(cmd["id"])
        return self.next_id()

    def _message(self, channel_id: str, body: dict[str, Any], *, webhook: bool = False) -> dict[str, Any]:
        return {
            "id": self.next_id(), "channel_id": channel_id, "type": 0 if not webhook else 20,
            "author": self.user(APP_ID if webhook else BOT_ID), "content": body.get("content") or "",
            "embeds": body.get("embeds") or [], "attachments": [], "mentions": [], "mention_roles": [],
            "mention_everyone": False, "pinned": False, "tts": False, "flags": int(body.get("flags") or 0),
            "timestamp": datetime.now(UTC).isoformat(), "edited_timestamp": None, "components": [],
            **({"nonce": body["nonce"]} if body.get("nonce") is not None else {}),
            **({"webhook_id": str(APP_ID), "application_id": str(APP_ID)} if webhook else {}),
        }

    def _callback(self, interaction_id: str, token: str, body: Any) -> web.Response:
        record = self.interactions.setdefault(token, Interaction(interaction_id, token))
        record.callbacks.append(body or {})
        record.done.set()
        kind = (body or {}).get("type")
        data = (body or {}).get("data") or {}
        interaction = {"id": interaction_id, "type": 2, "response_message_loading": kind == 5,
                       "response_message_ephemeral": bool(int(data.get("flags") or 0) & 64)}
        resource: dict[str, Any] = {"type": kind}
        if kind in (4, 5):
            message = self._message(str(CHANNEL_ID), data, webhook=True)
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        return _json({"interaction": interaction, "resource": resource})

    def _webhook(self, method: str, parts: list[str], body: Any) -> web.Response:
        token = parts[2]
        record = self.interactions.setdefault(token, Interaction("?", token))
        if len(parts) == 3 and method == "POST":
            record.followups.append(body or {})
            record.done.set()
            return _json(self._message(str(CHANNEL_ID), body or {}, webhook=True))
        if len(parts) >= 5 and parts[3] == "messages":
            if method == "PATCH":
                record.edits.append(body or {})
                record.done.set()
                return _json(self._message(str(CHANNEL_ID), body or {}, webhook=True))
            if method == "DELETE":
                record.deleted_original = True
                record.done.set()
                return web.Response(status=204)
            return _json(self._message(str(CHANNEL_ID), {}, webhook=True))
        return _json({"message": "unknown webhook route", "code": 0}, 404)

    def slow_posts(self, before: float, after: float) -> None:
        """Every channel post waits `before` seconds, creates the message, then waits `after`."""
        self.post_delay_before, self.post_delay_after = before, after

    def script(self, channel_id: str | int, *faults: Fault) -> None:
        """The next posts to `channel_id` get these answers, in order, before normal service resumes."""
        self.faults[str(channel_id)].extend(faults)

    async def _post_message(self, channel_id: str, body: dict[str, Any], request: web.Request) -> web.StreamResponse:
        if self.faults[channel_id]:
            fault = self.faults[channel_id].popleft()
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status == 0:
                return _drop(request)
            if fault.status == 429 and fault.edge:
                return web.Response(status=429, text="<html>error code: 1015</html>", content_type="text/html",
                                    headers={"Retry-After": str(int(fault.retry_after + 0.999))})
            if fault.status == 429:
                return _json({"message": "You are being rate limited.", "retry_after": fault.retry_after, "global": False},
                             429, {"Retry-After": str(int(fault.retry_after + 0.999)), "Via": "1.1 google",
                                   "X-RateLimit-Scope": "user"})
            if fault.status >= 400:
                code = {403: 50013, 404: 10003}.get(fault.status, 0)
                return _json({"message": fault.message, "code": code}, fault.status)
        await hold(self.in_flight, "before", self.post_delay_before)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            existing = self._nonces.get((channel_id, str(nonce)))
            if existing is not None:
                self.nonce_duplicates += 1
                return _json(existing)
        message = self._message(channel_id, body)
        self.messages[channel_id].append(message)
        self.post_bodies[channel_id].append(body)
        if nonce is not None:
            self._nonces[(channel_id, str(nonce))] = message
        await hold(self.in_flight, "after", self.post_delay_after)
        return _json(message)
