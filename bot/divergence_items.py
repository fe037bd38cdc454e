"""Statements -> comparable items: strip the reporting frame, split clauses, expand lists (pure).

A readout packs several points into one sentence ("The two leaders discussed A, B, and C"), and a
news story wraps a government's words in its own frame ("..., the US readout said"). Divergence is
about points, not sentences: "the other side mentioned B but not C" must be visible. So each statement
becomes one or more items:

- the reporting frame is removed ("In a statement, the ministry claimed that", ", it asserted",
  "— сказано в сообщении"), so that alignment compares what the government said;
- independent clauses joined by ";" become separate items;
- a list introduced by a verb of discussion ("discussed", "exchanged views on", "including",
  "обсудили") becomes one item per element, each keeping the words that introduce the list, so that
  the quoted item still reads as the government's sentence ("The two leaders discussed … B").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from bot import lexicon
from bot.divergence_text import content_tokens, normalise
from bot.nlp.sentences import split_clauses

# "In a statement, the Japanese Ministry of Defense claimed that ...", "According to the White House, ..."
_LEAD_FRAMES = (
    re.compile(r"^(?:in\s+(?:a|its|their)\s+(?:statement|readout|press\s+release|release),?\s*)", re.I),
    re.compile(r"^(?:according\s+to\s+[^,\"]{2,80},\s*)", re.I),
    re.compile(
        r"^(?:[^\"]{0,90}?\b(?:said|says|claimed|stated|noted|added|asserted|reported|announced|confirmed|"
        r"wrote|quoted\s+\w+\s+as\s+saying)(?:\s+(?:on|in|at)\s+[\w ]{1,30}?)?\s+that\s+)",
        re.I,
    ),
    re.compile(r"^(?:[^\"]{0,80}?\b(?:was\s+quoted\s+as\s+saying(?:\s+to\s+\w+)?(?:\s+in\s+reference\s+to\s+\w+)?|"
               r"told\s+\w+),?\s*(?=\"))", re.I),
)
# '..., the US readout said.'  ', it asserted.'  ', Xinhua reported.'  '— сказано в сообщении.'
# Matched whole (fullmatch) on what follows a comma, quote or dash near the end of the sentence.
_TRAIL_FRAMES = (
    re.compile(
        r"\s*[\"']?\s*[,-]*\s*(?:(?:the|a|an|it|he|she|they|[A-Z][\w.'-]*)(?:\s+[\w.'-]+){0,8}?\s+)?"
        r"(?:said|says|added|asserted|stated|noted|reported|claimed|wrote|read\s+the\s+statement|told\s+[\w ]{1,40})"
        r"(?:\s+(?:on|in|at|during)\s+[\w ,.'-]{1,60})?\s*\.?\s*",
        re.I,
    ),
    re.compile(r"\s*[\"']?\s*[,-]*\s*according\s+to\s+[^.\"]{2,80}\.?\s*", re.I),
    re.compile(r"\s*[\"']?\s*[,-]*\s*(?:сказано|говорится|отмечается|сообщается|заявили|заявил|заявила|сообщили|"
               r"сообщил|подчеркнули|добавили|отметили)\s+[^.\"]{0,80}\.?\s*", re.I),
)
_FRAME_BOUNDARY = re.compile(r"[,\"'-]")
# The frames for ASCII text: compiled with re.ASCII (`lexicon.ascii_form`: the same matches there,
# found faster); the trailing frames' forms (`_TRAIL_FRAMES_FOLDED` below) also without IGNORECASE,
# for the lower-cased text, and without the frame of Russian reporting verbs, which cannot match
# ASCII text.
_LEAD_FRAMES_ASCII = tuple(map(lexicon.ascii_form, _LEAD_FRAMES))


def _folded_form(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The ASCII form of an IGNORECASE `pattern` for the lower-cased text, without IGNORECASE.

    On ASCII text, `str.lower` changes A-Z only, and a pattern with no upper-case letter (its
    `[A-Z]` classes written `[a-z]`: under IGNORECASE they match both cases) matches the lower-cased
    text exactly where the IGNORECASE pattern matches the text; case-sensitive matching is cheaper
    for `re`. The absence of upper-case letters is asserted, which also rules out the escapes whose
    meaning a lower-casing would change (`\\S`, `\\W`, `\\B`, `\\Z` ...)."""
    source = lexicon.ascii_form(pattern).pattern.replace("[A-Z]", "[a-z]")
    assert source == source.lower(), source
    return re.compile(source, lexicon.ascii_form(pattern).flags & ~re.IGNORECASE)


