"""Event -> findings, score and summary: where governments' readouts of one contact differ (pure).

Input is the attributed statements of an event (whose voice each sentence is, from
`bot.nlp.attribution`), output a `bot.models.Divergence`. The steps:

1. every statement becomes items (`bot.divergence_items`: frame stripped, lists expanded);
2. items are aligned across governments (`bot.divergence_align`: IDF-weighted token overlap);
3. typed findings:
   - `unechoed_wording`: strong diplomatic wording (`bot.lexicon.STRONG_WORDING`) that no other side
     uses anywhere — the loudest signal readouts give;
   - `framing`: one side says who requested or proposed the contact and the other does not, or the
     two sides grade the tone differently ("candid" vs "constructive");
   - `contradiction`: aligned items that disagree on numbers, dates or polarity;
   - `omission`: a point one side makes and the other does not, kept only when it is salient (an
     incident, an agreement, a condition, a gesture, something named that the other never names)
     and, unless it is very salient, only when the event already diverges on a stronger signal —
     allies' routine differences in detail must not flood a channel;
4. a score 0..1 (noisy-or of the findings' weights) and `divergent`;
5. a summary that says what each readout does *not mention* — never that a government "denies".

No I/O here; `bench/divergence_speed.py` keeps one two-readout event under 10 ms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from itertools import filterfalse
from typing import NamedTuple

from bot import lexicon
from bot.divergence_align import (
    AlignItem,
    Alignment,
    idf_weights,
    lexical_similarity,
    weighted_containment,
)
from bot.divergence_items import split_items
from bot.divergence_text import content_tokens, proper_names, quantities
from bot.models import Divergence, Finding, SharedPoint, pickled_by_fields
from bot.semantic import Embedder, load_embedder, similarity_matrix

# An item whose best counterpart on another side scores at least this is "said by both".
ECHO_THRESHOLD = 0.40
# Aligned closely enough that a difference in numbers or polarity is a contradiction, not two points.
CONTRADICTION_THRESHOLD = 0.50
# Shown as a shared point.
SHARED_THRESHOLD = 0.45
# Below this, an item has no counterpart worth quoting.
COUNTERPART_THRESHOLD = 0.12
# Omissions: minimum salience when the event diverges anyway, and the salience that reports an
# omission on its own.
OMISSION_MIN_SALIENCE = 0.55
OMISSION_ALONE_SALIENCE = 1.0
MAX_OMISSIONS_PER_SIDE = 4
# ... but each side's TOP_OMISSIONS most salient unique points are reported from this lower floor,
# so that an alert says what *each* readout leaves out.
TOP_OMISSIONS = 2
OMISSION_TOP_SALIENCE = 0.42
# The score from which an event counts as divergent.
DIVERGENT_SCORE = 0.40
# A typed finding at least this heavy makes the salient omissions of the event worth reporting.
DIVERGING_SIGNAL = 0.2
SUMMARY_LIMIT = 600

# Finding weights for the score (noisy-or).
_W_UNECHOED = 0.45
_W_CONTRADICTION = 0.45
_W_INITIATIVE = 0.40
_W_TONE = 0.30
_W_OMISSION = 0.22
_W_RELATIONSHIP = 0.2

_META = lexicon.by_script(
    r"\b(?:spoke|speak|talked|call(?:ed)?|phone|telephone|conversation|video\s+(?:call|talk|link)|held\s+talks|"
    r"lasted|minutes)\b",
    r"разговор\w*|созвонил\w*|переговор\w*|телефон\w*|電話会談",
)
_DATE = lexicon.by_script(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    r"\b\d{1,2}\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*",
)

_DIGIT = re.compile(r"\d")


@pickled_by_fields  # an event's statements go to the import's pool to be compared
@dataclass(frozen=True)
class EventStatement:
    """One attributed statement of an event, with the document it came from."""

    government: str
    text: str
    document_id: int
    doc_id: str
    sentence_index: int = 0
    voice: str = "official"
    speaker: str | None = None


_STATEMENT_FIELDS = ("government", "text", "document_id", "doc_id", "sentence_index", "voice", "speaker")
assert _STATEMENT_FIELDS == tuple(f.name for f in fields(EventStatement))  # (`statements_from_rows` names them)


def statements_from_rows(rows: Iterable[Sequence[object]]) -> list[EventStatement]:
    """`[EventStatement(*row) for row in rows]`, cheaper: a statement of a row of all seven fields
    is made with its instance dict filled directly (the frozen dataclass's `__init__` sets the
    fields one `object.__setattr__` at a time: measured 11.4 -> 3.7 k instructions a statement,
    some 45 an event). The same objects: the same fields with the same values, so equal, hashed
    and pickled alike; a row of another length goes through `__init__` (its defaults, its errors)."""
    new, width = object.__new__, len(_STATEMENT_FIELDS)
    out: list[EventStatement] = []
    for row in rows:
        if len(row) != width:
            out.append(EventStatement(*row))
            continue
        statement = new(EventStatement)
        state = statement.__dict__
        (state["government"], state["text"], state["document_id"], state["doc_id"], state["sentence_index"],
         state["voice"], state["speaker"]) = row
        out.append(statement)
    return out


@dataclass(slots=True)  # some fifty an event, their fields read throughout: slots are cheaper both ways
class _Item:
    index: int
    government: str
    text: str
    core: str
    statement: EventStatement
    align: AlignItem
    strong: tuple[tuple[lexicon.Cue, str], ...]
    initiative: tuple[tuple[lexicon.Cue, str], ...]
    tone: tuple[tuple[lexicon.Cue, str], ...]
    relationship: tuple[tuple[lexicon.Cue, str], ...]
    best: dict[str, tuple[int, float]] = field(default_factory=dict)  # side -> (item index, score)
    # The lexical alignment alone: contradictions need the same words, not just the same topic.
    lexical: dict[str, tuple[int, float]] = field(default_factory=dict)
    # Set when `best` holds only the bests of at least ECHO_THRESHOLD (`_align`): the alignment to
    # ask for the lower ones, which only a finding's counterpart needs (`_counterpart`).
    below_echo: Alignment | None = None


@dataclass
class _Candidate:
    finding: Finding
    weight: float
    salience: float
    item: _Item
    label: str  # short phrase for the summary


def compute_divergence(
    statements: Sequence[EventStatement],
    *,
    governments: Sequence[str] | None = None,
    participants: Sequence[str] = (),
    semantic: "Embedder | None | str" = "auto",
) -> Divergence:
    """Findings, score and summary for one event.

    `governments` are the event's parties (e.g. the governments of the participants); statements of
    other governments (a third country's spokesperson quoted in the same story) are left out. When it
    is None, every government with statements is a side. `participants` are the people of the
    contact: their names occur in every account and say nothing about what was said, so they do not
    count towards alignment. `semantic` is a sentence embedder (`bot.semantic`) that lets paraphrases
    count as the same point; "auto" uses the optional extra when it is installed, None never does.
    """
    sides = _sides(statements, governments)
    if len(sides) < 2:
        only = ", ".join(sides) or "no government"
        return Divergence(0.0, False, f"Only {only} has an attributed account of this event so far; nothing to compare yet.")
    ignore = frozenset(t for name in participants for t in content_tokens(name))
    items = _build_items([s for s in statements if s.government in sides], ignore)
    by_side: dict[str, list[_Item]] = {g: [i for i in items if i.government == g] for g in sides}
    weights = idf_weights([i.align for i in items])
    embedder = load_embedder() if semantic == "auto" else semantic
    if embedder is not None and not isinstance(embedder, str):
        _align(items, by_side, weights, 0.0)  # (the semantic scores are compared with every lexical best)
        _align_semantic(items, by_side, embedder)
    else:
        _align(items, by_side, weights, ECHO_THRESHOLD)

    candidates: list[_Candidate] = []
    candidates += _unechoed(by_side, items)
    candidates += _initiative(by_side, items)
    candidates += _tone(by_side, items)
    candidates += _contradictions(by_side, items, weights)
    candidates += _relationship(by_side, items)
    used = {c.item.index for c in candidates}
    # an item carrying wording already reported as unechoed is that finding again, not an omission
    unechoed = {(c.item.government, cue.concept) for c in candidates if c.finding.type == "unechoed_wording"
                for cue, _ in c.item.strong}
    used |= {i.index for i in items if i.strong and any((i.government, cue.concept) in unechoed for cue, _ in i.strong)}
    # Omissions of ordinary salience are reported only once the event diverges on a typed signal.
    diverging = any(c.weight >= DIVERGING_SIGNAL for c in candidates)
    omissions = _omissions(by_side, items, weights, used, diverging=diverging)
    candidates += omissions
    candidates = _dedupe(candidates, weights)
    candidates.sort(key=lambda c: (-c.weight * (1 + c.salience), c.item.index))

    score = round(_noisy_or(c.weight for c in candidates), 3)
    divergent = score >= DIVERGENT_SCORE
    shared = _shared(by_side, items)
    summary = _summary(sides, candidates, shared, divergent)
    return Divergence(
        score=score,
        divergent=divergent,
        summary=summary,
        findings=tuple(c.finding for c in candidates),
        shared=tuple(shared),
    )


# --- building and aligning items ------------------------------------------------------------------


def _sides(statements: Sequence[EventStatement], governments: Sequence[str] | None) -> list[str]:
    present = sorted({s.government for s in statements if s.government})
    if governments:
        wanted = {g.upper() for g in governments}
        chosen = [g for g in present if g in wanted]
        if len(chosen) >= 2:
            return chosen
    return present


class _Piece(NamedTuple):
    """An item of a statement as the text alone determines it (cached per statement text).

    A named tuple, not a frozen dataclass: its seven fields were set one `object.__setattr__` at a
    time, for every item of every new statement (measured: twice the cost of building the tuple)."""

    text: str
    core: str
    tokens: tuple[str, ...]
    strong: tuple[tuple[lexicon.Cue, str], ...]
    initiative: tuple[tuple[lexicon.Cue, str], ...]
    tone: tuple[tuple[lexicon.Cue, str], ...]
    relationship: tuple[tuple[lexicon.Cue, str], ...]


@lru_cache(maxsize=lexicon.TEXT_CACHE_SIZE)
def _statement_pieces(whole: str) -> tuple[_Piece, ...]:
    """The items of one statement with their tokens and lexicon cues: a pure function of the
    text, so an event recompared after a new document arrives rebuilds only the new statements."""
    # the lexicon is scanned once per statement; only statements with a cue are rescanned per item
    if not lexicon.may_have_cues(whole):  # most statements: no cue of any family
        # (a list comprehension: no generator object for every new statement)
        return tuple([_Piece(piece.text, piece.core, content_tokens(piece.text), (), (), (), ())
                      for piece in split_items(whole)])
    has_strong = bool(lexicon.strong_wording(whole))
    has_initiative = bool(lexicon.initiative(whole))
    has_tone = bool(lexicon.tone(whole))
    has_relationship = bool(lexicon.relationship(whole))
    return tuple(
        _Piece(
            text=piece.text,
            core=piece.core,
            tokens=content_tokens(piece.text),
            strong=lexicon.strong_wording(piece.text) if has_strong else (),
            initiative=lexicon.initiative(piece.text) if has_initiative else (),
            tone=lexicon.tone(piece.text) if has_tone else (),
            relationship=lexicon.relationship(piece.text) if has_relationship else (),
        )
        for piece in split_items(whole)
    )


def _build_items(statements: Sequence[EventStatement], ignore: frozenset[str] = frozenset()) -> list[_Item]:
    items: list[_Item] = []
    seen: set[tuple[str, str]] = set()
    for statement in statements:
        for piece in _statement_pieces(statement.text):
            text = piece.text
            # `casefold` has no ASCII fast path; on ASCII text it is `lower` (remembered: the checks
            # that built the piece lowered the same text)
            key = (statement.government, lexicon.lower(text) if text.isascii() else text.casefold())
            if key in seen:
                continue
            seen.add(key)
            # most items name no participant: their tokens are kept as they are (no filtering pass)
            tokens = piece.tokens if ignore.isdisjoint(piece.tokens) else tuple(filterfalse(ignore.__contains__, piece.tokens))
            # positional: index, government, text, core, statement, align, strong, initiative, tone, relationship
            items.append(_Item(len(items), statement.government, piece.text, piece.core, statement, AlignItem(tokens),
                               piece.strong, piece.initiative, piece.tone, piece.relationship))
    return items


def _align(items: list[_Item], by_side: dict[str, list[_Item]], weights: dict[str, float], floor: float) -> None:
    """Each item's best counterpart on every other side (`lexical_similarity`, first best wins),
    where it scores at least `floor`; (-1, 0.0) where it does not.

    Every reader of `best` but one compares it with a threshold of at least ECHO_THRESHOLD (echoed,
    missing, shared, contradicting), for which a best below the floor ECHO_THRESHOLD is the same as
    (-1, 0.0); the one that reads lower bests, `_counterpart`, asks for its item's again
    (`below_echo`). With that floor the alignment sorts and scores only the pairs that can reach it
    (measured: 83 % of the candidate pairs and half the fuzzy ratios left out)."""
    alignment = Alignment(
        [i.align for i in items],
        [i.government for i in items],
        {side: [i.index for i in its] for side, its in by_side.items()},
        weights,
    )
    below_echo = alignment if floor > 0.0 else None
    for item, found in zip(items, alignment.best_per_side(floor)):
        item.best.update(found)
        item.lexical.update(found)
        item.below_echo = below_echo


def _align_semantic(items: list[_Item], by_side: dict[str, list[_Item]], embedder: "Embedder") -> None:
    """Raise each item's best counterpart where a paraphrase scores above the lexical match
    ("boost its defence budget" / "increase its defense spending"). Contradictions keep the lexical
    alignment: two sentences on one topic are not one claim stated twice."""
    texts = [i.text for i in items]
    scores = similarity_matrix(embedder, texts, texts)
    for item in items:
        row = scores[item.index]
        for side, others in by_side.items():
            if side == item.government or not others:
                continue
            best, best_score = item.best.get(side, (-1, 0.0))
            for other in others:
                if row[other.index] > best_score:
                    best, best_score = other.index, row[other.index]
            item.best[side] = (best, best_score)


def _counterpart(item: _Item, items: list[_Item]) -> _Item | None:
    """The item's best counterpart over all other sides (the first side's on a tie), when it scores
    at least COUNTERPART_THRESHOLD.

    When `best` was aligned down to ECHO_THRESHOLD only and holds nothing that high, the bests
    below are looked for now, down to COUNTERPART_THRESHOLD (`below_echo`). The same answer as
    from the full alignment: a side's best of at least ECHO_THRESHOLD is in `best` exactly, and
    beats every side whose best is below; otherwise `best_of` gives every best of at least
    COUNTERPART_THRESHOLD exactly, in the same order of sides, and the ones it leaves out, lower,
    could neither be the highest nor pass the threshold."""
    best = _highest(item.best)
    if best[1] < ECHO_THRESHOLD and item.below_echo is not None:
        best = _highest(item.below_echo.best_of(item.index, COUNTERPART_THRESHOLD))
    if best[0] < 0 or best[1] < COUNTERPART_THRESHOLD:
        return None
    return items[best[0]]


def _highest(best: dict[str, tuple[int, float]]) -> tuple[int, float]:
    """The highest of the sides' bests, the first one on a tie; (-1, 0.0) when none is above 0."""
    found: tuple[int, float] = (-1, 0.0)
    for candidate in best.values():
        if candidate[1] > found[1]:
            found = candidate
    return found


