"""Speed paths of the divergence engine (eighth pass) give exactly what the plain definitions give.

Each test puts the fast path next to the plain definition it replaces and compares the two on
generated input: a speed path may only make an event's divergence cheaper, never different.
"""

from __future__ import annotations

import math
import random

import pytest

import bot.divergence as engine
from bot.divergence import EventStatement, compute_divergence
from bot.divergence_align import (
    AlignItem,
    Alignment,
    _bound,
    best_per_side,
    dice_floor,
    idf_weights,
)
from tests.engine.test_divergence_speed_paths import VOCAB, _brute_force

# --- the alignment's floor (divergence_align.Alignment, dice_floor) --------------------------------

_FLOORS = (0.0, 0.12, 0.4, 0.45, 0.5, 0.6, 0.9)


def _random_event(rng: random.Random) -> tuple[list[AlignItem], list[str], dict[str, list[int]], dict[str, float]]:
    n = rng.randint(1, 30)
    sides = [rng.choice("ABC"[: rng.randint(2, 3)]) for _ in range(n)]
    pool = VOCAB[: rng.randint(6, 40)]
    items = [AlignItem(tuple(rng.sample(pool, rng.randint(0, min(8, len(pool)))))) for _ in range(n)]
    by_side: dict[str, list[int]] = {}
    for i, side in enumerate(sides):
        by_side.setdefault(side, []).append(i)
    return items, sides, by_side, idf_weights(items)


def _above(best: list[dict[str, tuple[int, float]]], floor: float) -> list[dict[str, tuple[int, float]]]:
    """The plain bests with those below `floor` reported as (-1, 0.0)."""
    return [{side: (j, s) if s >= floor else (-1, 0.0) for side, (j, s) in found.items()} for found in best]


def test_best_per_side_with_a_floor_is_the_brute_force_above_it() -> None:
    rng = random.Random(8)
    for _ in range(250):
        items, sides, by_side, weights = _random_event(rng)
        plain = _brute_force(items, sides, weights)
        for floor in (*_FLOORS, rng.random()):
            assert best_per_side(items, sides, by_side, weights, floor) == _above(plain, floor), floor


def test_best_of_one_item_is_its_row_of_best_per_side() -> None:
    rng = random.Random(9)
    for _ in range(150):
        items, sides, by_side, weights = _random_event(rng)
        alignment = Alignment(items, sides, by_side, weights)
        for floor in (0.4, 0.12, 0.0):  # a lower floor after a higher one, as the engine asks
            rows = Alignment(items, sides, by_side, weights).best_per_side(floor)
            assert [alignment.best_of(i, floor) for i in range(len(items))] == rows


@pytest.mark.parametrize("floor", [*_FLOORS, 0.1, 0.3, 1 / 3, 0.55, 1.0])
def test_dice_floor_is_where_the_bound_reaches_the_floor(floor: float) -> None:
    d = dice_floor(floor)
    assert d > 0.0 and _bound(d) >= floor
    below = math.nextafter(d, 0.0)
    assert below == 0.0 or _bound(below) < floor


# --- the engine reads bests below the echo threshold only for a counterpart -----------------------

_WORDS = ("trade security climate taiwan strait missile tariffs sanctions ukraine ceasefire nuclear talks "
          "cooperation stability peace dialogue investment supply chains fentanyl visas students drills "
          "hurricane condolences agreed visit invited exercises sovereignty economy energy").split()
_FRAMES = ("The two leaders discussed {a}, {b}, and {c}.", "They agreed to keep {a} and {b} on track.",
           "He raised serious concern about {a} and {b}.", "Both sides stressed {a} {b} {c}.",
           "The minister said that {a} would not affect {b}.", "They reviewed {a} over {n} days of {b}.",
           "{A} and {b} were discussed in a candid conversation.", "The call covered {a}; {b} came up too.")


def _random_statements(rng: random.Random) -> list[EventStatement]:
    out = []
    for doc, government in enumerate(rng.sample(["US", "CN", "JP"], rng.randint(2, 3))):
        for k in range(rng.randint(1, 9)):
            words = {key: " ".join(rng.sample(_WORDS, rng.randint(1, 3))) for key in "abc"}
            text = rng.choice(_FRAMES).format(A=words["a"].capitalize(), n=rng.randint(1, 40), **words)
            out.append(EventStatement(government, text, doc, f"d{doc}", k))
    return out


def _result(statements: list[EventStatement]) -> tuple[object, ...]:
    found = compute_divergence(statements, semantic=None)
    return found.score, found.divergent, found.summary, found.findings, found.shared


def test_divergence_with_the_echo_floor_is_that_of_the_full_alignment(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(10)
    events = [_random_statements(rng) for _ in range(300)]
    fast = [_result(statements) for statements in events]
    align = engine._align
    monkeypatch.setattr(engine, "_align", lambda items, by_side, weights, floor: align(items, by_side, weights, 0.0))
    assert [_result(statements) for statements in events] == fast


def test_counterparts_with_the_echo_floor_are_those_of_the_full_alignment() -> None:
    rng = random.Random(11)
    checked = 0
    for _ in range(300):
        statements = _random_statements(rng)
        built = []
        for floor in (0.0, engine.ECHO_THRESHOLD):
            items = engine._build_items(statements)
            by_side: dict[str, list[engine._Item]] = {}
            for item in items:
                by_side.setdefault(item.government, []).append(item)
            engine._align(items, by_side, idf_weights([i.align for i in items]), floor)
            built.append(items)
        full, floored = built
        for a, b in zip(full, floored):
            expected, got = engine._counterpart(a, full), engine._counterpart(b, floored)
            assert (expected.index if expected else None) == (got.index if got else None)
            # (the cases the floor changes: a counterpart between the two thresholds)
            checked += expected is not None and max(s for _, s in a.best.values()) < engine.ECHO_THRESHOLD
    assert checked > 50
