"""Government mentions: names, demonyms, capitals, institutions, Russian, Japanese; and what is not one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from bot.nlp.governments import find_governments, normalise_government
from tests.conftest import CORPUS, SEEDS, needs_shared
from tests.nlp.shared import corpus_text, seed, tricky_text


def found(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.value) for m in find_governments(text)]


def test_names_demonyms_capitals_and_institutions() -> None:
    text = ("China and the U.S. talked; Chinese and American officials met in Beijing while Tokyo, "
            "the Kremlin, the White House and the Pentagon watched. South Korea, North Korea, Britain, "
            "the UK and Taiwan were not there. Sino-US ties, the PRC and the DPRK too.")
    assert found(text) == [
        ("China", "CN"), ("U.S.", "US"), ("Chinese", "CN"), ("American", "US"), ("Beijing", "CN"),
        ("Tokyo", "JP"), ("Kremlin", "RU"), ("White House", "US"), ("Pentagon", "US"),
        ("South Korea", "KR"), ("North Korea", "KP"), ("Britain", "GB"), ("UK", "GB"), ("Taiwan", "TW"),
        ("Sino", "CN"), ("US", "US"), ("PRC", "CN"), ("DPRK", "KP"),
    ]


def test_detail_says_which_kind_of_word() -> None:
    details = {m.surface: m.detail for m in find_governments("Japan, Japanese, Tokyo, the Kremlin")}
    assert details == {"Japan": "country", "Japanese": "demonym", "Tokyo": "capital", "Kremlin": "institution"}


def test_seas_and_regions_are_not_governments() -> None:
    text = ("Drills over the East China Sea and the South China Sea, in the East and South China Seas, "
            "the Sea of Japan and the Taiwan Strait; Latin American and South American leaders.")
    assert found(text) == []


def test_people_and_us_states_named_like_countries() -> None:
    assert found("Michael Jordan met Chad Wolf in Atlanta, Georgia.") == []
    assert found("Jordan and Chad signed; talks with Israel. In Georgia, protests.") == [
        ("Jordan", "JO"), ("Chad", "TD"), ("Israel", "IL"), ("Georgia", "GE")]
    assert found("Russia, Georgia and Ukraine") == [("Russia", "RU"), ("Georgia", "GE"), ("Ukraine", "UA")]


def test_turkey_only_capitalised_and_us_only_upper_case() -> None:
    assert found("We ate turkey with us.") == []
    assert found("Turkey and Türkiye; the US.") == [("Turkey", "TR"), ("Türkiye", "TR"), ("US", "US")]
    assert found("USS George Washington sailed; the Washington Post wrote.") == []


def test_russian_case_endings() -> None:
    text = "министры обороны США и России; в Китае, с Японией, украинский, Украины, Кремль, Минобороны США"
    assert found(text) == [("США", "US"), ("России", "RU"), ("Китае", "CN"), ("Японией", "JP"),
                           ("украинский", "UA"), ("Украины", "UA"), ("Кремль", "RU"), ("США", "US")]


def test_japanese_words_and_compounds() -> None:
    assert found("アメリカのヘグセス国防長官と中国、日米間で、米軍、訪中") == [
        ("アメリカ", "US"), ("中国", "CN"), ("日", "JP"), ("米", "US"), ("米", "US"), ("中", "CN")]
    assert found("日中は暑い") == []  # "during the day", not Japan-China


def test_offsets_are_exact() -> None:
    text = "In Moscow, Russia's Defense Ministry said"
    for mention in find_governments(text):
        assert text[mention.start:mention.end] == mention.surface and mention.kind == "government"


@pytest.mark.parametrize(("name", "code"), [
    ("japan", "JP"), ("JP", "JP"), ("jp", "JP"), ("jpn", "JP"), ("Japanese", "JP"), ("Tokyo", "JP"),
    ("США", "US"), ("россия", "RU"), ("日本", "JP"), ("uk", "GB"), ("the US", "US"), ("south korea", "KR"),
    ("Chinese Foreign Ministry", "CN"), ("Türkiye", "TR"), (" us ", "US"),
])
def test_normalise_government(name: str, code: str) -> None:
    assert normalise_government(name) == code


@pytest.mark.parametrize("name", ["", "EU", "xx", "Russia and China", "nowhere", "x" * 500])
def test_normalise_government_unknown_or_ambiguous(name: str) -> None:
    assert normalise_government(name) is None


@needs_shared(SEEDS[0] if SEEDS else CORPUS)
def test_seed_mentions() -> None:
    codes = {m.value for m in find_governments(seed("001"))}
    assert codes == {"US", "JP", "CN", "RU"}
    # "East China Sea" in the seed is consumed as a sea
    text = seed("001")
    sea = text.index("East China Sea")
    assert not any(m.start <= sea + 5 < m.end for m in find_governments(text))


@needs_shared(CORPUS)
def test_corpus_russian_document() -> None:
    codes = {m.value for m in find_governments(corpus_text("EV08-RU-1"))}
    assert {"RU", "US", "UA", "TR"} <= codes


@settings(max_examples=200, deadline=None)
@given(tricky_text())
def test_property_never_raises_and_offsets_valid(text: str) -> None:
    mentions = find_governments(text)
    last_end = 0
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.surface
        assert len(mention.value) == 2 and mention.value.isupper()
        assert mention.start >= last_end  # sorted, no overlaps
        last_end = mention.end
    normalise_government(text)
