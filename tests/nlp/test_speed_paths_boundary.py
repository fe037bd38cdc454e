"""The cue patterns' boundary scan (bot.nlp.attribution._Caseless with `boundary_scan`): searching
lower-cased ASCII text from the places where a word starts finds what the plain search finds.

Two facts make it exact, both proven here on the parsed patterns: every top-level alternative that
opens with `\\b` continues with a letter (so a match starts at 0 or after a non-word character), and
every other alternative needs a non-ASCII character (so ASCII text never matches it) or is written in
ASCII and searched for on its own. Then the equivalence is checked on generated and adversarial text
and on the corpus.
"""

from __future__ import annotations

import itertools
import random
import re
from re import _constants as sre
from re import _parser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.ingest.jsonl import read_jsonl
from bot.models import DocumentInput
from bot.nlp import attribution
from bot.nlp.attribution import _Caseless
from bot.nlp.boundary import top_level_alternatives, word_start_scan
from bot.nlp.sentences import split_sentences

_SCANNED = sorted(name for name, value in vars(attribution).items()
                  if isinstance(value, _Caseless) and value._after_boundary is not None)


def _first_characters(items: list) -> set[int] | None:
    """The characters a match of the parsed sequence `items` can start with, or None when unknown
    (or when the sequence can match the empty string)."""
    if not items:
        return None
    op, argument = items[0]
    if op is sre.LITERAL:
        return {argument}
    if op is sre.SUBPATTERN:
        return _first_characters(list(argument[3]))
    if op is sre.BRANCH:
        found: set[int] = set()
        for alternative in argument[1]:
            first = _first_characters(list(alternative))
            if first is None:
                return None
            found |= first
        return found
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and argument[0] >= 1:
        return _first_characters(list(argument[2]))
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in argument):
        return {code for _, code in argument}
    if op is sre.IN and all(kind in (sre.LITERAL, sre.RANGE) for kind, _ in argument):
        codes: set[int] = set()
        for kind, value in argument:
            codes |= {value} if kind is sre.LITERAL else set(range(value[0], value[1] + 1))
        return codes
    return None


def _needs_non_ascii(items: list) -> bool:
    """Does every match of the parsed sequence `items` contain a non-ASCII character? (Sufficient: a
    mandatory literal beyond ASCII, a class of such characters only, a group or a repeat of at least
    one whose body needs one, a branch all of whose alternatives need one.)"""
    for op, argument in items:
        if op is sre.LITERAL and argument > 0x7F:
            return True
        if op is sre.IN and all(kind in (sre.LITERAL, sre.RANGE) for kind, _ in argument) and all(
                (value if kind is sre.LITERAL else value[0]) > 0x7F for kind, value in argument):
            return True
        if op is sre.SUBPATTERN and _needs_non_ascii(list(argument[3])):
            return True
        if op is sre.BRANCH and all(_needs_non_ascii(list(a)) for a in argument[1]):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and argument[0] >= 1 and _needs_non_ascii(list(argument[2])):
            return True
    return False


def test_the_hot_cue_patterns_use_the_boundary_scan() -> None:
    assert {"_REPORT", "_NEGATED_REPORT", "_EXPERT", "_CONTINUATION", "_OTHER_OCCASION"} <= set(_SCANNED)


@pytest.mark.parametrize("name", _SCANNED)
def test_alternatives_open_with_a_boundary_and_a_letter_or_need_a_non_ascii_character(name: str) -> None:
    source = getattr(attribution, name).pattern.lower()
    alternatives = top_level_alternatives(source)
    assert "|".join(alternatives) == source
    parsed = _parser.parse(source)
    if len(parsed.data) == 1 and parsed.data[0][0] is sre.BRANCH:
        parsed_alternatives = [list(a) for a in parsed.data[0][1][1]]
    else:
        parsed_alternatives = [list(parsed)]
    # the text split is the parser's: as many alternatives, each a whole pattern, joined back the source
    assert len(parsed_alternatives) == len(alternatives)
    for text in alternatives:
        items = list(_parser.parse(text))
        if text.startswith("\\b"):
            assert items[0] == (sre.AT, sre.AT_BOUNDARY), text
            first = _first_characters(items[1:])
            assert first and all(chr(code).isalpha() for code in first), text
        elif text.isascii():  # searched for on its own, from anywhere (`_free`)
            pattern = getattr(attribution, name)
            assert pattern._free is not None and text in top_level_alternatives(pattern._free.pattern), text
        else:
            assert _needs_non_ascii(items), text


