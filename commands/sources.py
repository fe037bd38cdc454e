"""/sources add|list|remove|pause|resume|test: admins manage what the bot watches, from chat.

Every handler calls bot.sources_admin, the same functions as the `readout-watch sources` CLI, so the
two can never disagree. From chat only http(s) URLs are accepted: a local folder would let a remote
user make the server read its own files (folders are added from the command line).
"""

from __future__ import annotations

from typing import Any

from bot.store.sources import Source
from commands.context import CommandContext
from commands.markup import bold, link, plain
from commands.registry import Option, command
from commands.reply import Field, Reply, Severity

KINDS = ("official_readout", "statement", "news", "quoted_in_news")
MAX_LISTED_DOCUMENTS = 10


def _settings(ctx: CommandContext) -> Any:
    settings = getattr(ctx, "settings", None)
    if settings is not None:
        return settings
    from bot.config import get_settings

    return get_settings()


def _who(ctx: CommandContext) -> str | None:
    return f"{ctx.platform}:{ctx.user_id}" if ctx.user_id else ctx.platform


def _source_data(source: Source) -> dict[str, Any]:
    return source.to_dict()


def _label(source: Source) -> str:
    return f"#{source.id} " + link(source.url, source.url)


@command(
    "sources add",
    "Watch a feed or page (http/https URL) for readouts of one government.",
    options=(
        Option("url", "The feed (RSS, Atom, JSON Feed) or page URL", required=True, max_length=2000),
        Option("government", "Whose documents these are, e.g. JP", type="government", required=True),
        Option("kind", "What the documents are", type="choice", required=True, choices=KINDS),
        Option("every", "How often to poll, e.g. 15m (default), 1h; at least 1m", max_length=20),
        Option("issuer", 'Who publishes them, e.g. "Japan Ministry of Defense"', max_length=200),
    ),
    admin=True,
    defer=True,
    examples=("/sources add https://www.mod.go.jp/en/rss.xml JP official_readout every:30m",),
)
async def sources_add(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    from bot.sources_admin import SourceAdminError, add_source, format_interval

    try:
        source = await add_source(
            ctx.store, _settings(ctx), args["url"], government=args["government"], kind=args["kind"],
            every=args.get("every"), issuer=args.get("issuer"), added_by=_who(ctx), allow_folder=False,
        )
    except SourceAdminError as exc:
        return Reply.error(plain(str(exc)), title="Source not added")
    return Reply(
        title=f"Watching source #{source.id}",
        description=(
            f"{link(source.url, source.url)} is polled every {format_interval(source.interval_seconds)}."
            " What it already has is imported on the first poll without alerts; new readouts after that"
            " can raise divergence alerts."
        ),
        fields=[
            Field("Government", plain(source.government or "-"), inline=True),
            Field("Kind", plain(source.doc_kind), inline=True),
            Field("Issuer", plain(source.issuer or "-"), inline=True),
        ],
        severity=Severity.SUCCESS,
        data={"source": _source_data(source)},
    )


@command(
    "sources list",
    "Every watched source and its health: last success, last error, failures, next poll, paused.",
    admin=True,
    examples=("/sources list",),
)
async def sources_list(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    from bot.sources_admin import format_interval, health, list_sources

    sources = await list_sources(ctx.store)
    if not sources:
        return Reply(
            title="No sources",
            description="Nothing is watched yet. Add one with /sources add URL GOVERNMENT KIND.",
            ephemeral=True,
            data={"sources": []},
        )
    fields = [
        Field(
            f"#{s.id} {s.government or '-'} {s.doc_kind} every {format_interval(s.interval_seconds)}",
            f"{link(s.url, s.url) if not s.is_folder else plain(s.url)}\n{plain(health(s, ctx.now))}",
        )
        for s in sources
    ]
    unhealthy = [s for s in sources if not s.healthy]
    return Reply(
        title=f"{len(sources)} watched source{'s' if len(sources) != 1 else ''}",
        description=(f"{bold(len(unhealthy))} need attention." if unhealthy else "All sources are healthy."),
        fields=fields,
        severity=Severity.WARNING if unhealthy else Severity.INFO,
        ephemeral=True,
        data={"sources": [_source_data(s) for s in sources]},
    )


def _id_option(verb: str) -> tuple[Option, ...]:
    return (Option("id", f"The source to {verb} (see /sources list)", type="integer", required=True, min_value=1),)


@command("sources remove", "Stop watching a source (its documents stay).", options=_id_option("remove"),
         admin=True, examples=("/sources remove 3",))
async def sources_remove(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    from bot.sources_admin import SourceAdminError, remove_source

    try:
        source = await remove_source(ctx.store, int(args["id"]))
    except SourceAdminError as exc:
        return Reply.error(plain(str(exc)), title="Nothing removed")
    return Reply(title=f"Removed source #{source.id}", description=f"{_label(source)} is no longer watched;"
                 " the documents it brought in stay.", severity=Severity.SUCCESS, data={"source": _source_data(source)})


@command("sources pause", "Stop polling a source until it is resumed.", options=_id_option("pause"),
         admin=True, examples=("/sources pause 3",))
async def sources_pause(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    from bot.sources_admin import SourceAdminError, pause_source

    try:
        source = await pause_source(ctx.store, int(args["id"]), by=_who(ctx))
    except SourceAdminError as exc:
        return Reply.error(plain(str(exc)), title="Nothing paused")
    return Reply(title=f"Paused source #{source.id}", description=f"{_label(source)} is not polled until"
                 f" /sources resume {source.id}.", severity=Severity.SUCCESS, data={"source": _source_data(source)})


@command("sources resume", "Poll a paused source again (its failure count starts over).",
         options=_id_option("resume"), admin=True, examples=("/sources resume 3",))
async def sources_resume(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    from bot.sources_admin import SourceAdminError, resume_source

    try:
        source = await resume_source(ctx.store, int(args["id"]))
    except SourceAdminError as exc:
        return Reply.error(plain(str(exc)), title="Nothing resumed")
    return Reply(title=f"Resumed source #{source.id}", description=f"{_label(source)} is polled on the"
                 " watcher's next pass.", severity=Severity.SUCCESS, data={"source": _source_data(source)})


@command(
    "sources test",
    "Fetch a URL now and show what would be imported from it (imports nothing).",
    options=(Option("url", "The feed or page URL to try", required=True, max_length=2000),),
    admin=True,
    defer=True,
    examples=("/sources test https://www.mod.go.jp/en/rss.xml",),
)
async def sources_test(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    from bot.sources_admin import SourceAdminError, probe_source

    try:
        probe = await probe_source(_settings(ctx), args["url"], allow_folder=False)
    except SourceAdminError as exc:
        return Reply.error(plain(str(exc)), title="Cannot test that URL")
    data = {
        "url": probe.url,
        "format": probe.format,
        "error": probe.error,
        "documents": [{"doc_id": d.doc_id, "title": d.title, "date": d.date, "url": d.url} for d in probe.documents],
        "rejected": [{"origin": r.origin, "reason": r.reason} for r in probe.rejected],
    }
    if probe.error:
        return Reply(title="The source did not answer usefully", description=plain(probe.error),
                     severity=Severity.WARNING, ephemeral=True, data=data)
    fields = [
        Field(plain(d.date or "no date"), link(d.title or d.url or d.doc_id or "(untitled)", d.url))
        for d in probe.documents[:MAX_LISTED_DOCUMENTS]
    ]
    more = len(probe.documents) - len(fields)
    description = (
        f"{link(probe.url, probe.url)} reads as {plain(probe.format or '?')}: {bold(len(probe.documents))}"
        f" document(s) would be imported (before dedupe), {len(probe.rejected)} rejected. Nothing was imported."
        + (f" {more} more not shown." if more > 0 else "")
    )
    return Reply(title="Source test", description=description, fields=fields, ephemeral=True, data=data)