def _echoed(item: _Item) -> bool:
    """Does every other side make this point too?"""
    for _, score in item.best.values():  # (a loop: no generator for each of an event's ~45 items)
        if not score >= ECHO_THRESHOLD:
            return False
    return True


def _finding(kind: str, item: _Item, items: list[_Item], detail: str | None) -> Finding:
    other = _counterpart(item, items)
    return Finding(
        type=kind,
        government=item.government,
        text=item.text,
        document_id=item.statement.document_id,
        doc_id=item.statement.doc_id,
        counterpart_text=other.text if other else None,
        counterpart_document_id=other.statement.document_id if other else None,
        counterpart_doc_id=other.statement.doc_id if other else None,
        detail=detail,
    )


def _missing_from(item: _Item, sides: Sequence[str]) -> list[str]:
    return [s for s in sides if s != item.government]


# --- typed findings -------------------------------------------------------------------------------


def _unechoed(by_side: dict[str, list[_Item]], items: list[_Item]) -> list[_Candidate]:
    """Strong wording of one side that no other side uses anywhere in its account."""
    concepts_by_side = {side: {c.concept for i in side_items for c, _ in i.strong} for side, side_items in by_side.items()}
    out: list[_Candidate] = []
    for side, side_items in by_side.items():
        others = [s for s in by_side if s != side]
        # concept -> items of this side using it, when no other side uses it
        unechoed: dict[str, list[_Item]] = defaultdict(list)
        for item in side_items:
            for cue, _ in item.strong:
                if any(cue.concept not in concepts_by_side[o] for o in others):
                    unechoed[cue.concept].append(item)
        covered: set[str] = set()
        # Greedy cover: one quote per concept, preferring quotes that carry several concepts.
        while True:
            best_item, best_new = None, set()
            for concept, candidates in unechoed.items():
                if concept in covered:
                    continue
                for item in candidates:
                    new = {c.concept for c, _ in item.strong if c.concept in unechoed} - covered
                    if len(new) > len(best_new) or (len(new) == len(best_new) and best_item and _prefer(item, best_item)):
                        best_item, best_new = item, new
            if best_item is None:
                break
            covered |= best_new
            phrases = [(c, p) for c, p in best_item.strong if c.concept in best_new]
            weight = max(c.weight for c, _ in phrases) * _W_UNECHOED
            if _echoed(best_item):
                weight *= 0.4  # the other side makes the same point, only in milder words
            label = "; ".join(f"“{p}”" for _, p in phrases)
            detail = f"wording: {', '.join(p for _, p in phrases)}; not used by {', '.join(others)}"
            out.append(_Candidate(_finding("unechoed_wording", best_item, items, detail), weight, 1.0, best_item, label))
    return out