def test_the_proofs_see_what_breaks_them() -> None:
    assert _first_characters(list(_parser.parse(r"(?:it|\s)x"))) is None
    assert _first_characters(list(_parser.parse(r"(?:it|the)x"))) == {ord("i"), ord("t")}
    assert _first_characters(list(_parser.parse(r"(?:x)?y"))) is None
    assert not _needs_non_ascii(list(_parser.parse(r"ранее|x")))
    assert not _needs_non_ascii(list(_parser.parse(r"(?:é)?x")))
    assert _needs_non_ascii(list(_parser.parse(r"(?:сказано|говорится)\s+в")))
    with pytest.raises(ValueError):
        word_start_scan(r"\bsaid\b|earlier")  # "earlier" can start inside a word
    free = _Caseless(r"\bsaid\b|earlier|ранее", boundary_scan=True)  # unless searched for on its own
    assert free._free is not None and free._free.pattern == "earlier"
    for text in ("xearlier said", "said earlier", "nothing", "xsaid", "Earlier"):
        assert _span(free.search(text)) == _span(free.ignorecase.search(text)), text


@pytest.mark.parametrize(("source", "expected"), [
    (r"a|b", ["a", "b"]),
    (r"(?:a|b)|c", ["(?:a|b)", "c"]),
    (r"[|]|\||x", ["[|]", r"\|", "x"]),
    (r"[]|]|[^]|]|y", ["[]|]", "[^]|]", "y"]),
    (r"\b(?:a[\s-]b)\b|ранее", [r"\b(?:a[\s-]b)\b", "ранее"]),
])
def test_top_level_alternatives(source: str, expected: list[str]) -> None:
    assert top_level_alternatives(source) == expected


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return match.span() if match else None


def _vocabulary(source: str) -> list[str]:
    return sorted(set(re.findall(r"[a-z]+", source.lower()))) + ["the", "it", "x", "said", "a", "_", "9"]


def _random_texts(source: str, seed: int, count: int = 3000) -> list[str]:
    """The pattern's words glued with separators that decide `\\b` (word characters among them)."""
    words = _vocabulary(source)
    separators = [" ", "", "_", "9", "a", "-", ".", ",", "'", "\t", "\n", "  ", "’", "é", "Я", "中", "\x1c"]
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        pieces = []
        for _ in range(rng.randint(0, 10)):
            word = rng.choice(words)
            pieces.append(word.upper() if rng.random() < 0.2 else word.capitalize() if rng.random() < 0.2 else word)
            pieces.append(rng.choice(separators))
        texts.append("".join(pieces))
    return texts


@pytest.mark.parametrize("name", _SCANNED)
def test_boundary_scan_finds_the_plain_search_on_generated_text(name: str) -> None:
    pattern = getattr(attribution, name)
    # the last two: a match inside a word ("earlier this year" needs no boundary) before one at a word start
    adversarial = ["", " ", "_", "x", "9said", "said", "_said said", "xearlier this year he said in June",
                   "_during the Summit, he spoke in May"]
    for text in _random_texts(pattern.pattern, seed=len(name)) + adversarial:
        expected = _span(pattern.ignorecase.search(text))
        assert _span(pattern.search(text)) == expected, text
        if text.isascii():
            assert _span(pattern._search_after_boundary(text.lower())) == _span(pattern._lowered.search(text.lower()))


@settings(max_examples=400, deadline=None)
@given(st.data())
@example(None)
def test_boundary_scan_finds_the_plain_search_on_any_text(data: st.DataObject | None) -> None:
    for name in _SCANNED:
        pattern = getattr(attribution, name)
        if data is None:
            texts = ["Said it", "it said", "xit said", "_it said", "It\u00a0said", "İt said", "ſaid it", "«it said»"]
        else:
            words = _vocabulary(pattern.pattern)
            pieces = st.one_of(st.sampled_from(words), st.text(max_size=3),
                               st.sampled_from([" ", "_", "0", "“", "Ж", "中", "\u00a0", "K"]))
            texts = [data.draw(st.lists(pieces, max_size=12).map("".join))]
        for text in texts:
            assert _span(pattern.search(text)) == _span(pattern.ignorecase.search(text)), (name, text)


def test_boundary_scan_finds_the_plain_search_on_the_corpus() -> None:
    """Every sentence of the development corpus, the seeds, the demo readouts and the benchmark corpus's
    first documents (English, Russian and Japanese)."""
    from tests.nlp.test_speed_paths_scans import REPO, _corpus_texts

    texts = _corpus_texts()
    benchmark = REPO / "bench" / "out" / "corpus-10000-s1.jsonl"
    if benchmark.exists():
        texts += [d.text for d in itertools.islice(read_jsonl(benchmark), 300) if isinstance(d, DocumentInput)]
    sentences = [s.text for text in texts for s in split_sentences(text)]
    assert len(sentences) > 100
    for name in _SCANNED:
        pattern = getattr(attribution, name)
        for text in sentences:
            assert _span(pattern.search(text)) == _span(pattern.ignorecase.search(text)), (name, text)
