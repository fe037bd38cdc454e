"""The watcher: poll due sources -> import new items -> (importer runs grouping, divergence, outbox).

`run_watcher` is one long-running task: it polls what is due, then sleeps until the next source is
due (capped, so sources added by another process are noticed) or until `stop` is set. It never busy
polls. `poll_all` is one pass (what `watch --once` and cron use).

A poll of one source never affects another: fetching runs concurrently under the fetcher's per-host
and global limits, every failure is caught and recorded on its own source (with backoff, and a pause
after `PAUSE_AFTER` failures in a row), and imports run one source at a time so grouping sees a
consistent store.

Backfill: a source's first successful poll imports the items it already had with `alerts=False`
(no alerts about old events) unless the source was added with `alert_backfill`; later polls alert.

Link-only feed items (no content, no summary) are completed by fetching the linked page and taking
its main text, at most `MAX_PAGE_FETCHES` per poll; when items are left over, or a page fails, the
feed's ETag/Last-Modified are not saved, so the next poll reads the whole feed again and picks them up.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.ingest.feeds import FeedError, FeedItem, parse_body, parse_html_page, scan_folder, to_input, with_page_text
from bot.ingest.fetch import Fetcher, FetchError, FetchPolicy
from bot.ingest.inputs import InputDefaults, InputItem, Rejection, Skipped
from bot.store.sources import Source

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver

    from bot.store.base import Store

log = logging.getLogger(__name__)

PAUSE_AFTER = 5  # consecutive failures before a source is paused
MAX_BACKOFF_SECONDS = 6 * 3600
JITTER = 0.1  # +-10% of every delay, so sources added together drift apart
MAX_SLEEP_SECONDS = 60.0  # the watcher looks at the store at least this often
MAX_PAGE_FETCHES = 10  # linked pages fetched for link-only items, per source per poll


@dataclass
class SourceOutcome:
    """What one poll of one source did. `status`: imported | not_modified | failed | paused."""

    source_id: int
    url: str
    status: str
    imported: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    error: str | None = None
    backfill: bool = False

    def line(self) -> str:
        head = f"source {self.source_id} {self.url}: "
        if self.status in ("failed", "paused"):
            tail = "; paused" if self.status == "paused" else ""
            return head + f"failed: {self.error}{tail}"
        if self.status == "not_modified":
            return head + "not modified"
        note = " (backfill, no alerts)" if self.backfill else ""
        return head + f"imported {self.imported}, duplicate {self.duplicates}, rejected {len(self.rejected)}{note}"


@dataclass
class PollReport:
    outcomes: list[SourceOutcome] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(o.imported for o in self.outcomes)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.status in ("failed", "paused")]

    def lines(self) -> list[str]:
        return [o.line() for o in self.outcomes]


@dataclass
class Collected:
    """What a source yielded this poll, before import."""

    inputs: list[InputItem] = field(default_factory=list)
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    complete: bool = True  # False: save no validators, so the next poll sees the leftovers
    seen_files: dict[str, str] = field(default_factory=dict)
    format: str | None = None


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def next_poll(now: datetime, seconds: float, rng: random.Random | None = None) -> str:
    """`now + seconds`, jittered by +-JITTER."""
    spread = (rng or random).uniform(1 - JITTER, 1 + JITTER)
    return utc_iso(now + timedelta(seconds=max(1.0, seconds * spread)))


def backoff_seconds(interval: int, failures: int) -> float:
    """Delay after the `failures`-th failure in a row: the interval, doubled per further failure."""
    return float(min(interval * 2 ** max(0, failures - 1), max(interval, MAX_BACKOFF_SECONDS)))


def defaults_for(source: Source) -> InputDefaults:
    return InputDefaults(government=source.government, issuer=source.issuer, kind=source.doc_kind)


async def collect(source: Source, fetcher: Fetcher, store: "Store | None" = None) -> Collected:
    """Fetch and read one source (no storing). Raises FetchError / FeedError on failure.

    `store` lets link-only items already imported be skipped without fetching their page, and lets
    folder sources know which files they have seen; `sources test` passes None.
    """
    if source.is_folder:
        return await _collect_folder(source, store)
    result = await fetcher.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
    if result.not_modified:
        return Collected(not_modified=True, etag=source.etag, last_modified=source.last_modified)
    parsed = parse_body(result.body, url=source.url, content_type=result.content_type, source_type=source.source_type)
    collected = Collected(etag=result.etag, last_modified=result.last_modified, format=parsed.format)
    origin = source.url
    items = sorted(parsed.items, key=lambda i: i.date or "")  # oldest first: events build in order
    budget = MAX_PAGE_FETCHES
    for item in items:
        if item.link_only and item.link:
            if store is not None and item.doc_id and await store.documents.get_by_doc_id(item.doc_id):
                continue  # imported on an earlier poll
            if budget <= 0:
                collected.complete = False
                continue
            budget -= 1
            filled = await _fill_from_page(item, fetcher)
            if isinstance(filled, Rejection):
                collected.complete = False
                collected.inputs.append(Rejection(f"{origin} item {item.link}", filled.reason))
                continue
            item = filled
        collected.inputs.append(
            to_input(item, defaults_for(source), source_id=source.id or None, origin=origin, fmt=parsed.format)
        )
    return collected


async def _fill_from_page(item: FeedItem, fetcher: Fetcher) -> FeedItem | Rejection:
    assert item.link is not None
    try:
        page = await fetcher.fetch(item.link, accept="text/html,application/xhtml+xml")
        return with_page_text(item, parse_html_page(page.body, url=page.url))
    except (FetchError, FeedError) as exc:
        return Rejection(item.link, f"linked page: {exc}")


async def _collect_folder(source: Source, store: "Store | None") -> Collected:
    """New or changed files of a folder source, read by the same readers as `readout-watch import`."""
    from bot.ingest.files import SUPPORTED_SUFFIXES, read_file

    root = Path(source.url)
    seen = await store.sources.seen_files(source.id) if store is not None and source.id else {}
    scan = await asyncio.to_thread(scan_folder, root, seen)
    collected = Collected(seen_files=dict(scan.new), format="folder")
    defaults = defaults_for(source)

    def read_all() -> list[InputItem]:
        out: list[InputItem] = []
        for path in scan.paths():
            name = str(path)
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                out.append(Skipped(name, f"unsupported file type '{path.suffix or path.name}'"))
                continue
            for got in read_file(path, name=name, defaults=defaults):
                out.append(replace(got, source_id=source.id or None) if not isinstance(got, (Rejection, Skipped)) else got)
        return out

    collected.inputs = await asyncio.to_thread(read_all)
    return collected


async def _import(store: "Store", inputs: Sequence[InputItem], *, alerts: bool) -> Any:
    from bot.ingest.importer import import_documents

    return await import_documents(store, inputs, alerts=alerts)


async def poll_source(
    store: "Store",
    source: Source,
    fetcher: Fetcher,
    *,
    import_lock: asyncio.Lock,
    pause_after: int = PAUSE_AFTER,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> SourceOutcome:
    """Poll one source and record the outcome on it. Never raises (except cancellation)."""
    try:
        collected = await collect(source, fetcher, store)
    except (FetchError, FeedError) as exc:
        return await _failed(store, source, str(exc), pause_after, clock())
    except Exception as exc:  # a bug reading one source must not stop the others
        log.exception("polling source %s failed unexpectedly", source.id)
        return await _failed(store, source, f"internal error: {type(exc).__name__}: {exc}", pause_after, clock())

    outcome = SourceOutcome(source.id, source.url, "not_modified" if collected.not_modified else "imported")
    if not collected.not_modified:
        alerts = source.alert_backfill or not source.backfilling
        outcome.backfill = not alerts
        try:
            async with import_lock:
                report = await _import(store, collected.inputs, alerts=alerts)
        except Exception as exc:
            log.exception("importing from source %s failed", source.id)
            return await _failed(store, source, f"import failed: {type(exc).__name__}: {exc}", pause_after, clock())
        outcome.imported = report.imported
        outcome.duplicates = report.duplicates
        outcome.rejected = list(report.rejected)
        if collected.seen_files:
            await store.sources.mark_files_seen(source.id, collected.seen_files)
    now = clock()
    await store.sources.record_success(
        source.id,
        polled_at=utc_iso(now),
        next_poll_at=next_poll(now, source.interval_seconds),
        etag=collected.etag,
        last_modified=collected.last_modified,
        update_validators=collected.complete,
    )
    log.info("%s", outcome.line())
    return outcome


async def _failed(store: "Store", source: Source, reason: str, pause_after: int, now: datetime) -> SourceOutcome:
    failures = source.consecutive_failures + 1
    updated = await store.sources.record_failure(
        source.id,
        reason,
        polled_at=utc_iso(now),
        next_poll_at=next_poll(now, backoff_seconds(source.interval_seconds, failures)),
        pause_after=pause_after,
    )
    paused = updated is not None and not updated.enabled
    log.warning("source %s %s failed (%d in a row): %s%s", source.id, source.url, failures, reason,
                "; paused" if paused else "")
    return SourceOutcome(source.id, source.url, "paused" if paused else "failed", error=reason)


async def poll_sources(
    store: "Store", sources: Sequence[Source], fetcher: Fetcher, *, pause_after: int = PAUSE_AFTER
) -> PollReport:
    """Poll `sources` concurrently (the fetcher keeps it polite); outcomes in the sources' order."""
    lock = asyncio.Lock()
    outcomes = await asyncio.gather(
        *(poll_source(store, s, fetcher, import_lock=lock, pause_after=pause_after) for s in sources)
    )
    return PollReport(list(outcomes))