def _prefer(a: _Item, b: _Item) -> bool:
    """Between two quotes of the same wording: the government's own readout, then the fuller use of
    the wording ("play with fire ... get burned" over a paraphrase), then a statement with a named
    source over one attributed by the story's prior, then the earlier one."""
    rank_a = (a.statement.voice != "official", -_wording_weight(a), a.statement.speaker is None, a.index)
    rank_b = (b.statement.voice != "official", -_wording_weight(b), b.statement.speaker is None, b.index)
    return rank_a < rank_b


def _wording_weight(item: _Item) -> int:
    """Strong wording in the item's whole statement (a sentence with two such phrases is the fuller
    quote of the government's words)."""
    return _statement_wording(item.statement.text)


@lru_cache(maxsize=4096)
def _statement_wording(text: str) -> int:
    return lexicon.strong_wording_count(text)


def _initiative(by_side: dict[str, list[_Item]], items: list[_Item]) -> list[_Candidate]:
    """One side says who requested or proposed the contact; another side does not say so."""
    concepts_by_side = {side: {c.concept for i in side_items for c, _ in i.initiative} for side, side_items in by_side.items()}
    out: list[_Candidate] = []
    for side, side_items in by_side.items():
        others = [s for s in by_side if s != side]
        done: set[str] = set()
        for item in side_items:
            for cue, phrase in item.initiative:
                if cue.concept in done or all(cue.concept in concepts_by_side[o] for o in others):
                    continue
                done.add(cue.concept)
                detail = f"{cue.label} (“{phrase}”); {', '.join(others)} does not say"
                label = f"who initiated (“{phrase}”)" if cue.concept == "requested" else f"whose proposal it was (“{phrase}”)"
                out.append(_Candidate(_finding("framing", item, items, detail), _W_INITIATIVE * cue.weight, 0.8, item, label))
    return out


