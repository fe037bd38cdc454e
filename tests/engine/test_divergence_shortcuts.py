"""Shortcuts of the divergence engine give exactly what their plain definitions give.

Each test states the plain definition next to the shortcut and compares the two on generated
input: a shortcut may only make an event's divergence cheaper, never different.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import lexicon
from bot.divergence_align import AlignItem, _ranked_candidates, idf_weights, total_weight, weighted_dice
from bot.divergence_items import _split_clauses
from bot.divergence_text import proper_names, quantities, words
from bot.nlp.sentences import split_clauses

_TOKENS = [f"t{i}" for i in range(14)]

_events = st.lists(
    st.tuples(st.sampled_from("ABC"), st.lists(st.sampled_from(_TOKENS), max_size=7)),
    max_size=24,
)


def _plain_ranked(sets: list[frozenset[str]], sides: list[str], by_side: dict[str, list[int]],
                  weights: dict[str, float]) -> list[dict[str, list[tuple[float, int]]]]:
    """Every cross-side pair with a non-zero Dice, scored from each end with `weighted_dice`."""
    out = []
    for i, a in enumerate(sets):
        found: dict[str, list[tuple[float, int]]] = {}
        for side, members in by_side.items():
            if side == sides[i]:
                continue
            scored = [(-weighted_dice(a, sets[j], weights), j) for j in members]
            found[side] = sorted(pair for pair in scored if pair[0] != 0.0)
        out.append(found)
    return out


@settings(max_examples=400, deadline=None)
@given(_events)
def test_ranked_candidates_equal_the_pairs_scored_one_by_one(rows: list[tuple[str, list[str]]]) -> None:
    items = [AlignItem(tuple(tokens)) for _, tokens in rows]
    sides = [side for side, _ in rows]
    by_side: dict[str, list[int]] = {}
    for i, side in enumerate(sides):
        by_side.setdefault(side, []).append(i)
    weights = idf_weights(items)
    sets = [item.token_set for item in items]
    totals = [total_weight(s, weights) if s else 0.0 for s in sets]
    fast = _ranked_candidates(sets, sides, by_side, totals, weights)
    got = [{side: sorted(pairs) for side, pairs in found.items()} for found in fast]
    assert got == _plain_ranked(sets, sides, by_side, weights)


def _pieced(pieces: list[str], max_size: int = 18) -> st.SearchStrategy[str]:
    """Text glued from `pieces` (the words and separators that decide a shortcut) and a little noise."""
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=2)), max_size=max_size).map("".join)


def _plain_split_clauses(text: str) -> list[str]:
    """`_split_clauses` as first written: every piece goes through `split_clauses`."""
    import bot.divergence_items as items

    parts = items._PARALLEL_THAT.split(text)
    head = items._FIRST_THAT.match(parts[0]) if len(parts) > 1 else None
    pieces = [parts[0], *(f"{head.group(1)} … {p}" for p in parts[1:])] if head is not None else [text]
    out: list[str] = []
    for piece in pieces:
        spans = split_clauses(piece)
        out.extend(piece[a:b].strip(" ,") for a, b in spans) if len(spans) > 1 else out.append(piece)
    return [c for c in out if c.strip()]


_CLAUSE_PIECES = [" ", ", ", ",", ";", "; ", " and ", " that ", "That", " but ", " while ", "agreed", "said", "is",
                  "discussed", "the", "They", "stressed", "trade", "\t", "A", "b", "."]


@settings(max_examples=800, deadline=None)
@given(_pieced(_CLAUSE_PIECES))
def test_split_clauses_without_a_joint_character_is_the_plain_split(text: str) -> None:
    assert _split_clauses(text) == _plain_split_clauses(text)


def _plain_may_have_cues(text: str) -> bool:
    """Some anchor of some cue occurs in the lower-cased text (a cue without anchors always may)."""
    low = lexicon.lowered(text)
    return any(not cue.anchors or any(a in low for a in cue.anchors) for cue in lexicon._ALL_CUES)


def _plain_find(cues: tuple[lexicon.Cue, ...], text: str) -> list[tuple[lexicon.Cue, str]]:
    """Each cue's own pattern, in order, on the lower-cased text (folded cues) or the text."""
    low = lexicon.lowered(text)
    found = []
    for cue in cues:
        match = cue.pattern.search(low if cue.folded else text)
        if match:
            found.append((cue, text[match.start(): match.end()]))
    return found


