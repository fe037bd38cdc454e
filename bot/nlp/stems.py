"""Words as the full-text index compares them: case- and accent-folded, then stemmed.

The index tokenizes with `porter unicode61 remove_diacritics 2`, so "concerns" matches "concern".
Code that must agree with what the index matched (highlighting a hit, ranking a window of hits)
uses these. Snowball's English stemmer agrees with porter on everyday words, which is all those
uses need.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"\w+", re.UNICODE)


def fold(word: str) -> str:
    """Case- and accent-insensitive form, as the index compares words."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", word).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(fold(word)))


def query_stems(query: str) -> frozenset[str]:
    """The stems of the words in a search (at most 16 words, as the index query uses)."""
    return frozenset(stem(w) for w in WORD.findall(query)[:16])
