"""Marking the words a search matched inside a sentence, the way the full-text index matched them.

The index stems English words (porter), so a search for "serious concern" finds "serious concerns";
the highlight must bold "serious concerns" too, not only exact spellings (`bot.nlp.stems`).
"""

from __future__ import annotations

import re

from bot.nlp.stems import query_stems, stem
from commands.markup import bold, plain

_WORD = re.compile(r"(\w+)", re.UNICODE)
_JOINER = re.compile(r"[\s\-–'’.,]{1,3}")  # what may sit between two matched words inside one bold run


def highlight(sentence: str, query: str, *, limit: int = 500) -> str:
    """The sentence as markup, matched words in bold; cut to about `limit` characters around the
    first match when it is long (the index may hold whole paragraphs as one sentence)."""
    stems = query_stems(query)
    parts = _WORD.split(sentence)  # even indexes: separators, odd indexes: words
    matched = [i % 2 == 1 and stem(p) in stems for i, p in enumerate(parts)]
    parts, matched = _window(parts, matched, limit)
    out: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(parts):
        if matched[i]:
            run.append(parts[i])
            # Extend the bold run over a short separator when another match follows it.
            if i + 2 < len(parts) and matched[i + 2] and _JOINER.fullmatch(parts[i + 1] or " "):
                run.append(parts[i + 1])
                i += 2
                continue
            out.append(bold("".join(run)))
            run = []
        else:
            out.append(plain(parts[i]))
        i += 1
    return "".join(out)


def _window(parts: list[str], matched: list[bool], limit: int) -> tuple[list[str], list[bool]]:
    """Keep the part of a long sentence around its first match, with "…" where it was cut."""
    if sum(len(p) for p in parts) <= limit:
        return parts, matched
    first = next((i for i, m in enumerate(matched) if m), 0)
    start, length = first, len(parts[first])
    while start > 0 and length + len(parts[start - 1]) < limit // 3:
        start -= 1
        length += len(parts[start])
    end = first + 1
    while end < len(parts) and length + len(parts[end]) <= limit:
        length += len(parts[end])
        end += 1
    kept, flags = parts[start:end], matched[start:end]
    if start > 0:
        kept, flags = ["…", *kept], [False, *flags]
    if end < len(parts):
        kept, flags = [*kept, "…"], [*flags, False]
    return kept, flags
