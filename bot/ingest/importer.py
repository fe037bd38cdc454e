"""Storing inputs: size check, duplicate check, analysis, insert, then the engine, in batches.

Generic over where inputs come from: the CLI passes what `iter_path_inputs` read from disk, the source
watcher passes `DocumentInput`s built from feeds. Rejections and skipped files that a reader produced
pass straight into the report, so one report covers a whole run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from bot.ingest.dates import parse_iso_date
from bot.ingest.fields import KIND_CHOICES, government_code, kind_value, size_problem
from bot.ingest.files import iter_path_inputs
from bot.ingest.inputs import InputDefaults, InputItem, Rejection, Skipped
from bot.ingest.jsonl import DEFAULT_MAX_CHARS
from bot.models import Analysis, DocumentInput
from bot.store.base import Store

__all__ = ["BATCH_SIZE", "ImportReport", "InputDefaults", "Rejection", "Skipped", "import_documents", "iter_path_inputs"]

log = logging.getLogger(__name__)

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
) -> ImportReport:
    """Store every `DocumentInput` of `inputs` that is new and valid, and report on all of them.

    The duplicate check runs before analysis, so re-importing a large corpus costs lookups, not
    analysis. `alerts=False` stores documents muted (a backfill must not alert about old news).
    `progress(n)` is called with the number of inputs just handled (tqdm's `update`).
    """
    report = ImportReport()
    batch: list[int] = []
    for position, item in enumerate(inputs, start=1):
        if isinstance(item, Rejection):
            report.rejected.append(item)
        elif isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            document_id = await _import_one(store, item, position, max_chars, alerts, report)
            if document_id is not None:
                batch.append(document_id)
                if len(batch) >= batch_size:
                    await _process(store, batch, alerts)
                    batch = []
        if progress is not None:
            progress(1)
    if batch:
        await _process(store, batch, alerts)
    return report


async def _import_one(store: Store, doc: DocumentInput, position: int, max_chars: int, alerts: bool, report: ImportReport) -> int | None:
    """Store one document; returns its row id when it was new, else records why not."""
    origin = doc.origin or doc.doc_id or doc.url or f"input {position}"
    checked = _checked(doc, max_chars)
    if isinstance(checked, str):
        report.rejected.append(Rejection(origin, checked))
        return None
    doc = checked
    if await store.documents.find_duplicate(doc) is not None:
        report.duplicates += 1
        return None
    try:
        # Inline, not in a thread: analysis is pure Python (a thread would only add GIL hand-offs,
        # measured slower), and the awaits around it let the event loop serve other tasks between
        # documents, so a bot importing in the background stays responsive.
        analysis = _analyse(doc)
    except Exception as exc:  # a bug in analysis must cost one document, not the whole import
        log.debug("analysis of %s failed", origin, exc_info=True)
        report.rejected.append(Rejection(origin, " ".join(f"text analysis failed ({type(exc).__name__}: {exc})".split())[:300]))
        return None
    result = await store.documents.add(doc, analysis, alerts_muted=not alerts)
    if result.status != "imported":  # a concurrent importer stored it first
        report.duplicates += 1
        return None
    report.imported += 1
    report.document_ids.append(result.document_id)
    return result.document_id


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


def _analyse(doc: DocumentInput) -> Analysis:
    from bot.nlp import analyse_document

    return analyse_document(doc)


async def _process(store: Store, document_ids: list[int], alerts: bool) -> None:
    from bot.pipeline import process_documents

    await process_documents(store, list(document_ids), alerts=alerts)
