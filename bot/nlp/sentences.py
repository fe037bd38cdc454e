"""Sentences and clauses with exact character offsets.

Why a regex splitter and not pysbd: pysbd is accurate but costs ~7-9 ms for a 1.4 KB English
document (measured on the development corpus), four times the whole analysis budget. News and
readouts break in a small number of known ways — titles ("Mr.", "Gen."), initials ("Lloyd J.
Austin"), "U.S.", month abbreviations ("Dec. 6"), and quotations that end a sentence and are then
attributed ('..?" Shen Yi asked.') — so a careful scan over punctuation with an abbreviation list is
both fast and right for this text. Lines are hard boundaries: headlines, datelines and captions have
no final full stop and must not run into the next paragraph.
"""

from __future__ import annotations

import re
import string

from bot.models import Sentence, new_sentence

# Abbreviations that never end a sentence (a title or similar always follows them).
_NEVER_FINAL = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cmdr adm sgt sen rep gov rev st mt ft gens sens reps "
    "e.g i.e cf approx vs v messrs mme mlle hon esp fig figs".split()
)
# Abbreviations that do not end a sentence when a number follows ("Dec. 6", "No. 1", "p. 4").
_BEFORE_NUMBER = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos art vol vols p pp ch sec para op "
    "tel".split()
)
# Abbreviations that end a sentence only when a typical sentence opener follows ("U.S. The ...").
_MAYBE_FINAL = frozenset(
    "u.s u.k u.n e.u d.c u.s.a p.r.c u.a.e a.m p.m etc inc ltd corp co jr sr bros "
    "г гг т.е т.д т.п им ул млн млрд тыс руб др пр см".split()
)
_OPENERS = frozenset(
    "The This That These Those It Its He She They We I In On At But However A An And As After "
    "Before Since When While If Yet So Meanwhile Still Also There Then Both Asked According "
    "Earlier Later Last Separately Further Moreover During Despite".split()
)
_SPEECH_VERB_AFTER_QUOTE = re.compile(
    r"\s+(?:[A-Z][\w'’.\-]*\s+){0,5}?(?:[A-Z][\w'’.\-]*,[^,.!?\"“”]{1,160},\s+)?(?:also\s+)?"
    r"(?:said|says|asked|asks|added|adds|noted|notes|told|tells|stressed|wrote|writes|"
    r"continued|replied|insisted|explained|argued|warned|stated|declared|remarked|claimed|"
    r"asserted|emphasized|emphasised|underscored)\b"
)

# A run of Latin or of CJK stops (or one "…"), then closing quotes and brackets: what
# r"(?:[.!?]+|[。！？]+|…)[closers]*" matches. Written to start with a character class, which `re`
# skips to in C; the alternation it replaces was tried at every character of a line (profiled
# ~0.056 ms a document, now ~0.014). The look-behinds continue the run the first stop began.
_TERMINATOR = re.compile(r"[.!?。！？…](?:(?<=[.!?])[.!?]*|(?<=[。！？])[。！？]*|)[\"'”’»)\]」』]*")
_CLOSERS = "\"'”’»)]」』"
# `_TERMINATOR` on ASCII text without "!" or "?": a run of full stops then closing quotes and
# brackets. Why: `_TERMINATOR` opens with a class beyond Latin-1, which `re` tests at every character
# of a line (callgrind: ~0.26M instructions a 2 KB readout, half of splitting it), while a pattern
# opening with a literal is scanned for with a tight loop. On such text the first stop can only be
# ".", the run after it only full stops, and the closers only ASCII ones; nothing after the stop is
# required, so the spans are the same.
_FULL_STOPS = re.compile(r"\.\.*[\"')\]]*")
# [breaks]+ written as [breaks][breaks]*: a pattern that starts with a repeat gets no character-class
# prefix from `re`, which then tried every position of a document (~0.021 -> ~0.009 ms a document).
_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029\x0b\x0c\x85][\n\r\u2028\u2029\x0b\x0c\x85]*")
# The same runs in a text whose only line break is "\n" (nearly all): a pattern that starts with a
# literal is scanned for with a tight loop, one with a character class with a call per character
# (profiled: ~12 -> ~5 µs a document).
_NEWLINES = re.compile(r"\n\n*")
_OTHER_BREAKS = "\r\u2028\u2029\x0b\x0c\x85"


