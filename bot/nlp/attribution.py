"""Attribution: whose voice each sentence is (placeholder until the engine issue lands)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.models import DocumentInput, Mention, Quotation, Sentence, Statement


def attribute_statements(
    doc: DocumentInput,
    sentences: Sequence[Sentence],
    quotations: Sequence[Quotation],
    mentions: Sequence[Mention],
) -> tuple[Statement, ...]:
    """Statements of governments in this document. Placeholder: an official readout speaks for its
    government sentence by sentence; nothing else is attributed yet."""
    if doc.government and doc.kind in ("official_readout", "statement"):
        return tuple(Statement(s.index, s.text, doc.government, doc.issuer, "official") for s in sentences)
    return ()
