"""What the import's pool workers run: analysis and contact profile of documents, divergence of events.

Kept apart from the importer and the pipeline, which a worker never needs: unpickling a task loads
the module its function lives in, and `bot.ingest.importer` / `bot.pipeline` pull in the store,
aiosqlite, asyncio and the input readers. A worker that loads only this module and the engine
starts with ~0.1 s less CPU and 6.5 MB less memory (0.31 -> 0.22 s, 31.1 -> 24.6 MB, measured), per
worker and per import.
Everything here is pure (plain data in, plain data out) apart from the start-up hook.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.divergence import EventStatement
    from bot.models import Analysis, Divergence, DocumentInput
    from bot.store.documents import AnalysisRows

log = logging.getLogger(__name__)

# An event's statement as the pool receives it: `EventStatement`'s fields in declaration order
# (government, text, document id, doc_id, sentence index, voice, speaker).
EventStatementRow = tuple[str, str, int, str, int, str, "str | None"]
# One event of a divergence task: its statement rows, parties (None: every government with
# statements) and participants.
DivergenceTask = tuple[list[EventStatementRow], "list[str] | None", list[str]]


def start_worker(parent: int) -> None:
    """Worker start-up: the engine's modules loaded and then frozen out of the collector's way
    (`bot.ingest.collector`), and a watch that ends the worker when the importing process is gone."""
    import bot.divergence  # noqa: F401 - loaded before the freeze, not by the first task
    import bot.nlp  # noqa: F401
    from bot.events import profile_document  # noqa: F401
    from bot.ingest.collector import tune_worker
    from bot.store.documents import AnalysisRows  # noqa: F401

    tune_worker()
    _exit_with_parent(parent)


def _exit_with_parent(parent: int) -> None:
    """Leave as soon as the importing process is gone. A killed import (SIGKILL, OOM) cannot shut
    its pool down, and an orphaned worker blocked on its task queue would stay."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def analyse_task(docs: list[DocumentInput]) -> list[tuple[AnalysisRows | str, Any]]:
    """Analyse and profile a few documents. The analyses go back as their store rows, all the
    importing process needs of them."""
    from bot.store.documents import AnalysisRows

    out: list[tuple[AnalysisRows | str, Any]] = []
    for doc in docs:
        analysis, profile = analysed(doc)
        out.append((analysis if isinstance(analysis, str) else AnalysisRows.of(analysis), profile))
    return out


def analysed(doc: DocumentInput) -> tuple[Analysis | str, Any]:
    """(analysis, contact profile or None), or (why analysis failed, None): a bug in analysis must
    cost one document, not the whole import. The profile is made here, from the analysis in hand,
    not later from the stored rows (four reads a document)."""
    try:
        analysis = analyse(doc)
    except Exception as exc:
        log.debug("analysis of %s failed", doc.origin or doc.doc_id, exc_info=True)
        return " ".join(f"text analysis failed ({type(exc).__name__}: {exc})".split())[:300], None
    try:
        from bot.events import profile_document
        from bot.models import Document

        stored = Document(id=0, doc_id=doc.doc_id or "", text=doc.text, kind=str(doc.kind), content_hash="",
                          government=doc.government, issuer=doc.issuer, title=doc.title, date=doc.date, url=doc.url,
                          language=doc.language)
        return analysis, profile_document(stored, analysis)
    except Exception:  # the pipeline profiles it from the store instead, and reports there
        return analysis, None


def analyse(doc: DocumentInput) -> Analysis:
    from bot.nlp import analyse_document

    return analyse_document(doc)


def diverge_task(tasks: list[DivergenceTask]) -> list[Divergence]:
    """Compare a few events: each one's statements built from their rows, then `diverge`."""
    return [diverge(event_statements(rows), governments, participants) for rows, governments, participants in tasks]


def event_statements(rows: Sequence[EventStatementRow]) -> list[EventStatement]:
    from bot.divergence import statements_from_rows

    return statements_from_rows(rows)  # (`EventStatement(*row)` each, made cheaper)


def diverge(statements: list[EventStatement], governments: list[str] | None, participants: list[str]) -> Divergence:
    """The pure step of comparing one event."""
    from bot.divergence import compute_divergence

    return compute_divergence(statements, governments=governments, participants=participants)
