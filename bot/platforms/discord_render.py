"""Reply -> Discord messages with embeds, always inside Discord's limits. Pure: no discord.py import.

`render(reply)` returns a list of message bodies, one per message to post, each a JSON-ready dict
for `POST /channels/{id}/messages` (and the interaction/webhook equivalents):

    {"embeds": [embed, ...], "allowed_mentions": {"parse": []}}

Why several messages: an answer may hold more than one message can (6000 characters and 10 embeds a
message; 4096 a description, 25 fields of 1024). Long prose is split at line or word breaks into
continuation embeds, embeds are packed into messages, and beyond `max_messages` the rest is cut and a
final field says so and links the full text when the reply has a URL. Rendering never fails.

Safety: prose fields carry the neutral markup of `commands.markup`; every literal character is
escaped for Discord markdown, `@` gets a zero-width space (so `@everyone`, `@here`, `<@123>`,
`<@&role>` are inert even before `allowed_mentions` forbids pings), and `<` is escaped so no
`<@…>`, `<#…>` or `<t:…>` token can form. Only the command's own bold and links survive.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.platforms import fit
from commands.markup import safe_url
from commands.reply import Field, Reply, Severity

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
MESSAGE_TOTAL_MAX = 6000
EMBEDS_MAX = 10
URL_MAX = 2048
DEFAULT_MAX_MESSAGES = 4
BLANK = "\u200b"  # Discord rejects empty field names/values; a zero-width space reads as blank

COLOURS: dict[str, int] = {
    Severity.INFO: 0x5865F2,
    Severity.SUCCESS: 0x57F287,
    Severity.WARNING: 0xFEE75C,
    Severity.ALERT: 0xED4245,
    Severity.ERROR: 0x99AAB5,
}
ALLOWED_MENTIONS_NONE: dict[str, Any] = {"parse": [], "users": [], "roles": [], "replied_user": False}

_ALWAYS = frozenset("\\*_~`|[]<>")
_LINE_START = frozenset("#->+")


def _escape_char(ch: str, line_start: bool) -> str:
    if ch == "@":
        return "@" + BLANK
    if ch in _ALWAYS or (line_start and ch in _LINE_START):
        return "\\" + ch
    return ch


def _link(label: str, url: str) -> str:
    return f"[{label}]({url})"


def _bare_url(url: str) -> str:
    # Inside <...> Discord parses no markdown and no mentions, and shows no preview. "@" is
    # percent-encoded all the same (the same URL), so no "@everyone" text survives anywhere.
    return f"<{url.replace('@', '%40')}>"


STYLE = fit.Style(escape_char=_escape_char, bold_open="**", bold_close="**", link=_link, bare_url=_bare_url)


def escape(text: str) -> str:
    """Plain outside text made inert for Discord (for callers that build a message by hand)."""
    return "".join(_escape_char(ch, i == 0 or text[i - 1] == "\n") for i, ch in enumerate(text))


# --- building embeds -------------------------------------------------------------------------


def embed_size(embed: dict[str, Any]) -> int:
    """Characters Discord counts toward the 6000 per message."""
    total = fit.size(embed.get("title", "")) + fit.size(embed.get("description", ""))
    total += fit.size(embed.get("footer", {}).get("text", ""))
    total += fit.size(embed.get("author", {}).get("name", ""))
    for f in embed.get("fields", []):
        total += fit.size(f["name"]) + fit.size(f["value"])
    return total


class _Embeds:
    """Accumulates embeds, opening a new one whenever the next part would break a per-embed limit."""

    def __init__(self, colour: int) -> None:
        self.colour = colour
        self.embeds: list[dict[str, Any]] = []

    def start(self, title: str | None = None, url: str | None = None) -> None:
        embed: dict[str, Any] = {"type": "rich", "color": self.colour}
        if title:
            embed["title"] = title
            if url:
                embed["url"] = url
        self.embeds.append(embed)

    def _current(self) -> dict[str, Any]:
        if not self.embeds:
            self.start()
        return self.embeds[-1]

    def description(self, text: str) -> None:
        embed = self._current()
        if "description" in embed or embed.get("fields") or embed_size(embed) + fit.size(text) > MESSAGE_TOTAL_MAX:
            self.start()
            embed = self.embeds[-1]
        embed["description"] = text

    def field(self, name: str, value: str, inline: bool = False) -> None:
        embed = self._current()
        fields = embed.get("fields", [])
        if len(fields) >= FIELDS_MAX or embed_size(embed) + fit.size(name) + fit.size(value) > MESSAGE_TOTAL_MAX:
            self.start()
            embed = self.embeds[-1]
        embed.setdefault("fields", []).append({"name": name, "value": value, "inline": inline})

    def footer(self, text: str) -> None:
        embed = self._current()
        if embed_size(embed) + fit.size(text) > MESSAGE_TOTAL_MAX:
            self.start()
            embed = self.embeds[-1]
        embed["footer"] = {"text": text}


def _prose(builder: _Embeds, markup: str) -> None:
    for chunk in fit.split(markup, DESCRIPTION_MAX, STYLE):
        builder.description(chunk)


def _fields(builder: _Embeds, fields: Iterable[Field]) -> None:
    for f in fields:
        name = fit.trim_plain(f.name, FIELD_NAME_MAX, STYLE) or BLANK
        chunks = fit.split(f.value, FIELD_VALUE_MAX, STYLE) or [BLANK]
        for i, chunk in enumerate(chunks):
            builder.field(name if i == 0 else BLANK, chunk, f.inline and len(chunks) == 1)


def _safe_url(url: str | None) -> str | None:
    target = safe_url(url)
    return target if target and len(target) <= URL_MAX else None


def _embeds(reply: Reply) -> list[dict[str, Any]]:
    builder = _Embeds(COLOURS.get(reply.severity, COLOURS[Severity.INFO]))
    builder.start(fit.trim_plain(reply.title, TITLE_MAX, STYLE) or BLANK, _safe_url(reply.url))
    _prose(builder, reply.description)
    _fields(builder, reply.fields)
    for section in reply.sections:
        heading = fit.trim_plain(section.heading, TITLE_MAX, STYLE) if section.heading else None
        builder.start(heading)
        _prose(builder, section.body)
        _fields(builder, section.fields)
    links = [(link.label, _safe_url(link.url)) for link in reply.links]
    lines = [_link(fit.trim_plain(label or url, 200, STYLE), url) for label, url in links if url]
    if lines:
        value: list[str] = []
        for line in lines:
            if value and fit.size("\n".join([*value, line])) > FIELD_VALUE_MAX:
                builder.field("Links", "\n".join(value))
                value = []
            value.append(line)
        builder.field("Links", "\n".join(value))
    if reply.footer:
        builder.footer(fit.cut(reply.footer.replace("@", "@" + BLANK), FOOTER_MAX))
    return [e for e in builder.embeds if _has_content(e)] or [{"type": "rich", "color": builder.colour, "title": BLANK}]


def _has_content(embed: dict[str, Any]) -> bool:
    return any(key in embed for key in ("title", "description", "fields", "footer"))


def _pack(embeds: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    messages: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    total = 0
    for embed in embeds:
        cost = embed_size(embed)
        if current and (len(current) >= EMBEDS_MAX or total + cost > MESSAGE_TOTAL_MAX):
            messages.append(current)
            current, total = [], 0
        current.append(embed)
        total += cost
    if current:
        messages.append(current)
    return messages


def _truncate(messages: list[list[dict[str, Any]]], keep: int, url: str | None) -> list[list[dict[str, Any]]]:
    """Keep the first `keep` messages and end the last with a field saying what was left out."""
    dropped = len(messages) - keep
    kept = messages[:keep]
    last = kept[-1]
    more = f"{dropped} more message{'s' if dropped != 1 else ''} did not fit."
    note = f"{more} [Read the full text]({url})" if url else f"{more} Narrow the command to see the rest."
    note_cost = fit.size(fit.ELLIPSIS) + fit.size(note)
    while sum(embed_size(e) for e in last) + note_cost > MESSAGE_TOTAL_MAX or len(last[-1].get("fields", [])) >= FIELDS_MAX:
        embed = last[-1]
        if embed.get("fields"):
            embed["fields"].pop()
        elif "description" in embed and len(last) == 1:
            embed["description"] = fit.cut(embed["description"], max(1, fit.size(embed["description"]) - note_cost))
        else:
            last.pop()
            if not last:
                last.append({"type": "rich", "color": COLOURS[Severity.INFO]})
    last[-1].setdefault("fields", []).append({"name": fit.ELLIPSIS, "value": note, "inline": False})
    return kept


def render(reply: Reply, *, max_messages: int = DEFAULT_MAX_MESSAGES) -> list[dict[str, Any]]:
    """The reply as one or more Discord message bodies (see the module docstring)."""
    messages = _pack(_embeds(reply))
    if len(messages) > max_messages:
        url = _safe_url(reply.url) or next((u for u in (_safe_url(l.url) for l in reply.links) if u), None)
        messages = _truncate(messages, max(1, max_messages), url)
    return [{"embeds": embeds, "allowed_mentions": dict(ALLOWED_MENTIONS_NONE)} for embeds in messages]


def plain_text(reply: Reply, limit: int = 2000) -> str:
    """A one-line-ish summary for logs and notifications (no markdown, inert mentions)."""
    from commands.markup import strip

    text = reply.title if not reply.description else f"{reply.title}: {strip(reply.description)}"
    return fit.cut(text.replace("@", "@" + BLANK), limit)
