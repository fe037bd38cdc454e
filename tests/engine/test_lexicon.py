"""The diplomatic-wording lexicon: each family finds its phrases in EN/RU/JA, and the cheap anchors
never hide a match the regular expression would find."""

from __future__ import annotations

import json

import pytest

from bot import lexicon
from tests.conftest import CORPUS

EXAMPLES = {
    "grave_concern": ["The ministers expressed serious concern.", "выразили серьёзную обеспокоенность", "深刻な懸念を表明"],
    "firm_opposition": ["China firmly opposes the move.", "решительно выступает против"],
    "not_conducive": ["China's moves do not contribute to regional peace.", "not conducive to peace and stability"],
    "play_with_fire": ["Those who play with fire will get burned."],
    "red_line": ["This is a red line.", "это красная черта"],
    "doomed": ["Such attempts are doomed to fail.", "обречены на провал"],
    "provocation": ["acts of provocation", "провокации"],
    "pretext": ["rejected any pretext for escalation", "отверг любой предлог для эскалации"],
    "illegitimate": ["the illegal and unjustified war", "незаконной и неоправданной войны"],
    "atrocity": ["barbaric terrorist crimes", "варварские преступления"],
    "root_causes": ["eliminate the root causes of the crisis", "устранить первопричины кризиса"],
    "condition": ["a complete halt to arms deliveries was a key condition for de-escalation",
                  "a ceasefire is a precondition for talks", "демонтаж баз является ключевым условием урегулирования"],
}


@pytest.mark.parametrize(("concept", "phrases"), sorted(EXAMPLES.items()))
def test_each_family_finds_its_phrases(concept: str, phrases: list[str]) -> None:
    for phrase in phrases:
        assert concept in {c.concept for c, _ in lexicon.strong_wording(phrase)}, phrase


def test_routine_wording_is_not_strong() -> None:
    for text in ("The ministers discussed regional security and the alliance.",
                 "They agreed to maintain close communication.",
                 "The ministers discussed the humanitarian conditions in the region.",
                 "Министры обсудили ситуацию на Украине."):
        assert lexicon.strong_wording(text) == ()


def test_initiative_and_tone() -> None:
    assert lexicon.initiative("Xi spoke with Biden on the phone at the request of the latter.")
    assert lexicon.initiative("Шойгу, который запросил повторный звонок.")
    assert not lexicon.initiative("The proposed ceasefire was discussed.")
    assert {c.concept for c, _ in lexicon.tone("a candid and constructive manner")} == {"guarded", "positive"}


def _texts() -> list[str]:
    texts = [p for phrases in EXAMPLES.values() for p in phrases]
    if CORPUS.exists():
        for line in CORPUS.read_text("utf-8").splitlines():
            texts.extend(json.loads(line)["text"].split(". "))
    return texts


def test_anchors_never_hide_a_match() -> None:
    families = lexicon.STRONG_WORDING + lexicon.INITIATIVE_CUES + lexicon.TONE_CUES + lexicon.RELATIONSHIP_CUES
    for text in _texts():
        low = lexicon.lowered(text)
        for cue in families:
            matched = cue.pattern.search(low if cue.folded else text) is not None
            if matched:
                assert cue.could_match(low), (cue.concept, text)
