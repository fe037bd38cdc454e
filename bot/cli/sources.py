"""`readout-watch sources ...`: add, list, remove, pause, resume, test, admin-channel.

Thin: parse arguments, call bot.sources_admin (the same functions the chat commands call), print.
A refused action prints one line to stderr and exits 2; nothing is stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.cli import add_subcommand, db_path

TYPES = ("auto", "rss", "atom", "jsonfeed", "html", "folder")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_subcommand(
        subparsers, "sources", help="Add, list, remove, pause, resume and test watched sources.",
        description="Manage the feeds, pages and folders the watcher polls.",
    )
    parser.set_defaults(func=_usage(parser))
    actions = parser.add_subparsers(dest="sources_command", metavar="ACTION")

    add = add_subcommand(actions, "add", help="Watch a feed, page or (plain path) local folder.",
                         description="Watch a feed or page URL (http/https) or a local folder given as a plain path.")
    add.add_argument("url", metavar="URL_OR_FOLDER")
    add.add_argument("--government", help="ISO 3166 code of the government whose documents these are (e.g. JP)")
    add.add_argument("--issuer", help='who publishes them, e.g. "Japan Ministry of Defense"')
    add.add_argument("--kind", default="official_readout",
                     help="official_readout (default), statement, news or quoted_in_news")
    add.add_argument("--every", default=None, help="polling interval, e.g. 15m (default), 1h, 90s; at least 1m")
    add.add_argument("--type", dest="source_type", default="auto", choices=TYPES, help="default: detect")
    add.add_argument("--alert-backfill", action="store_true",
                     help="also alert on the items already there when the source is added")
    add.set_defaults(func=_add)

    listing = add_subcommand(actions, "list", help="Every source with its health.")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=_list)

    for name, func, text in (
        ("remove", _remove, "Stop watching a source (its documents stay)."),
        ("pause", _pause, "Stop polling a source for now."),
        ("resume", _resume, "Poll a paused source again (failure count reset)."),
    ):
        sub = add_subcommand(actions, name, help=text)
        sub.add_argument("id", type=int, metavar="ID")
        sub.set_defaults(func=func)

    test = add_subcommand(actions, "test", help="Fetch a URL now and show what would be imported (imports nothing).")
    test.add_argument("url", metavar="URL_OR_FOLDER")
    test.add_argument("--type", dest="source_type", default="auto", choices=TYPES)
    test.add_argument("--government")
    test.add_argument("--issuer")
    test.add_argument("--kind", default="official_readout")
    test.add_argument("--json", action="store_true", help="print JSON")
    test.set_defaults(func=_test)

    channel = add_subcommand(actions, "admin-channel",
                             help="Where 'source paused' notices go: discord:ID, slack:ID, or off.")
    channel.add_argument("value", nargs="?", help="omit to show the current one")
    channel.set_defaults(func=_admin_channel)


def _usage(parser: argparse.ArgumentParser) -> Any:
    def show(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    return show


class SettingsError(Exception):
    """The environment holds a setting that does not parse; the message names it."""


def load_settings() -> Any:
    """`bot.config.Settings()`, with a bad value reported as one line instead of pydantic's dump."""
    from pydantic import ValidationError

    from bot.config import Settings

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first.get("loc", ())) or "setting"
        raise SettingsError(f"bad setting {name}: {first.get('msg', 'invalid value')}") from None


def _settings() -> Any:
    return load_settings()


async def _open(args: argparse.Namespace) -> Any:
    from bot.store import open_store

    return await open_store(db_path(args))


def _fail(message: str) -> int:
    print(f"readout-watch sources: {message}", file=sys.stderr)
    return 2


