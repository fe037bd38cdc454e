"""`readout-watch run`: the Discord and/or Slack bots, alert delivery and the source watcher.

Which platforms start depends on the tokens set (see docs/platforms.md); with none, a one-line
message and exit status 2. Everything heavy is imported inside the handler so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import sys

from bot.cli import add_subcommand, db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(
        subparsers,
        "run",
        help="Start the Discord and/or Slack bots (from whichever tokens are set), alert delivery and the watcher.",
        description="Start the bots. Discord: DISCORD_TOKEN [DISCORD_GUILD_ID]. Slack: SLACK_BOT_TOKEN with "
        "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode, SLACK_PORT). Stops on SIGTERM/Ctrl-C.",
    )
    parser.set_defaults(func=_run)


async def _run(args: argparse.Namespace) -> int:
    from bot.cli.sources import SettingsError, load_settings
    from bot.runtime import RuntimeConfigError, run

    try:
        settings = load_settings()
        return await run(settings, db_path(args))
    except (SettingsError, RuntimeConfigError) as exc:
        print(f"readout-watch run: {exc}", file=sys.stderr)
        return 2
