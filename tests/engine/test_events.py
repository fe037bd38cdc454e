"""Grouping documents into events: participants, parties, contact date, kind; incremental and
independent of the order documents arrive in."""

from __future__ import annotations

import itertools
import random
import re
from datetime import date

from bot.events import ContactProfile, EventState, date_gap, kinds_compatible, match_score
from bot.pipeline import process_documents
from tests.engine.helpers import add, partition

CALL_1_US = ("On October 21, Secretary of Defense Lloyd Austin spoke by phone with Russian Minister of Defense "
             "Sergei Shoigu. Secretary Austin emphasized the importance of maintaining lines of communication.")
CALL_1_RU = ("Russian Defense Minister Sergei Shoigu and US Defense Secretary Lloyd Austin spoke over the phone on Friday. "
             "The two defense chiefs discussed issues of international security, the Russian Defense Ministry said in a statement.")
CALL_2_US = ("On October 23, Secretary of Defense Lloyd Austin spoke by phone with Russian Minister of Defense "
             "Sergei Shoigu, who requested the call. Secretary Austin rejected any pretext for Russian escalation.")
CALL_2_RU = ("Russian Defense Minister Sergei Shoigu held a telephone conversation with US Defense Secretary Lloyd Austin "
             "on Sunday, October 23. The ministers discussed the situation in Ukraine, the Russian Defense Ministry said in a statement.")
OTHER_CALL = ("Russian Defense Minister Sergei Shoigu held a telephone conversation with Turkish Defense Minister Hulusi Akar "
              "on Sunday, October 23. The ministers discussed the situation in Ukraine, the Russian Defense Ministry said in a statement.")

DOCS = [
    ("C1-US", CALL_1_US, "US", "quoted_in_news", "2022-10-21"),
    ("C1-RU", CALL_1_RU, "RU", "quoted_in_news", "2022-10-23"),  # published two days later, says "on Friday"
    ("C2-US", CALL_2_US, "US", "quoted_in_news", "2022-10-23"),
    ("C2-RU", CALL_2_RU, "RU", "quoted_in_news", "2022-10-23"),
    ("C3-RU", OTHER_CALL, "RU", "quoted_in_news", "2022-10-23"),
]
EXPECTED = {frozenset({"C1-US", "C1-RU"}), frozenset({"C2-US", "C2-RU"}), frozenset({"C3-RU"})}


async def _import(store, order) -> None:  # type: ignore[no-untyped-def]
    for doc_id, text, gov, kind, day in order:
        document_id = await add(store, doc_id, text, government=gov, kind=kind, date=day)
        await process_documents(store, [document_id])


async def test_same_people_two_days_apart_are_two_events(store) -> None:  # type: ignore[no-untyped-def]
    await _import(store, DOCS)
    assert await partition(store) == EXPECTED