def _tone(by_side: dict[str, list[_Item]], items: list[_Item]) -> list[_Candidate]:
    """The sides grade the tone of the same talks in different registers."""
    tones: dict[str, dict[str, tuple[_Item, str]]] = {}
    for side, side_items in by_side.items():
        found: dict[str, tuple[_Item, str]] = {}
        for item in side_items:
            for cue, phrase in item.tone:
                found.setdefault(cue.concept, (item, phrase))
        tones[side] = found
    out: list[_Candidate] = []
    for side, found in tones.items():
        for concept, (item, phrase) in found.items():
            others = [o for o in tones if o != side and tones[o] and concept not in tones[o]]
            if not others:
                continue
            theirs = ", ".join(f"{o}: “{p}”" for o in others for _, (_, p) in tones[o].items())
            detail = f"tone: {side} “{phrase}” vs {theirs}"
            out.append(_Candidate(_finding("framing", item, items, detail), _W_TONE, 0.6, item, f"the tone “{phrase}”"))
    return out


def _relationship(by_side: dict[str, list[_Item]], items: list[_Item]) -> list[_Candidate]:
    """One side frames the relationship in rivalry terms ("competition") that the other avoids."""
    concepts_by_side = {side: {c.concept for i in its for c, _ in i.relationship} for side, its in by_side.items()}
    out: list[_Candidate] = []
    for side, side_items in by_side.items():
        others = [s for s in by_side if s != side]
        done: set[str] = set()
        for item in side_items:
            for cue, phrase in item.relationship:
                if cue.concept in done or all(cue.concept in concepts_by_side[o] for o in others):
                    continue
                done.add(cue.concept)
                detail = f"frames the relationship as “{phrase}”; {', '.join(others)} does not"
                out.append(_Candidate(_finding("framing", item, items, detail), _W_RELATIONSHIP, 0.5, item,
                                      f"the “{phrase}” framing"))
    return out


