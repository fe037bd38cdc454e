"""The plain data models: what crosses the import's process pool comes back equal."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.divergence import EventStatement
from bot.events import ContactProfile
from bot.models import (
    Analysis,
    Divergence,
    Finding,
    Mention,
    Quotation,
    Sentence,
    SharedPoint,
    Statement,
    new_mention,
    new_quotation,
    new_sentence,
    new_statement,
)

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


# --- the analysers' cheaper constructors (bot.models.new_*) ---------------------------------------

BUILDERS = [(Sentence, new_sentence), (Quotation, new_quotation), (Mention, new_mention), (Statement, new_statement)]
_TEXTS = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["", "Шойгу", "小泉防衛相", "“we”", "'", "\"", "JP"]))
_INTS = st.one_of(st.integers(-3, 3), st.integers())


@pytest.mark.parametrize(("cls", "build"), BUILDERS, ids=lambda v: getattr(v, "__name__", ""))
def test_builder_takes_the_fields_of_its_class_in_order_with_the_same_defaults(cls: type, build: object) -> None:
    parameters = list(inspect.signature(build).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in dataclasses.fields(cls)]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in dataclasses.fields(cls)
    ]
    assert all(f.default_factory is dataclasses.MISSING and f.init for f in dataclasses.fields(cls))
    assert not hasattr(cls, "__post_init__")  # the builders would skip it


def _same(built: object, made: object) -> None:
    assert type(built) is type(made)
    assert built == made and made == built  # __eq__ both ways
    assert hash(built) == hash(made)
    assert repr(built) == repr(made)
    assert list(vars(built).items()) == list(vars(made).items())  # same names, values and order
    assert dataclasses.astuple(built) == dataclasses.astuple(made)
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        again = pickle.loads(pickle.dumps(built, protocol=protocol))
        assert again == made and type(again) is type(made) and pickle.dumps(built) == pickle.dumps(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.start = 0  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_builders_equal_the_constructors_on_any_values(data: st.DataObject) -> None:
    for cls, build in BUILDERS:
        values = [data.draw(_INTS if f.type == "int" else _TEXTS) for f in dataclasses.fields(cls)]
        _same(build(*values), cls(*values))
        names = [f.name for f in dataclasses.fields(cls)]
        _same(build(**dict(zip(names, values))), cls(**dict(zip(names, values))))


def test_builders_equal_the_constructors_on_the_models_above() -> None:
    for value in (SENTENCE, QUOTATION, MENTION, STATEMENT, Mention("date", "2025-12-06", "December 6", 1, 2)):
        build = dict(BUILDERS)[type(value)]
        _same(build(*dataclasses.astuple(value)), value)
    _same(new_mention("date", "2025-12-06", "December 6", 1, 2), Mention("date", "2025-12-06", "December 6", 1, 2))
    # mixed in sets and dicts with the constructors' objects: one key each
    assert len({new_sentence(1, "a", 0, 1), Sentence(1, "a", 0, 1)}) == 1
