"""Finding where a word-led pattern can match, for patterns whose alternatives all open with `\\b`.

Why: a pattern that opens with `\\b` gets no prefix or character-class start from `re`, so its search
tries every character of the text, each try running through the alternatives. The cue patterns of
attribution and the contact words of the contact profile are such patterns, searched in sentence after
sentence (callgrind, 300 benchmark documents: attribution's `_REPORT`, `_CONTINUATION`,
`_NEGATED_REPORT` and `_EXPERT` alone cost 0.5 M instructions a document, ~9 % of analysis). On
lower-cased ASCII text, a match of an alternative `\\bX` (X opening with a letter) starts at 0 or right
after a character that is not `[a-z0-9_]` — the `\\w` of such text. A pattern opening with that class
is scanned for in C, and the alternatives are tried only after it (the four searches above over 2,054
benchmark sentences: 785 -> 152 M instructions).

This module imports nothing but `re`: `bot.events` uses it without the rest of the NLP stack.
"""

from __future__ import annotations

import re


def top_level_alternatives(source: str) -> list[str]:
    """`source` split at each "|" outside groups, character classes and escapes."""
    alternatives: list[str] = []
    depth = 0
    in_class = False
    current = ""
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            current += source[i:i + 2]
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # a "]" right after "[" or "[^" is a member, not the end of the class
            opening = "[^]" if source.startswith("[^]", i) else "[]" if source.startswith("[]", i) else "["
            current += opening
            i += len(opening)
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append(current)
            current = ""
            i += 1
            continue
        current += char
        i += 1
    alternatives.append(current)
    return alternatives


def word_start_scan(lowered_source: str, free: bool = False) -> re.Pattern[str]:
    """A pattern whose search finds, in lower-cased ASCII text, the character just before the first
    position after 0 where an alternative of `lowered_source` that opens with `\\b` matches (its
    match starts one character later).

    The alternatives that open with `\\b` must continue with a letter, and the others must each need a
    non-ASCII character (so they never match ASCII text) or, when `free`, be searched for on their own
    (`free_alternatives`). A ValueError when an ASCII-written alternative does not open with `\\b` and
    not `free`; tests/nlp/test_speed_paths_boundary.py proves the conditions on the parsed patterns
    that use this."""
    alternatives = top_level_alternatives(lowered_source)
    opening = [a for a in alternatives if a.startswith("\\b")]
    if not opening or (not free and any(a.isascii() for a in alternatives if not a.startswith("\\b"))):
        raise ValueError("every alternative that ASCII text can match must open with \\b")
    return re.compile("[^a-z0-9_](?:" + "|".join(a[2:] for a in opening) + ")")


def free_alternatives(lowered_source: str) -> re.Pattern[str] | None:
    """The alternatives of `lowered_source` written in ASCII that do not open with `\\b` (they may
    start anywhere, inside a word too), as one pattern; None when there are none."""
    free = [a for a in top_level_alternatives(lowered_source) if a.isascii() and not a.startswith("\\b")]
    return re.compile("|".join(free)) if free else None
