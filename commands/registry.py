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
    """One argument. `type` is "text", "number", "integer", "date", "government", "event" or "choice".

    "government" and "event" get autocomplete on Discord; "choice" uses `choices`.
    """

    name: str
    description: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 500


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
