"""`score_window`: how /quote orders a window of matches without FTS5's corpus-wide bm25 statistics."""

from __future__ import annotations

from bot.store.fts import normalise_for_match, score_window


def rank_window(sentences: list[str], tokens: tuple[str, ...]) -> list[float]:
    return [score.rank for score in score_window(sentences, tokens)]


def test_a_short_sentence_that_is_about_the_words_beats_a_long_one_that_mentions_them() -> None:
    short = "The ministers voiced serious concern."
    long = ("In a long statement covering trade, climate, visas, fisheries and a dozen other matters, the "
            "office noted in passing a serious concern raised by several delegations during the session.")
    scores = rank_window([long, short], ("serious", "concern"))
    assert scores[1] < scores[0] < 0


def test_repeated_words_raise_the_score_with_diminishing_returns() -> None:
    once = "Concern was noted about the drills near the strait."
    twice = "Concern was noted, and concern was repeated, near the strait."
    thrice = "Concern, concern and concern again was noted near the strait."
    s1, s2, s3 = rank_window([once, twice, thrice], ("concern",))
    assert s3 < s2 < s1
    assert (s1 - s2) > (s2 - s3)  # bm25 saturation


def test_words_count_as_the_index_matched_them_stemmed_and_folded() -> None:
    plural, other = rank_window(["They raised serious CONCERNS.", "They raised the matter."], ("serious", "concern"))
    assert plural < other == 0.0


def test_degenerate_inputs() -> None:
    assert rank_window([], ("concern",)) == []
    assert rank_window(["anything at all"], ()) == [0.0]
    assert rank_window(["", "   "], ("concern",)) == [0.0, 0.0]
    assert score_window(["Serious concern."], (), "serious concern")[0].exact


def test_exact_is_the_phrase_in_order_whatever_the_case_and_punctuation() -> None:
    phrase = normalise_for_match("serious concern")
    scores = score_window(["They voiced SERIOUS, concern!", "Concern was serious.", "A seriousconcern"],
                          ("serious", "concern"), phrase)
    assert [s.exact for s in scores] == [True, False, False]
    assert scores[0].rank < 0 and scores[1].rank < 0  # both matched both words
    assert score_window(["Serious concern."], ("serious", "concern"))[0].exact is False  # no phrase given
