"""Managing watched sources: the functions the CLI and the chat admin commands both call.

Each function validates its input and either returns a plain result or raises `SourceAdminError` with
a one-line message meant for the admin who typed the command; nothing is stored when it raises.

A source is an http(s) URL (a feed or a page) or, from the command line only, a local folder given
as a plain path: the chat commands run on behalf of remote users and must not read the server's
files, while whoever runs the CLI already can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.store.sources import SOURCE_TYPES, DuplicateSourceError, Source

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver

    from bot.ingest.fetch import FetchPolicy
    from bot.ingest.inputs import InputItem
    from bot.store.base import Store

MIN_INTERVAL_SECONDS = 60
DEFAULT_INTERVAL_SECONDS = 900
MAX_INTERVAL_SECONDS = 7 * 24 * 3600
ADMIN_CHANNEL_SETTING = "admin_channel"

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)?\s*$", re.I)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_ADMIN_CHANNEL = re.compile(r"^(discord|slack):([A-Za-z0-9_-]{1,64})$")


class SourceAdminError(ValueError):
    """A refused admin action; the message is one line an admin can act on."""


def parse_interval(value: str | int | None) -> int:
    """Seconds in "15m", "1h", "90s", "2d" or a bare number of seconds; at least one minute."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_INTERVAL_SECONDS
    if isinstance(value, int):
        seconds = value
    else:
        match = _INTERVAL.match(value)
        if not match:
            raise SourceAdminError(f"interval {value!r} not understood; use e.g. 90s, 15m, 1h or 1d")
        unit = (match.group(2) or "s")[0].lower()
        seconds = int(float(match.group(1)) * _UNIT_SECONDS[unit])
    if seconds < MIN_INTERVAL_SECONDS:
        raise SourceAdminError(f"interval {format_interval(seconds)} is too short; the minimum is 1 minute")
    if seconds > MAX_INTERVAL_SECONDS:
        raise SourceAdminError(f"interval {format_interval(seconds)} is too long; the maximum is 7 days")
    return seconds


