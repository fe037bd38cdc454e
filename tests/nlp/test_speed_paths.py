"""The fast paths of text analysis find exactly what the plain patterns find.

Each shortcut (a lower-cased twin of a case-insensitive pattern, a pre-check before a pattern that
usually fails) must never change a result: these tests compare the shortcut with the plain
definition on generated text that mixes the patterns' own words, cases and separators.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.nlp import attribution


def _pieced(pieces: list[str], max_size: int = 16) -> st.SearchStrategy[str]:
    """Text glued from `pieces` (the words and separators that decide a pattern) and a little noise."""
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=2)), max_size=max_size).map("".join)


def _sentences(words: list[str], separators: list[str], max_size: int = 14) -> st.SearchStrategy[str]:
    """Words of a pattern joined by the separators that decide it."""
    pairs = st.tuples(st.sampled_from(words), st.sampled_from(separators))
    return st.lists(pairs, max_size=max_size).map(lambda items: "".join(w + sep for w, sep in items))


_CASELESS = sorted(name for name, value in vars(attribution).items() if isinstance(value, attribution._Caseless))


def _mixed_case(word: str, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.4:
        return word
    if choice < 0.6:
        return word.capitalize()
    if choice < 0.75:
        return word.upper()
    return "".join(ch.upper() if rng.random() < 0.5 else ch for ch in word)


def _texts(source: str, seed: int, count: int = 2000) -> list[str]:
    """Sentences of the pattern's own words (and a few others) in random case, with separators."""
    vocabulary = sorted(set(re.findall(r"[a-z]+", source))) + ["the", "it", "a", "said", "in", "June", "x"]
    rng = random.Random(seed)
    separators = [" ", "  ", ", ", ". ", "\t", "-", "'", "", "; ", "\x1c", "\xa0", "’", " «"]
    texts = []
    for _ in range(count):
        words = [_mixed_case(rng.choice(vocabulary), rng) for _ in range(rng.randint(1, 12))]
        texts.append("".join(word + rng.choice(separators) for word in words).strip(" "))
    return texts


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return match.span() if match else None


@pytest.mark.parametrize("name", _CASELESS)
def test_caseless_pattern_finds_the_same_spans_as_ignorecase(name: str) -> None:
    pattern = getattr(attribution, name)
    for text in _texts(pattern.pattern, seed=len(name)):
        assert _span(pattern.search(text)) == _span(pattern.ignorecase.search(text)), text
        assert _span(pattern.match(text)) == _span(pattern.ignorecase.match(text)), text


def test_caseless_patterns_cover_the_hot_cues() -> None:
    assert {"_REPORT", "_NEGATED_REPORT", "_EXPERT", "_CONTINUATION", "_OTHER_OCCASION"} <= set(_CASELESS)


def test_caseless_rejects_escapes_that_lower_casing_would_change() -> None:
    with pytest.raises(ValueError):
        attribution._Caseless(r"\bsaid\W")


def test_non_ascii_text_takes_the_ignorecase_pattern() -> None:
    # "ſ" (long s) and "K" (Kelvin sign) fold to "s" and "k" under IGNORECASE but are not ASCII
    text = "the readout did not mention it; ſaid the Kremlin"
    assert _span(attribution._REPORT.search(text)) == _span(attribution._REPORT.ignorecase.search(text))
    assert attribution._NEGATED_REPORT.search(text) is not None


@pytest.mark.parametrize("text", [
    "Xinhua said", "CCTV reported", "CGTN", "People's  Daily wrote", "TASS", "ТАСС", "RIA \tNovosti",
    "РИА Новости", "KCNA", "IRNA", "Синьхуа", "新華社", "新华社",
])
def test_state_media_word_is_in_every_state_media_match(text: str) -> None:
    assert any(pattern.search(text) for pattern, _ in attribution._STATE_MEDIA)
    assert attribution._STATE_MEDIA_WORD.search(text)


def _surname_regex(surnames: tuple[str, ...]) -> re.Pattern[str] | None:
    """The plain definition `people._surname_spans` replaces (one alternation, compiled per text)."""
    alternatives = []
    for surname in surnames:
        if len(surname) < 2 or surname.endswith("."):
            continue
        if re.search("[\u0400-\u04ff]", surname):
            stem = surname[:-1] if len(surname) > 4 and surname[-1] in "аяуюеоийы" else surname
            alternatives.append(re.escape(stem) + "[а-яё]{0,3}")
        else:
            alternatives.append(re.escape(surname))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w\-])(?:" + "|".join(alternatives) + r")(?![\w])")


