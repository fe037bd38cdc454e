"""Aligning items across governments' readouts (pure, lexical by default).

Two items "say the same thing" when they share their informative words. Words are weighted by how
rare they are among the event's items (an IDF computed per event): every readout of a US-China call
says "China" and "United States", so those words barely count, while "Senkaku" or "Hurricane"
decide. The score is a weighted Dice coefficient over stemmed content tokens, blended with
rapidfuzz's token-set ratio so that near-identical phrasings with small inflection differences still
align. An optional semantic backend (bot/semantic.py) can replace `similarity` for cross-language
events; the lexical one needs nothing but the standard library, Snowball and rapidfuzz.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import not_
from typing import NamedTuple

from rapidfuzz import fuzz

Similarity = Callable[["AlignItem", "AlignItem"], float]


class _AlignFields(NamedTuple):
    tokens: tuple[str, ...]
    token_set: frozenset[str]
    joined: str


class AlignItem(_AlignFields):
    """What alignment needs of an item: its stemmed tokens (ordered and as a set).

    `AlignItem(tokens)`; `token_set` and `joined` (what the fuzzy ratio compares) are built once
    with the item: alignment compares every item with every item of the other sides, and
    rebuilding them for each pair was most of an event's divergence time (profiled). A named tuple
    (immutable, compared by its fields, which `tokens` determines), not a frozen dataclass: its three
    fields were set one `object.__setattr__` at a time, for each of an event's ~46 items."""

    __slots__ = ()

    def __new__(cls, tokens: tuple[str, ...]) -> AlignItem:
        return tuple.__new__(cls, (tokens, frozenset(tokens), " ".join(tokens)))

    def __getnewargs__(self) -> tuple[tuple[str, ...]]:  # (pickled as what it is built from)
        return (self.tokens,)

    def __repr__(self) -> str:
        return f"AlignItem(tokens={self.tokens!r})"


def idf_weights(items: Sequence[AlignItem]) -> dict[str, float]:
    """Inverse document frequency of each token over the event's items (smoothed, >= ~0.3)."""
    # one count over all the items' tokens (not one `update` per item: a Python call each)
    df: Counter[str] = Counter(chain.from_iterable(item.token_set for item in items))
    n = max(1, len(items))
    # one logarithm per distinct count, not per token (most tokens occur once or twice)
    by_count = {c: math.log((n + 1) / (c + 0.5)) + 0.3 for c in set(df.values())}
    return {t: by_count[c] for t, c in df.items()}


