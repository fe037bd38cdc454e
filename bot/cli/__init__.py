"""The `readout-watch` command line. Each subcommand lives in its own module with a `register()`.

Heavy libraries (discord.py, trafilatura, dateparser, pydantic) are imported inside the command that
needs them, so `readout-watch --help` stays fast.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import logging
import sqlite3
import sys
from collections.abc import Sequence

# Modules that define subcommands, in the order `--help` lists them.
SUBCOMMAND_MODULES = (
    "bot.cli.demo",
    "bot.cli.importing",
    "bot.cli.query",
    "bot.cli.ask",
    "bot.cli.sources",
    "bot.cli.watch",
    "bot.cli.run",
)


def build_parser() -> argparse.ArgumentParser:
    from bot import __version__

    parser = argparse.ArgumentParser(
        prog="readout-watch",
        description="Find where governments' readouts of the same call or meeting diverge.",
    )
    parser.add_argument("--version", action="version", version=f"readout-watch {__version__}")
    add_common_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def add_common_options(parser: argparse.ArgumentParser, *, suppress_defaults: bool = False) -> None:
    """`--db` and `-v` are accepted before or after the subcommand."""
    default = argparse.SUPPRESS if suppress_defaults else None
    parser.add_argument("--db", metavar="PATH", default=default, help="SQLite database file (default: $READOUT_DB or ./data/readout-watch.db)")
    parser.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS if suppress_defaults else 0, help="more log output")


def add_subcommand(subparsers: argparse._SubParsersAction, name: str, **kwargs: object) -> argparse.ArgumentParser:
    """A subparser that also accepts the common options after the subcommand name."""
    parser = subparsers.add_parser(name, **kwargs)  # type: ignore[arg-type]
    add_common_options(parser, suppress_defaults=True)
    return parser


def db_path(args: argparse.Namespace) -> str:
    from bot.paths import default_db_path

    return str(args.db) if getattr(args, "db", None) else str(default_db_path())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(int(getattr(args, "verbose", 0) or 0), 2),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    handler = args.func
    try:
        result = asyncio.run(handler(args)) if inspect.iscoroutinefunction(handler) else handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except sqlite3.Error as exc:  # a database this command cannot use: locked, corrupt, a newer schema
        print(f"readout-watch {args.command}: database error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    return int(result or 0)