def policy_for(settings: Any, fetch_policy: FetchPolicy | None) -> FetchPolicy:
    return fetch_policy or FetchPolicy.from_settings(settings)


def pause_after_for(settings: Any) -> int:
    value = getattr(settings, "source_max_failures", None)
    return int(value) if value else PAUSE_AFTER


async def poll_all(
    store: "Store",
    settings: Any,
    *,
    due_only: bool = False,
    fetch_policy: FetchPolicy | None = None,
    resolver: "AbstractResolver | None" = None,
) -> PollReport:
    """One pass over every enabled source (or only the due ones), then return what happened."""
    if due_only:
        sources = await store.sources.due(utc_iso(datetime.now(UTC)))
    else:
        sources = await store.sources.enabled()
    if not sources:
        return PollReport()
    async with Fetcher(policy_for(settings, fetch_policy), resolver=resolver) as fetcher:
        return await poll_sources(store, sources, fetcher, pause_after=pause_after_for(settings))


async def run_watcher(
    store: "Store",
    settings: Any,
    *,
    stop: asyncio.Event,
    fetch_policy: FetchPolicy | None = None,
    resolver: "AbstractResolver | None" = None,
    max_sleep: float = MAX_SLEEP_SECONDS,
    on_report: Callable[[PollReport], None] | None = None,
) -> None:
    """Poll sources as they fall due until `stop` is set. Errors are logged, never fatal."""
    pause_after = pause_after_for(settings)
    async with Fetcher(policy_for(settings, fetch_policy), resolver=resolver) as fetcher:
        while not stop.is_set():
            delay = max_sleep
            try:
                due = await store.sources.due(utc_iso(datetime.now(UTC)))
                if due:
                    report = await poll_sources(store, due, fetcher, pause_after=pause_after)
                    if on_report is not None:
                        on_report(report)
                delay = await _seconds_until_next(store, max_sleep)
            except Exception:
                log.exception("watcher pass failed; retrying in %.0fs", max_sleep)
            try:
                await asyncio.wait_for(stop.wait(), timeout=delay)
            except TimeoutError:
                pass


async def _seconds_until_next(store: "Store", max_sleep: float) -> float:
    """How long to sleep: until the next source is due (at least a moment, at most `max_sleep`)."""
    upcoming = await store.sources.next_poll_at()
    if upcoming is None:
        return max_sleep
    when = parse_utc(upcoming)
    if when is None:
        return 0.05  # never scheduled: due now
    seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max_sleep, max(0.05, seconds))
