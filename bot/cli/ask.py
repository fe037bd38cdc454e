"""`readout-watch ask "/quote serious concern" [--json]`: any slash command through the console platform.

The same command layer answers Discord, Slack and this; here the reply is printed as text, or as the
Reply model with `--json`. Exit status: 0 for an answer, 1 for an error reply (bad input, unknown
command, a failure), so scripts can tell them apart. No argument can produce a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli import add_subcommand, db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(
        subparsers,
        "ask",
        help="Run a slash command through the console platform.",
        description='Run a slash command as a chat user would, e.g. ask "/quote serious concern government:JP". '
        "The local user is an admin. Several words are joined into one command line.",
    )
    parser.add_argument("line", nargs="+", metavar="COMMAND", help='the command line, e.g. "/quote serious concern"')
    parser.add_argument("--json", action="store_true", help="print the Reply model as JSON")
    parser.set_defaults(func=run)


def join_argv(parts: list[str]) -> str:
    """Words the shell already split, rejoined so `ask /quote "serious concern" speaker:"Guo Jiakun"`
    means what it says: a word with spaces is quoted again (as `key:"value"` when it is an option)."""
    out = []
    for index, part in enumerate(parts):
        if index == 0 or not any(ch.isspace() for ch in part) or '"' in part:
            out.append(part)
            continue
        key, colon, value = part.partition(":")
        if colon and key and " " not in key and key.replace("-", "").replace("_", "").isalnum():
            out.append(f'{key}:"{value}"')
        else:
            out.append(f'"{part}"')
    return " ".join(out)


async def run(args: argparse.Namespace) -> int:
    from bot.platforms.console import console_context, render_text
    from bot.store import open_store
    from commands.dispatch import run_text
    from commands.reply import Severity

    path = db_path(args)
    try:
        store = await open_store(path)
    except Exception as exc:  # a missing directory, a file that is not SQLite, a locked disk
        print(f"readout-watch ask: cannot open the database {path}: {_one_line(exc)}", file=sys.stderr)
        return 1
    try:
        reply = await run_text(console_context(store), join_argv(list(args.line)))
    finally:
        await store.close()
    if args.json:
        print(json.dumps(reply.to_dict(), ensure_ascii=False, indent=2))
    else:
        stream = sys.stderr if reply.severity == Severity.ERROR else sys.stdout
        print(render_text(reply), end="", file=stream)
    return 1 if reply.severity == Severity.ERROR else 0


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
