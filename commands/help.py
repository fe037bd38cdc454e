"""/help: every registered command with one line each, or the details of one command.

Generated from the registry, so a new command (including the admin `/sources ...` family written
elsewhere) appears here without anyone editing this file.
"""

from __future__ import annotations

from typing import Any

from commands.context import CommandContext
from commands.markup import bold, plain
from commands.options import show
from commands.registry import COMMANDS, CommandSpec, Option, command
from commands.reply import Field, Reply, Section

ADMIN_WHO = "Admin commands need Manage Server on Discord, or a user id listed in READOUT_ADMINS on Slack."
ADMIN_NOTE = ADMIN_WHO + " /subscribe and /unsubscribe are admin-only because they change what the whole channel receives."


@command(
    "help",
    "Every command with one line each; /help quote shows one command's options and examples.",
    options=(Option("command", "A command to explain, e.g. quote", max_length=60),),
    examples=("/help", "/help quote"),
)
async def help_command(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    prefix = "/readout " if ctx.platform == "slack" else "/"
    wanted = (args.get("command") or "").strip().lstrip("/").lower()
    if wanted.startswith("readout "):
        wanted = wanted[len("readout "):]
    if wanted:
        spec = COMMANDS.get(wanted)
        if spec is None:
            group = sorted(n for n in COMMANDS if n.startswith(wanted + " "))
            if group:
                return _overview(prefix, [COMMANDS[n] for n in group], title=f"{prefix}{wanted} commands")
            return Reply.error(plain(f"There is no command {show(wanted)!r}. /help lists every command."))
        return _details(prefix, spec)
    return _overview(prefix, [COMMANDS[n] for n in sorted(COMMANDS)], title="readout-watch commands")


def usage(prefix: str, spec: CommandSpec) -> str:
    """"/quote <text> [government] [speaker] [since]" (plain text)."""
    parts = [f"<{o.name}>" if o.required else f"[{o.name}]" for o in spec.options]
    return " ".join([f"{prefix}{spec.name}", *parts])


def _overview(prefix: str, specs: list[CommandSpec], *, title: str) -> Reply:
    everyone = [s for s in specs if not s.admin]
    admins = [s for s in specs if s.admin]
    sections = []
    if everyone:
        sections.append(Section(heading="Commands", body="\n".join(_line(prefix, s) for s in everyone)))
    if admins:
        sections.append(Section(heading="Admin commands", body="\n".join(_line(prefix, s) for s in admins) + "\n\n" + ADMIN_NOTE))
    return Reply(
        title=title,
        description="Find where governments' readouts of the same call or meeting diverge, and who said what.",
        sections=sections,
        footer=f"{prefix}help <command> shows options and examples.",
        ephemeral=True,
        data={"commands": [_spec_data(prefix, s) for s in specs]},
    )


def _line(prefix: str, spec: CommandSpec) -> str:
    admin = " (admin)" if spec.admin else ""
    return f"• {bold(usage(prefix, spec))}{admin} — {plain(spec.description)}"


def _details(prefix: str, spec: CommandSpec) -> Reply:
    fields = [
        Field(o.name + (" (required)" if o.required else ""), plain(o.description) + _type_hint(o))
        for o in spec.options
    ]
    examples = [e.replace("/", prefix, 1) if e.startswith("/") else e for e in spec.examples]
    sections = [Section(heading="Examples", body="\n".join(plain(e) for e in examples))] if examples else []
    return Reply(
        title=usage(prefix, spec),
        description=plain(spec.description) + ("\n" + ADMIN_WHO if spec.admin else ""),
        fields=fields,
        sections=sections,
        footer="Give options as name:value or --name value; put several words in quotes.",
        ephemeral=True,
        data={"command": _spec_data(prefix, spec)},
    )


def _type_hint(option: Option) -> str:
    hints = {
        "date": " (a date: 2025-12-01, 7d, 2w, yesterday)",
        "government": " (a country code or name: JP, Japan)",
        "governments": " (codes or names, comma-separated: JP,US)",
        "event": " (an event id: E12)",
        "number": "",
        "integer": "",
    }
    if option.type == "choice" and option.choices:
        return " (one of: " + plain(", ".join(option.choices)) + ")"
    return hints.get(option.type, "")


def _spec_data(prefix: str, spec: CommandSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "usage": usage(prefix, spec),
        "description": spec.description,
        "admin": spec.admin,
        "options": [
            {"name": o.name, "type": o.type, "required": o.required, "description": o.description}
            for o in spec.options
        ],
        "examples": list(spec.examples),
    }
