"""An index of text spans (mentions, quotations) for the per-sentence lookups of the analysers (pure).

Why: the analysers ask, for every sentence, "which mentions start inside it?" and "which quotation
encloses it?". Scanning every span for every sentence made a 2 MB document quadratic (minutes); two
bisections per question keep it linear in practice.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from operator import attrgetter
from typing import Generic, TypeVar

T = TypeVar("T")


# `.start` and `.end` of an item, read in C (a Python function called per item cost a frame each, and
# an index sorts, lists and accumulates over every item). `by_start` is also the analysers' sort key
# for mentions, sentences and quotations.
by_start: Callable[[object], int] = attrgetter("start")
_end: Callable[[object], int] = attrgetter("end")


def is_word_char(char: str) -> bool:
    """`\\w` of `re` on str: a letter, a digit or "_"."""
    return char.isalnum() or char == "_"


def positions_of(text: str, needles: Iterable[str]) -> list[int]:
    """Ascending offsets in `text` of every occurrence of each of `needles` (single characters, or
    strings that cannot overlap one another). `str.find` jumps from one occurrence to the next in C,
    where a character class scanned with `re` tests every character (the scans for digits and
    quotation marks, profiled)."""
    positions = []
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            positions.append(at)
            at = text.find(needle, at + 1)
    positions.sort()
    return positions


class SpanIndex(Generic[T]):
    """Items with a start and an end offset, sorted by start (stable, so equal starts keep their order).

    `start` and `end` read an item's offsets; the defaults read `.start` / `.end` attributes."""

    def __init__(self, items: Iterable[T], start: Callable[[T], int] = by_start,
                 end: Callable[[T], int] = _end) -> None:
        self.items: list[T] = sorted(items, key=start)
        self.starts = [start(item) for item in self.items]
        self._end = end
        # The furthest end among the first i+1 items: non-decreasing, so bisectable even when spans nest.
        self._reach = list(accumulate((end(item) for item in self.items), max))

    def __len__(self) -> int:
        return len(self.items)

    def starting_in(self, lo: int, hi: int) -> list[T]:
        """Items whose start is in [lo, hi), in order of start."""
        return self.items[bisect_left(self.starts, lo): bisect_left(self.starts, hi)]

    def overlapping(self, lo: int, hi: int) -> Iterator[T]:
        """Items that overlap [lo, hi) (start < hi and end > lo), in order of start."""
        index = bisect_right(self._reach, lo)  # every item before this ends at or before lo
        stop = bisect_left(self.starts, hi)
        for item in self.items[index:stop]:
            if self._end(item) > lo:
                yield item
