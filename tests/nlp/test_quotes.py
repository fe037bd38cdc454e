"""Quotations and their speakers: marks, attribution patterns, pronouns, governments, scare quotes."""

from __future__ import annotations

from hypothesis import given, settings

from bot.models import Quotation
from bot.nlp.governments import find_governments
from bot.nlp.people import find_people
from bot.nlp.quotes import find_quotations, quote_spans
from bot.nlp.sentences import split_sentences
from tests.conftest import CORPUS, SEEDS, needs_shared
from tests.nlp.shared import corpus_text, seed, tricky_text


def quotations(text: str) -> list[Quotation]:
    found = find_quotations(text, split_sentences(text), find_people(text), find_governments(text))
    for quotation in found:
        assert text[quotation.start:quotation.end] == quotation.text
    return found


def by_text(text: str) -> dict[str, tuple[str | None, str | None]]:
    return {q.text: (q.speaker, q.government) for q in quotations(text)}


def test_speaker_after_the_quote_with_appositive_and_title() -> None:
    text = ('Guo Jiakun, a spokesperson for the Chinese Foreign Ministry, spoke. "We oppose it. We said so '
            'before," Guo Jiakun, a spokesperson for the Chinese Foreign Ministry, said on Wednesday. '
            '"It is a miscalculation," Li Haidong, a professor at China Foreign Affairs University, said.')
    found = quotations(text)
    assert [(q.text, q.speaker, q.government) for q in found] == [
        ("We oppose it. We said so before", "Guo Jiakun", "CN"),
        ("It is a miscalculation", "Li Haidong", None),  # a professor is not a government's voice
    ]
    assert found[0].speaker_title == "spokesperson for the Chinese Foreign Ministry"
    assert found[1].speaker_title == "professor at China Foreign Affairs University"


def test_verb_first_colon_and_comma_forms() -> None:
    text = ('Guo Jiakun, a spokesperson for the Chinese Foreign Ministry, was asked. Then said Guo: "No comment." '
            'Japanese Defense Minister Shinjiro Koizumi was asked. Koizumi said, “I can’t comment on details.” '
            '"This is routine," said Guo.')
    assert by_text(text) == {
        "No comment.": ("Guo Jiakun", "CN"),
        "I can’t comment on details.": ("Shinjiro Koizumi", "JP"),
        "This is routine": ("Guo Jiakun", "CN"),
    }


def test_pronouns_resolve_to_the_last_person_and_organisation() -> None:
    text = ("In a statement, the Japanese Ministry of Defense claimed that the ministers talked. "
            '"The Ministers expressed serious concern," it asserted. Li Haidong, a professor at Fudan '
            'University, disagreed. "For the US, stability matters," he said. "In the end, Japan will lose."')
    found = by_text(text)
    assert found["The Ministers expressed serious concern"] == ("the Japanese Ministry of Defense", "JP")
    assert found["For the US, stability matters"] == ("Li Haidong", None)
    assert found["In the end, Japan will lose."] == ("Li Haidong", None)  # continues the same speaker


def test_readouts_statements_and_anaphora() -> None:
    text = ('"The two leaders discussed defense spending," the US readout said. The Pentagon said on Friday '
            'that ties were strong. "On October 21, they spoke by phone," the department said in a press release. '
            '"Talks were candid," read the statement.')
    assert by_text(text) == {
        "The two leaders discussed defense spending": ("the US readout", "US"),
        "ties were strong.": ("The Pentagon", "US"),
        "On October 21, they spoke by phone": ("the department", "US"),
        "Talks were candid": ("the statement", "US"),
    }


def test_question_and_scare_quotes() -> None:
    text = ('Japan raised "serious concerns" over the so-called "radar illumination" incident. '
            '"What makes Japan think it can?" Shen Yi asked. "Never," he said.')
    found = quotations(text)
    assert [(q.text, q.speaker) for q in found] == [
        ("What makes Japan think it can?", "Shen Yi"), ("Never", "Shen Yi")]


def test_quote_introduced_before_in_the_same_sentence() -> None:
    text = ('In a statement, the Japanese Ministry of Defense claimed that the ministers exchanged views on '
            '"the increasingly severe security situation in the region," and "the ministers expressed serious '
            'concern over any actions to increase regional tensions."')
    assert {(q.speaker, q.government) for q in quotations(text)} == {("the Japanese Ministry of Defense", "JP")}
    assert len(quotations(text)) == 2