def weighted_dice(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """2·w(A∩B) / (w(A) + w(B)), with token weights (1.0 for unseen tokens)."""
    if not a or not b:
        return 0.0
    return 2.0 * _weight(a & b, weights) / (_weight(a, weights) + _weight(b, weights))


def total_weight(tokens: frozenset[str], weights: dict[str, float]) -> float:
    """w(A): the denominator part of `weighted_dice`, computed the same way."""
    return _weight(tokens, weights)


def _weight(tokens: frozenset[str], weights: dict[str, float]) -> float:
    """Sum of the tokens' weights, correctly rounded (`math.fsum`): a plain `sum` over a set adds
    in hash order, which changes with PYTHONHASHSEED from one process to the next, so the last bit
    of a score — and with it a tie between two counterparts — depended on the process. Scores must
    not depend on which process (the importer's pool or the bot) computed them."""
    return math.fsum(map(weights.get, tokens, repeat(1.0)))


def weighted_containment(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """Share of A's weight found in B: "is the point of A made somewhere in B"."""
    if not a:
        return 0.0
    return _weight(a & b, weights) / _weight(a, weights)


def lexical_similarity(a: AlignItem, b: AlignItem, weights: dict[str, float]) -> float:
    """0..1: how much two items say the same thing, lexically."""
    dice = weighted_dice(a.token_set, b.token_set, weights)
    if dice == 0.0:
        return 0.0
    return _blend(dice, fuzz.token_set_ratio(a.joined, b.joined) / 100.0)


def _blend(dice: float, fuzzy: float) -> float:
    return 0.75 * dice + 0.25 * fuzzy * min(1.0, dice * 3)


def best_per_side(
    items: Sequence[AlignItem],
    sides: Sequence[str],
    by_side: dict[str, Sequence[int]],
    weights: dict[str, float],
    floor: float = 0.0,
) -> list[dict[str, tuple[int, float]]]:
    """For every item, its best counterpart on each other side: {side: (item index, score)}, with
    (-1, 0.0) when nothing on that side shares a token, or when the best scores below `floor`.
    Exactly `lexical_similarity` maximised over the side, the earliest index winning a tie (see
    `Alignment` for how it is computed without the per-pair cost)."""
    return Alignment(items, sides, by_side, weights).best_per_side(floor)


def _bound(dice: float) -> float:
    """`_blend(dice, 1.0)`: the best score a pair with this Dice can have (the fuzzy ratio is at most
    1; the blend is monotone in both measures), computed with the operations of `Alignment._best`."""
    damping = dice * 3
    if damping > 1.0:
        damping = 1.0
    return 0.75 * dice + 0.25 * damping


@lru_cache(maxsize=None)
def dice_floor(floor: float) -> float:
    """The smallest positive Dice whose `_bound` reaches `floor`: a pair with a smaller Dice scores
    below `floor`, and a pair with this Dice or more may not. Exact, not an estimate: `_bound` is
    monotone in the float it is given (each of its operations rounds monotonically), so the float
    found by stepping from an estimate to where `_bound` crosses `floor` is the boundary."""
    d = floor / 1.5 if floor <= 0.5 else (floor - 0.25) / 0.75  # (_bound's two pieces, inverted)
    d = max(d, _TINY)
    while _bound(d) < floor:
        d = math.nextafter(d, math.inf)
    while d > _TINY and _bound(math.nextafter(d, 0.0)) >= floor:
        d = math.nextafter(d, 0.0)
    return d


_TINY = math.nextafter(0.0, 1.0)  # the smallest positive float: Dice 0.0 is never a candidate


class Alignment:
    """Best counterparts over an event's items, computed without `lexical_similarity`'s per-pair
    cost; exactly what maximising it gives:

    - each item's total weight is summed once, not once per pair;
    - pairs that share no token score 0.0, which never beats the running best: only the items
      that share a token with the item are scored (`_ranked_candidates`);
    - the candidates are tried in decreasing Dice, and the fuzzy ratio (the expensive part) is only
      computed while the best score it could give (fuzzy = 1) can still beat the running best or
      tie it from an earlier index; the blend is monotone in both measures, so once that bound
      falls below the running best no later candidate can win (profiled: 40% fewer fuzzy ratios
      than trying them in index order);
    - both measures are symmetric, so each is computed once per pair, not once from each end (the
      values are bit-identical either way round): the Dice of the pairs sharing a token when the
      later item of the pair is indexed (`_ranked_candidates`), the fuzzy ratio remembered by pair;
    - with a `floor`, bests below it are not looked for (reported as (-1, 0.0)): the pairs whose
      Dice cannot give a score of `floor` (`dice_floor`) are left out before sorting, and their
      fuzzy ratios are never computed. The engine reads a best below the echo threshold only to
      quote a finding's counterpart, and asks for those few items again (`best_of`, lower floor).

    `sides[i]` is the side of `items[i]`; `by_side` maps each side to its item indices."""

    def __init__(self, items: Sequence[AlignItem], sides: Sequence[str], by_side: dict[str, Sequence[int]],
                 weights: dict[str, float]) -> None:
        self.items = items
        self.sides = sides
        self.by_side = by_side
        self.weights = weights
        self.sets = [item.token_set for item in items]
        self.totals = [total_weight(ts, weights) if ts else 0.0 for ts in self.sets]
        self.fuzzies: dict[int, float] = {}  # i * n + j, i < j -> the pair's fuzzy ratio (0..1)

    def best_per_side(self, floor: float = 0.0) -> list[dict[str, tuple[int, float]]]:
        """Every item's best counterpart on each other side (see `best_per_side`)."""
        ranked = _ranked_candidates(self.sets, self.sides, self.by_side, self.totals, self.weights, dice_floor(floor))
        return [self._best(i, found, floor) for i, found in enumerate(ranked)]

    def best_of(self, i: int, floor: float = 0.0) -> dict[str, tuple[int, float]]:
        """Item i's best counterpart on each other side, as `best_per_side(floor)[i]` gives it (the
        candidates found as `_ranked_candidates` finds them, for this item alone: a plain loop, for
        the few items a finding quotes; measured no cheaper with `compress`)."""
        a, sets, totals, wget, ones = self.sets[i], self.sets, self.totals, self.weights.get, repeat(1.0)
        least = dice_floor(floor)
        found: dict[str, list[tuple[float, int]]] = {}
        for side, members in self.by_side.items():
            if side == self.sides[i]:
                continue
            mine = found[side] = []
            for j in members:
                if not a.isdisjoint(sets[j]):
                    # the Dice as `_ranked_candidates` computes it (the same operations)
                    dice = 2.0 * math.fsum(map(wget, a & sets[j], ones)) / (totals[i] + totals[j])
                    if dice >= least:
                        mine.append((-dice, j))
        return self._best(i, found, floor)

    def _best(self, i: int, found: dict[str, list[tuple[float, int]]], floor: float) -> dict[str, tuple[int, float]]:
        """Item i's best on each side from its candidates `found` (side -> (-Dice, index), those
        whose Dice can reach `floor`: a pair left out scores below `floor`, so below any best of at
        least `floor`; a best below it is reported as (-1, 0.0))."""
        items, fuzzies, n = self.items, self.fuzzies, len(self.items)
        ratio = fuzz.token_set_ratio
        best_of: dict[str, tuple[int, float]] = {}
        for side, candidates in found.items():
            best, best_score = -1, 0.0
            for negative_dice, j in sorted(candidates):
                dice = -negative_dice
                damping = dice * 3
                if damping > 1.0:
                    damping = 1.0  # min(1.0, dice * 3), without the builtin's call
                bound = 0.75 * dice + 0.25 * damping  # _blend(dice, 1.0), inlined (as `_bound`)
                if bound < best_score:
                    break
                if bound == best_score and j > best:
                    continue  # at most a tie, and the earlier index keeps it
                key = i * n + j if i < j else j * n + i
                fuzzy = fuzzies.get(key)
                if fuzzy is None:
                    fuzzy = fuzzies[key] = ratio(items[i].joined, items[j].joined) / 100.0
                score = 0.75 * dice + 0.25 * fuzzy * damping  # _blend(dice, fuzzy), inlined: the same operations
                if score > best_score or (score == best_score and j < best):
                    best, best_score = j, score
            best_of[side] = (best, best_score) if best_score >= floor else (-1, 0.0)
        return best_of


def _ranked_candidates(
    sets: Sequence[frozenset[str]],
    sides: Sequence[str],
    by_side: dict[str, Sequence[int]],
    totals: Sequence[float],
    weights: dict[str, float],
    least: float = _TINY,
) -> list[dict[str, list[tuple[float, int]]]]:
    """For every item, the items of each other side that share a token with it, as (-Dice, index)
    (unsorted; pairs whose Dice is below `least` left out: by default those whose Dice is 0.0).

    Each pair of sides is taken once, and each item of the first is tested against all items of
    the second with one C-level pass (`isdisjoint` over the side's token sets, `compress` to their
    indices): an event has two sides of some twenty items each, and the inverted index this
    replaces cost more to build, token by token, than the disjointness tests of every pair
    (measured: 1.86 -> 1.36 M instructions an event). Every pair sharing a token has its Dice
    computed once and given to both ends (both measures are symmetric, bit for bit)."""
    ranked: list[dict[str, list[tuple[float, int]]]] = [
        {side: [] for side in by_side if side != own} for own in sides
    ]
    wget = weights.get
    ones = repeat(1.0)
    order = list(by_side)
    for k, side in enumerate(order):
        for other in order[k + 1:]:
            theirs = by_side[other]
            their_sets = [sets[j] for j in theirs]
            for i in by_side[side]:
                a = sets[i]
                mine = ranked[i][other]
                for j in compress(theirs, map(not_, map(a.isdisjoint, their_sets))):
                    # `_weight` of the shared tokens, inlined (the same math.fsum)
                    dice = 2.0 * math.fsum(map(wget, a & sets[j], ones)) / (totals[i] + totals[j])
                    if dice >= least:
                        mine.append((-dice, j))
                        ranked[j][side].append((-dice, i))
    return ranked


def best_matches(
    left: Sequence[AlignItem],
    right: Sequence[AlignItem],
    weights: dict[str, float],
) -> list[tuple[int, float]]:
    """For each item of `left`, the index of its most similar item in `right` and the score
    (-1, 0.0 when `right` is empty)."""
    out: list[tuple[int, float]] = []
    for a in left:
        best, best_score = -1, 0.0
        for j, b in enumerate(right):
            score = lexical_similarity(a, b, weights)
            if score > best_score:
                best, best_score = j, score
        out.append((best, best_score))
    return out
