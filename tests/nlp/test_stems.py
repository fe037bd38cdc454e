"""`bot.nlp.stems`: the words /quote compares must be the words the index and the regex would give."""

from __future__ import annotations

import random
import unicodedata

import pytest

from bot.nlp.stems import WORD, folded_words, stem


def _by_regex(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def test_the_ascii_fast_path_gives_exactly_the_regex_words_on_random_ascii() -> None:
    rng = random.Random(7)
    alphabet = [chr(i) for i in range(128)]
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80)))
        assert folded_words(text) == _by_regex(text), repr(text)


@pytest.mark.parametrize("text, words", [
    ("The U.S. side voiced SERIOUS concern_s, 2025!", ["the", "u", "s", "side", "voiced", "serious", "concern_s", "2025"]),
    ("Él dijo: «Серьёзная обеспокоенность»", ["él", "dijo", "серьёзная", "обеспокоенность"]),
    ("ﬁne ＡＢＣ", ["fine", "abc"]),  # NFKC: ligature and full-width letters
    ("", []),
])
def test_words_are_nfkc_folded_in_order(text: str, words: list[str]) -> None:
    assert folded_words(text) == words == _by_regex(text)


def test_stem_folds_case_and_accents_before_stemming() -> None:
    assert stem("Concerns") == stem("concern") == "concern"
    assert stem("CAFÉS") == stem("cafe")