def _contradictions(by_side: dict[str, list[_Item]], items: list[_Item], weights: dict[str, float]) -> list[_Candidate]:
    """Aligned items (same point) that disagree on a number, a date, or polarity."""
    out: list[_Candidate] = []
    seen: set[tuple[int, int]] = set()
    for item in items:
        for side, (j, score) in item.lexical.items():
            if j < 0 or score < CONTRADICTION_THRESHOLD:
                continue
            other = items[j]
            # the unordered pair as an ordered tuple: a set of them tells the same pairs apart as a
            # set of frozensets, and a tuple is cheaper to build and hash
            pair = (item.index, j) if item.index <= j else (j, item.index)
            if pair in seen:
                continue
            seen.add(pair)
            reason = _disagreement(item.text, other.text)
            if reason is None:
                continue
            finding = _finding("contradiction", item, items, reason)
            finding = Finding(
                type=finding.type,
                government=finding.government,
                text=finding.text,
                document_id=finding.document_id,
                doc_id=finding.doc_id,
                counterpart_text=other.text,
                counterpart_document_id=other.statement.document_id,
                counterpart_doc_id=other.statement.doc_id,
                detail=reason,
            )
            out.append(_Candidate(finding, _W_CONTRADICTION, 1.0, item, reason))
    return out


