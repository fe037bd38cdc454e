"""Fast paths of the eighth speed pass, each against the plain code it replaces, on generated,
adversarial and corpus text: scans of an ASCII text's byte "shape" (`people._capitalised_runs`,
`people._next_head` with `_boundary_shape`)."""

from __future__ import annotations

import random
import re
import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.ingest.jsonl import read_jsonl
from bot.models import DocumentInput
from bot.nlp import people, roles
from tests.conftest import REPO
from tests.nlp.shared import corpus, seed_texts
from tests.nlp.test_speed_paths import _heads_plainly  # the plain definition the shape scan must equal

# Every ASCII character, the control characters `\s` knows beyond the usual blanks included.
_ASCII = "".join(chr(code) for code in range(128))


def _corpus_texts() -> list[str]:
    """The development corpus, the seeds and the demo readouts."""
    demo = [d.text for d in read_jsonl(REPO / "data" / "demo" / "readouts.jsonl") if isinstance(d, DocumentInput)]
    return [record["text"] for record in corpus().values()] + list(seed_texts()) + demo


def _pieced(pieces: list[str], max_size: int = 18) -> st.SearchStrategy[str]:
    """Text glued from `pieces` and a little ASCII noise."""
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(alphabet=_ASCII, max_size=2)),
                    max_size=max_size).map("".join)


# --- capitalised runs in the case shape (people._capitalised_runs) ----------------------------------

_RUN_PIECES = ["Li", "Haidong", "Wang", "Yi", "A", "NATO", "x", "a", "Z", "z", "1", "_", " ", "  ", "\t", "\n",
               "\x0b", "\x1c", ",", "-", "'", ".", "McDonald", "iPhone", "@", "[", "`", "{"]


def _runs_plainly(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in people._CAPITALISED_RUN_ASCII.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_pieced(_RUN_PIECES), st.text(alphabet=_ASCII, max_size=40)))
@example("Wang Yi said")
@example("A B C D")
@example("Wang\tYi and Li  Haidong")
@example("Wang\x0bYi and Li\x1cHaidong")
@example("Ab@Cd [Ef` Gh{ Ij")
def test_capitalised_runs_in_the_shape_are_the_ascii_pattern(text: str) -> None:
    assert [m.span() for m in people._capitalised_runs(text)] == _runs_plainly(text)


def test_capitalised_runs_in_the_shape_on_the_corpus() -> None:
    texts = [text for text in _corpus_texts() if text.isascii()]
    assert len(texts) > 10
    for text in texts:
        assert [m.span() for m in people._capitalised_runs(text)] == _runs_plainly(text)


def test_the_case_shape_keeps_each_character_class() -> None:
    # the shape pattern reads "A" for a capital, "a" for a small letter and every other byte as itself
    shape = _ASCII.encode("ascii").translate(people._CASE_SHAPE).decode("ascii")
    for char, shaped in zip(_ASCII, shape):
        expected = "A" if char in string.ascii_uppercase else "a" if char in string.ascii_lowercase else char
        assert shaped == expected


# --- heads found in the boundary shape (people._next_head with `_boundary_shape`) ------------------

_HEADS = sorted(set(roles.TITLE_HEADS + roles.PLURAL_HEADS))
_HEAD_PIECES = ["Minister", "minister", "Prime Minister", "Chief of the General Staff", "General", "Gen.", "Lt. Gen.",
                "Secretary", "Secretary-General", "Secretary General", "Vice-President", "President-elect",
                "official", "ministers", "Dr.", "x", "_", ".", " ", " ", ",", "-", "\n", "\t", "\x0b", "\x1c", "(",
                "'", "\"", "/", "Dong Jun", "Lavrov", "1", "'s", "of", "Staff", "-level", "Ministerx"]


def _next_head_in_shape(text: str, position: int) -> tuple[int, int, str] | None:
    return people._next_head(text, position, True, people._boundary_shape(text))


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_pieced(_HEAD_PIECES), st.text(alphabet=_ASCII, max_size=30)), st.integers(min_value=0, max_value=40))
@example("_Minister Dong Jun", 0)
@example("Chief of the General\x1cStaff said", 0)
@example("the Minister-level talks, Minister Dong Jun", 0)
@example("Vice-President Han; (President-elect Lee", 1)
@example("Minister\x0bof Defense Dong", 0)
def test_next_head_in_the_shape_is_the_plain_search(text: str, position: int) -> None:
    position = min(position, len(text))
    assert _next_head_in_shape(text, position) == _heads_plainly(text, position)


def test_every_head_after_every_boundary_is_found_in_the_shape() -> None:
    # the shape pattern is a filter: each head, after each character that may precede one and before
    # each kind of end, must be found (and what is not a head must not be returned)
    boundaries = [c for c in _ASCII if not (c.isalnum() or c in "_.")]
    ends = ["", " said", ".", ",", "-", "-x", "x", "1", "_", "s", "'s", "\x1c", " of State"]
    rng = random.Random(8)
    for head in _HEADS:
        if not head.isascii():
            continue
        variants = {head, head.replace(" ", "\n"), head.replace(" ", " \t "), head.replace(" ", "\x1c")}
        for variant in variants:
            for boundary in rng.sample(boundaries, 8) + [" ", "-", "\n"]:
                for end in ends:
                    text = "x" + boundary + variant + end
                    assert _next_head_in_shape(text, 0) == _heads_plainly(text, 0), text


def test_every_head_reads_whole_in_the_shape() -> None:
    # a head as the shape writes it ("President-elect" as "President elect") is matched whole, so the
    # filter holds for heads whose shorter forms are not heads themselves
    for head in _HEADS:
        if head.isascii():
            found = people._heads_in_shape().match(b" " + people._boundary_shape(head) + b" ")
            assert found is not None and found.end() == len(head) + 1, head


def test_the_boundary_shape_marks_exactly_the_boundary_characters() -> None:
    boundary = re.compile(r"[^\w.]")
    for char, shaped in zip(_ASCII, people._boundary_shape(_ASCII).decode("ascii")):
        assert shaped == (" " if boundary.match(char) else char)


def test_next_head_in_the_shape_on_the_corpus() -> None:
    """From every position a document's scan visits (each head's end) and from random ones."""
    rng = random.Random(88)
    texts = [text for text in _corpus_texts() if text.isascii()]
    assert len(texts) > 10
    for text in texts:
        positions = [0] + rng.sample(range(len(text)), min(40, len(text)))
        position = 0
        while True:
            head = _heads_plainly(text, position)
            assert _next_head_in_shape(text, position) == head
            if head is None:
                break
            position = head[1]
            positions.append(head[0])
        for position in positions:
            assert _next_head_in_shape(text, position) == _heads_plainly(text, position)
