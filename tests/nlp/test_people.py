"""People: titles, appositives, surname resolution, Russian and Japanese names, matching keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.people import find_people, person_key, same_person
from tests.conftest import CORPUS, SEEDS, needs_shared
from tests.nlp.shared import corpus_text, seed, tricky_text


def people(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.surface, m.value, m.detail) for m in find_people(text)]


def test_titles_and_later_surnames() -> None:
    text = ("US Secretary of War Pete Hegseth and Japanese Defense Minister Shinjiro Koizumi spoke. "
            "Hegseth said little; Koizumi said more.")
    assert people(text) == [
        ("Pete Hegseth", "Pete Hegseth", "US Secretary of War"),
        ("Shinjiro Koizumi", "Shinjiro Koizumi", "Japanese Defense Minister"),
        ("Hegseth", "Pete Hegseth", "US Secretary of War"),
        ("Koizumi", "Shinjiro Koizumi", "Japanese Defense Minister"),
    ]


def test_appositive_roles_and_surname_first_names() -> None:
    text = ("Guo Jiakun, a spokesperson for the Chinese Foreign Ministry, said so. Li Haidong, a professor "
            "at China Foreign Affairs University, disagreed, Li said. Guo added more.")
    assert people(text) == [
        ("Guo Jiakun", "Guo Jiakun", "spokesperson for the Chinese Foreign Ministry"),
        ("Li Haidong", "Li Haidong", "professor at China Foreign Affairs University"),
        ("Li", "Li Haidong", "professor at China Foreign Affairs University"),
        ("Guo", "Guo Jiakun", "spokesperson for the Chinese Foreign Ministry"),
    ]


def test_value_is_the_longest_form_and_titles_with_initials() -> None:
    text = "Secretary Austin met Kishi. Secretary of Defense Lloyd J. Austin III spoke. President Xi Jinping too; Xi smiled."
    found = find_people(text)
    assert {m.surface: m.value for m in found} == {
        "Austin": "Lloyd J. Austin III", "Lloyd J. Austin III": "Lloyd J. Austin III",
        "Xi Jinping": "Xi Jinping", "Xi": "Xi Jinping"}
    assert [m.detail for m in found if m.surface == "Austin"] == ["Secretary"]


def test_two_people_with_one_surname_are_not_merged() -> None:
    text = "President Joe Biden and his son, Hunter Biden, a businessman, arrived. Biden spoke."
    assert [(m.surface, m.value) for m in find_people(text)] == [
        ("Joe Biden", "Joe Biden"), ("Hunter Biden", "Hunter Biden")]  # the bare "Biden" is ambiguous
    unknown = "President Joe Biden met Hunter Biden."  # an unknown full name is not a surname mention
    assert [(m.surface, m.value) for m in find_people(unknown)] == [("Joe Biden", "Joe Biden")]


def test_lists_after_plural_titles() -> None:
    text = "the Russian and Chinese foreign ministers, Sergey Lavrov and Wang Yi, held talks."
    assert [(m.value, m.detail) for m in find_people(text)] == [
        ("Sergey Lavrov", "Russian and Chinese foreign ministers"),
        ("Wang Yi", "Russian and Chinese foreign ministers")]


def test_not_people() -> None:
    assert people("The General Assembly met. President said. The Secretary of State's office. May 5 arrived.") == []
    assert people("In a statement, the Japanese Ministry of Defense claimed that ties held.") == []


def test_russian_titles_case_forms_and_surnames() -> None:
    text = ("Глава Минобороны России Сергей Шойгу созвонился с министром обороны США Ллойдом Остином. "
            "Шойгу беседовал с Остином в пятницу.")
    found = people(text)
    assert found == [
        ("Сергей Шойгу", "Сергей Шойгу", "Глава Минобороны России"),
        ("Ллойдом Остином", "Ллойдом Остином", "министром обороны США"),
        ("Шойгу", "Сергей Шойгу", "Глава Минобороны России"),
        ("Остином", "Ллойдом Остином", "министром обороны США"),
    ]


def test_japanese_names_with_title_suffix() -> None:
    text = "小泉防衛相はアメリカのヘグセス国防長官と電話会談を行った。"
    assert people(text) == [("小泉", "小泉", "防衛相"), ("ヘグセス", "ヘグセス", "アメリカの国防長官")]


@pytest.mark.parametrize(("a", "b"), [
    ("Шойгу", "Sergei Shoigu"), ("Шойгу С.К.", "Sergey Shoygu"), ("Lloyd J. Austin III", "Lloyd Austin"),
    ("Остин", "Lloyd Austin"), ("Ллойдом Остином", "Lloyd J. Austin III"), ("Joseph R. Biden", "Joe Biden"),
    ("Xi Jinping", "Xi"), ("President Xi", "Xi Jinping"), ("Secretary Austin", "Lloyd Austin"),
    ("Shinjirō Koizumi", "Shinjiro Koizumi"),
])
def test_same_person_across_languages_and_forms(a: str, b: str) -> None:
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Joe Biden", "Hunter Biden"), ("Li Haidong", "Xi Jinping"), ("Dong Jun", "Deng Jun"),
    ("Sergei Shoigu", "Sergey Lavrov"), ("", "Austin"), ("Wang Yi", "Wang Qishan"),
])
def test_different_people(a: str, b: str) -> None:
    assert not same_person(a, b)


def test_person_key_values() -> None:
    assert person_key("Sergei Shoigu") == person_key("Шойгу") == person_key("Шойгу С.К.") == "shoigu"
    assert person_key("Lloyd J. Austin III") == person_key("Остином") == "ostin"
    assert person_key("Xi Jinping") == "xi" and person_key("Lü Xiang") == "lu"
    assert person_key("") == ""


@needs_shared(SEEDS[0] if SEEDS else CORPUS)
def test_seed_people() -> None:
    values = {m.value: m.detail for m in find_people(seed("000"))}
    assert values["Guo Jiakun"] == "spokesperson for the Chinese Foreign Ministry"
    assert values["Li Haidong"] == "professor at China Foreign Affairs University"
    assert {"Pete Hegseth", "Shinjiro Koizumi", "Sanae Takaichi", "Mark Rutte", "Guido Crosetto"} <= set(values)
    shen = [m for m in find_people(seed("001")) if m.value == "Shen Yi"]
    assert len(shen) == 3 and {m.surface for m in shen} == {"Shen Yi", "Shen"}


@needs_shared(CORPUS)
def test_corpus_cross_language_match() -> None:
    russian = {m.value for m in find_people(corpus_text("EV08-RU-1"))}
    english = {m.value for m in find_people(corpus_text("EV07-US-1"))}
    for name in ("Sergei Shoigu", "Lloyd J. Austin III"):
        assert name in english
        assert any(same_person(name, other) for other in russian)


@settings(max_examples=200, deadline=None)
@given(tricky_text())
def test_property_never_raises_and_offsets_valid(text: str) -> None:
    last_end = 0
    for mention in find_people(text):
        assert text[mention.start:mention.end] == mention.surface
        assert mention.kind == "person" and mention.value
        assert mention.start >= last_end
        last_end = mention.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_property_keys_total_and_symmetric(a: str, b: str) -> None:
    assert isinstance(person_key(a), str)
    assert same_person(a, b) == same_person(b, a)
