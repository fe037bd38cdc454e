"""`readout-watch import PATH...`: JSONL, .txt/.md, .html files and folders into the database.

Each rejected input is one line on stderr (`file:line: reason`), the summary is one line on stdout,
and the exit status is 1 when anything was rejected, so scripts can tell a clean import.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from typing import Any

from bot.cli import add_subcommand, db_path

# Below this many inputs an import is over before a progress bar would say anything useful.
PROGRESS_MIN_INPUTS = 200


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(
        subparsers,
        "import",
        help="Import JSONL, .txt/.md, .html files or folders.",
        description="Import documents. JSONL lines say what they are; --government/--issuer/--kind "
        "describe the text and HTML files given. Importing the same input twice adds nothing.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a .jsonl, .txt, .md or .html file, or a folder of them")
    parser.add_argument("--government", type=_government, metavar="CODE", help="government of text/HTML files (ISO code such as JP, or a country name)")
    parser.add_argument("--issuer", help="issuer of text/HTML files, e.g. 'Japan Ministry of Defense'")
    parser.add_argument("--kind", type=_kind, metavar="KIND", help="kind of text/HTML files: official_readout, quoted_in_news, news (default) or statement")
    parser.add_argument("--max-mb", type=_positive_float, default=2.0, metavar="MB", help="largest document text to accept, in millions of characters (default: 2)")
    parser.add_argument("--no-alerts", action="store_true", help="store findings without queueing alerts (backfill of old documents)")
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    from bot.ingest.files import iter_path_inputs
    from bot.ingest.importer import import_documents
    from bot.ingest.inputs import InputDefaults
    from bot.store.base import open_store

    max_chars = int(args.max_mb * 1_000_000)
    defaults = InputDefaults(government=args.government, issuer=args.issuer, kind=args.kind or "news")
    path = db_path(args)
    try:
        store = await open_store(path)
    except (sqlite3.Error, OSError) as exc:
        print(f"readout-watch import: cannot open database {path}: {exc}", file=sys.stderr)
        return 1
    bar = _progress_bar(args.paths)
    try:
        report = await import_documents(
            store,
            iter_path_inputs(args.paths, defaults=defaults, max_chars=max_chars),
            alerts=not args.no_alerts,
            progress=bar.update if bar is not None else None,
            max_chars=max_chars,
        )
    except sqlite3.Error as exc:
        print(f"readout-watch import: database error in {path}: {exc} (documents stored before it are kept)", file=sys.stderr)
        return 1
    finally:
        if bar is not None:
            bar.close()
        await store.close()
    for skipped in report.skipped:
        print(skipped, file=sys.stderr)
    for rejection in report.rejected:
        print(rejection, file=sys.stderr)
    print(report.summary_line())
    return 1 if report.rejected else 0


def _progress_bar(paths: list[str]) -> Any:
    """A tqdm bar on stderr, only for a person watching a long import (never in pipes or logs)."""
    if not sys.stderr.isatty():
        return None
    from bot.ingest.files import count_inputs

    total = count_inputs(paths)
    if total < PROGRESS_MIN_INPUTS:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, leave=False)


def _government(value: str) -> str:
    from bot.ingest.fields import government_code

    code = government_code(value)
    if code is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 3166 alpha-2 code or a country name (e.g. JP, US, CN)")
    return code


def _kind(value: str) -> str:
    from bot.ingest.fields import KIND_CHOICES, kind_value

    kind = kind_value(value)
    if kind is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not one of {', '.join(KIND_CHOICES)}")
    return kind


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} must be a positive number")
    return number
