"""Fast paths of the ninth speed pass, each against the plain code it replaces, on generated,
adversarial and corpus text: sentence ends read from the line (`sentences._ends_sentence`), the word
before a full stop on ASCII text (`sentences._word_at_end`) and the sentence spans built from one
terminator scan of the whole text, without a call per span (`sentences.sentence_spans`)."""

from __future__ import annotations

import re
from functools import cache

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.ingest.jsonl import read_jsonl
from bot.models import DocumentInput
from bot.nlp import sentences
from tests.conftest import REPO
from tests.nlp.shared import corpus, seed_texts


@cache
def _corpus_texts() -> tuple[str, ...]:
    """The development corpus, the seeds, the demo readouts and 300 generated benchmark documents."""
    from bench.generate import generate

    demo = [d.text for d in read_jsonl(REPO / "data" / "demo" / "readouts.jsonl") if isinstance(d, DocumentInput)]
    records, _labels = generate(300, seed=5)
    return tuple([record["text"] for record in corpus().values()] + list(seed_texts()) + demo
                 + [record["text"] for record in records])


def _pieced(pieces: list[str], max_size: int = 24) -> st.SearchStrategy[str]:
    """Text glued from `pieces` (what decides a rewrite) and a little noise."""
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=2)), max_size=max_size).map("".join)


# --- sentence ends (sentences._ends_sentence) ---------------------------------------------------


def _is_boundary_plainly(line: str, match: re.Match[str]) -> bool:
    """The definition `_ends_sentence` must equal on a whole line: it copies the 200 characters after
    the run and what follows their blanks."""
    token = match.group(0)
    punct = token.rstrip(sentences._CLOSERS)
    closing = token[len(punct):]
    rest = line[match.end():match.end() + 200]
    if punct[0] in "。！？":
        return True
    if punct == "…":
        return False
    if not rest:
        return True
    if not rest[0].isspace():
        return False
    following = rest.lstrip()
    if not following:
        return True
    first = following[0]
    if first.islower():
        return False
    if not (first.isupper() or first.isdigit() or first in "\"'“‘«(「『[„—–-" or not first.isalnum()):
        return False
    if closing and punct[-1] in "?!," and sentences._SPEECH_VERB_AFTER_QUOTE.match(rest):
        return False
    if punct != ".":
        return True
    if closing:
        return True
    before = line[max(0, match.start() - 60):match.start()]
    word = _word_at_end_plainly(before)
    if not word:
        return True
    lowered = word.lower()
    if lowered in sentences._NEVER_FINAL:
        return False
    if lowered in sentences._BEFORE_NUMBER and first.isdigit():
        return False
    if lowered in sentences._MAYBE_FINAL or lowered.replace(".", "") in {"us", "uk", "un", "eu", "dc"}:
        next_word = sentences._NEXT_WORD.match(following)
        return (next_word.group(0) if next_word else "") in sentences._OPENERS
    if sentences._is_initial(word, before):
        return False
    return True


_ANCHORED_WORD = re.compile(r"(\w+(?:\.\w+)*)$")


def _word_at_end_plainly(text: str) -> str | None:
    match = _ANCHORED_WORD.search(text)
    return match.group(1) if match else None


_LINE_PIECES = [".", ".", ". ", ".  ", ". \t", "!", "?", "...", "…", "\"", "'", ")", "”", "’", "»", "」", "。", "?\"",
                " ", " ", "  ", "\u3000", "\xa0", "a", "word", "The", "U.S", "U.S.", "Mr", "Dec", "6", "J", "Lloyd J",
                "Дж", "é", "日本", "Shen Yi asked", "said", "In", "inc", ",", "(", "“", "-", "_", "e.g", "US", "u.s"]


@settings(max_examples=3000, deadline=None)
@given(_pieced(_LINE_PIECES))
@example("Talks ended. The")
@example("Talks ended.")
@example("Talks ended. ")
@example("the U.S. The talks")
@example("the U.S.  In")
@example("Lloyd J. Austin")
@example("No. 6")
@example("Really?\" Shen Yi asked.")
@example("Why.?\" Shen Yi asked.")
@example("end." + " " * 250 + "Next")
@example("end. " + "x" * 300)
def test_sentence_ends_are_the_plain_definition(line: str) -> None:
    for pattern in (sentences._TERMINATOR, sentences._FULL_STOPS):
        for match in pattern.finditer(line):
            fast = sentences._ends_sentence(line, match, 0, len(line))
            assert fast == _is_boundary_plainly(line, match), (line, match)


def test_sentence_ends_on_the_corpus_are_the_plain_definition() -> None:
    checked = 0
    for text in _corpus_texts():
        for line in text.splitlines():
            for match in sentences._terminator_for(line).finditer(line):
                fast = sentences._ends_sentence(line, match, 0, len(line))
                assert fast == _is_boundary_plainly(line, match), (line, match)
                checked += 1
    assert checked > 1000


# --- the word before a full stop on ASCII text (sentences._word_at_end) ---------------------------

_ASCII = "".join(chr(code) for code in range(128))
_WORD_PIECES = ["U", "S", "a", "Gen", "1", "_", ".", ".", "..", " ", "-", "\n", "'", "e.g", "U.S", "x1_"]


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_WORD_PIECES), max_size=10).map("".join), st.text(alphabet=_ASCII, max_size=20)))
@example("the U.S")
@example(".U.S")
@example("a..b")
@example("_.1")
@example("x.\n")
@example(".")
def test_word_at_end_of_ascii_text_is_the_anchored_search(text: str) -> None:
    assert sentences._word_at_end(text) == _word_at_end_plainly(text)


# --- sentence spans (sentences.sentence_spans) ----------------------------------------------------


def _sentence_spans_plainly(text: str) -> list[tuple[int, int]]:
    """`sentence_spans` as written before: a terminator scan of each line's copy, each span trimmed
    and chunked by a call."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    breaks = [m.span() for m in sentences._LINE_BREAK.finditer(text)] + [(len(text), len(text))]
    for break_start, break_end in breaks:
        line = text[line_start:break_start]
        cursor = 0
        for match in sentences._TERMINATOR.finditer(line):
            if _is_boundary_plainly(line, match):
                spans.append((line_start + cursor, line_start + match.end()))
                cursor = match.end()
        spans.append((line_start + cursor, break_start))
        line_start = break_end
    result = []
    for start, end in spans:
        trimmed = sentences._trimmed(text, start, end)
        if trimmed:
            result.extend(sentences._chunks(trimmed[0], trimmed[1], text))
    return result


@settings(max_examples=1500, deadline=None)
@given(_pieced(_LINE_PIECES + ["\n", "\n\n", "\r\n", " \n", "\u2028"]))
@example("One. Two.\n\n  Three. ")
@example("x " * 2000 + ". Next.")
@example("   ")
@example("Y" * 2999 + ". " + "Z" * 3000 + ". \n" + "W" * 3002)
def test_sentence_spans_are_the_plain_definition(text: str) -> None:
    assert sentences.sentence_spans(text) == (_sentence_spans_plainly(text) if text else [])


def test_sentence_spans_on_the_corpus_are_the_plain_definition() -> None:
    texts = _corpus_texts()
    assert len(texts) > 300
    for text in texts:
        assert sentences.sentence_spans(text) == _sentence_spans_plainly(text)