def _line_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of line breaks, as `_LINE_BREAK.finditer` finds them."""
    pattern = _NEWLINES
    for char in _OTHER_BREAKS:
        if char in text:
            pattern = _LINE_BREAK
            break
    return [match.span() for match in pattern.finditer(text)]


# A word or a dotted abbreviation ("U.S"), matched from the end of the text backwards (on the reversed
# text, where it is a prefix). Profiled: the `$`-anchored search `(\w+(?:\.\w+)*)$` tried every start
# position, ~7 µs a call and more than half of sentence splitting.
_WORD_REVERSED = re.compile(r"\w+(?:\.\w+)*")
_NEXT_WORD = re.compile(r"[\w'’]+")
_PREVIOUS_TOKEN = re.compile(r"(\S+)\s+\S+$")
_MAX_SENTENCE = 3000


def _ends_sentence(text: str, match: re.Match[str], line_start: int, line_end: int) -> bool:
    """Does the punctuation run at `match` end a sentence within the line text[line_start:line_end]?

    Read from the text itself, not from a copy of the line, of the 200 characters after the run and
    of what follows their blanks (callgrind: ~20 calls a readout, nearly all a lone "." then one
    blank); `_is_boundary_plainly` in tests/nlp/test_speed_paths_9.py is the copying definition."""
    token = match.group(0)
    end = match.end()
    if token == ".":
        punct, closing = token, ""
    else:
        punct = token.rstrip(_CLOSERS)
        closing = token[len(punct):]
        if punct[0] in "。！？":
            return True
        if punct == "…":
            return False  # an ellipsis inside a quotation rarely ends the sentence
    if end >= line_end:
        return True
    if not text[end].isspace():
        return False  # "1.5", "U.S.-Japan", "?!"
    # `first` opens what follows the blanks of the 200 characters after the run (`following`)
    window_end = min(end + 200, line_end)
    first_at = end + 1
    if first_at < line_end and not text[first_at].isspace():
        first = text[first_at]
    else:
        rest = text[end:window_end]
        following = rest.lstrip()
        if not following:
            return True
        first = following[0]
        first_at = end + len(rest) - len(following)
    if first.islower():
        return False
    if not (first.isupper() or first.isdigit() or first in "\"'“‘«(「『[„—–-" or not first.isalnum()):
        return False  # kana, kanji and other scripts without case: "." is rarely their terminator
    if closing and punct[-1] in "?!," and _SPEECH_VERB_AFTER_QUOTE.match(text[end:window_end]):
        return False  # '"...?" Shen Yi asked.'
    if punct != ".":
        return True
    if closing:
        return True  # 'stability." The' — a closed quotation after the full stop
    before = text[max(line_start, match.start() - 60):match.start()]  # bounded: `$`-anchored searches scan
    word = _word_at_end(before)
    if not word:
        return True
    lowered = word.lower()
    if lowered in _NEVER_FINAL:
        return False
    if lowered in _BEFORE_NUMBER and first.isdigit():
        return False
    if lowered in _MAYBE_FINAL or lowered.replace(".", "") in {"us", "uk", "un", "eu", "dc"}:
        next_word = _NEXT_WORD.match(text, first_at, window_end)
        return (next_word.group(0) if next_word else "") in _OPENERS
    if _is_initial(word, before):
        return False
    return True


def _word_at_end(text: str) -> str | None:
    """The word or dotted abbreviation that `text` ends with ("U.S" in "the U.S"), if it ends with one;
    what the search `(\\w+(?:\\.\\w+)*)$` finds."""
    text = text.removesuffix("\n")  # `$` also matches before a final newline
    if text.isascii():
        return _ascii_word_at_end(text)
    match = _WORD_REVERSED.match(text[::-1])
    return match.group(0)[::-1] if match else None


_ASCII_WORD_CHARACTERS = string.ascii_letters + string.digits + "_"


def _ascii_word_at_end(text: str) -> str | None:
    """`_word_at_end` of ASCII `text` (no final newline), where `\\w` is `[A-Za-z0-9_]`: the run of word
    characters it ends with, then each "." and run before it. Why: reversing the 60-character window
    twice and matching it cost more than the two `rstrip`s of nearly every call (~20 a readout)."""
    start = len(text.rstrip(_ASCII_WORD_CHARACTERS))
    if start == len(text):
        return None
    while start >= 2 and text[start - 1] == "." and text[start - 2] in _ASCII_WORD_CHARACTERS:
        start = len(text[:start - 1].rstrip(_ASCII_WORD_CHARACTERS))
    return text[start:]


def _is_initial(word: str, before: str) -> bool:
    """"J." in "Lloyd J. Austin", "Дж." in "Ллойд Дж. Остин", "S.K." after a surname."""
    if "." in word:
        return all(len(part) <= 2 and part[:1].isupper() for part in word.split("."))
    if not (1 <= len(word) <= 2 and word[0].isupper() and (len(word) == 1 or word[1].islower())):
        return False
    previous = _PREVIOUS_TOKEN.search(before)
    if previous is None:
        return len(word) == 1  # "J. Smith" at the start of a line
    prev = previous.group(1).strip("(\"'“‘«,")
    return bool(prev) and (prev[0].isupper() or prev.endswith("."))


def _chunks(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Split an overlong run (junk, tables) at whitespace so no sentence exceeds _MAX_SENTENCE."""
    spans = []
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start + _MAX_SENTENCE // 2, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _terminator_for(text: str) -> re.Pattern[str]:
    """`_TERMINATOR`, or the pattern that finds the same spans in `text` faster (`_FULL_STOPS`)."""
    if "!" in text or "?" in text or not text.isascii():
        return _TERMINATOR
    return _FULL_STOPS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, in order; the building block of `split_sentences`."""
    if not isinstance(text, str) or not text:
        return []
    spans: list[tuple[int, int]] = []
    breaks = _line_breaks(text) + [(len(text), len(text))]
    # One scan of the whole text, not one of a copy of each line: no terminator holds a line break,
    # so each line has the matches its own scan finds. A sentence ends at a boundary or its line's end.
    line = 0
    line_start = cursor = 0
    line_end, next_start = breaks[0]
    for match in _terminator_for(text).finditer(text):
        while match.start() >= line_end:
            spans.append((cursor, line_end))
            line += 1
            line_start = cursor = next_start
            line_end, next_start = breaks[line]
        if _ends_sentence(text, match, line_start, line_end):
            spans.append((cursor, match.end()))
            cursor = match.end()
    for line_end, next_start in breaks[line:]:
        spans.append((cursor, line_end))
        cursor = next_start
    result = []
    for start, end in spans:  # `_trimmed`, then `_chunks` when too long, inlined (two calls a sentence)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            if end - start > _MAX_SENTENCE:
                result.extend(_chunks(start, end, text))
            else:
                result.append((start, end))
    return result


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """The sentences of `text`; `text[s.start:s.end] == s.text`, whitespace trimmed, in order.

    `language` is a hint only: the splitter handles English, Russian and Japanese punctuation in any
    mix, because excerpts quoting another language are common in this corpus.
    """
    del language  # accepted for a stable signature; the rules are script-driven
    return [new_sentence(i, text[s:e], s, e) for i, (s, e) in enumerate(sentence_spans(text))]


# --- clauses ------------------------------------------------------------------------------------

_JOINT = re.compile(r",\s+(?:and|but|while|whereas|as|yet|although|though)\s+|;\s*")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_AUXILIARIES = frozenset(
    "is are was were be been am has have had do does did will would shall should can could may "
    "might must isn't aren't wasn't weren't won't can't cannot doesn't don't didn't hasn't haven't".split()
)
_COMMON_VERBS = frozenset(
    "said says told spoke met held made took gave saw sought thought went came became began kept "
    "left led meant put set brought reaffirms affirms agrees agree stresses stressed expresses "
    "remains remain seeks seek opposes oppose supports support wants want needs need hopes hope "
    "believes believe welcomes welcome urges urge calls call notes note plans plan intends intend "
    "continues continue shows show serves serve lies runs run looks look takes take gives give "
    "makes make emphasizes emphasises underscores reiterates discussed concurred confirmed".split()
)
_NOT_VERBS_AFTER = frozenset("the a an its their his her our your this that these those".split())


def _verbish(words: list[str]) -> bool:
    """Does this word list contain something that looks like a finite verb?"""
    for i, word in enumerate(words):
        lowered = word.lower()
        if lowered in _AUXILIARIES or lowered in _COMMON_VERBS:
            return True
        if len(lowered) >= 5 and lowered.endswith("ed") and word[0].islower():
            if i == 0 or words[i - 1].lower() not in _NOT_VERBS_AFTER:
                return True
    return False


def split_clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans (start, end) within `sentence`, whitespace trimmed; the joint itself is dropped.

    Splits on ";" always, and on ", and" / ", but" / ", while" / ", as" ... only when both sides
    look like clauses (each has a verb), so lists ("A, B, and C") stay whole. Conservative on
    purpose: a missed split costs little, a wrong one splits a statement from its negation.
    """
    if not isinstance(sentence, str) or not sentence.strip():
        return []
    if "," not in sentence and ";" not in sentence:
        # Every joint starts with one of these; without them the sentence is one clause (about
        # three calls in four, from the divergence engine's statement after statement).
        return [_trimmed(sentence, 0, len(sentence))]
    return _clauses_at_joints(sentence)


def _clauses_at_joints(sentence: str) -> list[tuple[int, int]]:
    """`split_clauses` without its shortcut (a non-blank `sentence`)."""
    joints = list(_JOINT.finditer(sentence))
    pieces: list[tuple[int, int]] = []
    start = 0
    for index, joint in enumerate(joints):
        is_semicolon = joint.group(0).startswith(";")
        if not is_semicolon:
            left = sentence[start:joint.start()]
            next_end = joints[index + 1].start() if index + 1 < len(joints) else len(sentence)
            right = sentence[joint.end():next_end]
            if not (_verbish(_WORD.findall(left)) and _verbish(_WORD.findall(right)[:10])):
                continue
        pieces.append((start, joint.start()))
        start = joint.end()
    pieces.append((start, len(sentence)))
    spans = []
    for piece_start, piece_end in pieces:
        trimmed = _trimmed(sentence, piece_start, piece_end)
        if trimmed:
            spans.append(trimmed)
    return spans
