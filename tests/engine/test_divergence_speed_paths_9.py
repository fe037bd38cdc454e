"""Speed paths of the divergence engine (ninth pass) give exactly what the plain definitions give.

Each test puts the fast path next to the plain definition it replaces and compares the two on
generated input: a speed path may only make an event's divergence cheaper, never different.
"""

from __future__ import annotations

import dataclasses
import pickle
import random

import pytest

from bot.divergence import EventStatement, statements_from_rows

# --- statements from the pool's rows (divergence.statements_from_rows) ----------------------------


def _random_row(rng: random.Random) -> tuple[object, ...]:
    text = " ".join(rng.choice(["China", "said", "talks", "Путин", "…", "", "a\tb"]) for _ in range(rng.randint(0, 6)))
    return (rng.choice(["US", "CN", "RU", ""]), text, rng.randint(-5, 10**9), f"doc-{rng.randint(0, 99)}",
            rng.randint(0, 50), rng.choice(["official", "quoted", "attributed"]),
            rng.choice([None, "Wang Yi", "", "Blinken"]))


def _same(fast: EventStatement, plain: EventStatement) -> None:
    assert type(fast) is type(plain) is EventStatement
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert vars(fast) == vars(plain) and list(vars(fast)) == list(vars(plain))  # (the same fields, in order)
    assert dataclasses.astuple(fast) == dataclasses.astuple(plain)
    assert pickle.loads(pickle.dumps(fast)) == plain and pickle.dumps(fast) == pickle.dumps(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "changed"  # type: ignore[misc]


def test_statements_from_rows_are_the_constructed_statements() -> None:
    rng = random.Random(19)
    for _ in range(300):
        rows = [_random_row(rng) for _ in range(rng.randint(0, 12))]
        fast, plain = statements_from_rows(rows), [EventStatement(*row) for row in rows]
        assert len(fast) == len(plain)
        for f, p in zip(fast, plain):
            _same(f, p)


def test_statements_from_rows_of_other_lengths_go_through_the_constructor() -> None:
    rng = random.Random(20)
    for width in (4, 5, 6):  # the defaults fill the rest
        rows = [_random_row(rng)[:width] for _ in range(5)]
        for f, p in zip(statements_from_rows(rows), [EventStatement(*row) for row in rows]):
            _same(f, p)
    for width in (0, 3, 8):  # and its errors are the constructor's
        with pytest.raises(TypeError):
            statements_from_rows([_random_row(rng) + (None,) if width == 8 else _random_row(rng)[:width]])


# --- salience vocabularies matched at their flagged positions (lexicon.salience_features) ----------


def test_salience_features_match_at_each_flagged_position_as_a_search_finds() -> None:
    """A near miss ("dealt", "settled", "willing") flags a vocabulary before its real match: every
    flagged position must be tried, not only the first."""
    import re

    from bot import lexicon

    starts = sorted(lexicon._SALIENCE_FLAGS)
    near = [s + tail for s in starts for tail in ("t", "x", "ing", "_")] + [s[:-1] for s in starts if len(s) > 2]
    words = [w for p in lexicon._SALIENCE_ASCII for w in re.findall(r"[a-z]+", p.pattern)]
    rng = random.Random(21)
    texts = ["They dealt with it; then a deal.", "settled, then set up talks", "willing, and will hold talks",
             "(deadline) Deal", "must-have; must"]
    for _ in range(4000):
        pieces = [rng.choice(near), rng.choice(near), rng.choice(words), rng.choice(starts), " ", " ", ", ", "-", "\n",
                  "1", "X"]
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))))
    for text in texts:
        low = lexicon.lowered(text)
        plain = tuple(lexicon.for_text(p, low).search(low) is not None for p in lexicon._SALIENCE)
        assert lexicon.salience_features.__wrapped__(text) == plain, text
