"""Fast paths of text analysis that replace a regex scan of the whole text find exactly what it finds.

Each rewrite keeps its plain definition here (or in the module, as the pattern it stands for), and the
tests compare the two on generated text made of the pieces that decide them, and on the corpus.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.ingest.jsonl import read_jsonl
from bot.models import DocumentInput
from bot.nlp import quotes
from tests.conftest import REPO
from tests.nlp.shared import corpus, seed_texts


def _pieced(pieces: list[str], max_size: int = 24) -> st.SearchStrategy[str]:
    """Text glued from `pieces` (the characters and words that decide a rewrite) and a little noise."""
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=2)), max_size=max_size).map("".join)


def _corpus_texts() -> list[str]:
    """The development corpus, the seeds and the demo readouts (English, Russian and Japanese)."""
    demo = [d.text for d in read_jsonl(REPO / "data" / "demo" / "readouts.jsonl") if isinstance(d, DocumentInput)]
    return [record["text"] for record in corpus().values()] + list(seed_texts()) + demo


# --- quotation marks ------------------------------------------------------------------------------


# The plain definition's scan: every quotation mark and line break.
_MARKS = re.compile(r"[\"“”«»「」『』„‘’'\n\r]")


def _raw_spans_plainly(text: str) -> list[tuple[int, int, bool]]:
    """The plain definition `quotes._raw_spans` replaces: every mark and line break from `_MARKS`."""
    spans: list[tuple[int, int, bool]] = []
    doubles: list[tuple[str, int]] = []
    singles: list[tuple[str, int]] = []
    length = len(text)
    for match in _MARKS.finditer(text):
        char, at = match.group(0), match.start()
        if char in "\n\r":
            spans.extend((pos, at, False) for opener, pos in doubles[:1])
            doubles.clear()
            singles.clear()
            continue
        prev = text[at - 1] if at else ""
        nxt = text[at + 1] if at + 1 < length else ""
        opener_context = (quotes._is_space(prev) or prev in "([{—–-:/«“‘") and not quotes._is_space(nxt)
        closer_context = not quotes._is_space(prev) and not nxt.isalnum()
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
        closers = [i for i in range(len(doubles) - 1, -1, -1) if char in quotes._CLOSER_FOR.get(doubles[i][0], "")]
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
        elif char in quotes._DOUBLE_OPENERS:
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


_QUOTE_PIECES = ["\"", "\"", "'", "“", "”", "«", "»", "「", "」", "『", "』", "„", "‘", "’", "\n", "\r", "\n\n",
                 "a", "Japan", " ", " ", "(", "-", ",", ".", "1", "\t"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_QUOTE_PIECES))
@example('He said: "x\nand "y" \'z')
@example("«a „b“ c»\r\n“d")
@example("'a \"b\n")
def test_raw_spans_are_the_plain_scan_of_every_mark(text: str) -> None:
    assert quotes._raw_spans(text) == _raw_spans_plainly(text)


def test_raw_spans_are_the_plain_scan_on_the_corpus() -> None:
    texts = _corpus_texts()
    assert texts
    for text in texts:
        assert quotes._raw_spans(text) == _raw_spans_plainly(text)


# --- sentence ends --------------------------------------------------------------------------------


_STOP_PIECES = [".", ".", "!", "?", "...", "\"", "'", ")", "]", "”", "’", "»", "」", "。", "…", "a", "U.S", " ", "\n",
                "1", "Mr", "é"]


@settings(max_examples=1500, deadline=None)
@given(_pieced(_STOP_PIECES))
@example('a.." b')
@example("x.)]' y")
def test_terminator_for_a_text_finds_what_the_terminator_finds(text: str) -> None:
    from bot.nlp.sentences import _TERMINATOR, _terminator_for

    pattern = _terminator_for(text)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in _TERMINATOR.finditer(text)]


def test_full_stops_are_the_terminator_on_ascii_text_without_other_stops() -> None:
    from bot.nlp.sentences import _FULL_STOPS, _terminator_for

    assert _terminator_for("The talks ended. \"Fine.\" (It was.)") is _FULL_STOPS
    assert _terminator_for("Really? Yes.") is not _FULL_STOPS
    assert _terminator_for("Ended. «Fine.»") is not _FULL_STOPS


def test_sentence_spans_are_the_terminator_split_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.nlp import sentences

    texts = _corpus_texts()
    fast = [sentences.sentence_spans(text) for text in texts]
    monkeypatch.setattr(sentences, "_terminator_for", lambda text: sentences._TERMINATOR)
    assert fast == [sentences.sentence_spans(text) for text in texts]


# --- report verbs -----------------------------------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(_pieced(["said", "sai", "told", "pointed out", "pointed", "wrote", "noted", ",", ", ", " ", "x", "é"]),
       st.integers(min_value=0, max_value=30))
def test_report_verb_words_are_what_the_verb_alternation_finds(text: str, start: int) -> None:
    tail = text[start:]
    found = any(verb in tail for verb in quotes._REPORT_VERB_WORDS)
    assert found == (re.compile(quotes._REPORT_VERBS).search(text, start) is not None)


# --- capitalised runs -------------------------------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(_pieced(["Li", "Haidong", "Wang", "Yi", "A", "NATO", "x", "1", "_", " ", " ", "\t", "\xa0", ",", "-", "'",
                "É", "é", "\n", "McDonald", "iPhone"]))
@example("Wang Yi said")
@example("A B C D")
@example("Wang\tYi and Li  Haidong")
def test_capitalised_runs_are_the_unicode_pattern(text: str) -> None:
    from bot.nlp.people import _CAPITALISED_RUN_POSSESSIVE, _capitalised_runs

    assert [m.span() for m in _capitalised_runs(text)] == [m.span() for m in _CAPITALISED_RUN_POSSESSIVE.finditer(text)]


def test_capitalised_runs_are_the_unicode_pattern_on_the_corpus() -> None:
    from bot.nlp.people import _CAPITALISED_RUN_POSSESSIVE, _capitalised_runs

    for text in _corpus_texts():
        assert [m.span() for m in _capitalised_runs(text)] == \
            [m.span() for m in _CAPITALISED_RUN_POSSESSIVE.finditer(text)]


def test_final_according_needs_its_literal_words() -> None:
    # `_reported` searches `_FINAL_ACCORDING` only in sentences containing "according to "
    assert "according to " in quotes._FINAL_ACCORDING.pattern
    for text in ["x, according to the Kremlin.", "x, according  to the Kremlin.", "x,\taccording to\tTASS",
                 "x, According to TASS", "x, according to TASS"]:
        match = quotes._FINAL_ACCORDING.search(text)
        assert match is None or "according to " in text


# --- that-clauses -----------------------------------------------------------------------------------


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["said", "noted", "affirmed", "pointed out", "that", "he", "she", "it",
                                           "they", "we", "Li", "the", "x", "é"]),
                          st.sampled_from([" ", " ", "  ", "\t", "\xa0", ", ", ".", "", "\n", "_"])),
                max_size=10).map(lambda pairs: "".join(w + sep for w, sep in pairs)))
@example("Li said it was")
@example("Li said they would")
@example("x noted\tthat y")
@example("x noted\xa0he y")
def test_that_clause_cores_are_in_every_match(text: str) -> None:
    match = quotes._THAT_CLAUSE.search(text)
    if match is not None:
        assert quotes._may_have_that_clause(text), text
    assert quotes._that_clause(text) == ((match.start("verb"), match.end()) if match else None)


def test_that_clauses_are_the_plain_search_on_the_corpus() -> None:
    from bot.nlp.sentences import split_sentences

    for text in _corpus_texts():
        for sentence in split_sentences(text):
            match = quotes._THAT_CLAUSE.search(sentence.text)
            assert quotes._that_clause(sentence.text) == ((match.start("verb"), match.end()) if match else None)


# --- sort keys --------------------------------------------------------------------------------------


def test_attribute_sort_keys_are_the_lambdas_they_replace() -> None:
    from bot.models import Mention
    from bot.nlp import analyse, spans

    mention = Mention("person", "Li Wei", "Li", 7, 9, "professor")
    assert analyse._OFFSET_ORDER(mention) == (mention.start, mention.end, mention.kind)
    assert spans.by_start(mention) == mention.start and spans._end(mention) == mention.end
    index = spans.SpanIndex([Mention("date", "x", "y", 5, 8), mention, Mention("date", "x", "z", 5, 6)])
    assert [(m.start, m.surface) for m in index.items] == [(5, "y"), (5, "z"), (7, "Li")]
    assert index.starting_in(5, 6) == index.items[:2]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab12\"“”«»\n ", max_size=60), st.sets(st.sampled_from(list("ab12\"“”«»")), max_size=6))
@example("", {"a"})
@example("aaa", set())
def test_positions_of_are_every_occurrence_in_order(text: str, needles: set[str]) -> None:
    from bot.nlp.spans import positions_of

    assert positions_of(text, sorted(needles)) == [i for i, c in enumerate(text) if c in needles]
