"""Sentence and clause splitting: abbreviations, initials, quotes, lines, Russian and Japanese."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.sentences import split_clauses, split_sentences
from tests.conftest import CORPUS, SEEDS, needs_shared
from tests.nlp.shared import corpus_text, seed, tricky_text


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_and_initials_do_not_split() -> None:
    text = ("Secretary of Defense Lloyd J. Austin III spoke with Mr. Kishi on Dec. 6 about the U.S. "
            "President's plan No. 2. The call lasted an hour.")
    assert texts(text) == [
        "Secretary of Defense Lloyd J. Austin III spoke with Mr. Kishi on Dec. 6 about the U.S. "
        "President's plan No. 2.",
        "The call lasted an hour.",
    ]


def test_us_at_the_end_of_a_sentence_splits_before_a_typical_opener() -> None:
    assert texts("The ministers flew to the U.S. The talks began on Friday.") == [
        "The ministers flew to the U.S.", "The talks began on Friday."]


def test_newlines_are_hard_boundaries_and_headlines_stand_alone() -> None:
    text = "Japan, U.S. Defense Chiefs Affirm Cooperation\n\nTokyo, Dec. 12 (Jiji Press)--They agreed."
    assert texts(text) == ["Japan, U.S. Defense Chiefs Affirm Cooperation",
                           "Tokyo, Dec. 12 (Jiji Press)--They agreed."]


def test_quotation_that_ends_a_sentence_and_attributed_question() -> None:
    text = ('"It is over." The talks ended. "What makes Japan think it can?" Shen Yi asked. '
            '"We agree," he said.')
    assert texts(text) == ['"It is over."', "The talks ended.",
                           '"What makes Japan think it can?" Shen Yi asked.', '"We agree," he said.']


def test_offsets_are_exact_and_indexes_sequential() -> None:
    text = "  First one.  Second one!\n\n   Third?  "
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == [0, 1, 2]
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_russian_and_japanese() -> None:
    ru = "Министр обороны Ллойд Дж. Остин III разговаривал с Шойгу. Разговор длился час."
    assert texts(ru) == ["Министр обороны Ллойд Дж. Остин III разговаривал с Шойгу.", "Разговор длился час."]
    ja = "小泉防衛相は電話会談を行いました。日米間で連携することで一致しました。"
    assert texts(ja) == ["小泉防衛相は電話会談を行いました。", "日米間で連携することで一致しました。"]


def test_overlong_runs_are_chunked_without_losing_text() -> None:
    text = "word " * 2000
    sentences = split_sentences(text)
    assert len(sentences) > 1 and all(len(s.text) <= 3000 for s in sentences)
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


@needs_shared(SEEDS[0] if SEEDS else CORPUS)
def test_seed_quote_with_attribution_is_one_sentence() -> None:
    sentences = texts(seed("001"))
    asked = [s for s in sentences if s.endswith("Shen Yi asked.")]
    assert len(asked) == 1 and asked[0].startswith('"The question is:')
    assert "Shen Yi, a professor at Fudan University, told the Global Times." in sentences


@needs_shared(CORPUS)
def test_corpus_initials_and_jr() -> None:
    sentences = texts(corpus_text("EV03-US-1"))
    assert any(s.startswith('"President Joseph R. Biden, Jr. spoke today with President Xi Jinping') for s in sentences)
    russian = texts(corpus_text("EV08-US-1"))
    assert any("Ллойд Дж. Остин III разговаривал" in s for s in russian)


def test_clauses_split_on_semicolon_and_clause_joints_only() -> None:
    sentence = ("The Ministers expressed serious concern over any actions to increase regional tensions, "
                "as China's actions are not conducive to regional peace and stability, and concurred to "
                "closely communicate with each other.")
    clauses = [sentence[a:b] for a, b in split_clauses(sentence)]
    assert clauses == [
        "The Ministers expressed serious concern over any actions to increase regional tensions",
        "China's actions are not conducive to regional peace and stability",
        "concurred to closely communicate with each other.",
    ]
    listing = "They discussed defense spending, training, and exercises across Japan."
    assert split_clauses(listing) == [(0, len(listing))]
    semicolon = "Russia agreed to a pause; Ukraine was not consulted."
    assert [semicolon[a:b] for a, b in split_clauses(semicolon)] == [
        "Russia agreed to a pause", "Ukraine was not consulted."]
    assert split_clauses("") == [] and split_clauses("   ") == []


@settings(max_examples=200, deadline=None)
@given(tricky_text())
def test_property_sentences_cover_text_with_valid_offsets(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for index, sentence in enumerate(sentences):
        assert sentence.index == index
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start:sentence.end] == sentence.text
        assert text[previous_end:sentence.start].strip() == ""  # nothing but whitespace is dropped
        previous_end = sentence.end
    assert text[previous_end:].strip() == ""


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_property_clauses_are_ordered_valid_spans(sentence: str) -> None:
    spans = split_clauses(sentence)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(sentence)
        last = end
