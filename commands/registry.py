"""Command specifications: one declaration drives Discord app commands, Slack text parsing and /help.

A command module declares itself with `@command(...)`; adapters read `COMMANDS` to build their
platform's command tree (options, types, autocomplete, admin permission) without duplicating it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from commands.context import CommandContext
from commands.reply import Reply

Handler = Callable[[CommandContext, dict[str, Any]], Awaitable[Reply]]


@dataclass(frozen=True)
class Option:
    """One argument. `type` is one of OPTION_TYPES:

    "text" (at most `max_length` characters), "number" / "integer" (within `min_value`..`max_value`
    when set), "date" (ISO or relative: "7d", "2w", "yesterday"; handlers get an ISO date),
    "government" (normalised to an ISO alpha-2 code), "governments" (a comma- or space-separated list
    of them; handlers get a tuple), "event" (an event id: 12, "E12"; handlers get an int) and
    "choice" (one of `choices`). Platforms send every value as a string or a number;
    `commands.dispatch` validates and converts, so handlers only ever see clean values (or None).
    "government", "governments" and "event" get autocomplete on Discord.
    """

    name: str
    description: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 500
    min_value: float | None = None
    max_value: float | None = None


OPTION_TYPES: frozenset[str] = frozenset(
    {"text", "number", "integer", "date", "government", "governments", "event", "choice"}
)


@dataclass(frozen=True)
class CommandSpec:
    """`name` may have two words for a group ("sources add"). `defer` = may take over ~1 s."""

    name: str
    description: str
    handler: Handler
    options: tuple[Option, ...] = ()
    admin: bool = False
    defer: bool = False
    examples: tuple[str, ...] = field(default_factory=tuple)


COMMANDS: dict[str, CommandSpec] = {}


def command(
    name: str,
    description: str,
    *,
    options: tuple[Option, ...] = (),
    admin: bool = False,
    defer: bool = False,
    examples: tuple[str, ...] = (),
) -> Callable[[Handler], Handler]:
    def decorate(handler: Handler) -> Handler:
        if name in COMMANDS:
            raise ValueError(f"command {name!r} declared twice")
        COMMANDS[name] = CommandSpec(name, description, handler, options, admin, defer, examples)
        return handler

    return decorate
