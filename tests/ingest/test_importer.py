"""`import_documents` against a real SQLite file: dedupe before analysis, size limit, batches."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import bot.nlp
import bot.pipeline
from bot.ingest.files import iter_path_inputs
from bot.ingest.importer import ImportReport, import_documents
from bot.ingest.inputs import Rejection, Skipped
from bot.models import DocumentInput
from bot.store.sqlite import SQLiteStore
from tests.conftest import CORPUS, needs_shared


def docs(n: int, prefix: str = "d") -> list[DocumentInput]:
    return [DocumentInput(text=f"Document number {i} of {prefix}.", doc_id=f"{prefix}-{i}", origin=f"t:{i}") for i in range(n)]


@needs_shared(CORPUS)
async def test_the_shared_corpus_imports_21_then_nothing(store: SQLiteStore) -> None:
    first = await import_documents(store, iter_path_inputs([CORPUS]))
    assert (first.imported, first.duplicates, first.rejected) == (21, 0, [])
    assert len(first.document_ids) == 21 and await store.documents.count() == 21
    stored = await store.documents.get_by_doc_id("EV25-JP-1")
    assert stored is not None and stored.government == "JP" and stored.date == "2025-12-12"
    assert "provenance" in stored.metadata  # an unknown field, kept
    second = await import_documents(store, iter_path_inputs([CORPUS]))
    assert (second.imported, second.duplicates, second.rejected, second.document_ids) == (0, 21, [], [])
    assert second.summary_line() == "imported 0, duplicate 21, rejected 0"


async def test_duplicates_are_found_before_analysis(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    analysed: list[str | None] = []
    real = bot.nlp.analyse_document

    def counting(doc: DocumentInput):  # type: ignore[no-untyped-def]
        analysed.append(doc.doc_id)
        return real(doc)

    monkeypatch.setattr(bot.nlp, "analyse_document", counting)
    await import_documents(store, docs(3))
    assert analysed == ["d-0", "d-1", "d-2"]
    same_text_new_id = DocumentInput(text="Document number 1 of d.", doc_id="other")
    same_url = DocumentInput(text="Different text.", url="https://x.example/1")
    report = await import_documents(store, [*docs(3), same_text_new_id, same_url, DocumentInput(text="Different text!", url="https://x.example/1")])
    assert (report.imported, report.duplicates) == (1, 5)
    assert analysed == ["d-0", "d-1", "d-2", None]


async def test_oversized_and_empty_documents_are_rejected_with_a_clear_reason(store: SQLiteStore) -> None:
    report = await import_documents(
        store,
        [
            DocumentInput(text="x" * 2_400_000, origin="big.jsonl:3"),
            DocumentInput(text="   ", url="https://feed.example/item"),
            DocumentInput(text="A normal document."),
        ],
        max_chars=2_000_000,
    )
    assert report.rejected == [
        Rejection("big.jsonl:3", "text is 2.4 MB, over the 2 MB limit"),
        Rejection("https://feed.example/item", "'text' must be a non-empty string"),
    ]
    assert report.imported == 1
    edge = await import_documents(
        store,
        [DocumentInput(text="z" * 1_000_001, origin="over"), DocumentInput(text="w" * 1_000, origin="at")],
        max_chars=1_000_000,
    )
    assert edge.rejected == [Rejection("over", "text is 1,000,001 characters, over the 1 MB limit (1,000,000 characters)")]
    assert edge.imported == 1


async def test_reader_rejections_and_skips_are_reported_and_the_rest_imported(store: SQLiteStore) -> None:
    report = await import_documents(store, [Rejection("a.jsonl:2", "missing required field 'text'"), Skipped("x.png", "unsupported file type '.png'"), *docs(2)])
    assert report.summary_line() == "imported 2, duplicate 0, rejected 1, skipped 1"


async def test_engine_runs_in_batches_with_the_alert_setting(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[int], bool]] = []

    async def recording(store: object, document_ids: Sequence[int], *, alerts: bool = True, **_: object) -> bot.pipeline.PipelineResult:
        calls.append((list(document_ids), alerts))
        return bot.pipeline.PipelineResult()

    monkeypatch.setattr(bot.pipeline, "process_documents", recording)
    ticks: list[int] = []
    report = await import_documents(store, [*docs(5), Rejection("r:1", "bad")], alerts=False, batch_size=2, progress=ticks.append)
    assert [len(ids) for ids, _ in calls] == [2, 2, 1]
    assert [i for ids, _ in calls for i in ids] == report.document_ids
    assert {alerts for _, alerts in calls} == {False}
    assert sum(ticks) == 6  # every input, rejections included


async def test_a_failing_analysis_costs_one_document_not_the_import(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    real = bot.nlp.analyse_document

    def fragile(doc: DocumentInput):  # type: ignore[no-untyped-def]
        if "poison" in doc.text:
            raise RuntimeError("tokeniser exploded\non two lines")
        return real(doc)

    monkeypatch.setattr(bot.nlp, "analyse_document", fragile)
    report = await import_documents(store, [DocumentInput(text="poison pill", origin="p:1"), *docs(2)])
    assert report.imported == 2
    assert report.rejected == [Rejection("p:1", "text analysis failed (RuntimeError: tokeniser exploded on two lines)")]


async def test_the_analysis_is_stored_so_quote_search_finds_imported_text(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "readout.jsonl"
    path.write_text('{"doc_id": "R1", "government": "JP", "text": "The Ministers expressed serious concern over the incident."}\n', encoding="utf-8")
    report = await import_documents(store, iter_path_inputs([path]))
    assert isinstance(report, ImportReport) and report.imported == 1
    result = await store.documents.search_sentences("serious concern")
    assert [hit.doc_id for hit in result.hits] == ["R1"]


async def test_every_caller_gets_the_same_field_rules(store: SQLiteStore) -> None:
    report = await import_documents(
        store,
        [
            DocumentInput(text="Lower-case code from a feed.", government="jp", kind="Official readout", date="2025-12-12T09:00:00+09:00", origin="feed:1"),
            DocumentInput(text="Unknown government.", government="Atlantis", origin="feed:2"),
            DocumentInput(text="Unknown kind.", kind="blog", origin="feed:3"),
            DocumentInput(text="Bad date.", date="yesterday", origin="feed:4"),
        ],
    )
    assert [r.origin for r in report.rejected] == ["feed:2", "feed:3", "feed:4"]
    assert report.rejected[2].reason == "'date' is not an ISO 8601 date such as '2025-12-12' (found 'yesterday')"
    (doc,) = await store.documents.get_many(report.document_ids)
    assert (doc.government, doc.kind, doc.date) == ("JP", "official_readout", "2025-12-12")
    assert doc.metadata == {"date_original": "2025-12-12T09:00:00+09:00"}