def _disagreement(a: str, b: str) -> str | None:
    qa, qb = quantities(a), quantities(b)
    # (most texts have no quantity: then no unit is shared, and the two set comprehensions are skipped)
    units = {u for _, u in qa} & {u for _, u in qb} if qa and qb else ()
    for unit in sorted(units):
        va = {v for v, u in qa if u == unit}
        vb = {v for v, u in qb if u == unit}
        if va and vb and not (va & vb):
            return f"{_fmt(va)} {unit}s vs {_fmt(vb)} {unit}s"
    da, db = _dates(a), _dates(b)
    if da and db and not (da & db):
        return f"dates differ: {', '.join(sorted(da))} vs {', '.join(sorted(db))}"
    if lexicon.is_negated(a) != lexicon.is_negated(b):
        return "opposite polarity: one account negates what the other affirms"
    return None


@lru_cache(maxsize=1024)  # the recurring texts recur within one event
def _dates(text: str) -> frozenset[str]:
    """The dates `text` mentions. Every date has a digit: text without one is not scanned (the
    date pattern, which cannot skip ahead to a literal, was most of a contradiction check, profiled).
    Cached: an item is compared with the counterpart of each of its sides and with the items whose
    counterpart it is (profiled: a third of the texts an event checks are checked again)."""
    if _DIGIT.search(text) is None:
        return frozenset()
    low = lexicon.lowered(text)
    return frozenset(d.group(0) for d in lexicon.for_text(_DATE, low).finditer(low))


def _fmt(values: set[float]) -> str:
    return "/".join(f"{v:g}" for v in sorted(values))


# --- omissions ------------------------------------------------------------------------------------


def salience(item_text: str, tokens: frozenset[str], other_tokens: frozenset[str], other_names: frozenset[str],
             weights: dict[str, float]) -> float:
    """How much an alert reader would care that only one side mentions this (0 .. ~1.5).

    Incidents, agreements, conditions and gestures matter; so do names and numbers the other side
    never uses. Descriptions of the call itself ("spoke by phone", "lasted 40 minutes") do not."""
    incident, agreement, condition, gesture, policy, emphasis = lexicon.salience_features(item_text)
    score = 0.4 * incident + 0.25 * agreement + 0.25 * condition + 0.3 * gesture + 0.2 * policy + 0.1 * emphasis
    if quantities(item_text):
        score += 0.15
    novel_names = proper_names(item_text) - other_names
    score += min(0.3, 0.1 * len(novel_names))
    score += 0.35 * (1.0 - weighted_containment(tokens, other_tokens, weights))
    if len(tokens) < 4:
        score -= 0.2
    if not (incident or agreement) and _mentions_call(item_text):
        score -= 0.3
    return score


