"""Dates: explicit and relative forms in three languages, year resolution, and no verbs as dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.dates import find_dates, parse_iso_date
from tests.conftest import CORPUS, needs_shared
from tests.nlp.shared import corpus_text, tricky_text

FRIDAY = date(2025, 12, 12)


def dates(text: str, reference: date | None = FRIDAY) -> list[tuple[str, str, str | None]]:
    return [(m.surface, m.value, m.detail) for m in find_dates(text, reference)]


def test_english_explicit_forms() -> None:
    text = "December 6, Dec. 6, 6 December, December 6th, the 6th of December, December 6, 2024 and 2025-11-30."
    assert dates(text) == [
        ("December 6", "2025-12-06", "explicit"), ("Dec. 6", "2025-12-06", "explicit"),
        ("6 December", "2025-12-06", "explicit"), ("December 6th", "2025-12-06", "explicit"),
        ("6th of December", "2025-12-06", "explicit"), ("December 6, 2024", "2024-12-06", "explicit"),
        ("2025-11-30", "2025-11-30", "explicit"),
    ]


def test_relative_forms_resolve_against_the_reference() -> None:
    text = "On Wednesday they met; Thursday night they called; today and yesterday; last Friday; next Monday."
    assert dates(text) == [
        ("Wednesday", "2025-12-10", "relative"), ("Thursday", "2025-12-11", "relative"),
        ("today", "2025-12-12", "relative"), ("yesterday", "2025-12-11", "relative"),
        ("last Friday", "2025-12-05", "relative"), ("next Monday", "2025-12-15", "relative"),
    ]
    assert dates("on Friday") == [("Friday", "2025-12-12", "relative")]  # on or before the reference


def test_year_resolution_nearest_before_the_reference() -> None:
    assert dates("December 28", date(2026, 1, 5)) == [("December 28", "2025-12-28", "explicit")]
    assert dates("January 10", date(2025, 12, 30)) == [("January 10", "2025-01-10", "explicit")]
    assert dates("January 3", date(2025, 12, 30)) == [("January 3", "2026-01-03", "explicit")]  # 4 days ahead
    # a few days ahead stays in this year (time zones, announced meetings)
    assert dates("December 15", FRIDAY) == [("December 15", "2025-12-15", "explicit")]
    assert dates("February 29", date(2025, 3, 1)) == [("February 29", "2024-02-29", "explicit")]


def test_verbs_and_idioms_are_not_dates() -> None:
    assert dates("You may go and we march on; may 5 people come? In the world today, today's world.") == []
    assert dates("Version 12.5.2024x, x2025-01-01 and February 30 and 32 December.") == []


def test_without_reference_only_dates_with_years() -> None:
    assert dates("December 6, on Wednesday, today, 2025-01-01, March 18, 2025", None) == [
        ("2025-01-01", "2025-01-01", "explicit"), ("March 18, 2025", "2025-03-18", "explicit")]


def test_russian_and_japanese() -> None:
    text = "21 октября 2022 года, 23 октября, в пятницу, В воскресенье, вчера; 12月6日、2024年1月3日、１２月６日、金曜日、昨日"
    assert dates(text) == [
        ("21 октября 2022 года", "2022-10-21", "explicit"), ("23 октября", "2025-10-23", "explicit"),
        ("в пятницу", "2025-12-12", "relative"), ("В воскресенье", "2025-12-07", "relative"),
        ("вчера", "2025-12-11", "relative"), ("12月6日", "2025-12-06", "explicit"),
        ("2024年1月3日", "2024-01-03", "explicit"), ("１２月６日", "2025-12-06", "explicit"),
        ("金曜日", "2025-12-12", "relative"), ("昨日", "2025-12-11", "relative"),
    ]


@needs_shared(CORPUS)
def test_corpus_dates() -> None:
    found = dates(corpus_text("EV25-JP-1"), date(2025, 12, 12))
    assert ("Dec. 12", "2025-12-12", "explicit") in found and ("Saturday", "2025-12-06", "relative") in found
    assert ("21st October, 2022", "2022-10-21", "explicit") in dates(corpus_text("EV07-US-1"), date(2022, 10, 21))
    russian = dates(corpus_text("EV08-RU-1"), date(2022, 10, 23))
    assert ("в пятницу", "2022-10-21", "relative") in russian and ("21 октября", "2022-10-21", "explicit") in russian


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-12-12", date(2025, 12, 12)), ("2025-12-12T03:00:00Z", date(2025, 12, 12)),
    (" 2025-12-12 03:00 ", date(2025, 12, 12)), ("2025-12-12T03:00:00+09:00", date(2025, 12, 12)),
    ("garbage", None), ("", None), (None, None), ("2025-13-01", None), ("12/12/2025", None),
])
def test_parse_iso_date(value: str | None, expected: date | None) -> None:
    assert parse_iso_date(value) == expected


@settings(max_examples=200, deadline=None)
@given(tricky_text(), st.one_of(st.none(), st.dates()))
def test_property_never_raises_and_values_are_iso(text: str, reference: date | None) -> None:
    for mention in find_dates(text, reference):
        assert text[mention.start:mention.end] == mention.surface
        assert date.fromisoformat(mention.value) and mention.detail in ("explicit", "relative")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_property_parse_iso_date_total(value: str) -> None:
    result = parse_iso_date(value)
    assert result is None or isinstance(result, date)
