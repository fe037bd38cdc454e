"""The date forms matched at candidate starts (bot.nlp.dates._form_matches) find what each pattern's
`finditer` finds, on generated text full of near-dates and on the benchmark corpus."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.nlp import dates

_WORDS = ["2025", "12", "6", "06", "1", "31st", "3rd", "December", "DECEMBER", "Dec.", "Dec", "Sept.", "Sept", "Sep",
          "May", "MAY", "June", "Jun", "of", "XMay", "ept", "Monday", "Sunday", "Wednesday", "day", "days", "Xday",
          "today", "Today", "TODAY", "tonight", "Tonight", "yesterday", "Yesterday", "tomorrow", "esterday", "oday",
          "xtoday", "Mondays", "Saturday", "ThursdayFriday", "a", "in", "on", "٣", "é"]
_SEPARATORS = [" ", " ", "  ", "\n", "\t", "\x1c", "\xa0", ", ", ",", "", ".", "-", ":"]


def _plain(text: str) -> list[tuple[str | None, tuple[int, int]]]:
    return [(m.lastgroup, m.span()) for pattern in dates._patterns() for m in pattern.finditer(text)]


def _fast(text: str) -> list[tuple[str | None, tuple[int, int]]]:
    digits = dates._digit_positions(text)
    return [(m.lastgroup, m.span()) for pattern in dates._patterns()
            for m in dates._form_matches(pattern, text, digits)]


def _texts() -> st.SearchStrategy[str]:
    pairs = st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS))
    return st.lists(pairs, max_size=16).map(lambda items: "".join(w + sep for w, sep in items))


@settings(max_examples=1500, deadline=None)
@given(_texts())
@example("XDecember 6 and 6th of Sept. 2025")
@example("December\n\n 6 then May\t7, 2024 and Sept.  12")
@example("Sunday, XMonday, ThursdayFriday and today's Tomorrow")
@example("6 December 6 December")
@example("December 6 December 6")
def test_candidate_matches_are_finditer(text: str) -> None:
    assert _fast(text) == _plain(text), text


def test_candidate_matches_are_finditer_on_random_and_corpus_text() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(_WORDS) + rng.choice(_SEPARATORS) for _ in range(rng.randint(0, 12)))
        assert _fast(text) == _plain(text), text
    corpus = Path(__file__).resolve().parents[2] / "data" / "demo" / "readouts.jsonl"
    if corpus.exists():
        for line in itertools.islice(corpus.read_text(encoding="utf-8").splitlines(), 400):
            assert _fast(line) == _plain(line)


def test_digit_positions_are_the_ascii_digits() -> None:
    text = "a1b22 ٣ 9x0"
    assert dates._digit_positions(text) == [i for i, c in enumerate(text) if c in "0123456789"]


def test_each_pattern_is_known_by_its_form() -> None:
    """`_form_matches` picks a candidate-start path by the pattern's form (its first named group),
    not by its place or its source text: the four forms that have one are found, each form once,
    and a form is the `lastgroup` of its pattern's matches."""
    forms = [dates._form(pattern) for pattern in dates._patterns()]
    assert len(set(forms)) == len(forms)
    assert {"md", "dm", "wd", "rel"} <= set(forms)
    text = "2025-12-06, December 6, 6 December, 06.12.2025, 6 декабря, 2025年12月6日, Monday, во вторник, 月曜日, today"
    for pattern, form in zip(dates._patterns(), forms):
        match = pattern.search(text)
        assert match is not None and match.lastgroup == form, (form, match)