def test_news_agency_and_experts_are_not_governments() -> None:
    text = ("Tokyo has accelerated its outreach to Western partners, experts said. Koizumi held a flurry "
            "of calls, Bloomberg reported. The White House said on Thursday that the president can keep "
            'both a "good working relationship" and an alliance, Reuters reported.')
    found = {(q.speaker, q.government) for q in quotations(text)}
    assert found == {("experts", None), ("Bloomberg", None), ("The White House", "US")}


def test_standalone_attribution_sentence_applies_to_the_previous_one() -> None:
    text = ("This phone call can be interpreted as Japan seeking leverage. Shen Yi, a professor at Fudan "
            "University, told the Global Times.")
    (quotation,) = quotations(text)
    assert quotation.text == "This phone call can be interpreted as Japan seeking leverage."
    assert (quotation.speaker, quotation.government, quotation.sentence_index) == ("Shen Yi", None, 0)


def test_russian_and_japanese_quotes() -> None:
    ru = "«Главы оборонных ведомств обсудили ситуацию на Украине», — говорится в заявлении Минобороны."
    assert by_text(ru) == {"Главы оборонных ведомств обсудили ситуацию на Украине": ("Минобороны", "RU")}
    ja = "小泉防衛相はヘグセス長官に対し、「冷静かつ毅然と対応していく」と伝えました。"
    assert by_text(ja) == {"冷静かつ毅然と対応していく": ("小泉", "JP")}


def test_quote_marks_pairing() -> None:
    text = 'He said "one \'two three\' four" and «пять „шесть“» and “unclosed\nnext "line" here'
    spans = [(text[s.start:s.end], s.terminated) for s in quote_spans(text)]
    assert spans == [("one 'two three' four", True), ("пять „шесть“", True), ("unclosed", False), ("line", True)]
    assert [text[s.start:s.end] for s in quote_spans("Japan's and the ministers' talks, 12\" guns")] == []


def test_multi_sentence_quote_keeps_offsets_and_first_sentence_index() -> None:
    text = 'Intro here. "First sentence. Second sentence! Third?" Li Haidong, a professor at X University, said.'
    (quotation,) = quotations(text)
    assert quotation.text == "First sentence. Second sentence! Third?" and quotation.sentence_index == 1
    assert quotation.speaker == "Li Haidong"


@needs_shared(SEEDS[0] if SEEDS else CORPUS)
def test_seeds_yield_quotations_by_li_guo_and_shen() -> None:
    """Issue 2: importing the two seed articles yields quotations attributed to these three."""
    speakers = {q.speaker for text in (seed("000"), seed("001")) for q in quotations(text)}
    assert {"Li Haidong", "Guo Jiakun", "Shen Yi"} <= speakers
    guo = [q for q in quotations(seed("000")) if q.speaker == "Guo Jiakun"]
    assert len(guo) == 1 and guo[0].text.startswith("Yesterday, the Japanese side said")
    assert guo[0].government == "CN"
    shen = [q for q in quotations(seed("001")) if q.speaker == "Shen Yi"]
    assert any(q.text.startswith("The question is: What makes Japan think") for q in shen)


@needs_shared(SEEDS[0] if SEEDS else CORPUS)
def test_seed_readouts_are_attributed_to_their_governments() -> None:
    found = quotations(seed("000"))
    japan = [q for q in found if q.text.startswith("The Ministers expressed serious concern")]
    assert japan and (japan[0].speaker, japan[0].government) == ("the Japanese Ministry of Defense", "JP")
    us = [q for q in found if q.text.startswith("The two leaders discussed Japan's efforts")]
    assert us and (us[0].speaker, us[0].government) == ("the US readout", "US")
    assert not any(q.text in ("radar illumination", "serious concerns") for q in found)


@needs_shared(CORPUS)
def test_corpus_quotes() -> None:
    found = quotations(corpus_text("EV06-CN-2"))
    assert [(q.text, q.speaker, q.government) for q in found] == [
        ("Those who play with fire will inevitably get burned", "Xi Jinping", "CN"),
        ("I hope the US side fully understands that.", "Xi Jinping", "CN"),
    ]
    statement = [q for q in quotations(corpus_text("EV07-RU-1")) if q.speaker == "the statement"]
    assert statement and statement[0].government == "RU"


@settings(max_examples=200, deadline=None)
@given(tricky_text())
def test_property_never_raises_and_offsets_valid(text: str) -> None:
    sentences = split_sentences(text)
    for quotation in find_quotations(text, sentences, find_people(text), find_governments(text)):
        assert text[quotation.start:quotation.end] == quotation.text
        assert 0 <= quotation.sentence_index < len(sentences)
        assert quotation.government is None or len(quotation.government) == 2
