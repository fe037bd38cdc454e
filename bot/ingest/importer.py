"""Storing inputs: size check, duplicate check, analysis, insert, then the engine, in batches.

Generic over where inputs come from: the CLI passes what `iter_path_inputs` read from disk, the source
watcher passes `DocumentInput`s built from feeds. Rejections and skipped files that a reader produced
pass straight into the report, so one report covers a whole run.
"""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from bot.ingest.collector import bulk_collection
from bot.ingest.dates import parse_iso_date
from bot.ingest.fields import KIND_CHOICES, government_code, kind_value, size_problem
from bot.ingest.files import iter_path_inputs
from bot.ingest.inputs import InputDefaults, InputItem, Rejection, Skipped
from bot.ingest.jsonl import DEFAULT_MAX_CHARS
from bot.ingest.pool_tasks import analyse_task, analysed, start_worker
from bot.models import Analysis, DocumentInput
from bot.store.base import Store

if TYPE_CHECKING:
    from bot.pipeline import HeldComparisons
    from bot.store.documents import AnalysisRows

__all__ = ["BATCH_SIZE", "ImportReport", "InputDefaults", "Rejection", "Skipped", "import_documents", "iter_path_inputs"]

# Documents handed to the engine (grouping, divergence) at a time: a long import makes visible
# progress and bounded work per step, while grouping still sees related documents together.
BATCH_SIZE = 500


@dataclass
class ImportReport:
    """What one import did. `document_ids` are the row ids of the newly stored documents."""

    imported: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def summary_line(self) -> str:
        """"imported 21, duplicate 0, rejected 0" (", skipped N" added only when files were skipped)."""
        line = f"imported {self.imported}, duplicate {self.duplicates}, rejected {len(self.rejected)}"
        return line + (f", skipped {len(self.skipped)}" if self.skipped else "")


async def import_documents(
    store: Store,
    inputs: Iterable[InputItem],
    *,
    alerts: bool = True,
    progress: Callable[[int], None] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
) -> ImportReport:
    """Store every `DocumentInput` of `inputs` that is new and valid, and report on all of them.

    The duplicate check runs before analysis, so re-importing a large corpus costs lookups, not
    analysis. `alerts=False` stores documents muted (a backfill must not alert about old news).
    `progress(n)` is called with the number of inputs just handled (tqdm's `update`).

    Inputs are handled in chunks of `batch_size`: one duplicate query and one store transaction a
    chunk. When a chunk has at least POOL_MIN_DOCUMENTS documents to analyse and `workers` (default:
    the number of CPUs) is above 1, analysis runs in a process pool, overlapped with storing and
    grouping the previous chunk, and the engine's divergence of the touched events runs there too.
    Analysis is a pure function of the input, so the stored result is the same either way.
    """
    with bulk_collection():
        return await _import(store, inputs, alerts, progress, max_chars, batch_size, workers)


async def _import(store: Store, inputs: Iterable[InputItem], alerts: bool, progress: Callable[[int], None] | None,
                  max_chars: int, batch_size: int, workers: int | None) -> ImportReport:
    report = ImportReport()
    # First what a killed or failed run left half-done (stored but never grouped or compared): it
    # would otherwise stay so for ever, since its documents are duplicates to every later import.
    # With alerts: that run may have been alerting; documents it stored muted stay muted anyway.
    await store.begin_import(lambda leftovers: _process(store, leftovers, True))
    batch: list[int] = []
    pool = _Pool(workers)
    known = _Known()
    pending: _Chunk | None = None
    try:
        for chunk in _chunks(inputs, batch_size):
            prepared = await _prepare(store, chunk, max_chars, pool)
            if pending is not None:
                batch = await _finish(store, pending, report, batch, known, alerts, progress, batch_size, pool)
            pending = prepared
        if pending is not None:
            batch = await _finish(store, pending, report, batch, known, alerts, progress, batch_size, pool)
        if batch or known.held is not None:
            await _process(store, batch, alerts, known, pool, last=True)
        await pool.finish_pending()
    finally:
        pool.close()
        await store.end_import()
    return report


# Smallest number of documents to analyse for which a process pool pays for itself (starting the
# workers costs ~0.5 s; below this a chunk is analysed inline, as tests and small feeds are).
POOL_MIN_DOCUMENTS = 200
# Documents sent to a worker at a time (fewer round trips; still fine-grained enough to balance).
POOL_TASK_DOCUMENTS = 20


