"""Plain data passed between the layers: ingest -> nlp -> store -> engine -> commands.

Everything here is a frozen dataclass with no I/O, so the engine (nlp, events, divergence) can be
pure functions over these values and tests can build them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any, TypeVar

_T = TypeVar("_T")


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle instances as (class, field values): the import's process pool sends ~100 of these a
    document each way, and the default (copyreg, a state dict per object) took 2.5x as long to
    load in the importing process, measured. Only for frozen dataclasses whose fields are all
    `__init__` arguments in declaration order."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = attrgetter(*names)  # one C call for all fields (a generator of getattr: 1.8x slower)

    def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return cls, values(self) if len(names) > 1 else (values(self),)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


class DocKind(StrEnum):
    """What a document is, per the corpus contract in DESIGN.md."""

    OFFICIAL_READOUT = "official_readout"
    QUOTED_IN_NEWS = "quoted_in_news"
    NEWS = "news"
    STATEMENT = "statement"


DOC_KINDS: frozenset[str] = frozenset(k.value for k in DocKind)


@dataclass(frozen=True)
class DocumentInput:
    """A document as it arrives, before it is stored. Only `text` is required.

    `origin` says where it came from ("file.jsonl:12", a feed URL) for error messages;
    `metadata` keeps every field of the input we do not model (never a reason to reject).
    """

    text: str
    doc_id: str | None = None
    government: str | None = None
    issuer: str | None = None
    kind: str = DocKind.NEWS
    title: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    source_id: int | None = None
    origin: str | None = None


@dataclass(frozen=True)
class Document:
    """A stored document. `id` is the database row id; `doc_id` the external id (echoed in JSON)."""

    id: int
    doc_id: str
    text: str
    kind: str
    content_hash: str
    government: str | None = None
    issuer: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    source_id: int | None = None
    imported_at: str | None = None


# --- text analysis (bot/nlp) -------------------------------------------------------------------


@pickled_by_fields
@dataclass(frozen=True)
class Sentence:
    """One sentence of a document; `start`/`end` are character offsets into the document text."""

    index: int
    text: str
    start: int
    end: int


@pickled_by_fields
@dataclass(frozen=True)
class Quotation:
    """A direct quotation and who said it, when the text says so."""

    text: str
    speaker: str | None
    speaker_title: str | None
    government: str | None
    sentence_index: int
    start: int
    end: int


@pickled_by_fields
@dataclass(frozen=True)
class Mention:
    """Something the text mentions. `kind` is "government", "person" or "date".

    `value` is normalised: an ISO 3166 alpha-2 code, a person's canonical name, an ISO date.
    `detail` carries the extra bit (a person's title, the date's granularity).
    """

    kind: str
    value: str
    surface: str
    start: int
    end: int
    detail: str | None = None


@pickled_by_fields
@dataclass(frozen=True)
class Statement:
    """A sentence or clause attributed to a government's voice (see bot/nlp/attribution.py).

    `voice` is "official" when the document is that government's own readout or statement, and
    "quoted_in_news" when a news text quotes or paraphrases it ("the US readout said ...").
    The journalist's own sentences and outside experts yield no statement at all.
    """

    sentence_index: int
    text: str
    government: str
    speaker: str | None
    voice: str


@pickled_by_fields
@dataclass(frozen=True)
class Analysis:
    """What `bot.nlp.analyse_document` finds in one document."""

    sentences: tuple[Sentence, ...] = ()
    quotations: tuple[Quotation, ...] = ()
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()

    def governments(self) -> list[str]:
        return sorted({m.value for m in self.mentions if m.kind == "government"})

    def people(self) -> list[str]:
        return sorted({m.value for m in self.mentions if m.kind == "person"})


# --- cheaper construction for the analysers' own loops ------------------------------------------
#
# A frozen dataclass's generated __init__ sets each field through `object.__setattr__`, a slot-wrapper
# call each. An analysis builds ~70 of these objects a document (callgrind, 300 benchmark documents:
# 28 mentions, 20 sentences, 18 statements, 6 quotations); a `Mention(...)` costs ~9.9k instructions,
# `new_mention(...)` ~4.8k. The functions below make the object with `object.__new__` and give it its
# fields as one dict, in field order: the same values under the same names (so the same repr,
# equality, hash, pickling and `vars`), the same class, and no `__post_init__` skipped (none is
# defined). The classes' own constructors are unchanged; tests/test_models.py checks each function
# against its class (same parameters and defaults, equal results).
#
# Why a dict of their own and not `obj.__dict__[name] = value`: that dict would share its keys with
# the class (a split dict), and CPython 3.11 does not specialise attribute reads on such objects —
# measured, a read cost ~2.2x as much, which made the contact profile 7 % dearer. Reads from an
# object with its own dict are specialised (~17 instructions more than from one made by __init__).
# Each object is ~200 bytes larger; they live as long as one document's analysis.

_new = object.__new__
_set_fields = object.__setattr__  # the class's own __setattr__ refuses (frozen)


def new_sentence(index: int, text: str, start: int, end: int) -> Sentence:
    """`Sentence(index, text, start, end)`, cheaper (see above)."""
    obj = _new(Sentence)
    _set_fields(obj, "__dict__", {"index": index, "text": text, "start": start, "end": end})
    return obj


def new_quotation(text: str, speaker: str | None, speaker_title: str | None, government: str | None,
                  sentence_index: int, start: int, end: int) -> Quotation:
    """`Quotation(text, speaker, speaker_title, government, sentence_index, start, end)`, cheaper."""
    obj = _new(Quotation)
    _set_fields(obj, "__dict__", {"text": text, "speaker": speaker, "speaker_title": speaker_title,
                                  "government": government, "sentence_index": sentence_index, "start": start,
                                  "end": end})
    return obj


def new_mention(kind: str, value: str, surface: str, start: int, end: int, detail: str | None = None) -> Mention:
    """`Mention(kind, value, surface, start, end, detail)`, cheaper."""
    obj = _new(Mention)
    _set_fields(obj, "__dict__", {"kind": kind, "value": value, "surface": surface, "start": start, "end": end,
                                  "detail": detail})
    return obj


def new_statement(sentence_index: int, text: str, government: str, speaker: str | None, voice: str) -> Statement:
    """`Statement(sentence_index, text, government, speaker, voice)`, cheaper."""
    obj = _new(Statement)
    _set_fields(obj, "__dict__", {"sentence_index": sentence_index, "text": text, "government": government,
                                  "speaker": speaker, "voice": voice})
    return obj

# --- search ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceHit:
    """A sentence matched by quote search, with everything a reply needs to cite it."""

    document_id: int
    doc_id: str
    sentence_index: int
    sentence: str
    speaker: str | None
    issuer: str | None
    government: str | None
    kind: str
    date: str | None
    title: str | None
    url: str | None
    score: float
    exact: bool


@dataclass(frozen=True)
class SearchResult:
    """Hits plus the total count, so a reply can say "showing 10 of 42".

    A very common phrase is not ranked over every match (that cost grows with the corpus): only the
    newest matches are examined, and the count stops at a cap. `examined` is how many matches were
    ranked or checked against the filters; `total_is_lower_bound` says the total is "at least"
    (the count stopped at its cap, or older matches were not checked against the filters)."""

    hits: tuple[SentenceHit, ...]
    total: int
    examined: int = 0
    total_is_lower_bound: bool = False


# --- events and divergence (bot/events.py, bot/divergence.py) ---------------------------------

FINDING_TYPES: tuple[str, ...] = ("omission", "contradiction", "unechoed_wording", "framing")


@pickled_by_fields
@dataclass(frozen=True)
class Finding:
    """One way two readouts differ. `government` is the side whose readout has the statement (for an
    omission: the side that said it; the other side left it out)."""

    type: str
    government: str
    text: str
    document_id: int
    doc_id: str
    counterpart_text: str | None = None
    counterpart_document_id: int | None = None
    counterpart_doc_id: str | None = None
    detail: str | None = None  # e.g. the strong wording matched, or "30 days vs 60 days"


@pickled_by_fields
@dataclass(frozen=True)
class SharedPoint:
    """Something both sides said (aligned statements)."""

    text: str
    doc_ids: tuple[str, ...]


@pickled_by_fields
@dataclass(frozen=True)
class Divergence:
    score: float
    divergent: bool
    summary: str
    findings: tuple[Finding, ...] = ()
    shared: tuple[SharedPoint, ...] = ()


@dataclass(frozen=True)
class EventSummary:
    id: int
    title: str
    date: str | None
    contact_kind: str | None
    governments: tuple[str, ...]
    participants: tuple[str, ...]
    doc_ids: tuple[str, ...]
    score: float | None = None
    divergent: bool | None = None


@dataclass(frozen=True)
class EventDetail:
    event: EventSummary
    documents: tuple[Document, ...]
    divergence: Divergence | None


# --- subscriptions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Subscription:
    """A channel that wants divergence alerts. Empty `governments` = every government."""

    id: int
    platform: str
    channel_id: str
    workspace_id: str | None
    governments: tuple[str, ...]
    min_score: float
    created_by: str | None
    created_at: str
    disabled_reason: str | None = None
    disabled_at: str | None = None

    @property
    def active(self) -> bool:
        return self.disabled_reason is None

    def wants(self, governments: tuple[str, ...] | list[str], score: float) -> bool:
        """Does an alert about these governments with this score match this channel's filters?"""
        if not self.active or score < self.min_score:
            return False
        return not self.governments or bool(set(self.governments) & set(governments))
