"""`readout-watch events` and `readout-watch divergences`: what the engine found, as text or JSON.

The JSON shapes are DESIGN.md's contracts (built in `bot.divergence_json`, shared with the alert
payload); `doc_id`s are the external ids of the imported documents, unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from bot.cli import add_subcommand, db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    events = add_subcommand(subparsers, "events", help="List events (see also: divergences).",
                            description="Every event: the documents grouped as reports of one call or meeting.")
    events.add_argument("--json", action="store_true", help="print JSON: [{event_id, title, date, governments, doc_ids}]")
    events.set_defaults(func=events_command)

    divergences = add_subcommand(subparsers, "divergences", help="How the readouts of each event differ.",
                                 description="Findings, score and summary of every compared event.")
    divergences.add_argument("--json", action="store_true", help="print the JSON contract of DESIGN.md")
    divergences.add_argument("--min-score", type=_score, default=None, metavar="X",
                             help="only events scoring at least X (0..1)")
    divergences.set_defaults(func=divergences_command)


def _score(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {value}")
    return number


async def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The store, or None (after a one-line error) when there is no database to read."""
    path = db_path(args)
    if path != ":memory:" and not Path(path).exists():
        print(f"readout-watch: no database at {path}; import documents first (readout-watch import PATH)", file=sys.stderr)
        return None
    from bot.store import open_store

    try:
        return await open_store(path)
    except Exception as exc:  # a corrupt file or a newer schema: say so, no traceback
        print(f"readout-watch: cannot open {path}: {exc}", file=sys.stderr)
        return None


async def events_command(args: argparse.Namespace) -> int:
    from bot.divergence_json import event_json

    store = await _open(args)
    if store is None:
        return 1
    try:
        events = await store.events.all_events()
    finally:
        await store.close()
    if args.json:
        print(json.dumps([event_json(e) for e in events], ensure_ascii=False, indent=2))
        return 0
    if not events:
        print("No events yet.")
        return 0
    for e in events:
        flag = "" if e.divergent is None else (f"  divergent {e.score:.2f}" if e.divergent else f"  agree {e.score:.2f}")
        print(f"#{e.id}  {e.date or '????-??-??'}  {e.title}  [{', '.join(e.governments)}]{flag}")
        print(f"      {', '.join(e.doc_ids)}")
    return 0


async def divergences_command(args: argparse.Namespace) -> int:
    from bot.divergence_json import divergence_json

    store = await _open(args)
    if store is None:
        return 1
    try:
        rows = await store.events.divergences(min_score=args.min_score)
    finally:
        await store.close()
    if args.json:
        print(json.dumps([divergence_json(e, d) for e, d in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No compared events" + (f" scoring at least {args.min_score:g}." if args.min_score is not None else " yet."))
        return 0
    for event, divergence in rows:
        verdict = "DIVERGENT" if divergence.divergent else "agree"
        print(f"#{event.id}  {event.date or '????-??-??'}  {event.title}  [{', '.join(event.governments)}]  "
              f"{verdict} (score {divergence.score:.2f})")
        print(textwrap.fill(divergence.summary, width=100, initial_indent="   ", subsequent_indent="   "))
        for f in divergence.findings:
            line = f"- {f.type} [{f.government}, {f.doc_id}]: {f.text}"
            print(textwrap.fill(line, width=100, initial_indent="   ", subsequent_indent="     "))
            if f.counterpart_text:
                print(textwrap.fill(f"closest in {f.counterpart_doc_id}: {f.counterpart_text}", width=100,
                                    initial_indent="     ", subsequent_indent="       "))
        print()
    return 0
