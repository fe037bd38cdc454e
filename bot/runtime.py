"""What `readout-watch run` runs: the Discord bot and/or the Slack app, alert delivery and the source
watcher, in one event loop over one database, until SIGTERM/SIGINT.

Why one process: delivery posts through the platforms' own clients (discord.py's HTTP client shares
its rate-limit buckets with the bot), and SQLite is happiest with one writer process.

Start-up order: the store; Discord login (a rejected token stops here with a clear message); the
Slack app; then delivery (with a sender per platform that started) and the watcher. Shutdown, on a
signal or if any part stops unexpectedly: stop the watcher and delivery, close the platforms, close
the store. A delivery interrupted by the shutdown is settled at the next start (see
`bot/delivery/worker.py`).

Tokens: they stay `SecretStr` until handed to a library, and a logging filter on every handler
replaces their values with "[redacted]" should any library or error message ever include one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterable
from typing import Any

log = logging.getLogger(__name__)


class RuntimeConfigError(Exception):
    """Settings that cannot start anything; the message says what to set."""


class SecretFilter(logging.Filter):
    """Replaces secret values in log records (installed on handlers, so it covers every logger)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        cleaned = message
        for secret in self.secrets:
            cleaned = cleaned.replace(secret, "[redacted]")
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def _secret(value: Any) -> str | None:
    return value.get_secret_value() if value is not None else None


def install_secret_filter(settings: Any) -> SecretFilter:
    secrets = [_secret(getattr(settings, name, None)) for name in
               ("discord_token", "slack_bot_token", "slack_app_token", "slack_signing_secret")]
    flt = SecretFilter([s for s in secrets if s])
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        for old in [f for f in handler.filters if isinstance(f, SecretFilter)]:
            handler.removeFilter(old)
        handler.addFilter(flt)
    return flt


def check_settings(settings: Any) -> list[str]:
    """The platforms these settings can start; raises `RuntimeConfigError` when none can."""
    platforms = []
    if _secret(settings.discord_token):
        platforms.append("discord")
    if _secret(settings.slack_bot_token):
        if not (_secret(settings.slack_app_token) or _secret(settings.slack_signing_secret)):
            raise RuntimeConfigError(
                "SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET "
                "(HTTP mode) is; set one of them"
            )
        platforms.append("slack")
    if not platforms:
        raise RuntimeConfigError(
            "no platform configured: set DISCORD_TOKEN and/or SLACK_BOT_TOKEN (with SLACK_APP_TOKEN or "
            "SLACK_SIGNING_SECRET); see docs/platforms.md"
        )
    return platforms


def say(message: str) -> None:
    """A status line for the operator (stderr), independent of the log level."""
    print(f"readout-watch run: {message}", file=sys.stderr, flush=True)


async def run(settings: Any, db: str, *, stop: asyncio.Event | None = None, poll_interval: float = 2.0) -> int:
    """Run until `stop` is set or a signal arrives. Returns the process exit status."""
    platforms = check_settings(settings)
    install_secret_filter(settings)
    stop = stop or asyncio.Event()
    _install_signal_handlers(stop)

    from bot.store import open_store

    store = await open_store(db)
    tasks: dict[str, asyncio.Task[Any]] = {}
    closers: list[Any] = []
    senders: dict[str, Any] = {}
    status = 0
    try:
        if "discord" in platforms:
            client, task = await _start_discord(settings, store)
            tasks["discord"], senders["discord"] = task, _discord_sender(client)
            closers.append(client.close)
        if "slack" in platforms:
            service, client = await _start_slack(settings, store)
            from bot.delivery.senders import SlackSender

            senders["slack"] = SlackSender(client)
            closers.append(service.stop)

        from bot.delivery.worker import DeliveryWorker

        worker = DeliveryWorker(store, senders, poll_interval=poll_interval)
        tasks["delivery"] = asyncio.create_task(worker.run(stop), name="delivery")
        watcher = _watcher()
        if watcher is not None:
            tasks["watcher"] = asyncio.create_task(watcher(store, settings, stop=stop), name="watcher")
        else:
            say("source watcher not available in this build; running without it")
        say(f"running {', '.join(platforms)} with alert delivery{' and the source watcher' if watcher else ''}; "
            "SIGTERM or Ctrl-C to stop")

        stopper = asyncio.create_task(stop.wait(), name="stop")
        done, _ = await asyncio.wait([stopper, *tasks.values()], return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        for name, task in tasks.items():
            if task in done and not stop.is_set():
                error = task.exception() if not task.cancelled() else None
                say(f"{name} stopped unexpectedly{': ' + _describe(error) if error else ''}; shutting down")
                status = 1
    except _StartupError as exc:
        say(str(exc))
        status = 1
    finally:
        stop.set()
        for close in reversed(closers):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(close(), 10)
        for task in tasks.values():
            if not task.done():
                try:
                    await asyncio.wait_for(asyncio.shield(task), 10)
                except (asyncio.TimeoutError, Exception):
                    task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)
        await store.close()
    if status == 0:
        say("stopped")
    return status


class _StartupError(Exception):
    pass


def _describe(error: BaseException | None) -> str:
    return f"{type(error).__name__}: {error}" if error else "no error"


def _install_signal_handlers(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread (tests) / not supported
            pass


async def _start_discord(settings: Any, store: Any) -> tuple[Any, asyncio.Task[Any]]:
    import discord

    from bot.platforms.discord_bot import ReadoutDiscordBot, configure_endpoints

    configure_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    client = ReadoutDiscordBot(store, guild_id=settings.discord_guild_id)
    task = asyncio.create_task(client.start(_secret(settings.discord_token) or ""), name="discord")
    logged_in = asyncio.create_task(client.logged_in.wait())
    await asyncio.wait([task, logged_in], return_when=asyncio.FIRST_COMPLETED, timeout=60)
    if task.done():
        logged_in.cancel()
        error = task.exception()
        await client.close()
        if isinstance(error, discord.LoginFailure):
            raise _StartupError("Discord rejected DISCORD_TOKEN (check the bot token in the Developer Portal)")
        raise _StartupError(f"Discord did not start: {_describe(error)}")
    if not logged_in.done():
        logged_in.cancel()
        task.cancel()
        await client.close()
        raise _StartupError("Discord login timed out after 60 s")
    where = f"guild {settings.discord_guild_id}" if settings.discord_guild_id else "all servers (global commands)"
    say(f"Discord logged in; commands synced for {where}")
    return client, task


def _discord_sender(client: Any) -> Any:
    from bot.delivery.senders import DiscordSender

    return DiscordSender(client.http, lambda: client.user.id if client.user else None)


async def _start_slack(settings: Any, store: Any) -> tuple[Any, Any]:
    from bot.delivery.senders import slack_client
    from bot.platforms.slack_app import SlackService, build_app

    client = slack_client(_secret(settings.slack_bot_token) or "", settings.slack_api_url)
    app = build_app(
        store,
        client=client,
        admins=settings.readout_admins,
        signing_secret=_secret(settings.slack_signing_secret),
    )
    service = SlackService(app, app_token=_secret(settings.slack_app_token), port=settings.slack_port)
    try:
        await service.start()
    except Exception as exc:
        raise _StartupError(f"Slack did not start ({service.mode} mode): {_describe(exc)}") from None
    say(f"Slack ready in {'Socket Mode' if service.mode == 'socket' else f'HTTP mode on port {service.port}'}")
    return service, client


def _watcher() -> Any:
    """`bot.watch.run_watcher` when this build has it."""
    try:
        from bot.watch import run_watcher
    except ImportError:
        return None
    return run_watcher
