"""`readout-watch watch` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
import sys

from bot.cli import add_subcommand


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(subparsers, "watch", help="Poll watched sources and feed new documents through the engine.")
    parser.set_defaults(func=_not_built)


def _not_built(args: argparse.Namespace) -> int:
    print("readout-watch watch: not built yet", file=sys.stderr)
    return 2
