"""The Slack adapter: a slack-bolt AsyncApp with one slash command, `/readout <subcommand> ...`.

It decides nothing itself: the text after `/readout` goes to `commands.dispatch.run_text` with a
`CommandContext` (admin = the user id is in READOUT_ADMINS), and the `Reply` is rendered as Block
Kit and posted through the command's `response_url` (`respond()`): in the channel, or only to the
user when the reply is ephemeral (errors). `ack()` comes first, before any work, so Slack's 3-second
deadline holds however long the command takes.

Transport: Socket Mode when an app-level token (SLACK_APP_TOKEN) is set — no public URL needed —
otherwise HTTP on SLACK_PORT at `/slack/events`, where Bolt verifies every request's signature with
SLACK_SIGNING_SECRET (bad or stale signatures get 401 before any handler runs).

The Web API client is built by `bot.delivery.senders.slack_client` with `base_url=SLACK_API_URL`
(slack_sdk reads no environment variable for it) and slack_sdk's retry handlers. Import lazily.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.platforms import slack_render
from commands.context import CommandContext
from commands.reply import Reply

log = logging.getLogger(__name__)

COMMAND = "/readout"
EVENTS_PATH = "/slack/events"
TextDispatcher = Callable[[CommandContext, str], Awaitable[Reply]]


def default_dispatcher() -> TextDispatcher:
    from commands.dispatch import run_text

    return run_text


def build_app(
    store: Any,
    *,
    client: Any,
    admins: frozenset[str] | set[str] = frozenset(),
    signing_secret: str | None = None,
    dispatcher: TextDispatcher | None = None,
    command: str = COMMAND,
) -> AsyncApp:
    """The Bolt app. `client` is an `AsyncWebClient` (see `slack_client`); `signing_secret` is
    required for HTTP mode and unused in Socket Mode."""
    run_text = dispatcher or default_dispatcher()
    app = AsyncApp(
        client=client,
        # Socket Mode needs no secret (Bolt skips verification there); a random one means a
        # signature can never verify if this app were ever served over HTTP without a real secret.
        signing_secret=signing_secret or secrets.token_hex(32),
        logger=logging.getLogger("slack_bolt.readout"),
    )

    @app.command(command)
    async def readout(ack: Any, command: dict[str, Any], respond: Any) -> None:
        await ack()
        user = str(command.get("user_id") or "")
        ctx = CommandContext(
            store=store,
            platform="slack",
            user_id=user or None,
            channel_id=command.get("channel_id"),
            workspace_id=command.get("team_id"),
            is_admin=bool(user) and user in admins,
        )
        text = str(command.get("text") or "").strip() or "help"
        try:
            reply = await run_text(ctx, text)
        except Exception:  # run_text promises not to raise; a bug still gets a readable answer
            ref = secrets.token_hex(3)
            log.exception("Slack: /readout failed (ref %s)", ref)
            reply = Reply.error(f"Something went wrong running {command.get('command') or COMMAND}. Please try again (ref {ref}).")
        await send_reply(respond, reply)

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("Slack: unhandled error for %s: %s", body.get("command") or body.get("type"), error)

    return app


async def send_reply(respond: Any, reply: Reply) -> None:
    """Every rendered part through `response_url`; ephemeral replies only to the person who asked."""
    response_type = "ephemeral" if reply.ephemeral else "in_channel"
    for message in slack_render.render(reply):
        try:
            await respond(text=message["text"], blocks=message["blocks"], response_type=response_type, replace_original=False)
        except Exception as exc:  # an expired response_url must not crash the app
            log.warning("Slack: could not post the answer through response_url: %s", type(exc).__name__)
            return


def http_server(app: AsyncApp) -> Any:
    """An aiohttp application serving Bolt at `/slack/events` (HTTP mode), plus `/healthz`."""
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

    async def events(request: web.Request) -> web.Response:
        # Bolt verifies the signature, but a timestamp that is not a number makes it raise (a 500
        # and an error log line per forged request); refuse it as the unsigned request it is.
        if not request.headers.get("X-Slack-Request-Timestamp", "").strip().isdigit():
            return web.Response(status=401, text="invalid request")
        bolt_request = await to_bolt_request(request)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    async def health(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application(client_max_size=1024 * 1024)
    web_app.router.add_post(EVENTS_PATH, events)
    web_app.router.add_get("/healthz", health)
    return web_app


class SlackService:
    """Runs the app in Socket Mode or HTTP mode until `stop()`; used by `bot.runtime`."""

    def __init__(self, app: AsyncApp, *, app_token: str | None, port: int, host: str = "0.0.0.0") -> None:
        self.app = app
        self.app_token = app_token
        self.port = port
        self.host = host
        self._socket: Any = None
        self._runner: Any = None

    @property
    def mode(self) -> str:
        return "socket" if self.app_token else "http"

    async def start(self) -> None:
        if self.app_token:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.app, self.app_token, web_client=self.app.client)
            await self._socket.connect_async()
            log.info("Slack: connected in Socket Mode")
        else:
            from aiohttp import web

            self._runner = web.AppRunner(http_server(self.app), handle_signals=False, shutdown_timeout=2.0)
            await self._runner.setup()
            site = web.TCPSite(self._runner, self.host, self.port)
            await site.start()
            if self.port == 0 and self._runner.addresses:  # an ephemeral port (tests): report the real one
                self.port = int(self._runner.addresses[0][1])
            log.info("Slack: listening for slash commands on %s:%d%s", self.host, self.port, EVENTS_PATH)

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