# A literal that each English alternative of _META contains ("video call" has "video"): ASCII text
# without any of them cannot mention the call, and `in` tests are cheaper than the pattern's search
# (profiled: these searches were a seventieth of an event).
_META_WORDS_ASCII = ("spoke", "speak", "talked", "call", "phone", "conversation", "video", "held", "lasted", "minutes")
# ... as a `lexicon.word_test`: an item's text is usually its statement's, whose words the test's
# word map has seen (a cached lookup instead of ten `in` tests)
_META_TEST = lexicon.word_test(_META_WORDS_ASCII)


def _mentions_call(text: str) -> bool:
    low = lexicon.lowered(text)
    if low.isascii() and _META_TEST not in lexicon.word_tests(low):
        return False
    return lexicon.occurs(_META, low)


def _omissions(
    by_side: dict[str, list[_Item]],
    items: list[_Item],
    weights: dict[str, float],
    used: set[int],
    *,
    diverging: bool,
) -> list[_Candidate]:
    # unions of the items' sets in one call each (a generator over every token was measurable)
    side_tokens = {s: frozenset().union(*(i.align.token_set for i in its)) for s, its in by_side.items()}
    side_names = {s: frozenset().union(*(proper_names(i.text) for i in its)) for s, its in by_side.items()}
    out: list[_Candidate] = []
    for side, side_items in by_side.items():
        others = [s for s in by_side if s != side]
        other_tokens = frozenset().union(*(side_tokens[o] for o in others))
        other_names = frozenset().union(*(side_names[o] for o in others))
        ranked: list[tuple[float, _Item]] = []
        for item in side_items:
            if item.index in used or _echoed(item):
                continue
            value = salience(item.text, item.align.token_set, other_tokens, other_names, weights)
            ranked.append((value, item))
        ranked.sort(key=lambda pair: (-pair[0], pair[1].index))
        chosen: list[tuple[float, _Item]] = []
        for rank, (value, item) in enumerate(ranked):
            if not diverging:
                threshold = OMISSION_ALONE_SALIENCE
            else:
                threshold = OMISSION_TOP_SALIENCE if rank < TOP_OMISSIONS else OMISSION_MIN_SALIENCE
            if value >= threshold and len(chosen) < MAX_OMISSIONS_PER_SIDE:
                chosen.append((value, item))
        for value, item in chosen:
            missing = [o for o in others if item.best.get(o, (-1, 0.0))[1] < ECHO_THRESHOLD]
            detail = f"not mentioned by {', '.join(missing)}"
            weight = _W_OMISSION * min(1.0, value)
            out.append(_Candidate(_finding("omission", item, items, detail), weight, value, item, _focus(item.core)))
    return out


# --- assembling -----------------------------------------------------------------------------------


def _dedupe(candidates: list[_Candidate], weights: dict[str, float]) -> list[_Candidate]:
    """One finding per point: the same side saying the same thing in two documents is one finding."""
    kept: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: -c.weight):
        duplicate = False
        for other in kept:
            if other.item.government != cand.item.government:
                continue
            if other.item.index == cand.item.index and other.finding.type == cand.finding.type:
                duplicate = True
            elif cand.finding.type == "omission" and lexical_similarity(cand.item.align, other.item.align, weights) >= 0.6:
                duplicate = True
            if duplicate:
                break
        if not duplicate:
            kept.append(cand)
    return kept


def _noisy_or(weights: object) -> float:
    remaining = 1.0
    for w in weights:  # type: ignore[attr-defined]
        remaining *= 1.0 - max(0.0, min(1.0, float(w)))
    return 1.0 - remaining