def format_interval(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _policy(settings: Any) -> Any:
    from bot.ingest.netguard import NetPolicy

    return NetPolicy(allow_private=bool(getattr(settings, "allow_private_urls", False)))


def looks_like_path(target: str) -> bool:
    """A plain filesystem path rather than a URL (no scheme)."""
    return target.startswith(("/", "./", "../", "~")) or ("://" not in target and Path(target).exists())


async def add_source(
    store: "Store",
    settings: Any,
    target: str,
    *,
    government: str | None = None,
    issuer: str | None = None,
    kind: str = "official_readout",
    every: str | int | None = None,
    source_type: str = "auto",
    alert_backfill: bool = False,
    added_by: str | None = None,
    allow_folder: bool = False,
    resolver: "AbstractResolver | None" = None,
) -> Source:
    """Validate and store a new source (due at once). Raises SourceAdminError, storing nothing."""
    from bot.ingest.fields import government_code, kind_value

    target = (target or "").strip()
    if not target:
        raise SourceAdminError("give the feed or page URL to watch")
    gov = None
    if government:
        gov = government_code(government)
        if gov is None:
            raise SourceAdminError(f"government {government!r} is not an ISO 3166 country code (e.g. JP, US, CN)")
    doc_kind = kind_value(kind or "official_readout")
    if doc_kind is None:
        from bot.ingest.fields import KIND_CHOICES

        raise SourceAdminError(f"kind {kind!r} is not one of {', '.join(KIND_CHOICES)}")
    stype = (source_type or "auto").strip().lower()
    if stype not in SOURCE_TYPES:
        raise SourceAdminError(f"type {source_type!r} is not one of {', '.join(SOURCE_TYPES)}")
    interval = parse_interval(every)

    if stype == "folder" or (stype == "auto" and looks_like_path(target)):
        url = _folder_target(target, allow_folder)
        stype = "folder"
    else:
        url = await _checked_url(target, settings, resolver)
    try:
        return await store.sources.add(
            url,
            source_type=stype,
            government=gov,
            issuer=(issuer or "").strip() or None,
            doc_kind=doc_kind,
            interval_seconds=interval,
            alert_backfill=alert_backfill,
            added_by=added_by,
        )
    except DuplicateSourceError as exc:
        raise SourceAdminError(f"{url} is already watched (source {exc.existing.id})") from None


def _folder_target(target: str, allow_folder: bool) -> str:
    if not allow_folder:
        raise SourceAdminError("local folders can be added only from the command line; give an http(s) URL")
    if "://" in target:
        raise SourceAdminError("a folder source is a plain path (e.g. /srv/readouts), not a URL")
    path = Path(target).expanduser().resolve()
    if not path.is_dir():
        raise SourceAdminError(f"{path} is not a folder")
    return str(path)


async def _checked_url(target: str, settings: Any, resolver: "AbstractResolver | None") -> str:
    from bot.ingest.netguard import UnsafeURLError, check_url

    try:
        await check_url(target, _policy(settings), resolver)
    except UnsafeURLError as exc:
        raise SourceAdminError(f"{target} refused: {exc}") from None
    return target


async def list_sources(store: "Store") -> list[Source]:
    return await store.sources.list()


async def _existing(store: "Store", source_id: int) -> Source:
    source = await store.sources.get(int(source_id))
    if source is None:
        raise SourceAdminError(f"no source with id {source_id} (see `sources list`)")
    return source


async def remove_source(store: "Store", source_id: int) -> Source:
    """Stop watching a source; the documents it brought in stay. Returns the removed source."""
    source = await _existing(store, source_id)
    await store.sources.remove(source.id)
    return source


async def pause_source(store: "Store", source_id: int, *, by: str | None = None) -> Source:
    source = await _existing(store, source_id)
    reason = f"paused by {by}" if by else "paused by an admin"
    await store.sources.pause(source.id, reason)
    return await _existing(store, source.id)


async def resume_source(store: "Store", source_id: int) -> Source:
    """Enable a paused source, due at once, with its failure count reset."""
    source = await _existing(store, source_id)
    await store.sources.resume(source.id)
    return await _existing(store, source.id)


@dataclass
class SourceProbe:
    """What `sources test` saw: the documents a poll would import now, and what it would reject."""

    url: str
    format: str | None = None
    documents: list[Any] = field(default_factory=list)  # DocumentInput
    rejected: list[Any] = field(default_factory=list)  # Rejection
    error: str | None = None


async def probe_source(
    settings: Any,
    target: str,
    *,
    source_type: str = "auto",
    government: str | None = None,
    issuer: str | None = None,
    kind: str = "official_readout",
    allow_folder: bool = False,
    fetch_policy: "FetchPolicy | None" = None,
    resolver: "AbstractResolver | None" = None,
) -> SourceProbe:
    """Fetch and read `target` now exactly as a poll would, and store nothing.

    Refusals of the URL itself raise SourceAdminError; fetch and parse failures are in `.error`.
    """
    from bot.ingest.feeds import FeedError
    from bot.ingest.fetch import Fetcher, FetchError, FetchPolicy
    from bot.ingest.inputs import Rejection, Skipped
    from bot.watch import collect

    target = (target or "").strip()
    stype = (source_type or "auto").lower()
    if stype not in SOURCE_TYPES:
        raise SourceAdminError(f"type {source_type!r} is not one of {', '.join(SOURCE_TYPES)}")
    if stype == "folder" or (stype == "auto" and looks_like_path(target)):
        url, stype = _folder_target(target, allow_folder), "folder"
    else:
        url = await _checked_url(target, settings, resolver)
    probe = transient_source(url, source_type=stype, government=government, issuer=issuer, kind=kind)
    result = SourceProbe(url)
    policy = fetch_policy or FetchPolicy.from_settings(settings)
    try:
        async with Fetcher(policy, resolver=resolver) as fetcher:
            collected = await collect(probe, fetcher, None)
    except (FetchError, FeedError) as exc:
        result.error = str(exc)
        return result
    result.format = collected.format
    items: list[InputItem] = collected.inputs
    result.documents = [i for i in items if not isinstance(i, (Rejection, Skipped))]
    result.rejected = [i for i in items if isinstance(i, Rejection)]
    return result


def transient_source(
    url: str, *, source_type: str = "auto", government: str | None = None, issuer: str | None = None,
    kind: str = "official_readout",
) -> Source:
    """A Source that is not stored (id 0), for reading a URL the way a poll would."""
    from bot.ingest.fields import government_code, kind_value

    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Source(
        id=0, url=url, source_type=source_type,
        government=government_code(government) if government else None, issuer=issuer,
        doc_kind=kind_value(kind or "") or "official_readout", interval_seconds=DEFAULT_INTERVAL_SECONDS,
        enabled=True, alert_backfill=False, etag=None, last_modified=None, next_poll_at=None,
        last_polled_at=None, last_success_at=None, last_error=None, last_error_at=None,
        consecutive_failures=0, paused_reason=None, added_by=None, created_at=now,
    )


async def set_admin_channel(store: "Store", value: str | None) -> str | None:
    """Where "source paused" notices go: "discord:CHANNEL_ID" or "slack:CHANNEL_ID"; "off" clears."""
    text = (value or "").strip()
    if text.lower() in ("", "off", "none"):
        await store.set_setting(ADMIN_CHANNEL_SETTING, None)
        return None
    if not _ADMIN_CHANNEL.match(text):
        raise SourceAdminError(f"admin channel {text!r} must look like discord:123456789 or slack:C0123ABCD")
    await store.set_setting(ADMIN_CHANNEL_SETTING, text)
    return text


async def get_admin_channel(store: "Store") -> str | None:
    return await store.get_setting(ADMIN_CHANNEL_SETTING)


def health(source: Source, now: datetime | None = None) -> str:
    """One line: how the source is doing, for `sources list` and the chat reply."""
    if not source.enabled:
        state = f"paused ({source.paused_reason or 'paused'})"
    elif source.consecutive_failures:
        state = f"failing ({source.consecutive_failures} in a row): {source.last_error}"
    elif source.last_success_at:
        state = "ok"
    else:
        state = "not polled yet"
    parts = [state]
    if source.last_success_at:
        parts.append(f"last success {source.last_success_at}")
    if source.last_error and not source.consecutive_failures and source.enabled:
        parts.append(f"last error {source.last_error_at}: {source.last_error}")
    if source.enabled and source.next_poll_at:
        parts.append(f"next poll {_relative(source.next_poll_at, now)}")
    return "; ".join(parts)


def _relative(iso: str, now: datetime | None) -> str:
    try:
        when = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return iso
    seconds = int((when - (now or datetime.now(UTC))).total_seconds())
    if seconds <= 0:
        return "now"
    return f"in {format_interval(seconds) if seconds % 60 == 0 or seconds < 60 else _rough(seconds)}"


def _rough(seconds: int) -> str:
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{seconds / 3600:.1f}h".replace(".0h", "h")
    return f"{seconds / 86400:.1f}d".replace(".0d", "d")
