"""Quotations and who said them: direct quotes in any common quotation marks, and reported speech.

Why this shape: attribution (whose account a sentence is) rests on quotations, so they must be found
with exact offsets whatever the typography — “curly”, "straight", «guillemets», 「brackets」 —
including quotes that run over several sentences or to the end of a paragraph without a closing
mark. The marks are paired by a small stack machine (straight quotes and apostrophes are told apart
by the characters around them); the speaker is then read from the sentence around the quote by
`speakers`.

Decisions:
- Scare quotes — one to three words with no final punctuation ("radar illumination", “candid”)
  inside a narrative sentence — are not quotations and are left out, unless a speaker is named
  right after them ('"Never," he said').
- A quotation inside another is part of it, not a second quotation.
- A quote with no speaker of its own that follows a quoted sentence of the same paragraph continues
  that speaker ('"...," he said. "In the end, ..."').
- Reported speech without quotation marks is emitted as a Quotation of the reported clause when its
  speaker is explicit: '..., Li said.', 'X, a professor at Y, told the Global Times.' (applies to
  the sentence before), 'the Ministry of Defense claimed that ...'.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import Mention, Quotation, Sentence, new_quotation
from bot.nlp.spans import by_start, positions_of
from bot.nlp.speakers import (
    SPEECH_VERBS,
    Context,
    Speaker,
    japanese_speaker,
    phrase_speaker,
    russian_speaker,
    speaker_before,
    subject_after,
    subject_before,
)
from bot.nlp.translit import has_cjk, has_cyrillic

_DOUBLE_OPENERS = "“„«「『\""
_CLOSER_FOR = {"“": "”", "„": "“”", "«": "»", "「": "」", "『": "』", '"': '"', "”": "”“"}


@dataclass(frozen=True)
class QuoteSpan:
    """Where a top-level quotation is: its marks and its trimmed content."""

    open_at: int  # index of the opening mark
    close_at: int  # index of the closing mark, or the paragraph end when unterminated
    start: int  # content start (trimmed)
    end: int  # content end (trimmed, trailing comma dropped)
    terminated: bool


def _is_space(ch: str) -> bool:
    return not ch or ch.isspace()


# The quotation marks (a quotation also ends at a line break: "\n" or "\r").
_QUOTE_MARKS = "\"“”«»「」『』„‘’'"


def _quote_mark_positions(text: str) -> list[int]:
    """The offsets of the quotation marks in `text`, in order.

    Why not one regular expression for the marks and line breaks: its class has characters beyond
    Latin-1, so `re` scanned for it with a two-level table test at every character (profiled: ~170k instructions a document, half of finding quotations' marks);
    `str.find` jumps from mark to mark (and fails at once for a mark wider than the text's
    characters), and the readouts have a few marks against a score of line breaks."""
    return positions_of(text, _QUOTE_MARKS)


def _first_line_break(text: str, start: int, end: int) -> int:
    """The first "\n" or "\r" in text[start:end], or -1."""
    newline = text.find("\n", start, end)
    carriage_return = text.find("\r", start, newline if newline >= 0 else end)
    return carriage_return if carriage_return >= 0 else newline


def _raw_spans(text: str) -> list[tuple[int, int, bool]]:
    """(open mark, close mark or paragraph end, terminated) of every quotation, nested ones included.

    The marks are paired left to right; a line break ends every open quotation (a double one as an
    unterminated span). Only the first line break after a mark can find one open, so the marks are
    visited and the line breaks looked up between them (see `_quote_mark_positions`)."""
    spans: list[tuple[int, int, bool]] = []
    doubles: list[tuple[str, int]] = []
    singles: list[tuple[str, int]] = []
    length = len(text)
    after_previous = 0  # just after the previous mark
    for at in _quote_mark_positions(text) + [length]:
        if doubles or singles:
            line_break = _first_line_break(text, after_previous, at)
            if line_break >= 0:
                spans.extend((pos, line_break, False) for _, pos in doubles[:1])
                doubles.clear()
                singles.clear()
        if at == length:
            break
        after_previous = at + 1
        char = text[at]
        prev = text[at - 1] if at else ""
        nxt = text[at + 1] if at + 1 < length else ""
        opener_context = (_is_space(prev) or prev in "([{—–-:/«“‘") and not _is_space(nxt)
        closer_context = not _is_space(prev) and not nxt.isalnum()
        if char in "‘'’":
            if prev.isalnum() and nxt.isalnum():
                continue  # apostrophe: "Japan's", "don't"
            open_index = next((i for i in range(len(singles) - 1, -1, -1)
                               if singles[i][0] == ("'" if char == "'" else "‘")), None)
            if open_index is not None and char != "‘" and closer_context:
                spans.append((singles[open_index][1], at, True))
                del singles[open_index:]
            elif char != "’" and opener_context:
                singles.append((char, at))
            continue
        closers = [i for i in range(len(doubles) - 1, -1, -1) if char in _CLOSER_FOR.get(doubles[i][0], "")]
        if char == '"':
            if closers and (closer_context or not opener_context):
                index = closers[0]
            elif opener_context:
                doubles.append((char, at))
                continue
            elif closers:
                index = closers[0]
            else:
                continue
        elif char == "“" and closers and doubles[closers[0]][0] == "„":
            index = closers[0]
        elif char in _DOUBLE_OPENERS:
            doubles.append((char, at))
            continue
        elif closers:
            index = closers[0]
        elif char == "”" and opener_context:
            doubles.append((char, at))  # a closing glyph typed as an opener
            continue
        else:
            continue
        spans.append((doubles[index][1], at, True))
        del doubles[index:]
        singles.clear()
    spans.extend((pos, length, False) for _, pos in doubles[:1])
    return spans


def quote_spans(text: str) -> list[QuoteSpan]:
    """Top-level quotations in `text`, in order, with trimmed content offsets."""
    raw = sorted(_raw_spans(text), key=lambda s: (s[0], -s[1]))
    spans: list[QuoteSpan] = []
    outer_end = -1
    for open_at, close_at, terminated in raw:
        if open_at < outer_end:
            continue  # nested inside the previous quotation
        start, end = open_at + 1, close_at
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        if start >= end:
            continue
        spans.append(QuoteSpan(open_at, close_at, start, end, terminated))
        outer_end = close_at + (1 if terminated else 0)
    return spans


def is_scare_quote(content: str) -> bool:
    """Short enough to be a quoted term rather than a statement: one to three words, or a CJK
    phrase under ten characters. Such a quote only counts when it opens its sentence or follows a
    speech verb, and names its speaker ('"Never," he said')."""
    if has_cjk(content):
        return len(content) < 10
    return len(content.split()) <= 3


# --- reported speech without quotation marks ----------------------------------------------------

_REPORT_VERBS = (
    "said|says|told|noted|added|stressed|reported|warned|argued|explained|emphasized|emphasised|"
    "insisted|stated|claimed|asserted|believes|believed|wrote|concluded|pointed out"
)
_FINAL_ATTRIBUTION = re.compile(
    r",[ \t\xa0]+(?P<att>(?:(?!\bthat\b)[^,;\"“”«»]){1,80}?(?:,[^,;\"“”«»]{1,160},)?[ \t\xa0]+"
    rf"(?:also[ \t\xa0]+)?(?P<verb>{_REPORT_VERBS})\b"
    r"(?:[ \t\xa0]+(?:on|in|at|to|during|after|before|from|the|a|an|reporters|journalists|[A-Z])"
    r"[^,;\"“”«»]{0,60}?)?)[.!]?$"
)
_FINAL_ACCORDING = re.compile(r",[ \t\xa0]+according to (?P<subj>[^,;\"“”]{2,80}?)[.!]?$")
_STANDALONE_ATTRIBUTION = re.compile(
    r"^(?P<att>[^\"“”«»]{2,200}?)[ \t\xa0]+(?:also[ \t\xa0]+)?(?P<verb>told|said to)\b[^,;\"“”]{0,60}[.!]?$"
)
_THAT_VERBS = f"{_REPORT_VERBS}|announced|confirmed|reiterated|affirmed"
_THAT_REST = r"\b(?:[^,.;\"“”]{0,60}?[ \t\xa0]+that[ \t\xa0]+|[ \t\xa0]+(?=(?:he|she|it|they|we)[ \t\xa0]))"
_THAT_CLAUSE = re.compile(rf"\b(?P<verb>{_THAT_VERBS}){_THAT_REST}")


def _by_first_letter(alternation: str) -> str:
    """`said|says|told` as `(?:s(?:aid|ays)|t(?:old))`: `re` then tests one first letter per branch
    instead of every word. Alternatives none of which is a prefix of another, each followed by
    `\\b`, match the same in any order."""
    groups: dict[str, list[str]] = {}
    for word in alternation.split("|"):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()) + ")"


# `_THAT_CLAUSE` after the character before the verb. Why: the pattern's leading `\b` made `re` try
# it at every character of every sentence (profiled: ~2 µs a sentence); every verb starts with a
# letter, so `\b` before one is a non-word character before it (or the start of the sentence), and
# `re` jumps from one non-word character to the next.
# For ASCII text the non-word class is spelled out (the same characters there), which `re` tests with
# a bitmap instead of Unicode category lookups (~25% faster).
_THAT_CLAUSE_AFTER_NON_WORD = re.compile(rf"\W(?P<verb>{_by_first_letter(_THAT_VERBS)}){_THAT_REST}")
_THAT_CLAUSE_AFTER_NON_WORD_ASCII = re.compile(rf"[^A-Za-z0-9_](?P<verb>{_by_first_letter(_THAT_VERBS)}){_THAT_REST}")


# Every match of `_THAT_CLAUSE` has a blank, "that" or a pronoun, and a blank (`_THAT_REST`); in text
# whose only blank is the space, it contains one of these.
_THAT_CLAUSE_CORES = (" that ", " he ", " she ", " it ", " they ", " we ")


def _may_have_that_clause(body: str) -> bool:
    """False when `_THAT_CLAUSE` cannot match `body`. Why: its search stops at every word of a
    sentence (callgrind: ~13k instructions a sentence), six `in` tests cost ~2k, and many sentences
    have none of the cores."""
    if "\t" in body or "\xa0" in body:
        return True
    for core in _THAT_CLAUSE_CORES:  # a loop, not any(...): no generator per sentence
        if core in body:
            return True
    return False


def _that_clause(body: str) -> tuple[int, int] | None:
    """(verb start, end) of `_THAT_CLAUSE.search(body)`, whose match starts with its verb."""
    if not _may_have_that_clause(body):
        return None
    after_non_word = _THAT_CLAUSE_AFTER_NON_WORD_ASCII if body.isascii() else _THAT_CLAUSE_AFTER_NON_WORD
    match = _THAT_CLAUSE.match(body) or after_non_word.search(body)
    return (match.start("verb"), match.end()) if match else None


# The words of `_REPORT_VERBS`, a plain alternation without boundaries: as a pattern it finds one
# exactly where one of these occurs.
_REPORT_VERB_WORDS: tuple[str, ...] = tuple(_REPORT_VERBS.split("|"))


def _final_attribution(body: str) -> re.Match[str] | None:
    """`_FINAL_ATTRIBUTION.search(body)`, skipped when no report verb follows the last comma. Nothing
    from the verb to the end of a final attribution can be a comma, and it starts with one (profiled:
    the lazy subject scan from every comma cost ~1 µs a sentence; one in ten sentences passes).

    The verb after the comma is looked for with `in` on the tail (what searching `_REPORT_VERBS` from the
    comma tells): `re` tried its alternation at every letter a verb starts with (callgrind: the
    test 0.22 -> 0.17 M instructions a readout)."""
    comma = body.rfind(",")
    if comma < 0:
        return None
    tail = body[comma:]
    for verb in _REPORT_VERB_WORDS:  # a loop, not any(...): no generator per sentence
        if verb in tail:
            return _FINAL_ATTRIBUTION.search(body)
    return None


@dataclass
class _Report:
    start: int
    end: int
    speaker: Speaker


def _reported(context: Context, sentence: Sentence, previous: Sentence | None) -> _Report | None:
    """Reported speech in one sentence, or (for a bare attribution sentence) in the one before.

    A "that"-clause near the start ("The White House said on Thursday that ...") wins over a final
    attribution (", Reuters reported."), which only relays it."""
    text = context.text
    body = sentence.text
    final = _final_attribution(body)
    that = _that_clause(body)
    if that and that[0] < 160 and (final is None or that[0] < final.start()):
        speaker = subject_before(context, sentence.start, sentence.start + that[0])
        if speaker:
            clause_end = sentence.start + final.start() if final else sentence.end
            return _Report(sentence.start + that[1], clause_end, speaker)
    if final:
        att_start = sentence.start + final.start("att")
        speaker = subject_before(context, att_start, sentence.start + final.start("verb"))
        clause_end = sentence.start + final.start()
        if speaker and clause_end - sentence.start >= 20:
            return _Report(sentence.start, clause_end, speaker)
    # The pattern's literal words are tested first (profiled: its search from every comma cost ~2k
    # instructions a sentence, the test ~0.4k, and few sentences say "according to").
    according = _FINAL_ACCORDING.search(body) if "according to " in body else None
    if according:
        speaker = phrase_speaker(context, sentence.start + according.start("subj"),
                                 sentence.start + according.end("subj"))
        if speaker:
            return _Report(sentence.start, sentence.start + according.start(), speaker)
    # The verb is literally "told" or "said to": test for it first (profiled: the lazy match of a
    # 2-200 character subject cost ~2.5 µs a sentence and fits fewer than 1% of them).
    standalone = None
    if previous is not None and len(body) <= 220 and ("told" in body or "said to" in body):
        standalone = _STANDALONE_ATTRIBUTION.match(body)
    if standalone:
        speaker = subject_before(context, sentence.start, sentence.start + standalone.start("verb"))
        between = text[previous.end:sentence.start]
        if speaker and speaker.kind == "person" and "\n" not in between:
            return _Report(previous.start, previous.end, speaker)
    return None


# --- assembly -------------------------------------------------------------------------------------


_LEAD_IN = re.compile(rf"\b(?:{SPEECH_VERBS})\b(?:[ \t\xa0]+[\w’'.\-]+){{0,3}}[ \t\xa0]*[,:—–][ \t\xa0]*$")


def _leads_sentence(text: str, sentence_start: int, open_at: int) -> bool:
    """Does the quotation open its sentence, or directly follow a speech verb and a comma or colon
    ('said: "', 'Xi told Biden, "')?"""
    if not text[sentence_start:open_at].strip(" \t\xa0([—–-"):
        return True
    return _LEAD_IN.search(text, max(sentence_start, open_at - 80), open_at) is not None


def _sentence_index(starts: list[int], position: int) -> int:
    return max(0, bisect_right(starts, position) - 1)


def _paragraph_end(text: str, position: int) -> int:
    newline = text.find("\n", position)
    return len(text) if newline < 0 else newline


def _to_quotation(content: str, speaker: Speaker | None, sentence_index: int, start: int, end: int) -> Quotation:
    return new_quotation(
        text=content,
        speaker=speaker.name if speaker else None,
        speaker_title=speaker.title if speaker else None,
        government=speaker.government if speaker else None,
        sentence_index=sentence_index,
        start=start,
        end=end,
    )


def find_quotations(
    text: str,
    sentences: Sequence[Sentence],
    people: Sequence[Mention],
    governments: Sequence[Mention],
) -> list[Quotation]:
    """Direct quotations and explicit reported speech, in text order, each with its speaker when the
    text names one; `text[q.start:q.end] == q.text`."""
    if not isinstance(text, str) or not text:
        return []
    sentences = sorted((s for s in sentences if 0 <= s.start < s.end <= len(text)), key=by_start)
    if not sentences:
        return []
    spans = quote_spans(text)
    real = [s for s in spans if not is_scare_quote(text[s.start:s.end])]
    context = Context(text, people, governments, [(s.open_at, s.close_at + 1) for s in real])
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[QuoteSpan]] = {}
    for span in spans:
        by_sentence.setdefault(_sentence_index(starts, span.open_at), []).append(span)

    found: list[Quotation] = []
    found_starts: list[int] = []  # sorted, so "is there a quotation inside this report?" is a bisection
    previous_quote: tuple[Quotation, int, bool] | None = None  # quotation, its last sentence, terminated
    for position, sentence in enumerate(sentences):
        attributed_here = False
        for span in by_sentence.get(position, []):
            content = text[span.start:span.end]
            close_sentence = _sentence_index(starts, span.close_at)
            limit = max(sentences[close_sentence].end, min(len(text), span.close_at + 1))
            limit = min(limit, _paragraph_end(text, span.close_at + 1) if span.terminated else span.close_at)
            after_at = span.close_at + 1 if span.terminated else span.close_at
            leads = _leads_sentence(text, sentence.start, span.open_at)
            if is_scare_quote(content) and not leads:
                continue  # a scare quote inside a narrative sentence
            speaker = _speaker_of(context, sentence, span, after_at, limit, sentences, position)
            if is_scare_quote(content) and speaker is None:
                continue
            if speaker is None and previous_quote is not None and leads:
                quote, last_sentence, terminated = previous_quote
                gap = text[quote.end:span.open_at]
                if quote.speaker and last_sentence >= position - 1 and ("\n" not in gap or gap.count("\n") <= 2):
                    speaker = Speaker(quote.speaker, quote.speaker_title, quote.government, "continued")
            quotation = _to_quotation(content, speaker, position, span.start, span.end)
            found.append(quotation)
            insort(found_starts, quotation.start)
            attributed_here = attributed_here or bool(quotation.speaker)
            previous_quote = (quotation, close_sentence, span.terminated)
            if speaker and speaker.kind == "organisation":
                context.organisations.append(speaker)
        if attributed_here:
            continue
        report = _reported(context, sentence, sentences[position - 1] if position else None)
        if report is None:
            continue
        inside = bisect_left(found_starts, report.start)
        if inside < len(found_starts) and found_starts[inside] < report.end:
            continue  # a direct quotation already covers this report
        start, end = report.start, report.end
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        if end - start < 2:
            continue
        index = _sentence_index(starts, start)
        found.append(_to_quotation(text[start:end], report.speaker, index, start, end))
        insort(found_starts, start)
        if report.speaker.kind == "organisation":
            context.organisations.append(report.speaker)
    found.sort(key=by_start)
    return found


def _speaker_of(context: Context, sentence: Sentence, span: QuoteSpan, after_at: int, limit: int,
                sentences: Sequence[Sentence], position: int) -> Speaker | None:
    """The speaker of one direct quotation: named after it, or before it in its sentence."""
    text = context.text
    speaker = None
    if after_at < limit:
        speaker = subject_after(context, after_at, limit)
    local = text[sentence.start:limit]
    if speaker is None and has_cyrillic(local):
        speaker = russian_speaker(context, sentence.start, span.open_at, after_at, limit)
    if speaker is None and text[span.open_at] in "「『":
        previous = sentences[position - 1] if position else None
        line = (previous.start, previous.end) if previous else None
        speaker = japanese_speaker(context, sentence.start, span.open_at, after_at, limit, line)
    if speaker is None and span.open_at > sentence.start:
        speaker = speaker_before(context, sentence.start, span.open_at)
    return speaker


__all__ = ["QuoteSpan", "find_quotations", "is_scare_quote", "quote_spans", "SPEECH_VERBS"]