async def test_order_of_arrival_does_not_change_the_events(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.store.sqlite import SQLiteStore

    orders = [list(reversed(DOCS))] + [random.Random(seed).sample(DOCS, len(DOCS)) for seed in range(3)]
    for n, order in enumerate(orders):
        opened = await SQLiteStore.open(tmp_path / f"order{n}.db")
        try:
            await _import(opened, order)
            assert await partition(opened) == EXPECTED, [d[0] for d in order]
        finally:
            await opened.close()


async def test_one_batch_groups_like_one_by_one(store) -> None:  # type: ignore[no-untyped-def]
    ids = [await add(store, d, t, government=g, kind=k, date=day) for d, t, g, k, day in DOCS]
    result = await process_documents(store, ids)
    assert await partition(store) == EXPECTED
    assert result.documents_grouped == 5 and result.events_created == 3
    again = await process_documents(store, ids)  # already grouped: recompared, not regrouped
    assert again.events_created == 0 and await partition(store) == EXPECTED


async def test_a_meeting_is_not_the_call_of_the_day_before(store) -> None:  # type: ignore[no-untyped-def]
    call = ("Secretary of War Pete Hegseth spoke by phone with Japanese Defense Minister Shinjiro Koizumi on "
            "January 14. They discussed regional security, the Pentagon said.")
    meeting = ("Secretary of War Pete Hegseth welcomed Japanese Defense Minister Shinjiro Koizumi to the Pentagon on "
               "January 15 for a bilateral meeting. Hegseth said the alliance is strong.")
    await _import(store, [("CALL", call, "US", "quoted_in_news", "2026-01-14"),
                          ("MEET", meeting, "US", "quoted_in_news", "2026-01-15")])
    assert await partition(store) == {frozenset({"CALL"}), frozenset({"MEET"})}


async def test_japanese_readout_joins_by_parties_and_date(store) -> None:  # type: ignore[no-untyped-def]
    en = ("US Defense Secretary Pete Hegseth spoke by phone with his Japanese counterpart Shinjiro Koizumi on Thursday. "
          "They discussed regional security, the Pentagon said in a statement.")
    ja = "小泉防衛相はアメリカのヘグセス国防長官と電話会談を行い、日米間で緊密に連携していくことを確認しました。"
    await _import(store, [("EN", en, "US", "quoted_in_news", "2025-12-12"),
                          ("JA", ja, "JP", "quoted_in_news", "2025-12-12")])
    assert await partition(store) == {frozenset({"EN", "JA"})}


async def test_candidates_come_from_the_key_index_within_the_date_window(store) -> None:  # type: ignore[no-untyped-def]
    await _import(store, DOCS)
    found = await store.events.candidates(["person:shoigu"], "2022-10-20", "2022-10-21")
    assert {frozenset(await _doc_ids(store, s.id)) for s in found} == {frozenset({"C1-US", "C1-RU"})}
    assert await store.events.candidates(["person:nobody"], "2022-10-01", "2022-10-30") == []
    assert await store.events.candidates(["govpair:RU-US"], "2023-01-01", "2023-01-31") == []


async def _doc_ids(store, event_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    detail = await store.events.get(event_id)
    return [d.doc_id for d in detail.documents]


def profile(doc: int, people: tuple[str, ...], govs: tuple[str, ...], day: date | None, kind: str | None = "call") -> ContactProfile:
    return ContactProfile(doc, people, people, govs, day, day, kind)


def test_match_score_constraints() -> None:
    event = EventState(1, (profile(1, ("austin", "shoigu"), ("US", "RU"), date(2022, 10, 21)),))
    assert match_score(profile(2, ("shoigu", "austin"), ("RU", "US"), date(2022, 10, 22)), event) is not None  # time zones
    assert match_score(profile(2, ("shoigu", "austin"), ("RU", "US"), date(2022, 10, 23)), event) is None  # two days
    assert match_score(profile(2, ("shoigu", "akar"), ("RU", "TR"), date(2022, 10, 21)), event) is None  # other pair
    assert match_score(profile(2, ("austin", "shoigu"), ("US", "RU"), date(2022, 10, 21), "meeting"), event) is None
    assert match_score(profile(2, ("lavrov", "blinken"), ("US", "RU"), date(2022, 10, 21)), event) is None


def test_date_gap_and_kinds() -> None:
    d = date(2025, 1, 1)
    assert date_gap((d, d), (date(2025, 1, 2), date(2025, 1, 3))) == 1
    assert date_gap((d, date(2025, 1, 5)), (date(2025, 1, 3), date(2025, 1, 3))) == 0
    assert date_gap((None, None), (d, d)) is None
    assert kinds_compatible("call", "video_call") and kinds_compatible(None, "meeting")
    assert not kinds_compatible("call", "meeting")


def test_permutations_of_a_small_batch_are_stable() -> None:
    # pure check of the bridging rule: any order of three mutually compatible profiles ends in one event
    from bot.events import choose_event

    profiles = [profile(i, ("a", "b"), ("US", "JP"), date(2025, 1, 1 + i % 2)) for i in range(3)]
    for order in itertools.permutations(profiles):
        events: list[EventState] = []
        for p in order:
            chosen = choose_event(p, events)
            if not chosen:
                events.append(EventState(len(events) + 1, (p,)))
            else:
                keep = chosen[0]
                merged = EventState(keep.id, tuple(q for e in chosen for q in e.profiles) + (p,))
                events = [e for e in events if e not in chosen] + [merged]
        assert len(events) == 1


async def test_a_date_of_what_the_call_discussed_is_not_the_date_of_the_call(store) -> None:  # type: ignore[no-untyped-def]
    """A story published on the 12th that quotes the readout on "the incident ... on December 6th" reports
    the call of the 11th/12th, not a contact on the 6th: it joins the readouts of that call."""
    readout = ("Defense Minister Shinjiro Koizumi held a telephone call with Secretary of War Pete Hegseth. "
               "The two ministers discussed the regional security situation.")
    story = ("Japan and the United States published differing accounts of the phone call between Japanese Defense "
             "Minister Shinjiro Koizumi and U.S. Secretary of War Pete Hegseth. Japan's Ministry of Defense said the "
             "ministers discussed \"the radar incident against Self Defense-Force aircraft by Chinese military aircraft "
             "on December 6th.\"")
    first = await add(store, "JP-readout", readout, government="JP", date="2025-12-12")
    second = await add(store, "story", story, kind="news", date="2025-12-12")
    await process_documents(store, [first, second])
    assert await partition(store) == {frozenset({"JP-readout", "story"})}


def test_dates_of_other_happenings_are_recognised() -> None:
    from bot.events import _dates_another_happening

    assert _dates_another_happening("including the radar incident against aircraft by Chinese military aircraft on ")
    assert _dates_another_happening("condemned the missile launch of ")
    assert not _dates_another_happening("Koizumi held a telephone call with Hegseth on ")
    assert not _dates_another_happening("after the incident, the two ministers spoke by phone on ")


# --- profiling shortcuts: the same answers as the plain computation --------------------------------

WORD_SAMPLES = [
    CALL_1_US, CALL_1_RU, CALL_2_RU, OTHER_CALL, "", "Readout", "The method was sound; callers recalled it.",
    "Austin SPOKE BY PHONE with Shoigu.", "The ministers Met on the Sidelines of the SUMMIT.", "A Video-Call, then a VIRTUALLY summit.",
    "He Telephoned; they will Meet NEXT WEEK and Plan To visit.", "Talks Held At the palace, face-to-face, In Person.",
    "He “spoke by phone” with his counterpart – the Pentagon said.", "the İstanbul Meeting", "a ſummit", "Ｃall",
    "Министр провёл телефонный разговор с коллегой.", "Встреча состоялась в Москве; договорились о визите.",
    "小泉防衛相は電話会談を行った。", "首脳会談は来年予定", "テレビ会議", "Шойгу СОЗВОНИЛСЯ с Остином и обсудил ситуацию.",
]


def test_contact_words_answer_like_the_whole_pattern() -> None:
    from bot.events import _CONTACT_WORD, _FUTURE, CONTACT_KINDS

    for words in [_CONTACT_WORD, _FUTURE, *(w for _, w in CONTACT_KINDS)]:
        for text in WORD_SAMPLES:
            assert words.search(text) == (words.pattern.search(text) is not None), (words.pattern.pattern, text)


def test_contact_words_need_a_lowercase_ascii_latin_part() -> None:
    import pytest

    from bot.events import _Words

    with pytest.raises(ValueError):
        _Words.of(r"\bCall\b", "звон")


def test_span_test_is_any_over_the_spans() -> None:
    from bot.events import _span_test

    for spans in ([], [(0, 5)], [(0, 5), (5, 9), (12, 20)], [(3, 3), (3, 8)], [(10, 20), (0, 5)], [(0, 10), (5, 15)]):
        inside = _span_test(spans)
        for pos in range(-1, 23):
            assert inside(pos) == any(s <= pos < e for s, e in spans), (spans, pos)


def test_an_expert_named_twice_in_the_lead_is_no_participant() -> None:
    from bot.events import profile_document
    from bot.models import Document, DocumentInput
    from bot.nlp import analyse_document
    from bot.nlp.attribution import expert_names

    text = ("Chinese Foreign Minister Wang Yi spoke by phone with Japanese Foreign Minister Takeshi Iwaya on Monday. "
            "Li Haidong, a professor at China Foreign Affairs University, said the call showed both sides want stability. "
            "Wang Yi said the two countries should manage differences. Li Haidong added that talks would continue.")
    analysis = analyse_document(DocumentInput(text=text, government="CN", date="2025-03-04"))
    doc = Document(id=1, doc_id="x", text=text, kind="official_readout", content_hash="", government="CN",
                   issuer=None, title=None, date="2025-03-04", url=None, language=None)
    assert profile_document(doc, analysis).names == ("Wang Yi", "Takeshi Iwaya")
    # profile_document asks expert_names only about the lead's people: it judges each mention alone
    people = [m for m in analysis.mentions if m.kind == "person"]
    for subset in (people[:1], people[2:3], people[1:]):
        assert expert_names(text, subset) == expert_names(text, people) & {p.value for p in subset}


def _top_level_alternatives(source: str) -> list[str]:
    """`a|b(?:c|d)|[|]` -> ["a", "b(?:c|d)", "[|]"]: parsed one by one, so that `re` does not factor
    out a prefix they share ("\\bvideo...|\\bvirtual..." -> "\\bvi" and a branch) and hide a needle."""
    alternatives, depth, in_class, escaped, start = [], 0, False, False, 0
    for at, char in enumerate(source):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append(source[start:at])
            start = at + 1
    return alternatives + [source[start:]]


def test_contact_word_needles_are_in_every_latin_match() -> None:
    from re import _parser

    from bot.events import _CONTACT_WORD, _FUTURE, CONTACT_KINDS
    from tests.nlp.test_speed_paths import _has_needle

    assert _top_level_alternatives(r"\ba|b(?:c|d)|[|]x") == [r"\ba", "b(?:c|d)", "[|]x"]
    for words in [_CONTACT_WORD, _FUTURE, *(w for _, w in CONTACT_KINDS)]:
        assert words.needles and all(n == n.lower() and n.isascii() for n in words.needles)
        for alternative in _top_level_alternatives(words.latin.pattern):
            assert _has_needle(_parser.parse(alternative), words.needles), alternative


def test_contact_word_needles_see_a_missing_needle() -> None:
    from dataclasses import replace

    from bot.events import _CONTACT_WORD

    without_meet = replace(_CONTACT_WORD, needles=tuple(n for n in _CONTACT_WORD.needles if n != "meet"))
    assert _CONTACT_WORD.search("The meeting ended.") and not without_meet.search("The meeting ended.")


def test_happening_needles_are_in_every_english_happening_word() -> None:
    from re import _constants as sre
    from re import _parser

    from bot.events import _HAPPENING_BEFORE_DATE, _HAPPENING_NEEDLES
    from tests.nlp.test_speed_paths import _has_needle

    parsed = _parser.parse(_HAPPENING_BEFORE_DATE.pattern.lower())
    assert parsed.data[0][0] is sre.AT and parsed.data[1][0] is sre.BRANCH  # \b(?:word|word|...)
    words = parsed.data[1][1][1]
    ascii_words = [w for w in words if all(chr(a).isascii() for op, a in w if op is sre.LITERAL)]
    assert len(ascii_words) > 25
    for word in ascii_words:
        assert _has_needle(word, _HAPPENING_NEEDLES), word


def test_happening_shortcut_answers_like_the_pattern() -> None:
    from bot.events import _HAPPENING_BEFORE_DATE, _dates_another_happening

    samples = ["the missile LAUNCH of ", "Sail on ", "the Transits in ", "an incident and talks on ", "the ſhelling on ",
               "the Kelvin test on ", "учения в ", "the election", "", "on ", "after the drills, on "]
    for text in samples:
        assert _dates_another_happening(text) == (_HAPPENING_BEFORE_DATE.search(text) is not None), text


def _random_texts(seed: int, pieces: list[str], count: int = 5000) -> list[str]:
    """`count` texts of 0-12 pieces each, the same for a seed."""
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_capitalised_words_are_what_the_boundary_pattern_finds() -> None:
    from bot.events import _CAPITALISED_WORD

    plain = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?\b")  # the pattern it replaced

    pieces = ["Putin", "Trump", "Xi", "A", "x", "Б", "Шойгу", "шойгу", "-", "-", " ", "_", "1", ".", "’s", "'", "é",
              "É", "Ab-Cd", "aB", "ÀB", "\n", "Ёлка", "日本"]
    for text in _random_texts(29, pieces):
        assert _CAPITALISED_WORD.findall(text) == plain.findall(text), text


def test_capitalised_words_of_a_text_are_what_the_unicode_pattern_finds() -> None:
    from bot.events import _CAPITALISED_WORD, _capitalised_words

    pieces = ["Putin", "Trump", "Xi", "A", "x", "Б", "Шойгу", "-", "-", " ", "_", "1", ".", "’s", "'", "é", "É",
              "Ab-Cd", "aB", "\n", "Ёлка", "McDonald", "X-Ray", "Ab-1"]
    for text in _random_texts(31, pieces):
        assert _capitalised_words(text) == _CAPITALISED_WORD.findall(text), text
        ascii_text = "".join(ch for ch in text if ch.isascii())
        assert _capitalised_words(ascii_text) == _CAPITALISED_WORD.findall(ascii_text), ascii_text


def test_contact_word_latin_alternatives_open_with_a_boundary_and_a_letter() -> None:
    """What `_Words.word_starts` relies on (bot.nlp.boundary): a Latin match starts at 0 or after a
    character that is not `[a-z0-9_]`."""
    from re import _constants as sre
    from re import _parser

    from bot.events import _CONTACT_WORD, _FUTURE, CONTACT_KINDS
    from bot.nlp.boundary import top_level_alternatives
    from tests.nlp.test_speed_paths_boundary import _first_characters

    for words in [_CONTACT_WORD, _FUTURE, *(w for _, w in CONTACT_KINDS)]:
        assert words.word_starts is not None
        for alternative in top_level_alternatives(words.latin.pattern):
            items = list(_parser.parse(alternative))
            assert items[0] == (sre.AT, sre.AT_BOUNDARY), alternative
            first = _first_characters(items[1:])
            assert first and all(chr(code).isalpha() for code in first), alternative


def test_contact_words_from_word_starts_answer_like_the_latin_search() -> None:
    from bot.events import _CONTACT_WORD, _FUTURE, CONTACT_KINDS

    rng = random.Random(29)
    for words in [_CONTACT_WORD, _FUTURE, *(w for _, w in CONTACT_KINDS)]:
        vocabulary = sorted(set(re.findall(r"[a-z]+", words.latin.pattern))) + ["x", "the", "9", "_"]
        separators = [" ", "", "_", "0", "-", ".", ",", "'", "\t", "\n", "  ", "x"]
        texts = ["", "_", "call", "_call", "xcall", "9call", "-call", "a call", "call_", "met", "_met"]
        for _ in range(3000):
            texts.append("".join(rng.choice(vocabulary) + rng.choice(separators) for _ in range(rng.randint(0, 8))))
        for text in texts:
            assert words.search_lowered_ascii(text) == (words.latin.search(text) is not None), (words.latin.pattern, text)
            assert words.search(text.upper()) == (words.pattern.search(text.upper()) is not None), text
