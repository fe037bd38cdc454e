"""Small display helpers shared by the commands, so every reply names things the same way.

All return neutral markup (see commands/markup.py) unless the name says `label`, which is plain text
for titles, headings and field names.
"""

from __future__ import annotations

from collections.abc import Iterable

from commands.markup import plain

KIND_LABELS = {
    "official_readout": "official readout",
    "quoted_in_news": "quoted in news",
    "news": "news",
    "statement": "statement",
}


def event_ref(event_id: int) -> str:
    """How users type and see an event id: E12."""
    return f"E{event_id}"


def day(value: str | None) -> str:
    """The date part of an ISO timestamp, or "undated"."""
    return value[:10] if value else "undated"


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(str(kind or ""), str(kind or "document"))


def governments_label(codes: Iterable[str]) -> str:
    """Plain text: "JP, US" (or "no government identified")."""
    listed = [c for c in codes if c]
    return ", ".join(listed) if listed else "no government identified"


def join_and(items: list[str]) -> str:
    """"JP", "JP and US", "CN, JP and US"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def quoted(text: str, limit: int = 400) -> str:
    """Document text as an escaped quotation, trimmed to `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"“{plain(flat)}”"


def short(text: str | None, limit: int = 120) -> str:
    """Plain text cut to one line of at most `limit` characters (for titles and headings)."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def score_label(score: float | None, divergent: bool | None) -> str:
    """"0.72 (divergent)" / "0.10 (broadly agree)" / "not analysed yet"."""
    if score is None:
        return "not analysed yet"
    verdict = "divergent" if divergent else "broadly agree"
    return f"{score:.2f} ({verdict})"
