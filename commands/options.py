"""Validating and converting option values, one function per option type.

Platforms deliver strings (text platforms) or numbers (Discord); handlers must only ever see clean,
typed values. Every problem becomes an `OptionError` whose message a user can act on in one line;
dispatch turns it into an ephemeral error Reply.
"""

from __future__ import annotations

import math
import re
from calendar import monthrange
from datetime import date, datetime, timedelta
from typing import Any

from commands.registry import Option

_EVENT_ID = re.compile(r"(?:event\s*)?[#eE]?\s*(\d{1,12})", re.IGNORECASE)
_RELATIVE = re.compile(r"(\d{1,4})\s*(d|days?|w|weeks?|m|mo|months?|y|years?)(?:\s+ago)?", re.IGNORECASE)
_ISO_PARTIAL = re.compile(r"(\d{4})(?:-(\d{1,2}))?")
_ALPHA2 = re.compile(r"[A-Za-z]{2}")
_SHOWN = 40


class OptionError(ValueError):
    """A value a user gave that we cannot use; the message says what to type instead."""


def show(value: object) -> str:
    """A user value echoed in an error message: one line, at most 40 characters."""
    flat = " ".join(str(value).split())
    return flat if len(flat) <= _SHOWN else flat[: _SHOWN - 1] + "…"


def coerce(option: Option, raw: Any, *, today: date) -> Any:
    """The handler-ready value of one option, or None when it was left empty."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return None
    kind = option.type
    if kind == "number":
        return _number(option, raw, integer=False)
    if kind == "integer":
        return _number(option, raw, integer=True)
    text = str(raw)
    if len(text) > option.max_length:
        raise OptionError(
            f"{option.name} is too long ({len(text):,} characters; at most {option.max_length:,})."
        )
    if kind == "date":
        return parse_date(text, today=today)
    if kind == "government":
        return government_code(text)
    if kind == "governments":
        return government_codes(text)
    if kind == "event":
        found = event_id(text)
        if found is None:
            raise OptionError(f"{show(text)!r} is not an event id; use a number like 12 or E12 (see /events).")
        return found
    if kind == "choice":
        return _choice(option, text)
    return text


def event_id(text: str) -> int | None:
    """12, "E12", "#12", "event 12" -> 12; anything else -> None."""
    match = _EVENT_ID.fullmatch(text.strip())
    if match is None:
        return None
    value = int(match.group(1))
    return value if value > 0 else None


def parse_date(text: str, *, today: date) -> str:
    """An ISO date (YYYY-MM-DD) from ISO input or "today", "yesterday", "7d", "2w", "3 months ago"."""
    lowered = text.strip().lower()
    if lowered == "today":
        return today.isoformat()
    if lowered == "yesterday":
        return (today - timedelta(days=1)).isoformat()
    relative = _RELATIVE.fullmatch(lowered)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        if unit.startswith("d"):
            return (today - timedelta(days=amount)).isoformat()
        if unit.startswith("w"):
            return (today - timedelta(weeks=amount)).isoformat()
        months = amount * 12 if unit.startswith("y") else amount
        return _months_before(today, months).isoformat()
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    partial = _ISO_PARTIAL.fullmatch(lowered)
    if partial and 1 <= int(partial.group(2) or 1) <= 12:
        return date(int(partial.group(1)), int(partial.group(2) or 1), 1).isoformat()
    raise OptionError(f"{show(text)!r} is not a date; use 2025-12-01, 7d, 2w, 3m or yesterday.")


def government_code(text: str) -> str:
    """A country name, demonym, capital or code -> ISO alpha-2, or a clear error."""
    code = _normalise_government(text)
    if code is None:
        raise OptionError(f"{show(text)!r} is not a government I know; use a country code like JP, US or CN.")
    return code


def government_codes(text: str) -> tuple[str, ...]:
    """"JP, US" / "JP US" / "Japan" / "United States, China" -> sorted unique codes."""
    parts = [p for p in text.split(",") if p.strip()]
    if len(parts) == 1:
        whole = _normalise_government(parts[0])
        parts = [parts[0]] if whole is not None else parts[0].split()
    return tuple(sorted({government_code(p) for p in parts}))


def _normalise_government(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        from bot.nlp.governments import normalise_government
    except ImportError:  # the nlp module is not there yet: accept plain two-letter codes
        return text.upper() if _ALPHA2.fullmatch(text) else None
    try:
        code = normalise_government(text)
    except (ValueError, KeyError, LookupError):
        return None
    return str(code).upper() if code else None


def _number(option: Option, raw: Any, *, integer: bool) -> float | int:
    what = "a whole number" if integer else "a number"
    try:
        value: float | int = int(str(raw).strip()) if integer else float(raw)
    except (TypeError, ValueError, OverflowError):
        raise OptionError(f"{option.name} must be {what}, not {show(raw)!r}.") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise OptionError(f"{option.name} must be a finite number.")
    low, high = option.min_value, option.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"between {_fmt(low)} and {_fmt(high)}" if low is not None and high is not None else (
            f"at least {_fmt(low)}" if low is not None else f"at most {_fmt(high)}"
        )
        raise OptionError(f"{option.name} must be {bounds}, not {show(raw)}.")
    return value


def _choice(option: Option, text: str) -> str:
    by_lower = {c.lower(): c for c in option.choices}
    found = by_lower.get(text.lower()) or by_lower.get(text.lower().replace("-", "_"))
    if found is not None:
        return found
    from rapidfuzz import fuzz, process

    hint = process.extractOne(text.lower()[:64], list(by_lower), scorer=fuzz.ratio, score_cutoff=60)
    suffix = f" Did you mean {by_lower[hint[0]]}?" if hint else ""
    raise OptionError(f"{option.name} must be one of {', '.join(option.choices)}.{suffix}")


def _fmt(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    if year < 1:
        return date(1, 1, 1)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
