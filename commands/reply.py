"""The `Reply` model every command returns and every platform renders.

Renderers (bot/platforms/*) know their platform's limits and split or trim; a Reply itself has none,
so commands can say everything and let the renderer decide what fits.

Markup (see commands/markup.py for the grammar and the shared parser):
- PROSE fields carry the neutral inline markup (`**bold**`, `[label](url)`, backslash escapes):
  `Reply.description`, `Section.body`, `Field.value`. Renderers must pass them through
  `commands.markup.render(text, escape=..., bold=..., link=...)` (or `parse()`), which escapes
  every literal span for the platform and keeps the command's bold and links.
- LABEL fields are plain text, never markup: `Reply.title`, `Section.heading`, `Field.name`,
  `Link.label`, `Reply.footer`. Renderers escape them as plain text for their platform.
- Only command code emits markup, and only through `plain()`, `bold()` and `link()`; user and document
  text is always escaped with `plain()` first, so a readout containing `*` or `[x](y)` shows literally.
- `Reply.data` is the machine-readable payload (`--json`); it holds raw values, no markup.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ALERT = "alert"  # a divergence alert
    ERROR = "error"


@dataclass
class Field:
    """A labelled value (Discord embed field / Slack section field)."""

    name: str
    value: str
    inline: bool = False


@dataclass
class Link:
    label: str
    url: str


@dataclass
class Section:
    """A block of prose with an optional heading and its own fields (e.g. one side of a divergence)."""

    heading: str | None = None
    body: str = ""
    fields: list[Field] = field(default_factory=list)


@dataclass
class Reply:
    title: str
    description: str = ""
    sections: list[Section] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    severity: Severity = Severity.INFO
    ephemeral: bool = False
    url: str | None = None
    footer: str | None = None
    data: dict[str, Any] | None = None  # machine-readable payload for --json (not rendered)

    def to_dict(self) -> dict[str, Any]:
        result = asdict(self)
        result["severity"] = str(self.severity)
        return result

    @classmethod
    def error(cls, message: str, *, title: str = "Sorry, that did not work") -> "Reply":
        """A readable, ephemeral error: one line a user can act on.

        `message` is prose (markup): pass any user or document text in it through `plain()`.
        """
        return cls(title=title, description=message, severity=Severity.ERROR, ephemeral=True)
