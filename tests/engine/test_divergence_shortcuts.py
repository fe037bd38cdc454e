"""Shortcuts of the divergence engine give exactly what their plain definitions give.

Each test states the plain definition next to the shortcut and compares the two on generated
input: a shortcut may only make an event's divergence cheaper, never different.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.divergence_align import AlignItem, _ranked_candidates, idf_weights, total_weight, weighted_dice

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
