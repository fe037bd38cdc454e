"""`readout-watch demo`: the main job on the bundled corpus, with no tokens and no network.

It runs exactly what the bot runs: the bundled documents go through the real import path
(analysis, storage, grouping, divergence), the alerts come out of the real outbox and are rendered
the way a subscribed channel would receive them, and the example questions go through the same
command layer as Discord and Slack. Nothing is special-cased for the demo data: it picks the event to
ask about by what the engine found (the most recent divergent event).

Without `--db` it works in a temporary database that is removed afterwards, so trying the demo never
mixes its documents into your own corpus; with `--db` the documents, events and alerts stay there.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli import add_subcommand

if TYPE_CHECKING:
    from bot.store.base import Store
    from commands.reply import Reply

FORMATS = ("text", "discord", "slack")
RULE = "━" * 100


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(
        subparsers,
        "demo",
        help="Run the main job on the bundled corpus: ingest, group, diverge, print alerts and example answers.",
        description="Import the bundled demo corpus, group it into events, find divergences, print the alerts "
        "as they would be posted, then the answers to a few example commands. No tokens, no network. "
        "Uses a temporary database unless --db is given.",
    )
    parser.add_argument(
        "--as", dest="render_as", choices=FORMATS, default="text",
        help="print alerts and answers as terminal text (default), or as the JSON bodies posted to Discord "
        "(embeds) or Slack (Block Kit)",
    )
    parser.add_argument("--corpus", metavar="PATH", help="import this file or folder instead of the bundled corpus")
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    if getattr(args, "db", None):
        return await _demo(args, str(args.db))
    with tempfile.TemporaryDirectory(prefix="readout-watch-demo-") as folder:
        return await _demo(args, str(Path(folder) / "demo.db"))


async def _demo(args: argparse.Namespace, path: str) -> int:
    from bot.ingest.files import iter_path_inputs
    from bot.ingest.importer import import_documents
    from bot.paths import demo_corpus_dir
    from bot.store import open_store

    if args.corpus:
        corpus = Path(args.corpus)
        inputs = [str(corpus)]
    else:
        try:
            corpus = demo_corpus_dir()
        except FileNotFoundError as exc:
            print(f"readout-watch demo: {exc}", file=sys.stderr)
            return 1
        inputs = [str(p) for p in sorted(corpus.glob("*.jsonl"))]  # not the folder's README
    store = await open_store(path)
    try:
        before = await store.outbox.last_id()
        report = await import_documents(store, iter_path_inputs(inputs))
        for problem in [*report.rejected, *report.skipped]:
            print(problem, file=sys.stderr)
        events = await store.events.divergences()
        divergent = [(event, divergence) for event, divergence in events if divergence.divergent]
        _heading(f"1. Import {corpus}")
        print(f"{report.summary_line()}. {len(events)} events compared, {len(divergent)} with readouts that diverge.")
        where = "a temporary database (removed on exit)" if not getattr(args, "db", None) else path
        print(f"Database: {where}.")

        alerts = await store.outbox.queued_after(before, kind="divergence")
        _heading(f"2. Alerts, as a subscribed channel would receive them ({len(alerts)})")
        if not alerts:
            print("No new alerts: these documents were already in this database when the demo ran.")
        from bot.delivery.messages import alert_message

        for item in alerts:
            _show(alert_message(item), args.render_as)

        _heading("3. Example commands (the same answers on Discord, Slack and `readout-watch ask`)")
        for line in _example_commands(divergent):
            await _ask(store, line, args.render_as)
    finally:
        await store.close()
    print("\nNext: `readout-watch import PATH` for your own readouts, `readout-watch ask \"/help\"` for every "
          "command, and the README for connecting Discord and Slack.")
    return 1 if report.rejected else 0


def _example_commands(divergent: list) -> list[str]:  # type: ignore[type-arg]
    """Questions an analyst would ask first; the event is the most recent one the engine found divergent."""
    from commands.format import event_ref

    lines = ["/events"]
    if divergent:
        latest = max(divergent, key=lambda pair: (pair[0].date or "", pair[0].id))[0]
        lines.append(f"/divergence {event_ref(latest.id)}")
    lines.append("/quote serious concern")
    return lines


async def _ask(store: "Store", line: str, render_as: str) -> None:
    from bot.platforms.console import console_context
    from commands.dispatch import run_text

    print(f"\n$ {line}\n")
    _show(await run_text(console_context(store), line), render_as)


def _show(reply: "Reply", render_as: str) -> None:
    if render_as == "discord":
        from bot.platforms.discord_render import render

        print(json.dumps(render(reply), ensure_ascii=False, indent=2))
    elif render_as == "slack":
        from bot.platforms.slack_render import render

        print(json.dumps(render(reply), ensure_ascii=False, indent=2))
    else:
        from bot.platforms.console import render_text

        print(render_text(reply))


def _heading(text: str) -> None:
    print(f"\n{RULE}\n{text}\n{RULE}")