async def _add(args: argparse.Namespace) -> int:
    from bot.sources_admin import SourceAdminError, add_source, format_interval

    try:
        settings = _settings()
    except SettingsError as exc:
        return _fail(str(exc))
    async with await _open(args) as store:
        try:
            source = await add_source(
                store, settings, args.url, government=args.government, issuer=args.issuer, kind=args.kind,
                every=args.every, source_type=args.source_type, alert_backfill=args.alert_backfill,
                added_by="cli", allow_folder=True,
            )
        except SourceAdminError as exc:
            return _fail(str(exc))
    backfill = "alerts on" if source.alert_backfill else "no alerts"
    print(f"added source {source.id}: {source.url} ({source.source_type}, {source.government or 'no government'},"
          f" {source.doc_kind}, every {format_interval(source.interval_seconds)});"
          f" its current items are imported on the first poll ({backfill} for them)")
    return 0


async def _list(args: argparse.Namespace) -> int:
    from bot.sources_admin import format_interval, health, list_sources

    async with await _open(args) as store:
        sources = await list_sources(store)
    if args.json:
        print(json.dumps([s.to_dict() for s in sources], indent=2, ensure_ascii=False))
        return 0
    if not sources:
        print("no sources; add one with: readout-watch sources add URL --government JP --kind official_readout")
        return 0
    for s in sources:
        who = " ".join(x for x in (s.government, s.issuer and f'"{s.issuer}"') if x) or "-"
        print(f"{s.id:>3}  {s.url}  [{s.source_type}, {who}, {s.doc_kind}, every {format_interval(s.interval_seconds)}]")
        print(f"     {health(s)}")
    return 0


async def _by_id(args: argparse.Namespace, action: str) -> int:
    from bot import sources_admin as admin

    async with await _open(args) as store:
        try:
            if action == "remove":
                source = await admin.remove_source(store, args.id)
                print(f"removed source {source.id}: {source.url} (its documents stay)")
            elif action == "pause":
                source = await admin.pause_source(store, args.id, by="cli")
                print(f"paused source {source.id}: {source.url}")
            else:
                source = await admin.resume_source(store, args.id)
                print(f"resumed source {source.id}: {source.url} (polled on the next watcher pass)")
        except admin.SourceAdminError as exc:
            return _fail(str(exc))
    return 0


async def _remove(args: argparse.Namespace) -> int:
    return await _by_id(args, "remove")


async def _pause(args: argparse.Namespace) -> int:
    return await _by_id(args, "pause")


async def _resume(args: argparse.Namespace) -> int:
    return await _by_id(args, "resume")


async def _test(args: argparse.Namespace) -> int:
    from bot.sources_admin import SourceAdminError, probe_source

    try:
        settings = _settings()
    except SettingsError as exc:
        return _fail(str(exc))
    try:
        probe = await probe_source(
            settings, args.url, source_type=args.source_type, government=args.government,
            issuer=args.issuer, kind=args.kind, allow_folder=True,
        )
    except SourceAdminError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps({
            "url": probe.url, "format": probe.format, "error": probe.error,
            "documents": [{"doc_id": d.doc_id, "title": d.title, "date": d.date, "url": d.url,
                           "government": d.government, "kind": str(d.kind), "chars": len(d.text)}
                          for d in probe.documents],
            "rejected": [{"origin": r.origin, "reason": r.reason} for r in probe.rejected],
        }, indent=2, ensure_ascii=False))
        return 1 if probe.error else 0
    if probe.error:
        print(f"{probe.url}: {probe.error}", file=sys.stderr)
        return 1
    print(f"{probe.url}: {probe.format}, {len(probe.documents)} document(s) would be imported"
          f" (before dedupe), {len(probe.rejected)} rejected; nothing was imported")
    for d in probe.documents:
        print(f"  {d.date or '----------'}  {d.title or '(no title)'}  [{len(d.text)} chars]  {d.doc_id or ''}")
    for r in probe.rejected:
        print(f"  rejected: {r}")
    return 0


async def _admin_channel(args: argparse.Namespace) -> int:
    from bot.sources_admin import SourceAdminError, get_admin_channel, set_admin_channel

    async with await _open(args) as store:
        if args.value is None:
            print(await get_admin_channel(store) or "no admin channel set")
            return 0
        try:
            value = await set_admin_channel(store, args.value)
        except SourceAdminError as exc:
            return _fail(str(exc))
    print(f"admin channel: {value}" if value else "admin channel cleared")
    return 0
