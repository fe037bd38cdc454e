"""Turn a phrase list into one compact regular expression (a character trie).

Why: Python's `re` tries the branches of an alternation one after another, so a plain
`name1|name2|...` over hundreds of country names costs hundreds of attempts at every position.
Factoring the phrases into a trie means each position fails after one character test, and the
greedy trie naturally prefers the longest phrase ("South China Sea" over "South", "Papua New
Guinea" over "Guinea"). Spaces in a phrase match any run of whitespace, and an apostrophe matches
both the straight and the curly form, so the same lexicon works on differently typeset texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # key marking "a phrase ends here" inside the nested dicts


def _atom(char: str) -> str:
    """The regex for one phrase character, tolerant of whitespace and apostrophe variants."""
    if char == " ":
        return r"\s+"
    if char in "'’":
        return "['’]"
    return re.escape(char)


def _render(node: dict[str, dict]) -> str:
    """Render one trie node; children are ordered so longer continuations are tried first."""
    ends_here = _END in node
    branches = []
    for char in sorted((c for c in node if c != _END), key=lambda c: (c == " ", c)):
        branches.append(_atom(char) + _render(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return "(?:" + body + ")?"
    return body


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regex source matching any of `phrases` (longest first at a given position).

    The caller adds its own boundaries, e.g. `(?<!\\w)(?:...)(?!\\w)`; when the longest phrase fails
    the boundary, the regex backtracks into the shorter phrases the trie also encodes.
    """
    root: dict[str, dict] = {}
    for phrase in phrases:
        phrase = " ".join(phrase.replace("’", "'").split())
        if not phrase:
            continue
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not root:
        return r"(?!x)x"  # matches nothing
    return _render(root)


def phrase_key(surface: str) -> str:
    """The lookup key of a matched surface: single spaces, straight apostrophes."""
    return " ".join(surface.replace("’", "'").split())
