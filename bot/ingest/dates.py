"""Document dates: ISO 8601 values from JSONL, and "Published: Dec 12, 2025" lines in saved articles.

A stored document keeps only the calendar date ("YYYY-MM-DD") in `date`: grouping compares days, and a
readout's day is the day its government wrote it, so a time zone is never applied (no shift to UTC).
"""

from __future__ import annotations

import re
from datetime import date, datetime

# A line that announces the article's own date, as saved news pages carry near the top.
_PUBLISHED_LINE = re.compile(
    r"^\s*(?:published|updated|posted|released|date)(?:\s+(?:on|at))?\s*[:\-–]?\s*(?P<value>.+?)\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
# How far into a text file the date line may be: past the kicker, headline and byline.
PUBLISHED_LINE_WINDOW = 12


def parse_iso_date(value: str) -> tuple[str, bool] | None:
    """`("YYYY-MM-DD", had_time)` for an ISO 8601 date or date-time, else None.

    Accepts what `datetime.fromisoformat` accepts (e.g. "2025-12-12", "2025-12-12T08:30:00+09:00",
    "2025-12-12 08:30", a trailing "Z"); reduced precision such as "2025-12" is not a date.
    """
    text = value.strip()
    if not text or len(text) > 64:
        return None
    try:
        if len(text) <= 10:
            return date.fromisoformat(text).isoformat(), False
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        return None
    return parsed.date().isoformat(), True


def parse_written_date(value: str) -> str | None:
    """The calendar date in a written date such as "Dec 12, 2025 12:32 PM" or "12 December 2025".

    Used only on a span already known to be a date (a "Published:" line), never to search free text.
    The span must carry a four-digit year: relative words ("yesterday") have no reference here.
    """
    iso = parse_iso_date(value)
    if iso is not None:
        return iso[0]
    if not _YEAR.search(value) or len(value) > 80:
        return None
    import dateparser  # heavy: only when a date line was found

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True},
    )
    return None if parsed is None else parsed.date().isoformat()


def find_published_date(lines: list[str]) -> str | None:
    """The date of the first "Published: ..." style line among the first few lines, if any."""
    for line in lines[:PUBLISHED_LINE_WINDOW]:
        match = _PUBLISHED_LINE.match(line)
        if match:
            found = parse_written_date(match.group("value"))
            if found is not None:
                return found
    return None
