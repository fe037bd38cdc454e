"""Reply -> Slack Block Kit messages, always inside Slack's limits. Pure: no slack_sdk import.

`render(reply)` returns a list of messages, each `{"text": fallback, "blocks": [...]}`, ready for
`chat.postMessage(**message)` or `respond(**message)`.

Limits honoured: at most 50 blocks a message, 3000 characters a section text, 10 fields of 2000 a
section, 150 characters of header. Longer prose is split at line or word breaks over several section
blocks; more than 50 blocks go to further messages; beyond `max_messages` the rest is cut and a final
context block says so (with the reply's link when it has one). Rendering never fails.

Safety: `& < >` in every literal are escaped (`&amp; &lt; &gt;`), so `<!channel>`, `<!here>`,
`<@U123>` and `<#C1>` in quoted text are inert; mrkdwn control characters in literals (`*`, `~`,
`` ` ``, `_`) are replaced by look-alikes so user text cannot open or close formatting; every text object
is `verbatim` (Slack does not auto-link or auto-mention), and we never set `link_names`. The
command's `**bold**` becomes `*bold*` and its links `<url|label>`.

Severity has no colour in Block Kit, so the header starts with an emoji instead.
"""

from __future__ import annotations

from typing import Any

from bot.platforms import fit
from commands.markup import safe_url, strip
from commands.reply import Field, Reply, Severity

BLOCKS_MAX = 50
SECTION_TEXT_MAX = 3000
SECTION_FIELDS_MAX = 10
FIELD_TEXT_MAX = 2000
HEADER_MAX = 150
CONTEXT_TEXT_MAX = 3000
FALLBACK_MAX = 3000
URL_MAX = 2000
DEFAULT_MAX_MESSAGES = 4

EMOJI: dict[str, str] = {
    Severity.INFO: "",
    Severity.SUCCESS: ":white_check_mark: ",
    Severity.WARNING: ":warning: ",
    Severity.ALERT: ":rotating_light: ",
    Severity.ERROR: ":x: ",
}

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# `_` too: a quoted "_this_ and _that_" would otherwise turn half a message italic.
_LOOKALIKES = {"*": "\u2217", "~": "\u223c", "`": "\u02cb", "_": "\u02cd"}


def _escape_char(ch: str, line_start: bool) -> str:
    return _ENTITIES.get(ch) or _LOOKALIKES.get(ch) or ch


def escape(text: str) -> str:
    """`& < >` escaped: the only escaping Slack itself defines (used for fallback text)."""
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def _url(url: str) -> str:
    return escape(url).replace("|", "%7C")


def _link(label: str, url: str) -> str:
    return f"<{_url(url)}|{label.replace('|', '¦')}>"


def _bare_url(url: str) -> str:
    return f"<{_url(url)}>"


STYLE = fit.Style(escape_char=_escape_char, bold_open="*", bold_close="*", link=_link, bare_url=_bare_url)


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _field_text(f: Field) -> str:
    name = fit.trim_plain(f.name, 200, STYLE)
    head = f"*{name}*\n" if name.strip() else ""
    return head + (fit.trim(f.value, FIELD_TEXT_MAX - fit.size(head), STYLE) or " ")


def _fields_blocks(fields: list[Field]) -> list[dict[str, Any]]:
    """Short fields go two-up in section `fields`; long ones get a section of their own."""
    blocks: list[dict[str, Any]] = []
    group: list[dict[str, Any]] = []
    for f in fields:
        if len(strip(f.value)) > 300 or not f.inline:
            if group:
                blocks.append({"type": "section", "fields": group})
                group = []
            name = fit.trim_plain(f.name, 200, STYLE)
            head = f"*{name}*\n" if name.strip() else ""
            for i, chunk in enumerate(fit.split(f.value, SECTION_TEXT_MAX - fit.size(head), STYLE) or [" "]):
                blocks.append(_section((head if i == 0 else "") + chunk))
            continue
        group.append(_mrkdwn(_field_text(f)))
        if len(group) == SECTION_FIELDS_MAX:
            blocks.append({"type": "section", "fields": group})
            group = []
    if group:
        blocks.append({"type": "section", "fields": group})
    return blocks


def _blocks(reply: Reply) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    title = fit.cut(EMOJI.get(reply.severity, "") + escape(reply.title.strip() or "readout-watch"), HEADER_MAX)
    blocks.append({"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}})
    blocks.extend(_section(chunk) for chunk in fit.split(reply.description, SECTION_TEXT_MAX, STYLE))
    blocks.extend(_fields_blocks(reply.fields))
    for section in reply.sections:
        blocks.append({"type": "divider"})
        heading = f"*{fit.trim_plain(section.heading, 500, STYLE)}*\n" if section.heading else ""
        chunks = fit.split(section.body, SECTION_TEXT_MAX - fit.size(heading), STYLE)
        if heading and not chunks:
            chunks = [""]
        for i, chunk in enumerate(chunks):
            blocks.append(_section(((heading if i == 0 else "") + chunk).rstrip() or " "))
        blocks.extend(_fields_blocks(section.fields))
    lines = []
    for link in reply.links:
        url = safe_url(link.url)
        if url and len(url) <= URL_MAX:
            lines.append(_link(fit.trim_plain(link.label or url, 200, STYLE), url))
    text = ""
    for line in lines:
        if text and fit.size(text) + 1 + fit.size(line) > SECTION_TEXT_MAX:
            blocks.append(_section(text))
            text = ""
        text = f"{text}\n{line}" if text else line
    if text:
        blocks.append(_section(text))
    if reply.footer:
        blocks.append({"type": "context", "elements": [_mrkdwn(fit.trim_plain(reply.footer, CONTEXT_TEXT_MAX, STYLE))]})
    return blocks


def fallback_text(reply: Reply) -> str:
    """The notification text: title and the start of the description, plain and escaped."""
    title = reply.title.strip() or "readout-watch"
    text = title if not reply.description.strip() else f"{title}: {strip(reply.description)}"
    return fit.cut(escape(text).replace("@", "@\u200b"), FALLBACK_MAX)


def render(reply: Reply, *, max_messages: int = DEFAULT_MAX_MESSAGES) -> list[dict[str, Any]]:
    """The reply as one or more Slack messages (see the module docstring)."""
    blocks = _blocks(reply)
    pages = [blocks[i : i + BLOCKS_MAX] for i in range(0, len(blocks), BLOCKS_MAX)]
    if len(pages) > max_messages:
        dropped = len(pages) - max_messages
        pages = pages[: max(1, max_messages)]
        url = safe_url(reply.url)
        note = f"{fit.ELLIPSIS} {dropped} more message{'s' if dropped != 1 else ''} did not fit."
        note += f" <{_url(url)}|Read the full text>" if url and len(url) <= URL_MAX else " Narrow the command to see the rest."
        last = pages[-1]
        if len(last) >= BLOCKS_MAX:
            last.pop()
        last.append({"type": "context", "elements": [_mrkdwn(note)]})
    fallback = fallback_text(reply)
    messages = []
    for i, page in enumerate(pages):
        text = fallback if i == 0 else fit.cut(f"{escape(reply.title.strip() or 'readout-watch')} (continued)", FALLBACK_MAX)
        messages.append({"text": text, "blocks": page})
    return messages
