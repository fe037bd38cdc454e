"""Autocomplete suggestions for events, governments and choices."""

from __future__ import annotations

from bot.store.sqlite import SQLiteStore
from commands.autocomplete import Suggestion, suggest
from commands.context import CommandContext
from commands.options import coerce
from commands.registry import Option

from .conftest import NOW, FakeEvents
from .test_events import AGREEING, SEED


async def test_events_by_title_and_by_id(store: SQLiteStore, ctx: CommandContext) -> None:
    store.events = FakeEvents({7: SEED, 3: AGREEING})  # type: ignore[assignment]
    option = Option("event", "e", type="event")
    assert await suggest(ctx, option, "koizumi") == [Suggestion("E7 · 2025-12-11 · Koizumi–Hegseth phone call", "7")]
    assert [s.value for s in await suggest(ctx, option, "E3")] == ["3"]
    assert coerce(option, "7", today=NOW.date()) == 7  # the value round-trips through validation


async def test_governments_by_code_and_name(ctx: CommandContext) -> None:
    option = Option("government", "g", type="government")
    assert (await suggest(ctx, option, "jp"))[0] == Suggestion("Japan (JP)", "JP")
    assert (await suggest(ctx, option, "Jap"))[0].value == "JP"
    assert len(await suggest(ctx, option, "")) == 10
    listed = Option("governments", "g", type="governments")
    assert (await suggest(ctx, listed, "JP, chin"))[0] == Suggestion("JP, China (CN)", "JP,CN")


async def test_choices_and_failures(ctx: CommandContext) -> None:
    kind = Option("kind", "k", type="choice", choices=("official_readout", "news", "quoted_in_news"))
    assert [s.value for s in await suggest(ctx, kind, "news")] == ["news", "quoted_in_news"]
    broken = Option("event", "e", type="event")  # the real placeholder repository has no suggest yet
    assert isinstance(await suggest(ctx, broken, "x"), list)
