"""Dates a text mentions, resolved to ISO dates against the document's own date.

Why our own patterns rather than dateparser's search: free-text date search turns the verb "may"
and "march" into dates and misses the Russian and Japanese forms readouts use. We find the spans
with explicit patterns (a month name must be capitalised and next to a day number; a weekday must be
a capitalised weekday name), then compute the date ourselves, which is deterministic and cheap.

Resolution rules (readouts report the recent past):
- a month and day without a year take the year that puts the date nearest before-or-at the
  reference date, except that a date up to `_FUTURE_DAYS` ahead is taken as this year's (time zones
  put a readout's date a day before the event it reports; "agreed to meet on December 15");
- a weekday ("on Wednesday", "Thursday night") is the latest such day on or before the reference,
  "next Wednesday" the first one after it;
- "today", "yesterday", "tomorrow" (and "сегодня", "вчера", "今日", "昨日"...) are offsets from it.
Without a reference date only dates that carry their own year are returned.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache

from bot.models import Mention

_FUTURE_DAYS = 7

_MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTHS_RU = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_WEEKDAYS_EN = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
                "saturday": 5, "sunday": 6}
_WEEKDAYS_RU = {"понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4,
                "субботу": 5, "воскресенье": 6}
_WEEKDAYS_JA = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}
_RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
    "сегодня": 0, "вчера": -1, "завтра": 1, "позавчера": -2,
    "今日": 0, "本日": 0, "昨日": -1, "明日": 1, "一昨日": -2,
}


def _month_names() -> str:
    full = "January|February|March|April|May|June|July|August|September|October|November|December"
    short = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
    names = f"(?:{full}|{full.upper()}|(?:{short})\\.?)"
    return names


@cache
def _patterns() -> re.Pattern[str]:
    month = _month_names()
    day = r"(?:[12]\d|3[01]|0?[1-9])"
    ordinal = r"(?:st|nd|rd|th)?"
    year = r"(?:1[89]\d\d|2[01]\d\d)"
    ru_months = "|".join(_MONTHS_RU)
    ru_days = "|".join(_WEEKDAYS_RU)
    parts = [
        rf"(?P<iso>(?<![\d-])(?P<iso_y>{year})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>[0-2]\d|3[01])(?![\d]))",
        rf"(?P<md>(?<![\w])(?P<md_m>{month})\s+(?P<md_d>{day}){ordinal}(?![\d:])(?:,?\s+(?P<md_y>{year})(?!\d))?)",
        rf"(?P<dm>(?<![\w.])(?P<dm_d>{day}){ordinal}\s+(?:of\s+)?(?P<dm_m>{month})(?![\w])(?:,?\s+(?P<dm_y>{year})(?!\d))?)",
        rf"(?P<dot>(?<![\d.])(?P<dot_d>{day})\.(?P<dot_m>0[1-9]|1[0-2])\.(?P<dot_y>{year})(?![\d.]))",
        rf"(?P<ru>(?<![\w.])(?P<ru_d>{day})\s+(?P<ru_m>{ru_months})(?![\w])(?:\s+(?P<ru_y>{year})(?:\s*(?:года|году|г\.))?)?)",
        r"(?P<ja>(?:(?P<ja_y>[12][0-9]{3}|[１２][０-９]{3})年)?(?P<ja_m>[0-9０-９]{1,2})月(?P<ja_d>[0-9０-９]{1,2})日)",
        r"(?P<wd>(?<![\w])(?:(?P<wd_mod>[Ll]ast|[Nn]ext|[Tt]his)\s+)?"
        r"(?P<wd_n>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w]))",
        rf"(?P<ruwd>(?<![\w])[Вв]о?\s+(?:прошл\w+\s+)?(?P<ruwd_n>{ru_days})(?![\w]))",
        r"(?P<jawd>(?P<jawd_n>[月火水木金土日])曜日?)",
        r"(?P<rel>(?<![\w])(?P<rel_w>[Tt]oday|TODAY|[Tt]onight|[Yy]esterday|[Tt]omorrow|"
        r"[Сс]егодня|[Вв]чера|[Зз]автра|[Пп]озавчера)(?![\w])|一昨日|今日|本日|昨日|明日)",
    ]
    return re.compile("|".join(parts))


_NOT_A_DAY = re.compile(r"\s*(?:world|era|age|society|generation)\b", re.IGNORECASE)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve_month_day(month: int, day: int, reference: date | None) -> date | None:
    """The year for a yearless date: nearest before-or-at the reference (small future window)."""
    if reference is None:
        return None
    for year in (reference.year + 1, reference.year, reference.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= reference + timedelta(days=_FUTURE_DAYS):
            if candidate <= reference or (candidate - reference).days <= _FUTURE_DAYS:
                return candidate
    return _safe_date(reference.year - 1, month, day)


def _weekday(target: int, reference: date, modifier: str) -> date:
    """The latest `target` weekday on or before the reference; "next X" the first one after."""
    if modifier == "next":
        ahead = (target - reference.weekday()) % 7 or 7
        return reference + timedelta(days=ahead)
    back = (reference.weekday() - target) % 7
    if modifier == "last" and back == 0:
        back = 7
    return reference - timedelta(days=back)


def _explicit(match: re.Match[str], reference: date | None) -> date | None:
    kind = match.lastgroup
    g = match.group
    if kind == "iso":
        return _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
    if kind == "dot":
        return _safe_date(int(g("dot_y")), int(g("dot_m")), int(g("dot_d")))
    if kind in ("md", "dm", "ru"):
        month_word = g(f"{kind}_m").rstrip(".").lower()
        month = (_MONTHS_RU if kind == "ru" else _MONTHS_EN)[month_word]
        day = int(g(f"{kind}_d"))
        year = g(f"{kind}_y")
        if year:
            return _safe_date(int(year), month, day)
        return _resolve_month_day(month, day, reference)
    if kind == "ja":
        month, day = int(g("ja_m").translate(_FULLWIDTH)), int(g("ja_d").translate(_FULLWIDTH))
        year = g("ja_y")
        if year:
            return _safe_date(int(year.translate(_FULLWIDTH)), month, day)
        return _resolve_month_day(month, day, reference)
    return None


def _relative(match: re.Match[str], text: str, reference: date) -> date | None:
    kind = match.lastgroup
    g = match.group
    if kind == "wd":
        modifier = (g("wd_mod") or "").lower()
        return _weekday(_WEEKDAYS_EN[g("wd_n").lower()], reference, modifier)
    if kind == "ruwd":
        modifier = "last" if "прошл" in match.group(0).lower() else ""
        return _weekday(_WEEKDAYS_RU[g("ruwd_n").lower()], reference, modifier)
    if kind == "jawd":
        return _weekday(_WEEKDAYS_JA[g("jawd_n")], reference, "")
    if kind == "rel":
        word = match.group(0)
        if word.lower() == "today" and (
            _NOT_A_DAY.match(text, match.end()) or re.search(r"world\s+$", text[max(0, match.start() - 8):match.start()])
        ):
            return None  # "in the world today", "today's world": nowadays, not a date
        if word.lower() == "today" and text.startswith("'s", match.end()) and _NOT_A_DAY.match(text, match.end() + 2):
            return None
        return reference + timedelta(days=_RELATIVE_DAYS[word.lower()])
    return None


def find_dates(text: str, reference: date | None) -> list[Mention]:
    """Date mentions (kind "date", value ISO date, detail "explicit" or "relative"), by offset.

    `reference` is the document's date; relative and yearless dates need it and are skipped
    without it. Impossible dates ("February 30") are skipped, never raised.
    """
    if not isinstance(text, str) or not text:
        return []
    if reference is not None and not isinstance(reference, date):
        reference = None
    found: list[Mention] = []
    for match in _patterns().finditer(text):
        kind = match.lastgroup or ""  # the outer pattern: it closes after its sub-groups
        explicit = kind in ("iso", "dot", "md", "dm", "ru", "ja")
        if explicit:
            value = _explicit(match, reference)
        elif reference is not None:
            value = _relative(match, text, reference)
        else:
            value = None
        if value is None:
            continue
        start, end = match.span()
        if kind == "wd" and match.group("wd_mod") is None:
            start = match.start("wd_n")
        found.append(Mention("date", value.isoformat(), text[start:end], start, end,
                             "explicit" if explicit else "relative"))
    return found


def parse_iso_date(value: str | None) -> date | None:
    """"2025-12-12", "2025-12-12T03:00:00Z", "2025-12-12 03:00" -> date; anything else -> None."""
    if not isinstance(value, str):
        return None
    cleaned = value.strip()
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", cleaned)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    try:
        return datetime.fromisoformat(cleaned.replace("Z", "+00:00")).date()
    except ValueError:
        return None
