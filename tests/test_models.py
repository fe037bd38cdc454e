"""The plain data models: what crosses the import's process pool comes back equal."""

from __future__ import annotations

import pickle

import pytest

from bot.divergence import EventStatement
from bot.events import ContactProfile
from bot.models import Analysis, Divergence, Finding, Mention, Quotation, Sentence, SharedPoint, Statement

SENTENCE = Sentence(3, "The ministers met.", 10, 28)
QUOTATION = Quotation("we agreed", "Koizumi", "Defense Minister", "JP", 3, 12, 21)
MENTION = Mention("person", "Shinjiro Koizumi", "Koizumi", 40, 47, detail="Defense Minister")
STATEMENT = Statement(3, "The ministers met.", "JP", None, "official")
FINDING = Finding("omission", "JP", "serious concern", 7, "JP-1", counterpart_text=None, counterpart_document_id=8,
                  counterpart_doc_id="US-1", detail="strong wording")
SHARED = SharedPoint("defense cooperation", ("JP-1", "US-1"))


@pytest.mark.parametrize("value", [
    SENTENCE, QUOTATION, MENTION, STATEMENT, FINDING, SHARED,
    Analysis(sentences=(SENTENCE,), quotations=(QUOTATION,), mentions=(MENTION,), statements=(STATEMENT,)),
    Analysis(),
    Divergence(0.75, True, "JP named an incident", findings=(FINDING,), shared=(SHARED,)),
    Mention("date", "2025-12-06", "December 6", 1, 2),  # a default field left at its default
    EventStatement("JP", "serious concern", 7, "JP-1", 3, "quoted_in_news", "Koizumi"),
    ContactProfile(4, ("koizumi",), ("Shinjiro Koizumi",), ("JP", "US"), None, None, "call",
                   tokens=frozenset({"radar"}), aliases=frozenset({"hegseth"}), counterparts=("CN",)),
], ids=lambda v: type(v).__name__)
def test_models_sent_through_the_pool_pickle_to_equal_values(value: object) -> None:
    for protocol in (2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL):
        again = pickle.loads(pickle.dumps(value, protocol=protocol))
        assert again == value and type(again) is type(value)
