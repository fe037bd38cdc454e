"""`readout-watch watch`: run the source watcher until SIGINT/SIGTERM, or one pass with `--once`.

`--once` polls every enabled source, due or not, prints one line per source and exits (status 1 when
any source failed, so cron mails about it); add `--due-only` to poll only the sources that are due,
which is what a cron job every few minutes wants.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import Any

from bot.cli import add_subcommand, db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(subparsers, "watch", help="Poll watched sources and feed new documents through the engine.")
    parser.add_argument("--once", action="store_true", help="poll every enabled source once and exit")
    parser.add_argument("--due-only", action="store_true", help="with --once: only the sources that are due (for cron)")
    parser.set_defaults(func=_watch)


async def _watch(args: argparse.Namespace) -> int:
    from bot.cli.sources import SettingsError, load_settings
    from bot.store import open_store

    if args.due_only and not args.once:
        print("readout-watch watch: --due-only goes with --once", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"readout-watch watch: {exc}", file=sys.stderr)
        return 2
    async with await open_store(db_path(args)) as store:
        if args.once:
            return await _once(store, settings, due_only=args.due_only)
        return await _forever(store, settings)


async def _once(store: Any, settings: Any, *, due_only: bool) -> int:
    from bot.watch import poll_all

    report = await poll_all(store, settings, due_only=due_only)
    if not report.outcomes:
        print("no sources due" if due_only else "no enabled sources")
    for line in report.lines():
        print(line)
    return 1 if report.failed else 0


async def _forever(store: Any, settings: Any) -> int:
    from bot.watch import run_watcher

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # not on this platform / not the main thread
            pass

    def report(poll: Any) -> None:
        for line in poll.lines():
            print(line, flush=True)

    print("watching sources; Ctrl-C to stop", file=sys.stderr, flush=True)
    await run_watcher(store, settings, stop=stop, on_report=report)
    print("stopped", file=sys.stderr)
    return 0
