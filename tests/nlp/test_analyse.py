"""analyse(): wiring, ordering, and totality on hostile input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.nlp.analyse as analyse_module
from bot.models import DocumentInput
from bot.nlp import analyse_document
from bot.nlp.analyse import analyse
from tests.conftest import CORPUS, SEEDS, needs_shared
from tests.nlp.shared import check_offsets, corpus, seed, tricky_text


def test_wires_every_stage_and_resolves_dates_against_the_document_date() -> None:
    text = ('Japanese Defense Minister Shinjiro Koizumi spoke with U.S. Secretary of War Pete Hegseth on '
            'Thursday. "We agreed to cooperate," Koizumi said.')
    result = analyse(DocumentInput(text=text, date="2025-12-12T03:00:00Z", kind="news"))
    check_offsets(text, result)
    assert len(result.sentences) == 2
    assert result.governments() == ["JP", "US"]
    assert result.people() == ["Pete Hegseth", "Shinjiro Koizumi"]
    assert [(m.surface, m.value) for m in result.mentions if m.kind == "date"] == [("Thursday", "2025-12-11")]
    (quotation,) = result.quotations
    assert (quotation.text, quotation.speaker, quotation.government) == ("We agreed to cooperate", "Shinjiro Koizumi", "JP")


def test_package_entry_point_delegates() -> None:
    doc = DocumentInput(text="China and Japan met. Beijing said so.")
    assert analyse_document(doc) == analyse(doc)


def test_statements_come_from_attribution(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake(doc, sentences, quotations, mentions):  # type: ignore[no-untyped-def]
        calls.append((len(sentences), len(quotations), len(mentions)))
        return ()

    monkeypatch.setattr(analyse_module, "attribute_statements", fake)
    analyse(DocumentInput(text='"We agreed," Li Haidong, a professor at X University, said in Tokyo.'))
    assert calls == [(1, 1, 2)]


def test_a_failing_stage_loses_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(analyse_module, "split_sentences", broken)
    monkeypatch.setattr(analyse_module, "find_people", broken)
    text = "Line one about Japan\nLine two about China"
    result = analyse(DocumentInput(text=text))
    assert [s.text for s in result.sentences] == ["Line one about Japan", "Line two about China"]
    assert result.governments() == ["CN", "JP"] and result.people() == []


@pytest.mark.parametrize("text", [
    "", "   \n\t ", "\x00\x01\x02 binary \ufffd junk \x00", '"unbalanced « quotes „ here', "“" * 500,
    "。" * 300, "a" * 10_000, "Mr. " * 500, ". " * 1000,
])
def test_hostile_input_never_raises(text: str) -> None:
    result = analyse(DocumentInput(text=text, date="not a date"))
    check_offsets(text, result)


def test_a_document_at_the_import_size_limit_is_analysed_whole() -> None:
    """2 MB is the importer's limit, so the analysers must finish it (they were once quadratic in the
    number of sentences; `bench/run.py` measures the time at 0.2 and 2 MB, this test only that it ends)."""
    unit = ('"We expressed serious concern," the Japanese Ministry of Defense said on Dec. 6. '
            "Secretary Austin met Minister Kishi in Tokyo; China's Xi Jinping did not. ")
    text = unit * (2_000_000 // len(unit))
    result = analyse(DocumentInput(text=text, date="2025-12-12"))
    assert len(result.sentences) > 20_000
    assert len(result.quotations) == text.count("We expressed serious concern")
    assert {q.government for q in result.quotations} == {"JP"}
    assert result.sentences[-1].end == len(text.rstrip())


@needs_shared(CORPUS)
def test_whole_corpus_analyses_with_valid_offsets() -> None:
    for record in corpus().values():
        doc = DocumentInput(text=record["text"], doc_id=record["doc_id"], government=record["government"],
                            kind=record["kind"], date=record["date"], language=record["language"])
        result = analyse(doc)
        check_offsets(record["text"], result)
        assert result.sentences and result.governments()


@needs_shared(SEEDS[0] if SEEDS else CORPUS)
def test_seed_analysis_has_the_three_quoted_people() -> None:
    speakers = set()
    for name in ("000", "001"):
        result = analyse(DocumentInput(text=seed(name), date="2025-12-12", kind="news"))
        speakers |= {q.speaker for q in result.quotations}
    assert {"Li Haidong", "Guo Jiakun", "Shen Yi"} <= speakers


@settings(max_examples=200, deadline=None)
@given(tricky_text(), st.one_of(st.none(), st.text(max_size=25)))
def test_property_total_with_valid_offsets(text: str, doc_date: str | None) -> None:
    check_offsets(text, analyse(DocumentInput(text=text, date=doc_date)))
