"""After import: group new documents into events, recompute divergence, queue alerts.

The importer and the watcher call `process_documents` with the ids of the documents they just
stored. This module is the I/O edge around the pure engine: it loads what `bot.events` and
`bot.divergence` need from the store, and writes back events, findings and — in the same transaction
as the findings — the outbox row that announces a new or changed divergence.

Documents are grouped oldest first (then by id), so a batch gives the same events whatever order
its lines had; a document that bridges two events that are the same contact merges them.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.ingest.pool_tasks import DivergenceTask, EventStatementRow, diverge_task
from bot.models import Divergence, Document, EventSummary, Finding
from bot.store.base import Store
from bot.store.events import Alert, AlertBuilder, DivergenceRecord

if TYPE_CHECKING:
    from bot.events import ContactProfile, EventState
    from bot.store.events import GroupingSession

log = logging.getLogger(__name__)

# A statement as stored: (sentence index, text, government, speaker, voice) — `AnalysisRows.statements`.
StatementRow = tuple[int, str, str, "str | None", str]


@dataclass
class PipelineResult:
    events_touched: list[int] = field(default_factory=list)
    alerts_queued: int = 0
    events_created: int = 0
    documents_grouped: int = 0
    # With `defer=True`: the divergences still being computed in the pool; `await finish(result)`
    # records them (and queues their alerts) before anything else touches those events.
    pending: "PendingComparisons | None" = None
    # With `hold=True`: the touched events, not compared yet; pass them as `held` to the next call.
    held: "HeldComparisons | None" = None


@dataclass
class HeldComparisons:
    """Events a batch touched whose comparison waits for the next batch of the same import, with
    that batch's statement rows (by document id) so comparing them later reads none back.

    Why: a bulk import groups a few days of a dense corpus a batch, so an event's readouts and the
    news about them often arrive in two batches, and comparing the event after each compared it
    twice (at 100k documents 0.47 comparisons a document instead of 0.42; at 10k 0.425 instead of
    0.417, measured on the benchmark corpora). An event is compared once the batch after it no
    longer adds to it, on the same members as its last comparison would have had."""

    event_ids: list[int]
    statements: dict[int, Sequence[StatementRow]]


async def process_documents(
    store: Store,
    document_ids: Sequence[int],
    *,
    alerts: bool = True,
    profiles: Mapping[int, "ContactProfile"] | None = None,
    statements: Mapping[int, Sequence[StatementRow]] | None = None,
    executor: concurrent.futures.Executor | None = None,
    defer: bool = False,
    held: HeldComparisons | None = None,
    hold: bool = False,
) -> PipelineResult:
    """Group `document_ids` into events and recompute those events' divergence.

    `alerts=False` records findings without queueing alerts (backfill of a newly added source).
    Documents already in an event are not regrouped, but their events are recompared.
    `profiles` are contact profiles the caller already computed from the same document and
    analysis (the importer's pool does); the others are computed from the stored analysis.
    `statements` are documents' statement rows as just stored (`AnalysisRows.statements`, by
    document id): comparing the touched events reads only the other members' back from the store.
    `executor` (a process pool) computes the touched events' divergences in parallel; they are
    recorded in the same order either way. With an executor and `defer=True` the call returns once
    they are submitted, leaving `result.pending`: the caller stores its next chunk while the pool
    works, and must `await finish(result)` before it processes more documents.
    With `hold=True` the touched events are not compared but returned as `result.held`; the next
    call of the same import takes them as `held` and compares those it does not touch again (the
    rest it holds or compares with its own). The last call holds nothing.
    """
    from bot.events import profile_document

    result = PipelineResult()
    ids = [int(i) for i in dict.fromkeys(document_ids)]
    if not ids and held is None:
        return result
    touched: dict[int, None] = {}
    new_ids = await store.events.unassigned(ids)
    given = profiles or {}
    # The documents whose profile is given are needed only for their dates (the grouping order):
    # reading their whole rows (text, metadata) was most of this step's cost (profiled).
    missing = await store.documents.get_many([i for i in new_ids if i not in given])
    dates = await store.documents.dates([i for i in new_ids if i in given])
    order = sorted([(dates.get(i), i) for i in new_ids if i in given and i in dates]
                   + [(d.date, d.id) for d in missing], key=lambda pair: (pair[0] or "9999", pair[1]))
    by_id = {d.id: d for d in missing}
    contact_profiles = []
    for _date, doc_id in order:
        profile = given.get(doc_id)
        if profile is None:
            doc = by_id[doc_id]
            profile = profile_document(doc, await store.documents.analysis(doc.id))
        contact_profiles.append(profile)
    for event_id, created, merged in await store.events.group_each(contact_profiles, group_document):
        result.events_created += int(created)
        for gone in merged:
            touched.pop(gone, None)
        touched[event_id] = None
        result.documents_grouped += 1
    for doc_id in ids:
        if doc_id not in new_ids:
            event = await _event_of(store, doc_id)
            if event is not None:
                touched[event] = None
    # held events this batch did not add to are due now (one merged away since is gone, and
    # `_load_comparisons` leaves it out); this batch's own wait for the next unless it is the last
    due = [i for i in held.event_ids if i not in touched] if held is not None else []
    compare = due if hold else due + list(touched)
    known: Mapping[int, Sequence[StatementRow]] = statements or {}
    if held is not None:
        known = {**held.statements, **known}
    if hold:
        result.held = HeldComparisons(list(touched), dict(statements or {}))
    if executor is None:
        result.alerts_queued += await _compare_inline(store, compare, known, alerts=alerts)
    else:
        pending = await _start_comparisons(store, compare, known, alerts=alerts, executor=executor)
        if defer:
            result.pending = pending
        else:
            result.alerts_queued += await _finish_comparisons(pending)
    result.events_touched = list(touched)
    return result


async def group_document(session: "GroupingSession", profile: "ContactProfile") -> tuple[int, bool, list[int]]:
    """Put one document (its contact profile) into an event: the best candidate from the index, a
    merge only of events that are one contact with each other, else a new event. Returns (event id,
    created, ids of events merged into it)."""
    from bot.events import LOOKUP_WINDOW_DAYS, EventState, choose_event, describe
    from bot.store.events import EventDescription

    keys = profile.lookup_keys()
    lo = (profile.date_lo - timedelta(days=LOOKUP_WINDOW_DAYS)).isoformat() if profile.date_lo else None
    hi = (profile.date_hi + timedelta(days=LOOKUP_WINDOW_DAYS)).isoformat() if profile.date_hi else None
    candidates = await session.candidates(keys, lo, hi)
    chosen = choose_event(profile, candidates)
    if not chosen:
        state = EventState(0, (profile,))
        return await session.create(profile, EventDescription.from_dict(describe(state)), profile.keys()), True, []
    event_id = chosen[0].id
    merged = [e.id for e in chosen[1:]]
    if merged:
        await session.merge(event_id, merged)
    members = tuple(p for e in chosen for p in e.profiles) + (profile,)
    state = EventState(event_id, members)
    await session.assign(event_id, profile, EventDescription.from_dict(describe(state)), _event_keys(state))
    return event_id, False, merged


def _event_keys(state: "EventState") -> list[str]:
    keys: list[str] = []
    for profile in state.profiles:
        for key in profile.keys():
            if key not in keys:
                keys.append(key)
    return keys


async def _event_of(store: Store, document_id: int) -> int | None:
    return await store.events.event_of_document(document_id)


@dataclass
class _Comparison:
    """What comparing one event needs from the store (loaded before, recorded after, the pure part).

    The statements are rows, not `EventStatement`s: the pool would rebuild them on arrival anyway,
    and building and pickling the objects here cost 2.5 against 0.7 µs a statement in the
    importing process (measured; some eighteen statements a document)."""

    event: EventSummary
    members: list[tuple[Document, bool]]
    statements: list[EventStatementRow]


async def _load_comparisons(store: Store, event_ids: list[int],
                            known: Mapping[int, Sequence[StatementRow]]) -> list[tuple[int, _Comparison]]:
    """What comparing each event needs, in a few queries (four per event were a tenth of an
    import's time, profiled); events that no longer exist are left out. Members whose statement
    rows are `known` are not read back (an import's batch: reading and building them again was
    ~5 % of the importing process, profiled)."""
    summaries = await store.events.summaries(event_ids)
    present = [i for i in event_ids if i in summaries]
    members = await store.events.members_of(present)
    stored = await store.documents.statements([d.id for i in present for d, _ in members[i] if d.id not in known])
    out = []
    for event_id in present:
        statements: list[EventStatementRow] = []
        for d, _ in members[event_id]:
            rows = known.get(d.id)
            if rows is None:
                statements += [(s.government, s.text, d.id, d.doc_id, s.sentence_index, s.voice, s.speaker)
                               for s in stored.get(d.id, [])]
            else:  # in the store's order: by sentence, then as stored (a stable sort)
                statements += [(government, text, d.id, d.doc_id, index, voice, speaker)
                               for index, text, government, speaker, voice in sorted(rows, key=_sentence_index)]
        out.append((event_id, _Comparison(summaries[event_id], members[event_id], statements)))
    return out


def _sentence_index(row: StatementRow) -> int:
    return row[0]


def _divergence_rows(c: _Comparison) -> DivergenceTask:
    """What the pool needs to compare one event (`bot.ingest.pool_tasks.diverge_task`)."""
    return c.statements, list(c.event.governments) or None, list(c.event.participants)


def _recording(event_id: int, c: _Comparison, divergence: Divergence, *, alerts: bool) -> DivergenceRecord:
    docs = [d for d, _ in c.members]
    all_muted = bool(c.members) and all(muted for _, muted in c.members)
    builder = _Alerts(c.event, divergence, docs) if alerts and not all_muted else None
    return DivergenceRecord(event_id, divergence, builder)


async def _record(store: Store, records: list[DivergenceRecord]) -> int:
    """Record divergences (one transaction); returns the number of alerts queued."""
    return sum(int(r.alert_queued) for r in await store.events.record_divergences(records))


async def _compare_inline(store: Store, event_ids: list[int], known: Mapping[int, Sequence[StatementRow]], *,
                          alerts: bool) -> int:
    """Recompute the events' divergences in this process and record them (with alerts when due)
    in one transaction; returns the number of alerts queued."""
    loaded = await _load_comparisons(store, event_ids, known)
    divergences = diverge_task([_divergence_rows(c) for _, c in loaded])  # what a pool worker runs
    return await _record(store, [_recording(i, c, d, alerts=alerts) for (i, c), d in zip(loaded, divergences)])


# Events sent to a worker at a time.
_POOL_TASK_EVENTS = 8


@dataclass
class PendingComparisons:
    """Divergences submitted to a pool, with what recording them needs."""

    store: Store
    tasks: list[list[tuple[int, _Comparison]]]
    futures: list[Any]
    alerts: bool


async def _start_comparisons(store: Store, event_ids: list[int], known: Mapping[int, Sequence[StatementRow]], *,
                             alerts: bool, executor: concurrent.futures.Executor) -> PendingComparisons:
    """`_compare_inline` with a pool, first half: load all, submit the pure part to the pool."""
    import asyncio

    loaded = await _load_comparisons(store, event_ids, known)
    loop = asyncio.get_running_loop()
    tasks = [loaded[i: i + _POOL_TASK_EVENTS] for i in range(0, len(loaded), _POOL_TASK_EVENTS)]
    futures = [loop.run_in_executor(executor, diverge_task, [_divergence_rows(c) for _, c in task]) for task in tasks]
    return PendingComparisons(store, tasks, futures, alerts)


async def _finish_comparisons(pending: PendingComparisons) -> int:
    """Second half: record each divergence in order (with its alert); returns alerts queued."""
    records = []
    for task, future in zip(pending.tasks, pending.futures):
        records += [_recording(event_id, comparison, divergence, alerts=pending.alerts)
                    for (event_id, comparison), divergence in zip(task, await future)]
    return await _record(pending.store, records)


async def finish(result: PipelineResult) -> int:
    """Record what a deferred `process_documents` left pending; returns alerts queued."""
    pending, result.pending = result.pending, None
    if pending is None:
        return 0
    return await _finish_comparisons(pending)


class _Alerts(AlertBuilder):
    """Alert when the event diverges and something is new: the first time it diverges, or new
    findings since the last recorded state. A divergence that only lost findings does not re-alert."""

    def __init__(self, event: EventSummary, divergence: Divergence, docs: list[Document]) -> None:
        self.event = event
        self.divergence = divergence
        self.docs = docs

    def build(self, fingerprint: str, new_findings: tuple[Finding, ...], was_divergent: bool | None) -> Alert | None:
        from bot.divergence_json import alert_payload

        del fingerprint
        if not self.divergence.divergent:
            return None
        if was_divergent and not new_findings:
            return None
        urls = {d.doc_id: d.url for d in self.docs}
        payload = alert_payload(self.event_with_score(), self.divergence, urls, new_findings or self.divergence.findings)
        return Alert(payload=payload, governments=tuple(self.event.governments), score=float(self.divergence.score))

    def event_with_score(self) -> EventSummary:
        e = self.event
        return EventSummary(e.id, e.title, e.date, e.contact_kind, e.governments, e.participants, e.doc_ids,
                            self.divergence.score, self.divergence.divergent)
