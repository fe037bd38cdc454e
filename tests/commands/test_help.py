"""/help is generated from the registry: every command, admin ones marked, details on request."""

from __future__ import annotations

from bot.store.sqlite import SQLiteStore
from commands.all import load_commands
from commands.context import CommandContext
from commands.dispatch import run_text
from commands.markup import strip
from commands.reply import Severity

from .conftest import make_ctx


async def test_help_lists_every_registered_command_once(ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/help")
    text = "\n".join(strip(s.body) for s in reply.sections)
    commands = load_commands()
    listed = [c["name"] for c in (reply.data or {})["commands"]]
    assert sorted(listed) == sorted(commands)
    for name, spec in commands.items():
        lines = [line for line in text.splitlines() if line.startswith(f"• /{name} ") or line.startswith(f"• /{name} —")]
        assert len(lines) == 1, name
        assert ("(admin)" in lines[0]) == spec.admin, name
    assert "• /quote <text> [government] [speaker] [since] — Who said a phrase" in text
    assert "/subscribe and /unsubscribe are admin-only" in text


async def test_help_for_one_command_and_for_a_group(ctx: CommandContext) -> None:
    quote = await run_text(ctx, "/help quote")
    assert quote.title == "/quote <text> [government] [speaker] [since]"
    assert [f.name for f in quote.fields] == ["text (required)", "government", "speaker", "since"]
    assert "/quote serious concern" in strip(quote.sections[0].body)
    group = await run_text(ctx, "/help sources")
    assert group.title == "/sources commands"
    assert sorted(c["name"] for c in (group.data or {})["commands"]) == sorted(n for n in load_commands() if n.startswith("sources "))
    unknown = await run_text(ctx, "/help nonsense")
    assert unknown.severity == Severity.ERROR


async def test_help_on_slack_uses_the_readout_prefix(store: SQLiteStore) -> None:
    reply = await run_text(make_ctx(store, platform="slack"), "")
    assert reply.title == "readout-watch commands"
    assert "• /readout quote <text>" in strip(reply.sections[0].body)
