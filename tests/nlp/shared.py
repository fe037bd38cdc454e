"""Read the development corpus and seeds from ../shared at test time (never copied into the repo)."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING

from tests.conftest import CORPUS, SEEDS

if TYPE_CHECKING:
    from bot.models import Analysis


def check_offsets(text: str, result: "Analysis") -> None:
    """Every span the analysis reports is the text at its offsets; mentions come in text order."""
    for sentence in result.sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    for mention in result.mentions:
        assert text[mention.start:mention.end] == mention.surface
    for quotation in result.quotations:
        assert text[quotation.start:quotation.end] == quotation.text
    assert [m.start for m in result.mentions] == sorted(m.start for m in result.mentions)


@cache
def corpus() -> dict[str, dict]:
    """doc_id -> the corpus record."""
    with CORPUS.open(encoding="utf-8") as handle:
        return {record["doc_id"]: record for record in map(json.loads, handle)}


def corpus_text(doc_id: str) -> str:
    return corpus()[doc_id]["text"]


@cache
def seed_texts() -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8") for path in SEEDS)


def seed(name_prefix: str) -> str:
    """A seed article by the start of its file name ("000", "001")."""
    for path in SEEDS:
        if path.name.startswith(name_prefix):
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(name_prefix)


def tricky_text():  # -> hypothesis strategy of str
    """Text made of the pieces the analysers react to (quotes, abbreviations, names, dates, scripts),
    mixed with arbitrary characters, for property tests."""
    from hypothesis import strategies as st

    pieces = [
        " ", "\n", ". ", "? ", "! ", ", ", "; ", '"', "“", "”", "«", "»", "「", "」", "'", "’", "‘", "。",
        "U.S.", "Mr.", "Dec. 6", "December 6", "on Wednesday", "today", "2025-12-12", "21 октября", "12月6日",
        "Japan", "Chinese", "the White House", "South China Sea", "Jordan", "Atlanta, Georgia", "США",
        "России", "日米", "Secretary of War Pete Hegseth", "Hegseth", "Li Haidong, a professor at X,",
        "said", "he said", "it asserted", "told the Global Times", "the US readout said", "Шойгу",
        "министр обороны России Сергей Шойгу", "小泉防衛相", "J.", "Lloyd J. Austin III", "—", "-",
    ]
    return st.lists(st.sampled_from(pieces) | st.text(max_size=4), max_size=60).map("".join)