_SURNAMES = ["Li", "Lin", "Lind", "Smith", "Smithson", "Smith-Jones", "O'Brien", "Wang", "Xi", "J.",
             "Остин", "Шойгу", "Шойгуа", "Лавров", "Лаврова", "Ким", "小泉", "Koizumi", "Koizumi_", "A"]
_FILLERS = ["said", "ом", "ым", "ой", "ому", "ами", "ё", "Я", "x", "1"]
_JOINS = [" ", " ", " ", ", ", "-", "_", "'", "'s ", ".", "\n", "", ""]


def test_surname_spans_are_what_the_alternation_regex_finds() -> None:
    from bot.nlp import people

    rng = random.Random(7)
    for _ in range(3000):
        surnames = tuple(sorted(set(rng.sample(_SURNAMES, rng.randint(1, 6)))))
        text = "".join(rng.choice(_SURNAMES + _FILLERS) + rng.choice(_JOINS) for _ in range(rng.randint(1, 14)))
        pattern = _surname_regex(surnames)
        expected = [m.span() for m in pattern.finditer(text)] if pattern else []
        assert people._surname_spans(text, people._surname_forms(surnames)) == expected, (surnames, text)


def test_word_at_end_is_what_the_anchored_search_finds() -> None:
    from bot.nlp.sentences import _word_at_end

    anchored = re.compile(r"(\w+(?:\.\w+)*)$")
    rng = random.Random(3)
    pieces = ["U", "S", "a", "Gen", "1", "_", ".", ".", " ", "..", "-", "Дж", "é", "e\u0301", "’", "\n", "日本"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        match = anchored.search(text)
        assert _word_at_end(text) == (match.group(1) if match else None), text


def test_fewer_words_than_counts_like_findall() -> None:
    rng = random.Random(5)
    pieces = ["a", "word", " ", ", ", "—", "1", "_", "日本語", "-", ".", "é"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for count in (1, 4):
            assert attribution._fewer_words_than(text, count) == (len(re.findall(r"\w+", text)) < count), text


def test_left_word_is_what_the_anchored_search_finds() -> None:
    from bot.nlp.people import _left_word

    anchored = re.compile(r"(?<!\w)(\w[\w.\-’']*)[ \t\xa0]+$")
    rng = random.Random(11)
    pieces = ["Defense", "U.S.", "a", "1", "_", ".", "-", "’s", "'", " ", " ", "\t", "\xa0", "\n", ",", "Дж", "e\u0301"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        match = anchored.search(text)
        assert _left_word(text) == ((match.start(1), match.group(1)) if match else None), text


def test_split_clauses_without_comma_or_semicolon_is_the_joint_split() -> None:
    from bot.nlp.sentences import _clauses_at_joints, split_clauses

    rng = random.Random(13)
    pieces = ["The", "minister", "said", "and", "but", "while", "is", " ", " ", "\t", "\n", "\xa0", "\u2003",
              ",", ";", "，", "；", "、", ".", "日本", "x"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        expected = _clauses_at_joints(text) if text.strip() else []
        assert split_clauses(text) == expected, text


def _has_needle(items, needles: tuple[str, ...]) -> bool:
    """Does every match of the parsed sequence `items` contain one of `needles`? (A sufficient test:
    a run of literals containing a needle, a group or a repeat of at least one whose body does, or
    a branch all of whose alternatives do.)"""
    from re import _constants as sre

    run = ""
    for op, argument in list(items) + [(None, None)]:
        if op is sre.LITERAL:
            run += chr(argument)
            continue
        if any(needle in run for needle in needles):
            return True
        run = ""
        if op is sre.SUBPATTERN and _has_needle(argument[3], needles):
            return True
        if op is sre.BRANCH and all(_has_needle(alternative, needles) for alternative in argument[1]):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and argument[0] >= 1 and _has_needle(argument[2], needles):
            return True
    return False


def _ascii_alternatives(source: str) -> list:
    """The top-level alternatives of a lower-cased pattern that ASCII text can match."""
    from re import _constants as sre
    from re import _parser

    parsed = _parser.parse(source.lower())
    alternatives = parsed.data[0][1][1] if len(parsed.data) == 1 and parsed.data[0][0] is sre.BRANCH else [parsed]
    return [a for a in alternatives if not re.search(r"[^\x00-\x7f]", "".join(
        chr(argument) for op, argument in a if op is sre.LITERAL))]


@pytest.mark.parametrize("name", [name for name in _CASELESS if getattr(attribution, name).needles])
def test_needles_are_in_every_ascii_match(name: str) -> None:
    pattern = getattr(attribution, name)
    assert all(needle == needle.lower() for needle in pattern.needles)
    for alternative in _ascii_alternatives(pattern.pattern):
        assert _has_needle(alternative, pattern.needles), alternative


def test_needle_check_sees_a_missing_needle() -> None:
    from re import _parser

    assert not _has_needle(_parser.parse(r"\b(?:did\s+not|never)\s+said"), ("not",))
    assert _has_needle(_parser.parse(r"\b(?:did\s+not|never)\s+said"), ("not", "never"))
    assert not _has_needle(_parser.parse(r"(?:not)?x"), ("not",))


def test_every_relative_date_word_has_a_needle() -> None:
    from bot.nlp import dates

    relative = next(p for p in dates._patterns() if p.pattern.startswith("(?P<rel>"))
    assert all(relative.fullmatch(word) for word in dates._RELATIVE_WORDS)
    for word in dates._RELATIVE_WORDS:
        assert any(needle in word for needle in dates._RELATIVE_NEEDLES), word
    for text in ("It is today.", "TODAY", "x Вчера", "昨日"):
        assert dates._applicable(relative, text)
    assert not dates._applicable(relative, "Tuesday, then the day after")


def test_terminator_matches_like_the_plain_alternation() -> None:
    from bot.nlp.sentences import _TERMINATOR

    plain = re.compile(r"(?:[.!?]+|[。！？]+|…)[\"'”’»)\]」』]*")
    rng = random.Random(17)
    pieces = [".", ".", "!", "?", "。", "！", "？", "…", "\"", "'", "”", "’", "»", ")", "]", "」", "』",
              "a", " ", "U.S", "日本", "\n", "..."]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in _TERMINATOR.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_line_break_matches_like_the_plain_repeat() -> None:
    from bot.nlp.sentences import _LINE_BREAK

    plain = re.compile(r"[\n\r\u2028\u2029\x0b\x0c\x85]+")
    rng = random.Random(19)
    pieces = ["\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "a", " ", "\t", "\x1c"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in _LINE_BREAK.finditer(text)] == [m.span() for m in plain.finditer(text)], text


@settings(max_examples=600, deadline=None)
@given(_pieced(["\n", "\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "a", " ", "\t", "\x1c", "."]))
def test_line_breaks_are_the_plain_repeat(text: str) -> None:
    from bot.nlp.sentences import _line_breaks

    plain = re.compile(r"[\n\r\u2028\u2029\x0b\x0c\x85]+")
    assert _line_breaks(text) == [m.span() for m in plain.finditer(text)]


_HEAD_PIECES = ["Minister", "minister", "Prime Minister", "Chief of the General Staff", "General", "Gen.", "Lt. Gen.",
                "Secretary", "Secretary General", "official", "ministers", "Dr.", "x", "_", ".", " ", " ", ",", "-",
                "\n", "\xa0", "Dong Jun", "Lavrov", "é", "1", "’s", "of", "Staff"]


def _heads_plainly(text: str, position: int) -> tuple[int, int, str] | None:
    """The plain definition `people._next_head` replaces: search, skip heads inside words."""
    from bot.nlp.people import _english_heads

    while True:
        head = _english_heads().search(text, position)
        if head is None:
            return None
        if head.start() and (text[head.start() - 1].isalnum() or text[head.start() - 1] in "_."):
            position = head.start() + 1
            continue
        return head.start(), head.end(), head.group(0)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_pieced(_HEAD_PIECES), _sentences(_HEAD_PIECES[:-9], [" ", "", "_", ".", ",", "1", "-", "x"])),
       st.integers(min_value=0, max_value=40))
@example("_Minister Dong Jun", 0)
@example("Chief of the General Staff said", 0)
def test_next_head_is_the_plain_search(text: str, position: int) -> None:
    from bot.nlp.people import _next_head

    position = min(position, len(text))
    assert _next_head(text, position) == _heads_plainly(text, position)
    if text.isascii():
        assert _next_head(text, position, ascii_text=True) == _heads_plainly(text, position)


_NAME_WORD_PIECES = ["Hunter", "Biden", "biden", "Xi", "A", "Б", "Шойгу", "x", "1", "_", ".", " ", " ", "\t", "\xa0",
                     "\n", ",", "-", "É", "é", "²", "Ⅻ", "e\u0301"]


@settings(max_examples=400, deadline=None)
@given(_pieced(_NAME_WORD_PIECES, max_size=30), st.integers(min_value=0, max_value=80))
def test_previous_name_word_is_the_anchored_search(text: str, start: int) -> None:
    from bot.nlp.people import _PREVIOUS_NAME_WORD, _previous_name_word

    start = min(start, len(text))
    match = _PREVIOUS_NAME_WORD.search(text, max(0, start - 40), start)
    assert _previous_name_word(text, start) == ((match.start(1), match.group(1)) if match else None)


@settings(max_examples=600, deadline=None)
@given(_pieced([p for p in _NAME_WORD_PIECES if p.isascii()] + ["\t\t", "  ", "\n\n", "Ab"], max_size=30),
       st.integers(min_value=0, max_value=80))
@example("Hunter \t Biden", 10)
@example("x Ab\nBiden", 7)
def test_previous_name_word_on_ascii_is_the_anchored_search(text: str, start: int) -> None:
    """The ASCII path (`_ascii_letters_before_blanks`), which the mixed pieces above reach rarely."""
    from bot.nlp.people import _PREVIOUS_NAME_WORD, _previous_name_word

    start = min(start, len(text))
    match = _PREVIOUS_NAME_WORD.search(text, max(0, start - 40), start)
    assert _previous_name_word(text, start) == ((match.start(1), match.group(1)) if match else None)


@settings(max_examples=400, deadline=None)
@given(_pieced(["Sino", "Russo", "Franco", "Anglo", "-", "-", "Japan", "US", "x", "_", "1", " ", ".", "é", "o"]))
def test_prefix_forms_are_what_the_look_behind_pattern_finds(text: str) -> None:
    from bot.nlp.governments import _find_prefixes, _prefixes

    assert [m.span(1) for m in _find_prefixes(text)] == [m.span(1) for m in _prefixes().finditer(text)]


_REPORT_WORDS = ["said", "told", "pointed out", "pointed", "believes", "affirmed", "that", "he", "we", "Li", "also",
                 "to", "reporters", "The", "é"]
_REPORT_SEPARATORS = [" ", " ", " ", ", ", ",", ".", "", "\t", "\xa0", "\"", ";", "_", "\n", "!", "1"]


@settings(max_examples=1000, deadline=None)
@given(_sentences(_REPORT_WORDS, _REPORT_SEPARATORS))
@example("said that he")
@example("x_said that he")
@example("x1said that he")
@example("x, Li pointed out.")
@example("Li affirmed we do")
def test_that_clause_is_the_plain_search(text: str) -> None:
    from bot.nlp.quotes import _THAT_CLAUSE, _that_clause

    match = _THAT_CLAUSE.search(text)
    assert match is None or match.start() == match.start("verb")
    assert _that_clause(text) == ((match.start("verb"), match.end()) if match else None)


@settings(max_examples=1000, deadline=None)
@given(_sentences(_REPORT_WORDS, _REPORT_SEPARATORS))
@example("The talks, Li said.")
@example("x, L said to reporters")
@example("It was, as he said, \"fine\", he told reporters\n")
def test_final_attribution_is_the_plain_search(text: str) -> None:
    from bot.nlp.quotes import _FINAL_ATTRIBUTION, _final_attribution

    assert _span(_final_attribution(text)) == _span(_FINAL_ATTRIBUTION.search(text))


_DATE_WORDS = ["2025", "12", "6", "06", "1999", "Monday", "Sunday", "Wed", "day", "December", "Dec.", "May", "of",
               "15th", "1", "today", "x", "日", "月", "мая", "в", "среду", "２０２５"]
_DATE_SEPARATORS = ["-", "-", ".", ".", " ", " ", ", ", "", "/", "\n", "T", "_"]


@settings(max_examples=1000, deadline=None)
@given(_sentences(_DATE_WORDS, _DATE_SEPARATORS))
@example("2025-12-06")
@example("06.12.2025")
@example("on Monday")
def test_a_date_form_skipped_as_inapplicable_has_no_match(text: str) -> None:
    from bot.nlp import dates

    for pattern in dates._patterns():
        if not dates._applicable(pattern, text):
            assert pattern.search(text) is None, (pattern.pattern[:12], text)


def test_report_matches_are_the_ignorecase_finditer() -> None:
    for text in _texts(attribution._REPORT.pattern, seed=23):
        expected = [m.span() for m in attribution._REPORT.ignorecase.finditer(text)]
        assert [m.span() for m in attribution._report_matches(text)] == expected, text


_EXPERT_WORDS = ["professor", "Professor", "ANALYSTS", "expert", "fellow", "scholar", "Researcher", "a", "the", "at",
                 "Li", "said", "ſcholar", "K", "é", "x"]


@settings(max_examples=1000, deadline=None)
@given(_sentences(_EXPERT_WORDS, [" ", " ", ", ", ",", ".", "", "\t", "\n", "-", "_"], max_size=8))
@example(", a professor at")
@example("the analysts ")
def test_expert_windows_skipped_match_neither_pattern(window: str) -> None:
    if not attribution._may_name_an_expert(window):
        assert attribution._EXPERT_AFTER.search(window) is None, window
        assert attribution._EXPERT_BEFORE.search(window) is None, window


_GOVERNMENT_PIECES = ["mainland China", "mainland", "China", "the State of Palestine", "the State of Eritrea", "Eritrea",
                      "the", "State", "Japan", "US", "Georgia", "Jordan", "South China Sea", "Russian", "Washington",
                      "m", "t", "x", "-", "-based", " ", " ", "\n", ".", ",", "’", "'", "é", "1", "_"]


@settings(max_examples=600, deadline=None)
@given(st.one_of(_pieced(_GOVERNMENT_PIECES), _sentences(_GOVERNMENT_PIECES, [" ", "", "\n", "-", ", "])))
@example("in mainland China")
@example("xthe State of Palestine")
def test_english_government_matches_are_the_whole_pattern(text: str) -> None:
    from bot.nlp.governments import _english, _english_matches

    assert [m.span() for m in _english_matches(text)] == [m.span() for m in _english()[0].finditer(text)]


def test_every_lower_case_government_phrase_has_its_needle() -> None:
    from bot.nlp.governments import _english, _english_upper

    lower_initial = [key for key in _english()[1] if key[:1].islower()]
    _, needles = _english_upper()
    assert lower_initial and len(needles) == len(lower_initial)
    assert all(needle in key for needle, key in zip(needles, lower_initial))


@settings(max_examples=600, deadline=None)
@given(st.one_of(_pieced(["Li", "Haidong", "Wang", "Yi", "A", "Bé", "É", "x", "1", "_", " ", " ", "\t", "\xa0", ",",
                          "\n", "Ab-Cd", "²", "Шойгу"]),
                 _sentences(["Li", "Haidong", "Wang", "Yi", "said", "A", "É", "x1"], [" ", "  ", "\t", "", ",", "\xa0"])))
def test_capitalised_runs_are_what_the_greedy_pattern_finds(text: str) -> None:
    from bot.nlp.people import _CAPITALISED_RUN_POSSESSIVE, _UPPER

    greedy = re.compile(rf"[{_UPPER}][^\W\d_]+(?:[ \t\xa0]+[{_UPPER}][^\W\d_]+){{1,2}}")  # the pattern it replaced
    assert [m.span() for m in _CAPITALISED_RUN_POSSESSIVE.finditer(text)] == [m.span() for m in greedy.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=8) | _pieced(["A", "b", "Z", "z", "1", ".", "_", "-", "'", "É", "é", "ǅ", "ª", "ß", "Σ", "ς"], 6))
def test_has_lower_is_any_lower_case_character(token: str) -> None:
    from bot.nlp.people import _has_lower

    assert _has_lower(token) == any(c.islower() for c in token)
