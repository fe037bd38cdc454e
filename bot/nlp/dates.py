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
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache

from bot.models import Mention, new_mention
from bot.nlp.spans import positions_of
from bot.nlp.translit import has_cyrillic
from bot.nlp.trie import trie_pattern

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

_RELATIVE_WORDS = ("Today", "today", "TODAY", "Tonight", "tonight", "Yesterday", "yesterday", "Tomorrow", "tomorrow",
                   "Сегодня", "сегодня", "Вчера", "вчера", "Завтра", "завтра", "Позавчера", "позавчера",
                   "一昨日", "今日", "本日", "昨日", "明日")
# Every relative word contains one of these (the pattern is case-sensitive). Profiled: its scan
# stopped at every "t" and "y" of a document (~17 µs); a few `in` tests cost ~2 µs.
_RELATIVE_NEEDLES = ("oday", "ODAY", "onight", "esterday", "omorrow", "егодня", "чера", "автра", "日")


_FULL_MONTHS = "January February March April May June July August September October November December".split()
_SHORT_MONTHS = "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec".split()
# The month words of the English forms (case-sensitive).
_MONTH_WORDS = frozenset(_FULL_MONTHS + [m.upper() for m in _FULL_MONTHS] + _SHORT_MONTHS
                         + [m + "." for m in _SHORT_MONTHS])
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """One regex per form. Each starts with a literal or a character class (no look-behind, no
    leading alternation of classes), so `re` skips non-candidate positions in C; boundaries are
    checked in `_boundary_ok`. One big alternation was 10x slower."""
    month = trie_pattern(sorted(_MONTH_WORDS))
    ordinal = r"(?:st|nd|rd|th)?"
    year = r"(?:1[89]\d\d|2[01]\d\d)"
    ru_months = trie_pattern(_MONTHS_RU)
    ru_days = trie_pattern(_WEEKDAYS_RU)
    weekdays = trie_pattern(_WEEKDAY_NAMES)
    relative = trie_pattern(_RELATIVE_WORDS)
    sources = [
        r"(?P<iso>[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])(?![0-9])",
        rf"(?P<md>(?P<md_m>{month})\s+(?P<md_d>\d{{1,2}}){ordinal}(?![\d:])(?:,?\s+(?P<md_y>{year})(?!\d))?)",
        rf"(?P<dm>(?P<dm_d>[0-9][0-9]?){ordinal}\s+(?:of\s+)?(?P<dm_m>{month})(?!\w)(?:,?\s+(?P<dm_y>{year})(?!\d))?)",
        rf"(?P<dot>(?P<dot_d>[0-9][0-9]?)\.(?P<dot_m>[0-9][0-9])\.(?P<dot_y>{year})(?![\d.]))",
        rf"(?P<ru>(?P<ru_d>[0-9][0-9]?)\s+(?P<ru_m>{ru_months})(?!\w)(?:\s+(?P<ru_y>{year})(?:\s*(?:года|году|г\.))?)?)",
        r"(?P<ja>(?P<ja_y>[0-9０-９][0-9０-９]{0,3})(?:年(?P<ja_m>[0-9０-９]{1,2}))?月(?P<ja_d>[0-9０-９]{1,2})日)",
        rf"(?P<wd>(?P<wd_n>{weekdays}))(?!\w)",
        rf"(?P<ruwd>[Вв]о?\s+(?:прошл\w+\s+)?(?P<ruwd_n>{ru_days})(?!\w))",
        r"(?P<jawd>(?P<jawd_n>[月火水木金土日])曜日?)",
        rf"(?P<rel>{relative})(?!\w)",
    ]
    return tuple(re.compile(source) for source in sources)


# What every ISO ("2025-12-06") and every dotted ("06.12.2025") date contains: two digits between
# two hyphens or two full stops. Profiled: each of the two scans cost ~1.5% of analysis (`re` stops
# at every digit), and fewer than 1 text in 500 has either; these searches jump from one "-" or "."
# to the next.
_ISO_CORE = re.compile(r"-[0-9][0-9]-")
_DOT_CORE = re.compile(r"\.[0-9][0-9]\.")


def _applicable(pattern: re.Pattern[str], text: str) -> bool:
    """Skip the scans for forms a text cannot contain: Russian and Japanese ones, ISO and dotted
    dates without their core, weekdays without "day" (which ends every English weekday name; seven
    texts in ten have none)."""
    name = pattern.pattern[4:8]
    if name == "iso>":
        return _ISO_CORE.search(text) is not None
    if name == "dot>":
        return _DOT_CORE.search(text) is not None
    if name == "wd>(":
        return "day" in text
    if name in ("ru>(", "ruwd"):
        return has_cyrillic(text)
    if name in ("ja>(", "jawd"):
        return "月" in text or "曜" in text
    if name == "rel>":
        return any(needle in text for needle in _RELATIVE_NEEDLES)
    return True


# --- candidate starts ------------------------------------------------------------------------------
# Why: the month-day, day-month, weekday and relative-word patterns open with a character class
# (the months' and weekdays' initials, a digit, "T"/"Y"/"t"/"y"...), which `re` tests at every
# character of a document (callgrind: ~0.34 M instructions a 2 KB readout, ~6% of analysis). Every
# match of each of them starts at a place a few `str.find`s can list (next to a digit or inside a
# word found with `find`), so each is matched only there; `_matches_at` then finds what `finditer`
# finds.

