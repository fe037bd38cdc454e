"""`readout-watch run` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
import sys

from bot.cli import add_subcommand


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(subparsers, "run", help="Start the Discord and/or Slack bots and the watcher.")
    parser.set_defaults(func=_not_built)


def _not_built(args: argparse.Namespace) -> int:
    print("readout-watch run: not built yet", file=sys.stderr)
    return 2
