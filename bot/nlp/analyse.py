"""One document in, everything the store keeps about its text out: the nlp pipeline wiring.

Why each stage is guarded: an importer must never lose a document because one analysis step met text
it did not expect (binary junk, a 2 MB table, unbalanced quotes). A failing stage contributes nothing
and the others still run; sentences fall back to one per line so search always has something.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from operator import attrgetter
from typing import TypeVar

from bot.models import Analysis, DocumentInput, Mention, Quotation, Sentence, Statement
from bot.nlp.attribution import attribute_statements
from bot.nlp.dates import find_dates, parse_iso_date
from bot.nlp.governments import find_governments
from bot.nlp.people import find_people
from bot.nlp.quotes import find_quotations
from bot.nlp.sentences import split_sentences

log = logging.getLogger(__name__)
# A mention's sort key (start, end, kind), read in C (a lambda per mention was a Python call each).
_OFFSET_ORDER = attrgetter("start", "end", "kind")
T = TypeVar("T")


def _guarded(stage: str, doc: DocumentInput, default: T, run: Callable[[], T]) -> T:
    """Run one stage; on any error log it (with the document's id) and return `default`."""
    try:
        return run()
    except Exception:  # noqa: BLE001 - by design: a stage's bug must not lose the document
        log.exception("nlp stage %s failed on %s", stage, doc.doc_id or doc.origin or "a document")
        return default


def _line_sentences(text: str) -> list[Sentence]:
    """The fallback splitter: one sentence per non-empty line."""
    sentences = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            sentences.append(Sentence(len(sentences), stripped, start, start + len(stripped)))
        offset += len(line)
    return sentences


def analyse(doc: DocumentInput) -> Analysis:
    """Sentences, quotations, mentions (governments, people, dates; sorted by offset) and the
    statements attributed to governments. Pure and total: any text gives an Analysis."""
    text = doc.text if isinstance(doc.text, str) else ""
    if not text.strip():
        return Analysis()
    sentences = _guarded("sentences", doc, None, lambda: split_sentences(text, doc.language))
    if sentences is None:
        sentences = _guarded("line sentences", doc, [], lambda: _line_sentences(text))
    governments: list[Mention] = _guarded("governments", doc, [], lambda: find_governments(text))
    people: list[Mention] = _guarded("people", doc, [], lambda: find_people(text))
    reference = parse_iso_date(doc.date)
    dates: list[Mention] = _guarded("dates", doc, [], lambda: find_dates(text, reference))
    quotations: list[Quotation] = _guarded(
        "quotations", doc, [], lambda: find_quotations(text, sentences, people, governments)
    )
    mentions = tuple(sorted(governments + people + dates, key=_OFFSET_ORDER))
    statements: tuple[Statement, ...] = _guarded(
        "attribution", doc, (), lambda: tuple(attribute_statements(doc, sentences, quotations, mentions))
    )
    return Analysis(
        sentences=tuple(sentences),
        quotations=tuple(quotations),
        mentions=mentions,
        statements=statements,
    )