# The trailing frames for lower-cased ASCII text (profiled: the per-boundary matching 630 -> 505 k
# instructions an event, with `fullmatch` from the boundary instead of on a copy of the rest).
_TRAIL_FRAMES_FOLDED = tuple(map(_folded_form, _TRAIL_FRAMES[:2]))


def _possessive_subject(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The folded reporting-verb frame with its subject's words matched without backtracking.

    Each word of the subject ("the ministry's spokesman") is followed by white space, so only a
    whole run of [\\w.'-] can lead to a match: a possessive run matches the same texts, where `re`
    gave each word back one character at a time after every failed verb (profiled: its failing
    `fullmatch` at a comma before the frame cost ~29 k instructions). The literal subjects ("the",
    "he", ...) are runs that `[a-z][\\w.'-]*` takes whole too, and are left out (each made `re` try
    every later word twice)."""
    word, subject = r"[\w.'-]", "(?:the|a|an|it|he|she|they|[a-z][\\w.'-]*)"
    source = pattern.pattern
    assert source.count(subject) == 1 and source.count(f"{word}+){{0,8}}?") == 1, source
    source = source.replace(subject, f"[a-z]{word}*+").replace(f"{word}+){{0,8}}?", f"{word}++){{0,8}}?")
    return re.compile(source, pattern.flags)


# (the frame of reporting verbs, `_TRAIL_FRAMES_FOLDED[0]`, without backtracking in its subject)
_TRAIL_FRAME_FAST = _possessive_subject(_TRAIL_FRAMES_FOLDED[0])

# A wire credit after the sentence: "(ANI)", "(Reuters)".
_TRAILING_CREDIT = re.compile(r"\s*\([A-Z][\w ]{1,20}\)\s*$")

# Words that introduce a list of topics.
_LIST_INTRO = re.compile(
    r"\b(?:discussed|discussing|discuss|exchanged\s+views\s+on|talked\s+about|spoke\s+about|touched\s+on|"
    r"covered|addressed|reviewed|including|such\s+as|on|about|regarding|обсудили|обсуждали|включая|"
    r"в\s+том\s+числе|касающиеся)\s+",
    re.I,
)
_FINAL_CONJ = re.compile(r"^(?:and|or|as\s+well\s+as|и|а\s+также)\s+", re.I)
_MAX_LIST_ELEMENT_WORDS = 16


class ItemText(NamedTuple):
    """`text` reads as a quote of the government ("The leaders discussed … B"); `core` is the point.

    A named tuple, not a frozen dataclass (whose fields are set one `object.__setattr__` at a
    time): one or more for every new statement."""

    text: str
    core: str


_FRAME_WINDOW = 160


def strip_frame(text: str) -> str:
    """The government's words without the news frame around them.

    Frames sit at the ends of a sentence, so the patterns only ever look at its last and first
    _FRAME_WINDOW characters: that keeps the cost linear in the sentence length."""
    text = normalise(text)
    return _strip_normal(text, _word_tests(text))


def _word_tests(normal: str) -> tuple[int, ...] | None:
    """The `lexicon.word_test`s that the normalised text passes, None when it is not ASCII (the
    tests are of lower-cased ASCII text). A part of the text fails every test the text fails: the
    frame and clause checks on its parts are skipped then (an exact `in` test follows a pass).
    Usually a cached lookup: `may_have_cues` has asked the same of the statement."""
    return lexicon.word_tests(lexicon.lower(normal)) if normal.isascii() else None


def _strip_normal(text: str, passed: tuple[int, ...] | None) -> str:
    """`strip_frame` of normalised text; `passed` its `_word_tests` (every text below is a part of it;
    while it is still the whole text, a test it passed needs no `in` test of its own)."""
    whole = text
    if text.endswith(")"):
        # normalised text has no trailing space, so a credit can only end in ")": the credit
        # pattern's scan of every statement was a tenth of frame stripping (profiled)
        text = _TRAILING_CREDIT.sub("", text)
    original = text
    for _ in range(2):
        stripped = _strip_trailing_frame(text, passed, own=text == whole)
        if stripped == text or len(stripped.split()) < 4:
            break  # unchanged text: a second pass would find the same (no) frame
        text = stripped
    # no lead frame's words in the text (most statements): the loop below would skip every frame
    frames = () if passed is not None and _ANY_LEAD_TEST not in passed else zip(
        _LEAD_FRAMES, _LEAD_FRAMES_ASCII, _LEAD_NEEDS, _LEAD_VERBS, _LEAD_TESTS)
    for pattern, ascii_pattern, needs, verbs, tests in frames:
        if passed is not None and not all(map(passed.__contains__, tests)):
            continue  # a word the frame needs is nowhere in the text
        head = text[:_FRAME_WINDOW]
        if passed is None or head != whole:  # (the head being the whole text, it passed these tests)
            if needs is not None and not _may_contain(head, needs):
                continue
            if verbs is not None and not _may_contain(head, verbs):
                continue
        if head.isascii():
            pattern = ascii_pattern
        # the lead frames are anchored at the start: a match there is what `sub(count=1)` replaced
        match = pattern.match(head)
        if match is None:
            continue
        stripped = head[match.end():] + text[_FRAME_WINDOW:]
        if stripped != text and len(stripped.split()) >= 4:
            text = stripped
    text = text.strip(" \"'-,")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return text or original


# Every trailing frame contains one of these words (matched as the frames match them, ignoring
# case): a tail without any has no frame, and the per-boundary matching is skipped (profiled: most
# statements). ASCII text is tested with `in` on its lower case — exact there, since the only
# characters that match an ASCII letter case-insensitively are ASCII themselves or non-ASCII — and
# other text with the regular expression (an IGNORECASE alternation is many times slower).
_TRAIL_WORDS_ASCII = ("said", "says", "added", "asserted", "stated", "noted", "reported", "claimed", "wrote", "read", "told",
                      "according")
_TRAIL_WORDS = re.compile(
    "|".join(_TRAIL_WORDS_ASCII) + r"|сказано|говорится|отмечается|сообщается|заявил|сообщил|подчеркнули|добавили|отметили",
    re.I,
)
# Words the lead frames need, ignoring case: a cheap test before their backtracking scan. Frame 3
# needs "that" and one of its reporting verbs (profiled: half of the statements with a "that" have
# no such verb, and its scan was a fifth of frame stripping), frame 4 "quoted" or "told".
_LEAD_NEEDS: tuple[tuple[str, ...] | None, ...] = (None, None, ("that",), ("quoted", "told"))
_LEAD_VERBS: tuple[tuple[str, ...] | None, ...] = (
    None, None, ("said", "says", "claimed", "stated", "noted", "added", "asserted", "reported", "announced", "confirmed",
                 "wrote", "quoted"), None)
# The same checks as `lexicon.word_test`s, for `_word_tests`.
_TRAIL_TEST = lexicon.word_test(_TRAIL_WORDS_ASCII)
# The first two frames need their last word ("statement", "readout", "release"; "according"): as
# word tests only, so that most statements skip both matches (profiled: two failing `match` calls
# on the head of every statement, ~5 k instructions).
_LEAD_WORDS: tuple[tuple[str, ...] | None, ...] = (("statement", "readout", "release"), ("according",), None, None)
_LEAD_TESTS = tuple(tuple(lexicon.word_test(words) for words in checks if words is not None)
                    for checks in zip(_LEAD_NEEDS, _LEAD_VERBS, _LEAD_WORDS))
# Every lead frame needs one of these (its `_LEAD_NEEDS` or `_LEAD_WORDS`).
_ANY_LEAD_TEST = lexicon.word_test(("that", "quoted", "told", "statement", "readout", "release", "according"))
_THAT_TEST = lexicon.word_test(("that",))


def _may_contain(text: str, words: tuple[str, ...]) -> bool:
    """Could `text` contain one of the ASCII `words`, ignoring case as `re.IGNORECASE` does?"""
    if text.isascii():
        return any(map(lexicon.lower(text).__contains__, words))
    return _words_pattern(words).search(text) is not None


@lru_cache(maxsize=None)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words), re.I)


def _strip_trailing_frame(text: str, passed: tuple[int, ...] | None = None, *, own: bool = False) -> str:
    """Cut a reporting frame off the end: tried at each comma, quote or dash of the last
    _FRAME_WINDOW characters, leftmost first, matched whole (so the cost stays linear). `passed`:
    the `_word_tests` of a text that `text` is part of, if known; `own`: of `text` itself."""
    if passed is not None and _TRAIL_TEST not in passed:
        return text  # no frame word anywhere
    floor = max(0, len(text) - _FRAME_WINDOW)
    tail = text[floor:]
    if tail.isascii():
        low = lexicon.lower(tail)
        # (a tail that is all of a text whose word test passed holds a frame word)
        if not (own and passed is not None and floor == 0) and not any(map(low.__contains__, _TRAIL_WORDS_ASCII)):
            return text
        # a frame fullmatches `text[floor + b:]` exactly when its folded form fullmatches the
        # lower-cased tail from `b` (the same characters but for case)
        folded, quoted = _TRAIL_FRAME_FAST, _TRAIL_FRAMES_FOLDED[1]
        for boundary in _FRAME_BOUNDARY.finditer(low):
            b = boundary.start()
            if folded.fullmatch(low, b) or quoted.fullmatch(low, b):
                return text[: floor + b].rstrip(" \"'")
        return text
    if _TRAIL_WORDS.search(tail) is None:
        return text
    frames = _TRAIL_FRAMES
    for boundary in _FRAME_BOUNDARY.finditer(text, floor):
        rest = text[boundary.start():]
        if any(pattern.fullmatch(rest) for pattern in frames):
            return text[: boundary.start()].rstrip(" \"'")
    return text


def split_items(text: str) -> list[ItemText]:
    """One statement's items, in order (see the module docstring)."""
    normal = normalise(text)
    passed = _word_tests(normal)
    body = _strip_normal(normal, passed)
    if passed is not None and body not in normal:
        passed = None  # an odd quote removed: the body may hold a word the text did not
    if ";" not in body and "," not in body and not _may_split_that(body, passed):
        # one part, one clause, no list (most statements): what the loops below give, without them
        part = body.strip() or body
        if part.strip() and len(content_tokens(part)) >= 2:
            return [ItemText(part, part)]
        return [ItemText(body, body)]
    items: list[ItemText] = []
    for part in _split_semicolons(body):
        for clause in _split_clauses(part, passed):
            items.extend(_expand_list(clause))
    return [i for i in items if len(content_tokens(i.core)) >= 2] or [ItemText(body, body)]


def _split_semicolons(text: str) -> list[str]:
    if ";" not in text:
        stripped = text.strip()  # what the split below gives without a semicolon
        return [stripped or text]
    parts = [p.strip() for p in re.split(r";\s+", text) if p.strip()]
    return parts or [text]


_PARALLEL_THAT = re.compile(r",?\s+and\s+that\s+", re.I)
_THAT = re.compile("that", re.I)
_FIRST_THAT = re.compile(r"^(.{3,120}?\bthat)\s+", re.I)


# Every match of _PARALLEL_THAT holds "and", white space, "that" and white space: in the lower case
# of ASCII text (where IGNORECASE matches only ASCII letters) a match of this pattern, which opens on
# a literal that `re` skips ahead to.
_AND_THAT_FOLDED = re.compile(r"and\s+that\s")


def _may_split_that(text: str, passed: tuple[int, ...] | None) -> bool:
    """Could `_PARALLEL_THAT` match in `text`? `passed`: as in `_split_clauses`. Not without "that"
    (ignoring case), nor, in ASCII text, without "and ... that" (`_AND_THAT_FOLDED`): the split's
    own scan, opening on ",?\\s+", tries every position (profiled: its scans of the clauses that have
    a "that" but no parallel one were 1.4 % of an event)."""
    if passed is not None and _THAT_TEST not in passed:
        return False
    if text.isascii():
        return _AND_THAT_FOLDED.search(lexicon.lower(text)) is not None
    return _THAT.search(text) is not None


def _split_clauses(text: str, passed: tuple[int, ...] | None = None) -> list[str]:
    """Independent clauses: "affirmed that A, and that B" (each keeps "affirmed that"), then the
    shared clause splitter, which only splits where both sides have a verb ("A, and concurred to B").
    `passed`: the `_word_tests` of a text that `text` is part of, if known."""
    # no "that" (ignoring case, as the pattern does), or no "and ... that", no split: the pattern's
    # scan of every clause was a fifth of clause splitting (profiled)
    may_split = _may_split_that(text, passed)
    if not may_split and "," not in text and ";" not in text:
        return [text] if text.strip() else []  # what the rest gives such a clause (most clauses)
    parts = _PARALLEL_THAT.split(text) if may_split else [text]
    head = _FIRST_THAT.match(parts[0]) if len(parts) > 1 else None
    if head is not None:
        pieces = [parts[0], *(f"{head.group(1)} … {p}" for p in parts[1:])]
    else:
        pieces = [text]
    out: list[str] = []
    for piece in pieces:
        if "," not in piece and ";" not in piece:
            out.append(piece)  # what `split_clauses` leaves whole: every joint has "," or ";" (most pieces)
            continue
        spans = split_clauses(piece)
        out.extend(piece[a:b].strip(" ,") for a, b in spans) if len(spans) > 1 else out.append(piece)
    return [c for c in out if c.strip()]


def _split_commas(text: str) -> list[str]:
    """Split at top-level commas (not inside quotes or parentheses)."""
    if '"' not in text and "(" not in text and "[" not in text:
        # nothing nests: every comma is top level (the character loop below was the slowest part
        # of item building, profiled)
        return [p for p in (part.strip() for part in text.split(",")) if p]
    parts: list[str] = []
    depth = 0
    quoted = False
    current: list[str] = []
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _expand_list(clause: str) -> list[ItemText]:
    """"X discussed A, B, and C" -> three items; anything that is not clearly such a list stays whole."""
    if clause.count(",") < 2:
        return [ItemText(clause, clause)]  # fewer than three parts: not a list
    parts = _split_commas(clause.rstrip("."))
    if len(parts) < 3:
        return [ItemText(clause, clause)]
    last = parts[-1]
    conj = _FINAL_CONJ.match(last)
    if not conj:
        return [ItemText(clause, clause)]
    intro = None
    for match in _LIST_INTRO.finditer(parts[0]):
        intro = match
    if intro is None:
        return [ItemText(clause, clause)]
    head = parts[0][: intro.end()].strip()
    first = parts[0][intro.end():].strip()
    elements = [first, *parts[1:-1], last[conj.end():].strip()]
    # Trailing material after the list ("..., and C, the statement said") was stripped already; a
    # real list has short elements, each a phrase of its own.
    if any(not e or len(e.split()) > _MAX_LIST_ELEMENT_WORDS for e in elements):
        return [ItemText(clause, clause)]
    if sum(1 for e in elements if len(content_tokens(e)) >= 2) < 2:
        return [ItemText(clause, clause)]  # "peace, stability, and prosperity": one point, not three
    items = [ItemText(f"{head} {elements[0]}", elements[0])]
    items.extend(ItemText(f"{head} … {e}", e) for e in elements[1:])
    return items