def _shared(by_side: dict[str, list[_Item]], items: list[_Item], limit: int = 5) -> list[SharedPoint]:
    pairs: list[tuple[float, _Item, _Item]] = []
    seen: set[tuple[int, int]] = set()
    for item in items:
        for _side, (j, score) in item.best.items():
            if j < 0 or score < SHARED_THRESHOLD:
                continue
            pair = (item.index, j) if item.index <= j else (j, item.index)  # unordered, as in _contradictions
            if pair in seen:
                continue
            seen.add(pair)
            pairs.append((score, item, items[j]))
    pairs.sort(key=lambda p: (-p[0], p[1].index))
    out: list[SharedPoint] = []
    used: set[int] = set()
    for _score, a, b in pairs:
        if a.index in used or b.index in used:
            continue
        used.update((a.index, b.index))
        shorter = a if len(a.core) <= len(b.core) else b
        doc_ids = tuple(dict.fromkeys((a.statement.doc_id, b.statement.doc_id)))
        out.append(SharedPoint(text=shorter.core, doc_ids=doc_ids))
        if len(out) >= limit:
            break
    return out


_FOCUS = (lexicon.INCIDENT, _DATE, lexicon.GESTURE, lexicon.CONDITION, lexicon.AGREEMENT, lexicon.POLICY)
# Where each of _FOCUS is in `lexicon.salience_features` (the date, which is not, has a digit).
_FOCUS_FEATURE = (0, None, 3, 2, 1, 4)


def _focus(text: str, limit: int = 80) -> str:
    """A short label for an omitted point: the start of the item, or — when the item is long and its
    salient part (an incident, a date, a condition ...) comes late — a window around that part."""
    text = text.strip().rstrip(".")
    if len(text) <= limit:
        return text
    low = lexicon.lowered(text)
    # the patterns that cannot occur are not searched: `salience_features` says which vocabularies
    # occur (with one scan, cached), and a date needs a digit (profiled: up to six searches of a
    # long text were a fortieth of an event)
    occurring = lexicon.salience_features(text)
    for pattern, feature in zip(_FOCUS, _FOCUS_FEATURE):
        if not (occurring[feature] if feature is not None else _DIGIT.search(text) is not None):
            continue
        match = lexicon.for_text(pattern, low).search(low)
        if match and match.end() > limit - 10:
            start = text.rfind(" ", 0, max(0, match.start() - 25)) + 1
            return "…" + _snippet(text[start:], limit)
        if match:
            break
    return _snippet(text, limit)


def _snippet(text: str, limit: int = 80) -> str:
    text = text.strip().rstrip(".")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _summary(sides: list[str], candidates: list[_Candidate], shared: list[SharedPoint], divergent: bool) -> str:
    """What each readout does not mention (never "denies"), within SUMMARY_LIMIT characters."""
    names = " and ".join(sides)
    if not candidates:
        return f"The {names} accounts agree on what they cover ({len(shared)} shared points); no notable differences."
    parts: list[str] = []
    if not divergent:
        parts.append(f"The {names} accounts broadly agree; minor differences only.")
    for side in sides:
        missing = [c for c in candidates if c.item.government != side and c.finding.type in ("omission", "unechoed_wording")]
        if missing:
            labels = [f"{c.label} ({c.item.government})" for c in missing]
            parts.append(f"The {side} account does not mention: " + "; ".join(labels) + ".")
    for c in candidates:
        if c.finding.type == "framing":
            others = ", ".join(s for s in sides if s != c.item.government)
            if c.finding.detail and c.finding.detail.startswith("tone:"):
                parts.append(f"They describe the tone differently: {c.finding.detail[6:]}.")
            else:
                parts.append(f"Only {c.item.government} says {c.label}; the {others} account does not.")
        elif c.finding.type == "contradiction":
            parts.append(f"The {names} accounts differ: {c.label}.")
    return _fit(parts, SUMMARY_LIMIT)


def _fit(parts: list[str], limit: int) -> str:
    """Join sentences, shortening the longest lists first so every side keeps a mention."""
    text = " ".join(parts)
    while len(text) > limit:
        longest = max(range(len(parts)), key=lambda i: len(parts[i]))
        part = parts[longest]
        if "; " in part:
            head, _, _ = part.rpartition("; ")
            parts[longest] = head + "; …"
            if parts[longest] == part:
                break
        else:
            parts[longest] = _snippet(part, max(40, len(part) - (len(text) - limit) - 1))
            if parts[longest] == part:
                break
        text = " ".join(parts)
    return text[:limit]
