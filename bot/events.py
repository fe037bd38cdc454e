"""Documents -> events: which documents report the same call or meeting (pure core).

A readout and a news story about one call share their *participants* (the same people, possibly
spelled "Shoigu", "Shoygu" and "Шойгу"), their *governments*, the *date of the contact* (a document
is often published a day later, in another time zone) and the *kind of contact* (a phone call is
not an in-person meeting). Grouping uses exactly those, in that order of trust; text similarity
only breaks ties. The same two ministers two days apart are two events: the contact date of a
document is read from the dates its lead mentions ("on Friday", "23 октября"), not its publication
date, and two contacts more than a day apart never merge.

The store side (candidate lookup through the `event_keys` index, never a scan of all events) is in
`bot.store.events`; the orchestration in `bot.pipeline`. Everything here is plain data in and out.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from itertools import pairwise
from operator import attrgetter
from typing import Any

from bot.divergence_text import content_tokens
from bot.models import Analysis, Document, Mention, pickled_by_fields
from bot.nlp.boundary import word_start_scan

# Publication lags the contact by up to this many days when the text gives no date.
PUBLICATION_LAG_DAYS = 2
# Two contacts whose dates are further apart than this are different events.
MAX_DATE_GAP_DAYS = 1
# Candidate lookup window around a document's contact date (days).
LOOKUP_WINDOW_DAYS = 3
# How many lead sentences that describe the contact are read for participants.
LEAD_CONTACT_SENTENCES = 3
# Dates: any date in the first DATE_SENTENCES sentences, or in a contact sentence among the first
# DATE_SEARCH_SENTENCES.
DATE_SENTENCES = 6
# At most this many people count as a contact's participants (a call, a meeting, a small summit).
MAX_PARTICIPANTS = 4
DATE_SEARCH_SENTENCES = 10
# Capitalised words (`\b[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?\b`, tests/engine/test_events.py
# holds that form): the leading `\b` (before a capital, a word character) is "no word character
# before the capital", checked after it. Why: a pattern that starts with `\b` is tried at every
# position, one that starts with a character class only at the capitals (profiled: ~5% of
# profile_document).
_CAPITALISED_WORD = re.compile(r"[A-ZА-ЯЁ](?<!\w[A-ZА-ЯЁ])[a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?\b")
# The same words in ASCII text (no Cyrillic letter can occur there; `\w` there is [A-Za-z0-9_]). Why:
# the Cyrillic capitals put the class beyond Latin-1, which `re` tests with a two-level table at every
# character of the title and lead.
_CAPITALISED_WORD_ASCII = re.compile(r"[A-Z](?<![A-Za-z0-9_][A-Z])[a-z]+(?:-[A-Z][a-z]+)?\b")


def _capitalised_words(text: str) -> list[str]:
    """What `_CAPITALISED_WORD.findall(text)` finds."""
    return (_CAPITALISED_WORD_ASCII if text.isascii() else _CAPITALISED_WORD).findall(text)


@dataclass(frozen=True)
class _Words:
    """A case-insensitive pattern kept in two parts: Latin-script alternatives (ASCII, lowercase, no
    case-dependent classes) and the others (Cyrillic, Japanese: each needs a non-ASCII character).

    profiled: these searches were ~60% of profile_document. A pattern whose leading alternatives are
    not anchored is tried at every position, and nearly every sentence is ASCII and fails. For ASCII
    text only the Latin part can match, and case-insensitively on ASCII is the same as on the
    lowercased text, so that case searches the lowercased text with the Latin part alone (about 6x
    faster); any other text is searched with the whole pattern as before."""

    latin: re.Pattern[str]  # the Latin alternatives, case-sensitive: for lowercased ASCII text
    pattern: re.Pattern[str]  # the whole pattern, re.I: for any other text
    # Strings one of which every match of the Latin part contains (tests/engine/test_events.py checks
    # this on the parsed pattern): lowercased ASCII text with none of them is rejected before the
    # search. Profiled: the Latin searches (~2.5 µs each, their alternatives all start with `\b`) were
    # a quarter of profile_document, and most lead sentences name no contact; a few `in` tests cost
    # ~0.1 µs each.
    needles: tuple[str, ...] = ()
    # Where a match of the Latin part can start, scanned for from word starts
    # (`bot.nlp.boundary.word_start_scan`: every Latin alternative opens with `\b` and a letter, which
    # tests/engine/test_events.py proves on the parsed patterns). Why: a pattern opening with `\b` is
    # tried at every character (callgrind, 300 benchmark documents: profile 1.334 -> 1.280 M
    # instructions a document).
    word_starts: re.Pattern[str] | None = None

    @classmethod
    def of(cls, latin: str, other: str, needles: tuple[str, ...] = ()) -> _Words:
        if not (latin.isascii() and latin == latin.lower()):
            raise ValueError(f"the Latin part is searched in lowercased ASCII text: {latin!r}")
        return cls(re.compile(latin), re.compile(f"{latin}|{other}", re.IGNORECASE), needles,
                   word_start_scan(latin))

    def search(self, text: str) -> bool:
        if text.isascii():
            return self.search_lowered_ascii(text.lower())
        return self.pattern.search(text) is not None

    def search_lowered_ascii(self, lowered: str) -> bool:
        """`search(text)` for an ASCII `text`, given `text.lower()`: a caller asking several patterns
        about one text lowers it once."""
        if self.needles:
            for needle in self.needles:
                if needle in lowered:
                    break
            else:
                return False
        if self.word_starts is None:
            return self.latin.search(lowered) is not None
        # a match at 0, or one right after a character that is not `[a-z0-9_]`
        return self.latin.match(lowered) is not None or self.word_starts.search(lowered) is not None


CONTACT_KINDS: tuple[tuple[str, _Words], ...] = (
    ("video_call", _Words.of(
        r"\bvideo[\s-]?(?:call|conference|link|talks?|summit|meeting)\b|\bvirtual(?:ly)?\s+(?:meeting|summit|talks?|"
        r"conference|call)\b|\bvideoconferenc\w*",
        r"видеоконференц\w*|видеосвяз\w*|по\s+видео\w*|テレビ会議|オンライン会談",
        needles=("video", "virtual"))),
    ("call", _Words.of(
        r"\b(?:phone|telephone|telephoned|call(?:ed)?|calls|spoke\s+(?:by|over\s+the|on\s+the)\s+phone)\b",
        r"телефон\w*|созвонил\w*|звон\w*|電話",
        needles=("call", "phone"))),
    ("visit", _Words.of(r"\b(?:visit(?:ed|ing|s)?|trip|state\s+visit)\b", r"визит\w*|посети\w*|訪問|訪米|訪日|訪中",
                        needles=("visit", "trip"))),
    ("meeting", _Words.of(
        r"\b(?:met|meet(?:ing|s)?|summit|hosted|hosts|welcomed|face-to-face|in\s+person|bilateral\s+(?:meeting|engagement)|"
        r"talks\s+held\s+at|sidelines)\b",
        r"встреч\w*|встретил\w*|саммит\w*|(?<!電話)会談|会合",
        needles=("met", "meet", "summit", "host", "welcomed", "face-to-face", "person", "bilateral", "talks",
                 "sidelines"))),
)
_REMOTE = frozenset({"call", "video_call"})
_IN_PERSON = frozenset({"meeting", "visit"})
_CONTACT_WORD = _Words.of(
    r"\b(?:call(?:ed|s)?|phone|telephone\w*|spoke|speaks|talk(?:s|ed)?|conversation|conference|met|meeting|"
    r"summit|hosted|hosts|received|receives|welcomed|visit\w*|discuss\w*|exchanged)\b",
    r"разговор\w*|созвонил\w*|звон\w*|переговор\w*|беседова\w*|встреч\w*|обсуди\w*|телефон\w*|"
    r"会談|電話|会合|協議",
    needles=("call", "phone", "spoke", "speaks", "talk", "conversation", "conference", "met", "meet", "summit", "host",
             "receive", "welcomed", "visit", "discuss", "exchanged"),
)


@lru_cache(maxsize=4096)
def _mentions_contact(sentence: str) -> bool:
    """Does the sentence name a contact ("spoke by phone", "встреча")? Cached: the lead, the contact
    date and the participants each ask it of the same opening sentences."""
    return _CONTACT_WORD.search(sentence)


@pickled_by_fields  # sent back from the import's pool with every document's analysis
@dataclass(frozen=True)
class ContactProfile:
    """What grouping knows about the contact one document reports."""

    document_id: int
    people: tuple[str, ...]  # person keys (cross-language), most prominent first
    names: tuple[str, ...]  # canonical names, same order
    governments: tuple[str, ...]  # the parties: governments of participants and of the document
    date_lo: date | None
    date_hi: date | None
    kind: str | None
    tokens: frozenset[str] = field(default_factory=frozenset)
    # Capitalised words of the title and lead, folded like person keys: lets "Putin's telephone
    # conversation with Trump" find the Trump–Putin event although no title introduces them.
    aliases: frozenset[str] = field(default_factory=frozenset)
    # When the parties found are fewer than two and the participants fewer than two (the other side's
    # name was not recognised): the one foreign government named where the contact is described
    # ("... held a telephone talk with <name>, External Affairs Minister of India"). Matching only.
    counterparts: tuple[str, ...] = ()

    def keys(self) -> list[str]:
        """Index keys stored for the event: one per participant and one per pair of governments; a
        document whose participants were not recognised is found through the names in its lead."""
        keys = [f"person:{p}" for p in self.people]
        govs = sorted(self.contact_governments)
        keys += [f"govpair:{a}-{b}" for i, a in enumerate(govs) for b in govs[i + 1:]]
        if not self.comparable_people:
            keys += [f"alias:{a}" for a in sorted(self.aliases)]
        return keys

    def lookup_keys(self) -> list[str]:
        """Keys to look candidates up by: the stored ones, the names in the lead as participants of
        other events, and the participants as names in the lead of events that recognised none."""
        keys = [k for k in self.keys() if not k.startswith("alias:")]
        keys += [f"person:{a}" for a in sorted(self.aliases) if f"person:{a}" not in keys]
        keys += [f"alias:{p}" for p in self.people if p.isascii()]
        return keys

    @cached_property
    def comparable_people(self) -> frozenset[str]:
        """Person keys in Latin letters (Cyrillic is transliterated; CJK names have no such key)."""
        return frozenset(p for p in self.people if p.isascii())

    @cached_property
    def contact_governments(self) -> frozenset[str]:
        """The parties, with the counterpart named in the lead when only one party was found."""
        return frozenset(self.governments) | frozenset(self.counterparts)

    @property
    def point_date(self) -> date | None:
        return self.date_lo if self.date_lo == self.date_hi else self.date_hi

    def to_json(self) -> dict[str, Any]:
        return {
            "people": list(self.people),
            "names": list(self.names),
            "governments": list(self.governments),
            "date_lo": self.date_lo.isoformat() if self.date_lo else None,
            "date_hi": self.date_hi.isoformat() if self.date_hi else None,
            "kind": self.kind,
            "tokens": sorted(self.tokens),
            "aliases": sorted(self.aliases),
            **({"counterparts": list(self.counterparts)} if self.counterparts else {}),
        }

    @classmethod
    def from_json(cls, document_id: int, data: dict[str, Any]) -> ContactProfile:
        return cls(
            document_id=document_id,
            people=tuple(data.get("people") or ()),
            names=tuple(data.get("names") or ()),
            governments=tuple(data.get("governments") or ()),
            date_lo=_parse_date(data.get("date_lo")),
            date_hi=_parse_date(data.get("date_hi")),
            kind=data.get("kind"),
            tokens=frozenset(data.get("tokens") or ()),
            aliases=frozenset(data.get("aliases") or ()),
            counterparts=tuple(data.get("counterparts") or ()),
        )


@dataclass(frozen=True)
class EventState:
    """An event as grouping sees it: the merge of its documents' profiles."""

    id: int
    profiles: tuple[ContactProfile, ...]

    @cached_property
    def people(self) -> Counter[str]:
        return Counter(p for prof in self.profiles for p in prof.people)

    @cached_property
    def governments(self) -> Counter[str]:
        return Counter(g for prof in self.profiles for g in prof.governments)

    @cached_property
    def contact_governments(self) -> frozenset[str]:
        return frozenset().union(*(p.contact_governments for p in self.profiles)) if self.profiles else frozenset()

    def date_range(self) -> tuple[date | None, date | None]:
        """The contact date as the members pin it: explicit (point) dates win over lag windows."""
        return self._date_range

    # Cached (the state is frozen): matching a document against up to MAX_CANDIDATES events, and
    # bridging checks, read these many times per event.
    @cached_property
    def _date_range(self) -> tuple[date | None, date | None]:
        points = [p for p in self.profiles if p.date_lo is not None and p.date_lo == p.date_hi]
        chosen = points or [p for p in self.profiles if p.date_lo is not None]
        if not chosen:
            return None, None
        return min(p.date_lo for p in chosen if p.date_lo), max(p.date_hi for p in chosen if p.date_hi)

    @cached_property
    def kind(self) -> str | None:
        """The members' kind of contact; a video call is a call that one report names precisely."""
        kinds = Counter(p.kind for p in self.profiles if p.kind)
        if not kinds:
            return None
        if "video_call" in kinds and set(kinds) <= _REMOTE:
            return "video_call"
        return min(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    @cached_property
    def tokens(self) -> frozenset[str]:
        return frozenset().union(*(p.tokens for p in self.profiles)) if self.profiles else frozenset()

    @cached_property
    def aliases(self) -> frozenset[str]:
        return frozenset().union(*(p.aliases for p in self.profiles)) if self.profiles else frozenset()

    @cached_property
    def comparable_people(self) -> frozenset[str]:
        return frozenset().union(*(p.comparable_people for p in self.profiles)) if self.profiles else frozenset()


# --- profiling a document ---------------------------------------------------------------------------


def profile_document(doc: Document, analysis: Analysis) -> ContactProfile:
    """The contact `doc` reports: participants and parties from its title and lead, the contact date
    from the dates its lead mentions (else publication minus 0..2 days), the kind of contact."""
    from bot.nlp.attribution import expert_names, person_governments

    text = doc.text
    published = _parse_date(doc.date)
    lead = _lead_spans(doc, analysis)
    is_lead = _span_test(lead)
    people = [m for m in analysis.mentions if m.kind == "person"]
    governments = [m for m in analysis.mentions if m.kind == "government"]
    lead_people = [p for p in people if is_lead(p.start)]

    # a minister or president introduced as such in the lead is a principal, whatever else the text
    # says near their name
    principals = {p.value for p in lead_people if p.detail and _OFFICE_TITLE.search(p.detail)}
    # Only whether a lead person's name is an expert's matters, and expert_names judges each mention
    # on its own, so it reads only the mentions of those names (profiled: over every person it was
    # ~15% of profile_document).
    undecided = {p.value for p in lead_people} - principals
    experts = expert_names(text, [p for p in people if p.value in undecided])
    in_lead = [p for p in lead_people if p.value not in experts]
    counts = Counter(p.value for p in people)
    first_contact = next(((s, e) for s, e in lead if _mentions_contact(text[s:e])
                          and any(s <= p.start < e for p in in_lead)), None)
    order: dict[str, int] = {}
    for p in in_lead:
        # a participant is named more than once, or in the first sentence about the contact; a
        # minister briefed in passing ("briefing NATO Secretary General Mark Rutte") is not
        if counts[p.value] >= 2 or (first_contact and first_contact[0] <= p.start < first_contact[1]):
            order.setdefault(p.value, len(order))
    names = sorted(order, key=lambda n: order[n])[:MAX_PARTICIPANTS]
    keys: list[str] = []
    kept_names: list[str] = []
    for name in names:
        key = person_key(name)
        if key and key not in keys:
            keys.append(key)
            kept_names.append(name)

    # a participant's government from how the title and lead introduce them ("Indian Defence
    # Minister Vikram Rathore"); later sentences put other countries next to their names ("on the
    # situation in Haiti, Minister Morimoto said")
    person_gov = person_governments(text, lead_people, [g for g in governments if is_lead(g.start)])
    parties: list[str] = []
    for name in kept_names:
        code = person_gov.get(name)
        if code and code not in parties:
            parties.append(code)
    if doc.government and doc.government.upper() not in parties:
        parties.append(doc.government.upper())

    counterparts: tuple[str, ...] = ()
    if len(parties) < 2:
        # the other side was not recognised (or not placed): the one foreign government named as an
        # office ("President of France", "Australian Prime Minister", "German counterpart") in the
        # first sentence or the first sentence about the contact stands for it; two or more: unknown
        contact = next(((s, e) for s, e in lead[1:] if _mentions_contact(text[s:e])), None)
        spans = lead[:1] + ([contact] if contact else [])
        named = {g.value for g in governments
                 if any(s <= g.start < e for s, e in spans) and _names_an_office(text, g)} - set(parties)
        if len(named) == 1:
            counterparts = tuple(named)
    date_lo, date_hi = _contact_dates(analysis, published)
    kind = _contact_kind(text, lead, doc.title)
    lead_text = " ".join(text[s:e] for s, e in lead)
    tokens = frozenset(content_tokens(f"{doc.title or ''} {lead_text}"))
    # each word once: a lead names its participants several times (a set in, the same set out)
    key_of = _person_key_function()  # resolved once, not per word (~16 words a document)
    aliases = frozenset(
        key for word in set(_capitalised_words(f"{doc.title or ''} {lead_text}"))
        if len(word) > 2 and (key := key_of(word)) and key.isascii() and key not in keys
    )
    return ContactProfile(doc.id, tuple(keys), tuple(kept_names), tuple(parties), date_lo, date_hi, kind, tokens, aliases,
                          counterparts)


_OFFICE = (r"(?:Minister|Ministers|President|Chancellor|Secretary|Premier|Prime\s+Minister|counterparts?|Crown\s+Prince|"
           r"Amir|Emir|King|Queen|Adviser|Advisor|[Ll]eaders?|[Ff]oreign|[Dd]efen[cs]e|[Tt]rade|[Ee]xternal|[Ss]ecurity)")
_OFFICE_TITLE = re.compile(r"\b(?:Minister|President|Chancellor|Secretary|Premier|Crown\s+Prince|Amir|Emir|King|Queen)\b")
_OFFICE_AFTER = re.compile(r"(?:'s?)?\s+(?:(?:[A-Z][a-z]+|vice|deputy)\s+){0,3}?" + _OFFICE + r"\b")
_OFFICE_BEFORE = re.compile(r"\b" + _OFFICE + r"(?:\s+Affairs)?(?:\s+Minister)?\s+of\s+(?:the\s+)?$")


def _names_an_office(text: str, government: Mention) -> bool:
    """Is this mention of a government part of someone's office ("President of France", "German
    Chancellor", "External Affairs Minister of India", "Japan-India Foreign Ministers'")? Other
    mentions (the situation in Ukraine, a summit in Vienna) name no party to the contact."""
    return (_OFFICE_AFTER.match(text, government.end, government.end + 60) is not None
            or _OFFICE_BEFORE.search(text[max(0, government.start - 60): government.start]) is not None)


def person_key(name: str) -> str:
    """Cross-language key of a person (the shared nlp helper when present, else the surname)."""
    return _person_key_function()(name)


@lru_cache(maxsize=1)
def _person_key_function() -> Callable[[str], str]:
    """The shared nlp helper, imported on first use (the store and the main process import this
    module without the NLP stack); resolved once, not per call (profiled: the import statement was
    most of the cost of person_key, called ~30 times per document)."""
    try:
        from bot.nlp.people import person_key as shared_person_key
    except ImportError:  # the people module ships with the package; this keeps the engine usable alone
        return _fallback_person_key
    return shared_person_key


def _fallback_person_key(name: str) -> str:
    from bot.nlp.translit import to_ascii

    parts = [p for p in re.split(r"[\s.]+", to_ascii(name).lower()) if p and p.isalpha()]
    return parts[-1] if parts else ""


def _lead_spans(doc: Document, analysis: Analysis) -> list[tuple[int, int]]:
    """Title plus the first sentences that describe the contact: where participants and the contact
    date are named. Later sentences talk about earlier calls, background and other people."""
    spans: list[tuple[int, int]] = []
    found = 0
    # person starts, sorted, so "a person in this sentence" is a bisection, not a scan of every
    # mention for every sentence (profiled: the scan was most of profiling a long document)
    person_starts = sorted(m.start for m in analysis.mentions if m.kind == "person")
    for s in analysis.sentences:
        contact = _mentions_contact(s.text)
        if s.index == 0 or contact:
            spans.append((s.start, s.end))
            if contact:
                k = bisect_left(person_starts, s.start)
                if k < len(person_starts) and person_starts[k] < s.end:
                    found += 1
        if found >= LEAD_CONTACT_SENTENCES:
            break
    return spans


def _span_test(spans: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """A test "does `pos` fall in one of `spans`". Lead spans are sentences in text order, so only
    the last span starting at or before `pos` can hold it: a bisection (profiled: `any` over the
    spans, for every mention and several times, was ~10% of profile_document). Spans in any other
    order are scanned as before."""
    bounds = [b for span in spans for b in span]
    if any(a > b for a, b in pairwise(bounds)):
        return lambda pos: any(s <= pos < e for s, e in spans)
    starts = bounds[0::2]
    ends = bounds[1::2]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < ends[k]

    return inside


def _contact_dates(analysis: Analysis, published: date | None) -> tuple[date | None, date | None]:
    """The first plausible date (within a week before publication) of the opening sentences, those
    describing the contact first, then any of them, then later contact sentences; else the window
    of publication minus PUBLICATION_LAG_DAYS.

    The first such date wins because stories open with the contact they report and mention earlier
    contacts later ("В прошлый раз Шойгу беседовал с Остином в пятницу, 21 октября")."""
    dates = sorted((m for m in analysis.mentions if m.kind == "date"), key=attrgetter("start"))
    opening = analysis.sentences[:DATE_SENTENCES]
    later = analysis.sentences[DATE_SENTENCES:DATE_SEARCH_SENTENCES]
    tiers = (
        [s for s in opening if _mentions_contact(s.text)],  # "held a video talk ... on Tuesday"
        list(opening),  # "Об этом в воскресенье, 23 октября, сообщается ..."
        [s for s in later if _mentions_contact(s.text)],
    )
    for tier in tiers:
        for s in tier:
            for m in dates:
                if not s.start <= m.start < s.end:
                    continue
                value = _parse_date(m.value)
                if value is None or _dates_another_happening(s.text[max(0, m.start - s.start - 80): m.start - s.start]):
                    continue
                if published is None or published - timedelta(days=7) <= value <= published + timedelta(days=1):
                    return value, value
    if published is None:
        return None, None
    return published - timedelta(days=PUBLICATION_LAG_DAYS), published


_FUTURE = _Words.of(
    r"\b(?:will|would|plan(?:s|ned)?\s+to|agreed\s+to|to\s+(?:hold|set\s+up|arrange)|next\s+(?:year|month|week)|"
    r"upcoming|early\s+next|later\s+this)\b",
    r"договорил\w*\s+о|планиру\w*|予定|調整|年明け",
    needles=("will", "would", "plan", "agreed", "hold", "set", "arrange", "next", "upcoming", "later"),
)


class _Pieces:
    """The title and lead pieces `_contact_kind` asks which kinds of contact they name: each ASCII
    piece lowered once for all the patterns, whether a piece speaks of the future asked only of a
    piece naming a meeting or a visit, and at most once."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces
        self.lowered = [piece.lower() if piece.isascii() else None for piece in pieces]
        self.future: dict[int, bool] = {}

    def name(self, words: _Words, now: bool = False) -> bool:
        """Does a piece name `words` (with `now`: a piece that does not speak of the future)?"""
        for k, lowered in enumerate(self.lowered):
            if not (words.search(self.pieces[k]) if lowered is None else words.search_lowered_ascii(lowered)):
                continue
            if not now:
                return True
            future = self.future.get(k)
            if future is None:
                future = self.future[k] = (_FUTURE.search(self.pieces[k]) if lowered is None
                                           else _FUTURE.search_lowered_ascii(lowered))
            if not future:
                return True
        return False


_VIDEO_CALL, _CALL, _VISIT, _MEETING = map(dict(CONTACT_KINDS).__getitem__, ("video_call", "call", "visit", "meeting"))


def _contact_kind(text: str, lead: list[tuple[int, int]], title: str | None) -> str | None:
    """call / video_call / meeting / visit from the title and lead; None when they disagree.

    A meeting or visit that is only planned ("agreed to hold a face-to-face meeting next year") says
    nothing about the kind of *this* contact.

    The answer depends only on four yes/no questions over all the pieces: a video call named in one;
    a call; a meeting in one that does not speak of the future; a visit in one such (which matters
    only without such a meeting). Each is asked piece by piece until one piece says yes, and a
    question the answer no longer depends on is not asked. (It was: every kind of every piece, as a
    list of kinds named; callgrind: ~171k instructions a document, a ninth of profile_document.)
    tests/engine/test_events_speed_paths.py compares it with that definition."""
    pieces = _Pieces([title or "", *(text[s:e] for s, e in lead)])
    if pieces.name(_VIDEO_CALL):
        return "video_call"
    remote = pieces.name(_CALL)
    meeting = pieces.name(_MEETING, now=True)
    visit = not meeting and pieces.name(_VISIT, now=True)
    if remote and not (meeting or visit):
        return "call"
    if (meeting or visit) and not remote:
        return "visit" if visit else "meeting"
    return None


# "the radar incident ... on December 6th", "the missile launch on Oct. 3": a date right after a
# happening other than the contact dates that happening, which the contact only talks about.
_HAPPENING_BEFORE_DATE = re.compile(
    r"\b(?:incident|attacks?|strikes?|collision|launch(?:es)?|tests?|drills?|exercises?|elections?|crash|"
    r"shooting|explosion|illumination|intrusion|incursions?|shelling|bombing|earthquake|flood|sinking|"
    r"seizure|arrest|detention|violation|provocation|intercept(?:ion)?|flights?|sail(?:ing)?|transit|"
    r"инцидент\w*|удар\w*|атак\w*|запуск\w*|учени\w*|выбор\w*|事案|事件|発射|演習)"
    r"(?:\s+(?!and\b|but\b)[^\s,;:.]+){0,8}?\s+(?:on|of|since|from|at|в|от)?\s*$",
    re.IGNORECASE,
)


# Strings one of which every English happening word contains (lower-case; a test checks them on the
# parsed pattern). Profiled: the `$`-anchored case-insensitive search is tried at every position of
# the 80 characters before each lead date (~10 µs, ~3% of profile_document), and few of those
# stretches name a happening.
_HAPPENING_NEEDLES = (
    "incident", "attack", "strike", "collision", "launch", "test", "drill", "exercise", "election", "crash",
    "shooting", "explosion", "illumination", "intrusion", "incursion", "shelling", "bombing", "earthquake", "flood",
    "sinking", "seizure", "arrest", "detention", "violation", "provocation", "intercept", "flight", "sail", "transit",
)


def _dates_another_happening(before: str) -> bool:
    """Is the date that follows `before` (the sentence text up to it) the date of something the
    contact discussed rather than of the contact itself?"""
    if before.isascii():  # on ASCII, IGNORECASE matches exactly what lower-casing finds
        lowered = before.lower()
        for needle in _HAPPENING_NEEDLES:
            if needle in lowered:
                break
        else:
            return False
    return _HAPPENING_BEFORE_DATE.search(before) is not None


# compiled once: parsing a date was half in re's compile cache (profiled: from_json parses two per
# stored profile, for every member of every candidate event)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _parse_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value:
        return None
    match = _ISO_DATE.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


# --- matching -----------------------------------------------------------------------------------------


def date_gap(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> int | None:
    """Days between two date ranges (0 when they overlap); None when either is unknown."""
    if a[0] is None or a[1] is None or b[0] is None or b[1] is None:
        return None
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def kinds_compatible(a: str | None, b: str | None) -> bool:
    """A phone call and an in-person meeting are different contacts; unknown is compatible."""
    if a is None or b is None:
        return True
    return not ((a in _REMOTE and b in _IN_PERSON) or (a in _IN_PERSON and b in _REMOTE))


def match_score(profile: ContactProfile, event: EventState) -> float | None:
    """How well a document fits an event; None when it cannot be the same contact.

    Hard constraints: contact dates at most MAX_DATE_GAP_DAYS apart, compatible kinds of contact,
    the same parties when both sides name two or more, and shared participants. Participants are
    compared by person key; a side whose people have no comparable key (none found, or names in
    Japanese script) is compared through the other side's names appearing in its title and lead,
    and failing that through the pair of governments alone."""
    gap = date_gap((profile.date_lo, profile.date_hi), event.date_range())
    if gap is not None and gap > MAX_DATE_GAP_DAYS:
        return None
    if not kinds_compatible(profile.kind, event.kind):
        return None
    event_govs = event.contact_governments
    profile_govs = profile.contact_governments
    nested = profile_govs <= event_govs or event_govs <= profile_govs
    same_pair = len(profile_govs) >= 2 and len(event_govs) >= 2 and nested
    if profile_govs and event_govs and max(len(profile_govs), len(event_govs)) >= 2 and not nested:
        # Shoigu–Austin and Shoigu–Akar on the same day are two calls; and a readout that speaks
        # only for Hungary is not a report of a Japan–Netherlands meeting
        return None
    mine, theirs = profile.comparable_people, event.comparable_people
    if mine and theirs:
        shared = len(mine & theirs)
        if shared == 0:
            # each side recognised only its own people ("Mercier" in the French readout, "Orlov" in
            # the Russian one): one contact when each names the other's in its title or lead, and
            # the parties agree
            if not (same_pair and mine & event.aliases and theirs & profile.aliases):
                return None
            shared = 1
        if len(mine) >= 2 and len(theirs) >= 2 and shared == 1 and not same_pair:
            return None  # one shared person: only when the other participants' governments agree
        if mine - theirs - event.aliases and theirs - mine - profile.aliases:
            # each names a participant the other does not mention at all: Tokayeva with Rathore and
            # Tokayeva with Rao are two meetings, even on one day between the same governments
            return None
    elif mine or theirs:
        known = mine or theirs
        named = (event.aliases | event.comparable_people) if mine else (profile.aliases | profile.comparable_people)
        shared = len(known & named)
        if shared < min(2, len(known)) and not (_cross_script(profile, event) and same_pair):
            return None
    else:
        shared = 0
        if not same_pair or (_jaccard(profile.tokens, event.tokens) < 0.1 and not _cross_script(profile, event)):
            return None
    # text similarity only breaks ties, so it is computed for candidates that passed (most fail)
    similarity = _jaccard(profile.tokens, event.tokens)
    return 2.0 * shared + (1.0 - 0.5 * (gap or 0)) + (0.5 if gap is not None else 0.0) + similarity


def _cross_script(profile: ContactProfile, event: EventState) -> bool:
    """One side names its people only in a script without person keys (Japanese): words cannot be
    compared, so the parties, date and kind of contact decide."""
    def cjk_only(profiles: Sequence[ContactProfile]) -> bool:
        return any(p.people for p in profiles) and not any(p.comparable_people for p in profiles)

    return cjk_only([profile]) or cjk_only(event.profiles)


def choose_event(profile: ContactProfile, candidates: Sequence[EventState]) -> list[EventState]:
    """Events `profile` belongs to, best first (empty: a new event). More than one means the document
    bridges events that are the same contact, and the caller should merge them.

    A document that fits several events joins the best one. The others are merged in only when they
    are the same contact *as each other* (`events_compatible`): fitting the bridging document is not
    enough, since a document that says little (one participant, a publication-lag date window, no
    kind of contact) fits several different contacts of one person, and merged events would then
    attract more (chained bridges)."""
    scored = [(s, e) for e in candidates if (s := match_score(profile, e)) is not None]
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    if not scored:
        return []
    chosen = [scored[0][1]]
    for _score, other in scored[1:]:
        joined = chosen[0] if len(chosen) == 1 else EventState(chosen[0].id, tuple(p for e in chosen for p in e.profiles))
        if events_compatible(joined, other):
            chosen.append(other)
    return chosen


def events_compatible(a: EventState, b: EventState) -> bool:
    """Could two events be one contact? Every member of each must fit the other event as it stands
    (its own members only), by the same rules as a new document."""
    return (all(match_score(p, a) is not None for p in b.profiles)
            and all(match_score(p, b) is not None for p in a.profiles))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# --- describing an event ------------------------------------------------------------------------------


def describe(event: EventState) -> dict[str, Any]:
    """Title, date, kind, participants and governments of an event, from its members' profiles."""
    names: Counter[str] = Counter()
    key_name: dict[str, str] = {}
    for prof in event.profiles:
        for key, name in zip(prof.people, prof.names):
            names[key] += 1
            # prefer the Latin-script spelling for titles
            if key not in key_name or (not key_name[key].isascii() and name.isascii()):
                key_name[key] = name
    top = [k for k, _ in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))][:2]
    participants = [key_name[k] for k in top]
    governments = [g for g, _ in sorted(event.governments.items(), key=lambda kv: (-kv[1], kv[0]))]
    lo, _hi = event.date_range()
    point = _event_date(event)
    kind = event.kind
    kind_label = {"call": "phone call", "video_call": "video call", "meeting": "meeting", "visit": "visit"}.get(kind or "", "contact")
    if participants:
        who = "–".join(sorted((display_surname(p) for p in participants), key=str.casefold))
    else:
        who = "–".join(sorted(governments[:2])) or "Unidentified"
    title = f"{who} {kind_label}"
    return {
        "title": title,
        "date": point.isoformat() if point else (lo.isoformat() if lo else None),
        "contact_kind": kind,
        "participants": participants,
        "governments": sorted(set(governments[:4])),
    }


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def display_surname(name: str) -> str:
    """The surname as written ("Lloyd J. Austin III" -> "Austin", "Xi Jinping" -> "Xi")."""
    tokens = [t for t in name.replace(",", " ").split() if t.casefold() not in _SUFFIXES]
    if not tokens:
        return name
    key = person_key(name)
    for token in tokens:
        if person_key(token) == key:
            return token
    return tokens[-1]


def _event_date(event: EventState) -> date | None:
    points = Counter(p.date_lo for p in event.profiles if p.date_lo is not None and p.date_lo == p.date_hi)
    if points:
        return min(points.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    lo, hi = event.date_range()
    return hi or lo
