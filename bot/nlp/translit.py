"""Script folding for matching names across languages: Latin diacritics and Cyrillic to ASCII.

Why hand-rolled: the Russian alphabet is 33 letters and a fixed table is clearer (and faster) than a
dependency; the goal is a matching key, not a publishable romanisation, so the table picks the
spelling English news most often uses ("Шойгу" -> "shoygu", "Сергей" -> "sergey").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian / Belarusian letters that appear in names
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u",
}


_CYRILLIC_CHAR = re.compile("[\u0400-\u04ff]")
_CJK_CHAR = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")


# Why `isascii()` first: it reads a flag CPython keeps on every string (O(1)), while the search
# scans the whole text; nearly every English document is ASCII and was scanned ~7 times (profiled).
def has_cyrillic(text: str) -> bool:
    """True when any character is Cyrillic (cheap test used to skip Russian-only passes)."""
    return not text.isascii() and _CYRILLIC_CHAR.search(text) is not None


def has_cjk(text: str) -> bool:
    """True when any character is kana or a CJK ideograph (skips the Japanese-only passes)."""
    return not text.isascii() and _CJK_CHAR.search(text) is not None


@lru_cache(maxsize=4096)
def to_ascii(text: str) -> str:
    """Lower-case ASCII rendering: Cyrillic transliterated, Latin diacritics dropped ("Lü" -> "lu").

    Characters with no ASCII rendering (kana, kanji) are kept as they are, so a Japanese name still
    has a stable, if unmatched, key rather than an empty one.
    """
    out: list[str] = []
    for ch in text.lower():
        if ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
            continue
        if ch.isascii():
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base if base.isascii() and base else ch)
    return "".join(out)
