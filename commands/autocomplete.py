"""Suggestions while a user types an option (Discord autocomplete), decided here, not in the adapter.

Events come from the store (`events.suggest`), governments from the ISO country list, choices from
the option. Each suggestion is a (label, value) pair: the label is what the user sees, the value is
what comes back as the option's raw text (and what `commands.options.coerce` then accepts).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from commands.context import CommandContext
from commands.format import day, event_ref, short
from commands.registry import Option

MAX_CHOICES = 25  # Discord's limit


@dataclass(frozen=True)
class Suggestion:
    label: str  # at most 100 characters (Discord's limit for a choice name)
    value: str


async def suggest(ctx: CommandContext, option: Option, current: str, *, limit: int = MAX_CHOICES) -> list[Suggestion]:
    """Suggestions for `option` given what the user typed so far; never raises, may be empty."""
    current = (current or "").strip()[:100]
    limit = max(0, min(limit, MAX_CHOICES))
    try:
        if option.type == "event":
            return await _events(ctx, current, limit)
        if option.type == "government":
            return _governments(current, limit)
        if option.type == "governments":  # the chosen value replaces the whole text: keep what came before
            before, _, last = current.rpartition(",")
            done = [p.strip() for p in before.split(",") if p.strip()]
            return [
                Suggestion(short(", ".join([*done, s.label]), 100), ",".join([*done, s.value]))
                for s in _governments(last.strip(), limit)
            ]
        if option.type == "choice":
            return [Suggestion(c, c) for c in option.choices if current.lower() in c.lower()][:limit]
    except Exception:  # autocomplete is a nicety: a failure must not surface as an error
        import logging

        logging.getLogger(__name__).exception("autocomplete for %s failed", option.name)
    return []


async def _events(ctx: CommandContext, current: str, limit: int) -> list[Suggestion]:
    from commands.options import event_id

    wanted = event_id(current) if current else None
    if wanted is not None:
        detail = await ctx.store.events.get(wanted)
        if detail is not None:
            e = detail.event
            return [Suggestion(short(f"{event_ref(e.id)} · {day(e.date)} · {e.title}", 100), str(e.id))]
    found = await ctx.store.events.suggest(current, limit=limit)
    return [Suggestion(short(f"{event_ref(e.id)} · {day(e.date)} · {e.title}", 100), str(e.id)) for e in found[:limit]]


@cache
def _countries() -> tuple[tuple[str, str], ...]:
    import pycountry

    return tuple(sorted((c.alpha_2, getattr(c, "common_name", None) or c.name) for c in pycountry.countries))


def _governments(current: str, limit: int) -> list[Suggestion]:
    countries = _countries()
    if not current:
        common = ("CN", "JP", "US", "RU", "KR", "GB", "FR", "DE", "IN", "UA")
        names = dict(countries)
        return [Suggestion(f"{names[c]} ({c})", c) for c in common if c in names][:limit]
    folded = current.casefold()
    exact = [(code, name) for code, name in countries if code.casefold() == folded]
    prefix = [(code, name) for code, name in countries if name.casefold().startswith(folded) and (code, name) not in exact]
    inner = [(code, name) for code, name in countries if folded in name.casefold() and (code, name) not in exact + prefix]
    return [Suggestion(f"{name} ({code})", code) for code, name in (exact + prefix + inner)[:limit]]