# The anchors, their keys cut short or run into other letters, and what separates words.
_ANCHORS = sorted({a for cue in lexicon._ALL_CUES for a in cue.anchors if a.isascii()})
_CUE_PIECES = _ANCHORS + [a[:-1] for a in _ANCHORS] + [a.upper() for a in _ANCHORS[::5]] + [
    " ", " ", "-", "un", "s", "ed", "ing", "ly", "at the ", " of", "the ", "he ", "US ", "'s ", "\x1c", "ſ", "é", "1"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_CUE_PIECES, max_size=12))
def test_cue_finders_give_what_each_cue_pattern_finds(text: str) -> None:
    assert lexicon.may_have_cues(text) == _plain_may_have_cues(text)
    for finder, cues in ((lexicon.strong_wording, lexicon.STRONG_WORDING), (lexicon.initiative, lexicon.INITIATIVE_CUES),
                         (lexicon.tone, lexicon.TONE_CUES), (lexicon.relationship, lexicon.RELATIONSHIP_CUES)):
        assert list(finder.__wrapped__(text)) == _plain_find(cues, text), finder.__name__


def _plain_words(text: str) -> list[str]:
    """`words` as first written: normalised, case-folded, "U.S." folded, then the token pattern."""
    from bot.divergence_text import _TOKEN, _TOKEN_ASCII, normalise

    text = normalise(text).casefold().replace("u.s.", "us ").replace("u.s", "us")
    return (_TOKEN_ASCII if text.isascii() else _TOKEN).findall(text)


_WORD_PIECES = ["a", "Bc", "it", "'", "'s", "3", "12", ".", ",", " ", "  ", "\t", "\x1c", "\x00", "_", "-", "x2", "U.S.",
                "u.s", "U.S", "é", "’", "\u00a0", "talks", "China"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_WORD_PIECES))
def test_words_of_letters_only_text_are_its_letter_runs(text: str) -> None:
    assert words(text) == _plain_words(text)


def _plain_proper_names(text: str) -> frozenset[str]:
    """`proper_names` as first written: each match's words stemmed in a loop."""
    from bot.divergence_text import _NAME, STOP_WORDS, normalise, stem

    names: set[str] = set()
    for match in _NAME.finditer(normalise(text)):
        for part in match.group(1).replace("-", " ").split(" "):
            token = part.casefold()
            if len(token) > 2 and token not in STOP_WORDS:
                names.add(stem(token))
    return frozenset(names)


_NAME_PIECES = [" ", ". ", "-", "Xi", "Jinping", "The", "China", "US", "NATO", "South", "Korea", "said", "and", "Al-Sisi",
                '" ', "a", "Ab", "ABCDE", "é", "1"]


@settings(max_examples=1000, deadline=None)
@given(_pieced(_NAME_PIECES))
def test_proper_names_from_remembered_name_stems_are_the_plain_ones(text: str) -> None:
    assert proper_names.__wrapped__(text) == _plain_proper_names(text)


def _plain_quantities(text: str) -> frozenset[tuple[float, str]]:
    """`quantities` without its unit-word pre-check: every match of the pattern on the normalised text."""
    from bot.divergence_text import _NUMBER_WORDS, _QUANTITY, _unit, normalise

    found = set()
    for match in _QUANTITY.finditer(normalise(text)):
        raw, unit = match.group(1).lower(), match.group(2).lower()
        value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw.replace(",", "."))
        found.add((value, _unit(unit)))
    return frozenset(found)


_QUANTITY_PIECES = ["30", "1,5", "2.5", "five", "Thirty", " ", "  ", "\t", "\x1c", "-", "day", "Days", "week", "years", "per",
                    "cent", "CENT", "percent", "%", "troops", "Drones", "missile", "prisoners", "million", "hours", "дней",
                    "a", ".", "é"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_QUANTITY_PIECES))
@example("a 5 per  cent rise")  # "per cent" only once its spaces are collapsed
@example("Five\tper\x1ccent")
def test_quantities_unit_precheck_before_normalising_finds_every_quantity(text: str) -> None:
    assert quantities.__wrapped__(text) == _plain_quantities(text)
