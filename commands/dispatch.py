"""The single entry point every platform calls: name + raw options -> a `Reply`, never an exception.

Order matters: unknown command, then the admin check (a non-admin learns nothing about options),
then option validation, then the handler. Anything a handler raises is logged with its traceback and
answered with a short ephemeral error carrying a reference that matches the log line.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from commands.context import CommandContext
from commands.markup import plain
from commands.options import OptionError, coerce, event_id, show
from commands.registry import CommandSpec
from commands.reply import Reply

log = logging.getLogger(__name__)

ADMIN_HINT = "Manage Server on Discord, listed in READOUT_ADMINS on Slack"


async def dispatch(ctx: CommandContext, name: str, args: dict[str, Any]) -> Reply:
    """Run command `name` with raw option values (strings or numbers) for the user in `ctx`."""
    try:
        from commands.all import load_commands

        commands = load_commands()
        spec = commands.get(str(name).strip().lstrip("/").lower())
        if spec is None:
            from commands.parse import resolve_command

            _, _, message = resolve_command(str(name).split() or ["?"], commands)
            return Reply.error(plain(message or f"Unknown command /{show(name)}. Type /help to see every command."))
        if spec.admin and not ctx.is_admin:
            return Reply.error(
                plain(f"/{spec.name} is for admins only ({ADMIN_HINT}). Ask an admin of this server to run it."),
                title="Admins only",
            )
        try:
            values = await _validate(ctx, spec, args or {})
        except OptionError as exc:
            return Reply.error(plain(str(exc)), title=f"/{spec.name}: check the options")
        reply = await spec.handler(ctx, values)
        if not isinstance(reply, Reply):
            raise TypeError(f"/{spec.name} returned {type(reply).__name__}, not a Reply")
        return reply
    except Exception:
        ref = secrets.token_hex(3)
        log.exception("command /%s failed (ref %s)", show(name), ref)
        return Reply.error(
            plain(
                f"Something went wrong while running /{show(name)}. It has been logged (ref {ref}); "
                "please try again, or tell an admin if it keeps happening."
            )
        )


async def run_text(ctx: CommandContext, text: str) -> Reply:
    """Parse a typed line (console, Slack `/readout ...`) and dispatch it. Never raises."""
    from commands.parse import parse_invocation

    invocation = parse_invocation(text)
    if invocation.error is not None:
        return Reply.error(plain(invocation.error), title="I did not understand that command")
    return await dispatch(ctx, invocation.name, invocation.args)


async def _validate(ctx: CommandContext, spec: CommandSpec, args: dict[str, Any]) -> dict[str, Any]:
    """Every option of the command, converted (None when not given); unknown names are refused."""
    by_name = {option.name: option for option in spec.options}
    unknown = sorted(str(key) for key in args if key not in by_name)
    if unknown:
        known = ", ".join(by_name) or "none"
        raise OptionError(f"/{spec.name} has no option {show(unknown[0])!r}; its options are: {known}.")
    today = ctx.now.date()
    values: dict[str, Any] = {}
    for option in spec.options:
        raw = args.get(option.name)
        if option.type == "event" and isinstance(raw, str) and raw.strip() and event_id(raw) is None:
            value: Any = await _event_by_title(ctx, raw)
        else:
            value = coerce(option, raw, today=today)
        if value is None and option.required:
            example = f" For example: {spec.examples[0]}" if spec.examples else ""
            raise OptionError(f"/{spec.name} needs {option.name} ({option.description.rstrip('.')}).{example}")
        values[option.name] = value
    return values


async def _event_by_title(ctx: CommandContext, text: str) -> int:
    """Text platforms have no autocomplete: "/divergence Koizumi" picks the one event it names."""
    fallback = f"{show(text)!r} is not an event id; use a number like 12 or E12 (see /events)."
    suggest = getattr(ctx.store.events, "suggest", None)
    if suggest is None or len(text) > 200:
        raise OptionError(fallback)
    matches = await suggest(text.strip(), limit=5)
    if len(matches) == 1:
        return int(matches[0].id)
    if not matches:
        raise OptionError(f"No event title matches {show(text)!r}; use an event id like E12 (try /events {show(text)}).")
    listed = "; ".join(f"E{m.id} {show(m.title)}" for m in matches)
    raise OptionError(f"{show(text)!r} matches several events: {listed}. Use its id, e.g. E{matches[0].id}.")
