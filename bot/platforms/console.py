"""The console platform: a `Reply` as plain terminal text, and the command context of the local user.

Plain text means no markup survives: bold is dropped, links read "label: url" so they stay
clickable in a terminal, and prose is wrapped to the width without ever breaking a URL.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from commands.context import CommandContext
from commands.markup import strip
from commands.reply import Reply, Severity

if TYPE_CHECKING:
    from bot.store.base import Store

WIDTH = 100
_BULLET = re.compile(r"^(\s*(?:[•\-*]|\d+\.)\s+)")
_PREFIX = {
    Severity.ERROR: "Error: ",
    Severity.ALERT: "ALERT: ",
    Severity.WARNING: "",
    Severity.SUCCESS: "",
    Severity.INFO: "",
}


def console_context(store: "Store", *, user_id: str = "console", channel_id: str = "console") -> CommandContext:
    """The local CLI user owns the database file, so the console is always admin."""
    return CommandContext(store=store, platform="console", user_id=user_id, channel_id=channel_id, is_admin=True)


def render_text(reply: Reply, *, width: int = WIDTH) -> str:
    """The whole reply as text: title, description, fields, sections, links, footer."""
    title = f"{_PREFIX.get(reply.severity, '')}{_flat(reply.title)}"
    out: list[str] = [title, "=" * min(len(title), width)]
    if reply.url:
        out.append(reply.url)
    if reply.description:
        out += ["", _wrap(strip(reply.description), width)]
    if reply.fields:
        out.append("")
        out += [_field(f.name, strip(f.value), width) for f in reply.fields]
    for section in reply.sections:
        out.append("")
        if section.heading:
            heading = _flat(section.heading)
            out += [heading, "-" * min(len(heading), width)]
        if section.body:
            out.append(_wrap(strip(section.body), width))
        out += [_field(f.name, strip(f.value), width) for f in section.fields]
    if reply.links:
        out += ["", "Links:"]
        out += [_wrap(f"• {_flat(link.label)}: {link.url}", width) for link in reply.links]
    if reply.footer:
        out += ["", _wrap(_flat(reply.footer), width)]
    return "\n".join(out).rstrip() + "\n"


def _field(name: str, value: str, width: int) -> str:
    return _wrap(f"{_flat(name)}: {value}", width)


def _wrap(text: str, width: int) -> str:
    """Wrap each line on its own; bullets and indented continuation lines keep a hanging indent."""
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        if not line.strip():
            lines.append("")
            continue
        match = _BULLET.match(line)
        indent = " " * len(match.group(1)) if match else " " * (len(line) - len(line.lstrip()))
        lines += textwrap.wrap(
            line,
            width=width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
            replace_whitespace=False,
        ) or [line]
    return "\n".join(lines)


def _flat(text: str | None) -> str:
    return " ".join(str(text or "").split())
