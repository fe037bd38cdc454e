"""Dispatch: lookup, admin refusal, option validation and conversion, and failures as readable replies."""

from __future__ import annotations

import json
import logging

import pytest

from bot.store.sqlite import SQLiteStore
from commands.context import CommandContext
from commands.dispatch import dispatch, run_text
from commands.options import OptionError, coerce, parse_date
from commands.registry import COMMANDS, CommandSpec, Option
from commands.reply import Reply, Severity

from .conftest import NOW, make_ctx


def _is_one_line_error(reply: Reply) -> bool:
    return reply.severity == Severity.ERROR and reply.ephemeral and "\n" not in reply.description


async def test_unknown_command_suggests_the_closest(ctx: CommandContext) -> None:
    reply = await dispatch(ctx, "divergnce", {})
    assert _is_one_line_error(reply) and "Did you mean /divergence?" in reply.description


async def test_admin_command_is_refused_for_non_admins(store: SQLiteStore) -> None:
    reply = await dispatch(make_ctx(store, admin=False), "subscribe", {"governments": "JP"})
    assert _is_one_line_error(reply) and "admins only" in reply.description
    assert await store.subscriptions.list() == []


async def test_missing_required_option_names_it_with_an_example(ctx: CommandContext) -> None:
    reply = await dispatch(ctx, "quote", {})
    assert _is_one_line_error(reply)
    assert "/quote needs text" in reply.description and "/quote serious concern" in reply.description


async def test_text_over_its_limit_is_a_clear_error(ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/quote " + "x" * 10_240)
    assert _is_one_line_error(reply) and "too long (10,240 characters; at most 300)" in reply.description


async def test_unknown_option_name_is_refused(ctx: CommandContext) -> None:
    reply = await dispatch(ctx, "quote", {"text": "concern", "colour": "red"})
    assert _is_one_line_error(reply) and "'colour'" in reply.description


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "must be a number"), ("1.5", "between 0 and 1"), ("nan", "finite"), (-0.1, "between 0 and 1")],
)
async def test_number_options_are_checked(ctx: CommandContext, value: object, message: str) -> None:
    reply = await dispatch(ctx, "subscribe", {"min_score": value})
    assert _is_one_line_error(reply) and message in reply.description


async def test_unknown_government_is_a_clear_error(ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/quote concern government:Atlantis")
    assert _is_one_line_error(reply) and "'Atlantis' is not a government I know" in reply.description


async def test_bad_date_and_bad_event_are_clear_errors(ctx: CommandContext) -> None:
    assert "is not a date" in (await run_text(ctx, "/quote concern since:tomorrowish")).description
    reply = await dispatch(ctx, "event", {"event": "E-twelve"})
    assert _is_one_line_error(reply) and "No event title matches 'E-twelve'; use an event id like E12" in reply.description


def test_dates_resolve_relative_to_now() -> None:
    today = NOW.date()  # 2026-02-01
    assert parse_date("7d", today=today) == "2026-01-25"
    assert parse_date("2w", today=today) == "2026-01-18"
    assert parse_date("1m", today=today) == "2026-01-01"
    assert parse_date("3 months ago", today=today) == "2025-11-01"
    assert parse_date("1y", today=today) == "2025-02-01"
    assert parse_date("yesterday", today=today) == "2026-01-31"
    assert parse_date("today", today=today) == "2026-02-01"
    assert parse_date("2025-12-11T08:00:00Z", today=today) == "2025-12-11"
    assert parse_date("2025-12", today=today) == "2025-12-01"
    with pytest.raises(OptionError):
        parse_date("2025-13", today=today)


@pytest.mark.parametrize(("raw", "expected"), [("12", 12), ("E12", 12), ("e7", 7), ("#3", 3), (5, 5)])
def test_event_ids(raw: object, expected: int) -> None:
    assert coerce(Option("event", "e", type="event"), raw, today=NOW.date()) == expected


def test_governments_are_normalised() -> None:
    gov = Option("g", "g", type="government")
    govs = Option("gs", "gs", type="governments")
    today = NOW.date()
    assert coerce(gov, "jp", today=today) == "JP"
    assert coerce(gov, "Japan", today=today) == "JP"
    assert coerce(govs, "Japan, United States", today=today) == ("JP", "US")
    assert coerce(govs, "CN jp", today=today) == ("CN", "JP")
    with pytest.raises(OptionError):
        coerce(govs, "JP, Narnia", today=today)


def test_choice_suggests_the_closest() -> None:
    kind = Option("kind", "k", type="choice", choices=("official_readout", "news"))
    assert coerce(kind, "NEWS", today=NOW.date()) == "news"
    with pytest.raises(OptionError, match="Did you mean official_readout"):
        coerce(kind, "oficial_readout", today=NOW.date())


async def test_a_failing_handler_becomes_a_readable_error(
    ctx: CommandContext, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(ctx: CommandContext, args: dict) -> Reply:
        raise RuntimeError("secret internal detail")

    monkeypatch.setitem(COMMANDS, "boom", CommandSpec("boom", "fails", boom))
    with caplog.at_level(logging.ERROR, logger="commands.dispatch"):
        reply = await run_text(ctx, "/boom")
    assert _is_one_line_error(reply)
    assert "secret internal detail" not in json.dumps(reply.to_dict()) and "Traceback" not in reply.description
    ref = reply.description.split("ref ")[1].split(")")[0]
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the traceback is in the log, with the same ref


async def test_a_handler_returning_no_reply_is_an_error(ctx: CommandContext, monkeypatch: pytest.MonkeyPatch) -> None:
    async def nothing(ctx: CommandContext, args: dict):  # type: ignore[no-untyped-def]
        return None

    monkeypatch.setitem(COMMANDS, "nothing", CommandSpec("nothing", "returns None", nothing))
    assert _is_one_line_error(await dispatch(ctx, "nothing", {}))


async def test_handlers_get_every_option_converted(ctx: CommandContext, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict = {}

    async def record(ctx: CommandContext, args: dict) -> Reply:
        seen.update(args)
        return Reply("ok")

    spec = CommandSpec("probe", "records", record, (
        Option("since", "d", type="date"), Option("gov", "g", type="government"),
        Option("ev", "e", type="event"), Option("n", "n", type="integer"), Option("text", "t"),
    ))
    monkeypatch.setitem(COMMANDS, "probe", spec)
    reply = await run_text(ctx, "/probe since:2w gov:japan ev:E4 n:3")
    assert reply.title == "ok"
    assert seen == {"since": "2026-01-18", "gov": "JP", "ev": 4, "n": 3, "text": None}


async def test_parse_errors_come_back_as_error_replies(ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/qoute concern")
    assert _is_one_line_error(reply) and "Did you mean /quote?" in reply.description