class _Pool:
    """A lazily started process pool for analysis and divergence (None when not worth it)."""

    def __init__(self, workers: int | None) -> None:
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self.executor: concurrent.futures.Executor | None = None
        self.pending: Any = None  # a PipelineResult whose divergences are still in the pool

    def get(self, documents: int) -> concurrent.futures.Executor | None:
        if self.executor is None and self.workers > 1 and documents >= POOL_MIN_DOCUMENTS:
            import multiprocessing

            # spawn, not fork: this process runs aiosqlite's thread, and a forked child could
            # inherit a lock that thread holds
            self.executor = concurrent.futures.ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker, initargs=(os.getpid(),))
        return self.executor

    async def finish_pending(self) -> None:
        """Record the divergences a deferred pipeline call left in the pool."""
        if self.pending is not None:
            from bot.pipeline import finish

            result, self.pending = self.pending, None
            await finish(result)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


@dataclass
class _Chunk:
    """One chunk of inputs on its way: what was rejected or duplicated so far, and the analyses
    (done, or running in the pool)."""

    items: list[tuple[int, InputItem]]
    outcome: dict[int, Any] = field(default_factory=dict)  # position -> Rejection | "duplicate" | DocumentInput
    analyses: Any = None  # list of (position, Analysis | AnalysisRows | error text, profile | None), or an awaitable of it
    digests: dict[int, str] = field(default_factory=dict)  # position -> content_hash of the checked document


@dataclass
class _Known:
    """What the import computed for documents it stored and has not grouped yet, by row id: their
    contact profiles (else rebuilt from the stored analysis: four reads a document) and statement
    rows (else read back to compare their events: ~5 % of the importing process, profiled); and
    the events its last batch touched, compared after the next (`bot.pipeline.HeldComparisons`)."""

    profiles: dict[int, Any] = field(default_factory=dict)
    statements: dict[int, Any] = field(default_factory=dict)
    held: "HeldComparisons | None" = None

    def add(self, document_id: int, analysis: "Analysis | AnalysisRows", profile: Any) -> None:
        from bot.store.documents import AnalysisRows

        if profile is not None:
            self.profiles[document_id] = replace(profile, document_id=document_id)
        self.statements[document_id] = (analysis.statements if isinstance(analysis, AnalysisRows)
                                        else AnalysisRows.statement_rows(analysis.statements))

    def take(self, document_ids: Iterable[int]) -> tuple[dict[int, Any], dict[int, Any]]:
        """The batch's profiles and statements, forgotten here (the pipeline groups them now)."""
        profiles = {i: self.profiles.pop(i) for i in document_ids if i in self.profiles}
        statements = {i: self.statements.pop(i) for i in document_ids if i in self.statements}
        return profiles, statements


def _chunks(inputs: Iterable[InputItem], size: int) -> Iterable[list[tuple[int, InputItem]]]:
    chunk: list[tuple[int, InputItem]] = []
    documents = 0
    for position, item in enumerate(inputs, start=1):
        chunk.append((position, item))
        if isinstance(item, DocumentInput):
            documents += 1
            if documents >= max(1, size):
                yield chunk
                chunk, documents = [], 0
    if chunk:
        yield chunk


async def _prepare(store: Store, items: list[tuple[int, InputItem]], max_chars: int, pool: _Pool) -> _Chunk:
    """Check fields, find duplicates (one query), and start the analysis of the rest."""
    chunk = _Chunk(items)
    candidates: list[tuple[int, DocumentInput]] = []
    for position, item in items:
        if isinstance(item, DocumentInput):
            origin = item.origin or item.doc_id or item.url or f"input {position}"
            checked = _checked(item, max_chars)
            if isinstance(checked, str):
                chunk.outcome[position] = Rejection(origin, checked)
            else:
                chunk.outcome[position] = checked
                candidates.append((position, checked))
    from bot.store.documents import content_hash

    # each text hashed once, for this check and for the store's own (`_finish`)
    chunk.digests = {position: content_hash(doc.text) for position, doc in candidates}
    duplicates = await store.documents.find_duplicates([d for _, d in candidates], [chunk.digests[p] for p, _ in candidates])
    fresh = []
    for (position, doc), duplicate in zip(candidates, duplicates):
        if duplicate is not None:
            chunk.outcome[position] = "duplicate"
        else:
            fresh.append((position, doc))
    executor = pool.get(len(fresh))
    if executor is None:
        chunk.analyses = [(position, *analysed(doc)) for position, doc in fresh]
    else:
        import asyncio

        loop = asyncio.get_running_loop()
        tasks = [fresh[i: i + POOL_TASK_DOCUMENTS] for i in range(0, len(fresh), POOL_TASK_DOCUMENTS)]
        futures = [loop.run_in_executor(executor, analyse_task, [doc for _, doc in task]) for task in tasks]

        async def collect() -> list[tuple[int, Any, Any]]:
            out = []
            for task, future in zip(tasks, futures):
                out += [(position, *result) for (position, _), result in zip(task, await future)]
            return out

        chunk.analyses = collect()
    return chunk


