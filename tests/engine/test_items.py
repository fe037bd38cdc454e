"""Statements -> items: frames stripped, lists expanded, clauses split (pure)."""

from __future__ import annotations

from bot.divergence_items import split_items, strip_frame


def texts(text: str) -> list[str]:
    return [i.text for i in split_items(text)]


def test_news_frames_are_stripped() -> None:
    assert strip_frame('"The ministers met in Tokyo," the US readout said.') == "The ministers met in Tokyo"
    assert strip_frame("In a statement, the Japanese Ministry of Defense claimed that the ministers met in Tokyo.") \
        .startswith("the ministers met in Tokyo")
    assert strip_frame("According to the Kremlin, the leaders discussed energy.") == "the leaders discussed energy."
    assert strip_frame("«Главы ведомств обсудили ситуацию на Украине», — говорится в заявлении Минобороны.") \
        == "Главы ведомств обсудили ситуацию на Украине"


def test_list_of_topics_becomes_items_that_still_read_as_quotes() -> None:
    items = split_items("The two leaders discussed Japan's defense spending, China's military activities, "
                        "and the importance of realistic training across Japan.")
    assert [i.core for i in items] == ["Japan's defense spending", "China's military activities",
                                       "the importance of realistic training across Japan"]
    assert items[0].text == "The two leaders discussed Japan's defense spending"
    assert items[2].text == "The two leaders discussed … the importance of realistic training across Japan"


def test_a_list_of_single_words_is_one_point() -> None:
    assert len(split_items("Biden underscored the enduring interest in peace, stability, and prosperity.")) == 1


def test_commas_that_are_not_a_list_stay_whole() -> None:
    sentence = "Reaffirming his commitment, Putin declared his readiness, which is long-term, to work with partners."
    assert texts(sentence) == [sentence]


def test_semicolons_and_parallel_that_clauses_split() -> None:
    assert len(split_items("Cooperation benefits both countries; confrontation harms both countries.")) == 2
    parts = texts("The Ministers affirmed that they oppose unilateral attempts to change the status quo, and that it is "
                  "important to keep the maritime order open.")
    assert len(parts) == 2 and parts[1].startswith("The Ministers affirmed that …")
