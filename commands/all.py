"""Import every command module exactly once, so each registers itself in `COMMANDS`.

Adapters that build a platform's command tree (Discord, Slack) call `load_commands()` first.
`commands.sources` is written alongside this layer; until it exists, the other commands still work.
"""

from __future__ import annotations

import importlib

from commands.registry import COMMANDS, CommandSpec

COMMAND_MODULES: tuple[str, ...] = (
    "commands.quote",
    "commands.events",
    "commands.subscriptions",
    "commands.help",
)
OPTIONAL_MODULES: tuple[str, ...] = ("commands.sources",)


def load_commands() -> dict[str, CommandSpec]:
    """The registry with every command module imported (cheap after the first call)."""
    for name in COMMAND_MODULES:
        importlib.import_module(name)
    for name in OPTIONAL_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # the module exists but something it imports is missing: a real bug
                raise
    return COMMANDS


load_commands()
