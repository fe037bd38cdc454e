"""`readout-watch sources` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
import sys

from bot.cli import add_subcommand


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(subparsers, "sources", help="Add, list, remove, pause, resume and test watched sources.")
    parser.set_defaults(func=_not_built)


def _not_built(args: argparse.Namespace) -> int:
    print("readout-watch sources: not built yet", file=sys.stderr)
    return 2
