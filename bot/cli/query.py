"""`readout-watch events` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
import sys

from bot.cli import add_subcommand


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(subparsers, "events", help="List events (see also: divergences).")
    parser.set_defaults(func=_not_built)


def _not_built(args: argparse.Namespace) -> int:
    print("readout-watch events: not built yet", file=sys.stderr)
    return 2
