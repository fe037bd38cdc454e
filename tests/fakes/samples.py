"""Sample option values for invoking any registered command in tests, by option type."""

from __future__ import annotations

from typing import Any

from commands.registry import CommandSpec, Option

HOSTILE_TEXT = (
    'The spokesperson said: "@everyone @here <@&123> <!channel> **we** expressed serious concern '
    'about the [radar](https://evil.example) incident."'
)


def sample_value(option: Option) -> Any:
    if option.type == "integer":
        return 1
    if option.type == "number":
        return 0.5
    if option.type == "choice":
        return option.choices[0] if option.choices else "x"
    if option.type == "government":
        return "JP"
    if option.type == "governments":
        return "JP,US"
    if option.type == "event":
        return "1"
    if option.type == "date":
        return "2025-01-01"
    if option.name == "url":
        return "http://127.0.0.1:9/feed.xml"  # refused (private address) or unreachable: fast either way
    if option.name == "every":
        return "15m"
    return "serious concern"


def sample_args(spec: CommandSpec, *, all_options: bool = False) -> dict[str, Any]:
    """Values for the required options (and every option with `all_options`)."""
    return {o.name: sample_value(o) for o in spec.options if o.required or all_options}


def discord_options(spec: CommandSpec, args: dict[str, Any]) -> list[dict[str, Any]]:
    """The `data.options` of an INTERACTION_CREATE for these values."""
    types = {"integer": 4, "number": 10}
    by_name = {o.name: o for o in spec.options}
    return [{"name": name, "type": types.get(by_name[name].type, 3), "value": value} for name, value in args.items()]