_DIGITS = "0123456789"
_LONGEST_MONTH = max(len(word) for word in _MONTH_WORDS)
_SHORTEST_MONTH = min(len(word) for word in _MONTH_WORDS)
_MONTH_CHARACTERS = "".join(sorted(set("".join(_MONTH_WORDS))))
_WEEKDAY_LENGTHS = tuple(sorted({len(name) for name in _WEEKDAY_NAMES}, reverse=True))
# Where each ASCII relative word has one of these: one character after its start.
_RELATIVE_ASCII_NEEDLES = ("oday", "ODAY", "onight", "esterday", "omorrow")


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """`list(pattern.finditer(text))` when every match of `pattern` (never empty) starts at one of
    `starts` (ascending): `finditer` tries each position from the end of its last match on, and
    fails wherever no match starts."""
    found = []
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match:
                found.append(match)
                end = match.end()
    return found


def _digit_positions(text: str) -> list[int]:
    """Ascending positions of the ASCII digits in `text`."""
    return positions_of(text, _DIGITS)


def _month_day_starts(text: str, digits: list[int]) -> list[int]:
    """Where a month-day date can start in ASCII text (where `\\s` is `str.isspace` and `\\d` a digit
    of `digits`): at a month word that ends where the blanks before a digit begin (a month word
    ends with neither a blank nor a digit, so the blanks are all of them). Ascending: a month word
    holds no digit, so it starts after the digit before."""
    starts = []
    for digit in digits:
        blank = digit
        while blank and text[blank - 1].isspace():
            blank -= 1
        if blank == digit:
            continue
        # The month word is a suffix of the run of month-word characters before the blanks.
        tail = text[max(0, blank - _LONGEST_MONTH):blank]
        run = len(tail) - len(tail.rstrip(_MONTH_CHARACTERS))
        for length in range(run, _SHORTEST_MONTH - 1, -1):
            if tail[-length:] in _MONTH_WORDS:
                starts.append(blank - length)
    return starts


def _weekday_starts(text: str) -> list[int]:
    """Where a weekday name can start: each ends with "day" and has it nowhere else, so it ends where
    a "day" does; ascending (a name starts after the "day" before its own)."""
    starts = []
    at = text.find("day")
    while at >= 0:
        end = at + 3
        for length in _WEEKDAY_LENGTHS:
            if length <= end and text[end - length:end] in _WEEKDAY_NAMES:
                starts.append(end - length)
        at = text.find("day", at + 1)
    return starts


def _relative_ascii_starts(text: str) -> list[int]:
    """Where a relative word can start in ASCII text: one character before a needle."""
    return [at - 1 for at in positions_of(text, _RELATIVE_ASCII_NEEDLES) if at]


def _form_matches(pattern: re.Pattern[str], text: str, digits: list[int]) -> list[re.Match[str]] | Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds; for the forms with a candidate-start list (above), by
    matching at those starts. `digits` are `_digit_positions(text)`."""
    form = _form(pattern)
    if form == "dm":
        return _matches_at(pattern, text, digits)
    if text.isascii():
        if form == "md":
            return _matches_at(pattern, text, _month_day_starts(text, digits))
        if form == "wd":
            return _matches_at(pattern, text, _weekday_starts(text))
        if form == "rel":
            return _matches_at(pattern, text, _relative_ascii_starts(text))
    return pattern.finditer(text)


@cache
def _form(pattern: re.Pattern[str]) -> str:
    """The form a pattern of `_patterns` matches: its first named group ("md", "dm", "wd", ...),
    which is also the `lastgroup` of its matches."""
    return next(iter(pattern.groupindex))


_MODIFIER = re.compile(r"(?:^|\W)(last|next|this)\s+$", re.IGNORECASE)


def _boundary_ok(text: str, match: re.Match[str]) -> bool:
    """The character before a match must not continue a word or number ("x2025-01-01", "15.12.2024")."""
    start = match.start()
    if start == 0:
        return True
    previous = text[start - 1]
    if match.lastgroup in ("ja", "jawd") or (match.lastgroup == "rel" and not match.group(0).isascii()
                                              and not match.group(0)[0].isalpha()):
        return not previous.isdigit()
    if match.lastgroup in ("iso", "dot", "dm", "ru"):
        return not (previous.isalnum() or previous in ".-")
    return not previous.isalnum()


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
        year, month, day = g("iso").split("-")
        return _safe_date(int(year), int(month), int(day)) if 1800 <= int(year) <= 2199 else None
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
    if kind == "ja":  # "12月6日" (ja_y holds the month) or "2024年1月3日"
        first, day = int(g("ja_y").translate(_FULLWIDTH)), int(g("ja_d").translate(_FULLWIDTH))
        if g("ja_m") is not None:
            return _safe_date(first, int(g("ja_m").translate(_FULLWIDTH)), day) if first >= 1800 else None
        return _resolve_month_day(first, day, reference) if 1 <= first <= 12 else None
    return None


def _relative(match: re.Match[str], text: str, reference: date) -> date | None:
    kind = match.lastgroup
    g = match.group
    if kind == "wd":
        modifier = _MODIFIER.search(text, max(0, match.start() - 6), match.start())
        word = modifier.group(1).lower() if modifier else ""
        return _weekday(_WEEKDAYS_EN[g("wd_n").lower()], reference, word)
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
    digits = _digit_positions(text)
    matches = [m for pattern in _patterns() if _applicable(pattern, text)
               for m in _form_matches(pattern, text, digits) if _boundary_ok(text, m)]
    matches.sort(key=lambda m: (m.start(), -m.end()))
    found: list[Mention] = []
    last_end = -1
    for match in matches:
        if match.start() < last_end:
            continue  # "6 December" inside "December 6, 6 December"? no: overlaps keep the first, longest
        kind = match.lastgroup or ""
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
        if kind == "wd":
            modifier = _MODIFIER.search(text, max(0, start - 6), start)
            if modifier and modifier.group(1).lower() != "this":
                start = modifier.start(1)
        found.append(new_mention("date", value.isoformat(), text[start:end], start, end,
                                 "explicit" if explicit else "relative"))
        last_end = end
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
