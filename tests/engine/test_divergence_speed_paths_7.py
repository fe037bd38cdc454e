"""Speed paths of the divergence engine (seventh pass) give exactly what the plain definitions give.

Each test puts the fast path next to the plain definition it replaces and compares the two on
generated and adversarial input: a speed path may only make an event's divergence cheaper.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import lexicon
from tests.engine.test_divergence_shortcuts import _plain_find

# --- cue searches in their word-start forms (lexicon._cue_word_start_form) ---------------------

# the words of the cues' patterns, in both cases, and the separators that decide a `\b`
_CUE_WORDS = sorted({w for cue in lexicon._ALL_CUES for w in re.findall(r"[a-z]+(?:-[a-z]+)?", cue.pattern.pattern)})
_SEPARATORS = [" ", "  ", "\t", "\x1c", "\x1f", "-", "_", "'", "'s", ",", ".", "(", "1", "", "\n"]
_cue_texts = st.lists(
    st.one_of(st.sampled_from(_CUE_WORDS), st.sampled_from(_CUE_WORDS).map(str.title),
              st.sampled_from(_CUE_WORDS).map(str.upper), st.sampled_from(_SEPARATORS),
              st.text(alphabet="abcdeflnorstw _-'1", max_size=4)),
    max_size=12,
).map("".join)


def test_every_cue_has_a_word_start_form() -> None:
    # (else the cue falls back to its plain ASCII search: right, but the speed path unused)
    assert all(form is not None for form in lexicon._CUE_WORD_STARTS)


@settings(max_examples=600, deadline=None)
@given(_cue_texts)
@example("red line")
@example("_red line")
@example("1red line")
@example("redline red  lines")
@example("At The Request Of the US")
@example("he proposed a call")
@example("zero-sum-game")
@example("strongly\x1cconcerned")
@example("serious concerns serious difficulties")
def test_word_start_forms_match_where_the_cue_patterns_match(text: str) -> None:
    for cue, form in zip(lexicon._ALL_CUES, lexicon._CUE_WORD_STARTS):
        subject = text.lower() if cue.folded else text
        plain = cue.pattern.search(subject)
        fast = form.search(" " + subject)
        assert (fast.start(), fast.end() - 1) == plain.span() if plain else fast is None, (cue.concept, text)


@settings(max_examples=400, deadline=None)
@given(_cue_texts)
@example("The talks were candid, at the request of China, a red line.")
def test_find_on_ascii_text_is_the_plain_find(text: str) -> None:
    for finder, cues in ((lexicon.strong_wording, lexicon.STRONG_WORDING), (lexicon.initiative, lexicon.INITIATIVE_CUES),
                         (lexicon.tone, lexicon.TONE_CUES), (lexicon.relationship, lexicon.RELATIONSHIP_CUES)):
        assert list(finder.__wrapped__(text)) == _plain_find(cues, text)


@pytest.mark.parametrize(("source", "needs"), [
    ("серь[её]зн\\w*", True), ("\\bпредлог(?:а|ом|ов|и)?\\b", True), ("(?:глубок|крайн)\\w*", True),
    ("違法|不当な", True), ("(?:серь|deep)\\w*", False), ("(?:серь)?deep", False), ("[её]x", False),
    ("\\w*серь", False), ("x|серь", False),
])
def test_needs_non_ascii_is_conservative(source: str, needs: bool) -> None:
    assert lexicon._needs_non_ascii(source) is needs


@pytest.mark.parametrize(("source", "starts"), [
    ("red\\s+lines?", True), ("(?:key|main)\\s+x", True), ("[A-Z]\\w+", True), ("\\w+", True),
    ("(?:a|-b)", False), ("(?:pre)?conditions", False), ("-sum", False), ("\\s+x", False), ("[a-z-]x", False),
    ("x*y", False),
])
def test_starts_with_word_character_is_conservative(source: str, starts: bool) -> None:
    assert lexicon._starts_with_word_character(source) is starts


# --- normalise remembered by text (bot.divergence_text._NORMAL) ----------------------------------

_texts = st.text(alphabet=st.sampled_from(list("ab C.,'\"-\t\n\x1c\u00a0\u2019\u201c\u2014\uff21é  ")), max_size=30)


@settings(max_examples=400, deadline=None)
@given(_texts)
@example("  leading and trailing  ")
@example("a\u00a0b \u2014 \uff21")
def test_normalise_is_its_plain_definition_first_and_again(text: str) -> None:
    from bot import divergence_text

    expected = divergence_text._normalise(text)
    assert divergence_text.normalise(text) == expected  # computed (or remembered from an earlier example)
    assert divergence_text.normalise(text) == expected  # remembered


def test_normalise_memory_stays_bounded() -> None:
    from bot import divergence_text

    for i in range(divergence_text._NORMAL_SIZE + 10):
        assert divergence_text.normalise(f" text  {i} ") == f"text {i}"
    assert len(divergence_text._NORMAL) <= divergence_text._NORMAL_SIZE
