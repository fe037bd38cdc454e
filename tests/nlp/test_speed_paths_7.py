"""Fast paths of the seventh speed pass, each against the plain code it replaces, on generated and
adversarial text."""

from __future__ import annotations

import random
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.nlp import attribution

# --- an expert's name part around a reporting verb (attribution._speaks_in, _opens_with) -----------


def _reference_patterns(part: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns compiled per name part before: speaker before a verb, after one, and opening a
    quotation's frame."""
    escaped = re.escape(part)
    return (
        re.compile(rf"\b{escaped}\b\s+(?:\w+\s+)?(?:said|noted|added|told|asked|argued|believes|wrote|stated)\b"),
        re.compile(rf"(?:said|noted|added|told|asked|argued)\s+{escaped}\b"),
        re.compile(rf"\W*{escaped}\b"),
    )


_PARTS = ["Li", "Haidong", "J.", "O'Brien", "Jae-myung", "-Li", ".Li", "Li-", "Шойгу", "李", "_Li", "Li_", "L", "iLi"]
_WORDS = _PARTS + ["said", "noted", "told", "argued", "believes", "stated", "unsaid", "saidx", "also", "then", "a",
                   "Professor", "x", "1", "٣", "é", "_"]
_SEPARATORS = [" ", "  ", "\n", "\t", "\xa0", "\u2003", "\x1c", "", ",", ", ", ".", "-", "'", "(", "\"", "—"]


def _texts() -> st.SearchStrategy[str]:
    pairs = st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS))
    return st.lists(pairs, max_size=12).map(lambda items: "".join(w + sep for w, sep in items))


def _check_expert_part(text: str, part: str) -> None:
    said_after, said_before, frame = _reference_patterns(part)
    expected = bool(said_after.search(text) or said_before.search(text))
    assert attribution._speaks_in(text, part) == expected, (text, part)
    assert attribution._opens_with(text, part) == bool(frame.match(text)), (text, part)


@settings(max_examples=1500, deadline=None)
@given(_texts(), st.sampled_from(_PARTS))
@example("Li said", "Li")
@example("iLi said and Li\xa0 also noted", "Li")
@example("said  Li", "Li")
@example("unsaid\nLi,", "Li")
@example("saidLi", "Li")
@example(", (-Li said", "-Li")
@example(" .Li", ".Li")
@example("J. said", "J.")
@example("J.x said", "J.")
@example("Li-", "Li-")
@example("Li_ said", "Li")
@example("", "Li")
def test_expert_part_as_speaker_matches_the_per_part_patterns(text: str, part: str) -> None:
    _check_expert_part(text, part)


def test_expert_part_as_speaker_on_random_text() -> None:
    rng = random.Random(7)
    for _ in range(4000):
        text = "".join(rng.choice(_WORDS) + rng.choice(_SEPARATORS) for _ in range(rng.randint(0, 10)))
        _check_expert_part(text, rng.choice(_PARTS))


# --- word runs of readout sentences (attribution._fewer_words_than, _official) --------------------

_RUN_PIECES = ["a", "Word", "1", "_", " ", "  ", ", ", "-", ".", "'", "\t", "\n", "—", "é", "日本語", "٣", "x_y"]


def _sentences_of(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=14).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_sentences_of(_RUN_PIECES), st.integers(min_value=1, max_value=5))
@example("a_b c d", 4)
@example("a b c d", 4)
@example("a b c dé", 4)
@example("1 2 3 4", 4)
def test_fewer_words_than_counts_like_findall_on_ascii_and_other_text(text: str, count: int) -> None:
    assert attribution._fewer_words_than(text, count) == (len(re.findall(r"\w+", text)) < count), text


def _official_plainly(doc, government, sentences):  # type: ignore[no-untyped-def]
    from bot.models import Statement

    return tuple(Statement(s.index, s.text, government, doc.issuer, "official") for s in sentences
                 if not (len(re.findall(r"\w+", s.text)) < 4 and not re.search(r"[\u3040-\u9fff]{6,}", s.text)))


@settings(max_examples=400, deadline=None)
@given(st.lists(_sentences_of(_RUN_PIECES + ["日本語日本語", "防衛大臣会談"]), max_size=6))
def test_official_statements_are_the_sentences_with_four_words(texts: list[str]) -> None:
    from bot.models import DocumentInput, Sentence

    doc = DocumentInput(text=" ".join(texts), government="JP", issuer="MOD", kind="official_readout")
    sentences = [Sentence(i, text, 0, len(text)) for i, text in enumerate(texts)]
    assert attribution._official(doc, "JP", sentences) == _official_plainly(doc, "JP", sentences)
