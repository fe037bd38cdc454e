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
from dataclasses import dataclass

from rapidfuzz import fuzz

Similarity = Callable[["AlignItem", "AlignItem"], float]


@dataclass(frozen=True)
class AlignItem:
    """What alignment needs of an item: its stemmed tokens (ordered and as a set)."""

    tokens: tuple[str, ...]

    @property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens)


def idf_weights(items: Sequence[AlignItem]) -> dict[str, float]:
    """Inverse document frequency of each token over the event's items (smoothed, >= ~0.3)."""
    df: Counter[str] = Counter()
    for item in items:
        df.update(item.token_set)
    n = max(1, len(items))
    return {t: math.log((n + 1) / (c + 0.5)) + 0.3 for t, c in df.items()}


def weighted_dice(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """2·w(A∩B) / (w(A) + w(B)), with token weights (1.0 for unseen tokens)."""
    if not a or not b:
        return 0.0
    wa = sum(weights.get(t, 1.0) for t in a)
    wb = sum(weights.get(t, 1.0) for t in b)
    shared = sum(weights.get(t, 1.0) for t in a & b)
    return 2.0 * shared / (wa + wb)


def weighted_containment(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """Share of A's weight found in B: "is the point of A made somewhere in B"."""
    if not a:
        return 0.0
    wa = sum(weights.get(t, 1.0) for t in a)
    return sum(weights.get(t, 1.0) for t in a & b) / wa


def lexical_similarity(a: AlignItem, b: AlignItem, weights: dict[str, float]) -> float:
    """0..1: how much two items say the same thing, lexically."""
    dice = weighted_dice(a.token_set, b.token_set, weights)
    if dice == 0.0:
        return 0.0
    fuzzy = fuzz.token_set_ratio(" ".join(a.tokens), " ".join(b.tokens)) / 100.0
    return 0.75 * dice + 0.25 * fuzzy * min(1.0, dice * 3)


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