async def _finish(store: Store, chunk: _Chunk, report: ImportReport, batch: list[int], known: _Known,
                  alerts: bool, progress: Callable[[int], None] | None, batch_size: int, pool: _Pool) -> list[int]:
    """Store the chunk's analysed documents (one transaction), report every input in input order,
    and hand each full batch of new documents to the engine."""
    analyses = chunk.analyses if isinstance(chunk.analyses, list) else await chunk.analyses
    to_store: list[tuple[int, DocumentInput, "Analysis | AnalysisRows", Any]] = []
    for position, analysis, profile in analyses:
        doc = chunk.outcome[position]
        if isinstance(analysis, str):
            origin = doc.origin or doc.doc_id or doc.url or f"input {position}"
            chunk.outcome[position] = Rejection(origin, analysis)
        else:
            to_store.append((position, doc, analysis, profile))
    stored = await store.documents.add_many([(d, a) for _, d, a, _ in to_store], alerts_muted=not alerts,
                                            digests=[chunk.digests[position] for position, *_ in to_store])
    for (position, _doc, analysis, profile), result in zip(to_store, stored):
        if result.status != "imported":  # a concurrent importer (or an earlier chunk) stored it first
            chunk.outcome[position] = "duplicate"
        else:
            chunk.outcome[position] = result.document_id
            known.add(result.document_id, analysis, profile)
    for position, item in chunk.items:
        if isinstance(item, Rejection):
            report.rejected.append(item)
        elif isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            outcome = chunk.outcome[position]
            if isinstance(outcome, Rejection):
                report.rejected.append(outcome)
            elif outcome == "duplicate":
                report.duplicates += 1
            else:
                report.imported += 1
                report.document_ids.append(outcome)
                batch.append(outcome)
                if len(batch) >= batch_size:
                    await _process(store, batch, alerts, known, pool, last=False)
                    batch = []
        if progress is not None:
            progress(1)
    return batch


def _checked(doc: DocumentInput, max_chars: int) -> DocumentInput | str:
    """The document with government, kind and date in their stored form, or why it cannot be stored.

    The JSONL reader validates its lines already; this holds the same rules for every other caller
    (text-file defaults, feeds), so the database never holds "jp" beside "JP" or a date with a time.
    """
    if not isinstance(doc.text, str) or not doc.text.strip():
        return "'text' must be a non-empty string"
    problem = size_problem(doc.text, max_chars)
    if problem is not None:
        return problem
    changes: dict[str, object] = {}
    if doc.government is not None:
        code = government_code(doc.government) if isinstance(doc.government, str) else None
        if code is None:
            return f"'government' must be an ISO 3166 alpha-2 code such as 'JP' (found {doc.government!r})"
        if code != doc.government:
            changes["government"] = code
    kind = kind_value(doc.kind) if isinstance(doc.kind, str) else None
    if kind is None:
        return f"'kind' must be one of {', '.join(KIND_CHOICES)} (found {doc.kind!r})"
    if kind != doc.kind:
        changes["kind"] = kind
    if doc.date is not None:
        parsed = parse_iso_date(doc.date) if isinstance(doc.date, str) else None
        if parsed is None:
            return f"'date' is not an ISO 8601 date such as '2025-12-12' (found {doc.date!r})"
        if parsed[0] != doc.date:
            changes["date"] = parsed[0]
            if parsed[1]:
                changes["metadata"] = {"date_original": doc.date, **doc.metadata}
    return replace(doc, **changes) if changes else doc  # type: ignore[arg-type]


async def _process(store: Store, document_ids: list[int], alerts: bool, known: _Known | None = None,
                   pool: _Pool | None = None, *, last: bool = True) -> None:
    """Group a batch and compare events. Unless it is the import's `last` batch, the events it
    touches are held for the next (`bot.pipeline.HeldComparisons`)."""
    from bot.pipeline import process_documents

    if known is None and pool is None:
        await process_documents(store, list(document_ids), alerts=alerts)
        return
    profiles, statements = known.take(document_ids) if known is not None else ({}, {})
    executor = pool.executor if pool is not None else None
    if pool is not None:
        await pool.finish_pending()  # the previous batch's divergences are recorded first
    result = await process_documents(store, list(document_ids), alerts=alerts, profiles=profiles,
                                     statements=statements, executor=executor, defer=executor is not None,
                                     held=known.held if known is not None else None, hold=not last)
    if known is not None:
        known.held = result.held
    if pool is not None and result.pending is not None:
        pool.pending = result  # recorded before the next batch, or when the import ends
