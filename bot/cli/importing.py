"""`readout-watch import` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
import sys

from bot.cli import add_subcommand


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(subparsers, "import", help="Import JSONL, .txt/.md, .html files or folders.")
    parser.set_defaults(func=_not_built)


def _not_built(args: argparse.Namespace) -> int:
    print("readout-watch import: not built yet", file=sys.stderr)
    return 2
