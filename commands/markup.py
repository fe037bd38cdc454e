"""The platform-neutral inline markup of `Reply` prose, and the one parser every renderer shares.

Why a markup of our own: commands want to bold the words a quote matched and put a link next to a
document, but the text around them is *someone else's* (a user's search words, a readout's sentence,
an event title). If commands wrote Discord markdown or Slack mrkdwn directly, a readout containing
`*` or `<!channel>` would be interpreted by the platform. Instead commands write this tiny markup, in
which every character of outside text is escaped by `plain()`; each renderer parses it back into
spans with `parse()` and escapes each span for its own platform (Discord: markdown escapes; Slack:
`& < >`; console: nothing), then applies its own bold and link syntax.

Grammar (only these three constructs exist):
  `\\X`            the literal character X (used for `\\`, `*`, `[` and `]`)
  `**text**`      bold; only when a closing `**` follows, otherwise the stars are literal
  `[label](url)`  a link; `url` has no spaces or `)` (`link()` percent-encodes them)

Rules for command code: build prose only with `plain()`, `bold()`, `link()` and literal text you
wrote yourself. Never concatenate raw user or document text into a marked-up field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

_SPECIAL = frozenset("\\*[]")


@dataclass(frozen=True)
class Span:
    """A run of literal text with its formatting. `url` is set for a link (text = its label)."""

    text: str
    bold: bool = False
    url: str | None = None


def plain(text: object) -> str:
    """Outside text (user input, a document sentence) made safe to place in marked-up prose."""
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in str(text))


def bold(text: object) -> str:
    """Outside text in bold. Empty text stays empty (an empty `****` would read as literal stars)."""
    escaped = plain(text)
    return f"**{escaped}**" if escaped else ""


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for the link syntax, or None for anything else (`javascript:`, junk).

    Document URLs come from imported files and feeds, so they are not trusted to be links.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        return None  # user@host links are a phishing trick ("https://gov.example@evil.example/")
    # ")" and spaces percent-encoded for the link syntax; "@" too ("?to=@everyone" reads as a mention
    # in some clients; %40 is the same URL)
    return quote(url, safe="!#$%&'*+,/:;=?[]~-._(")


def link(label: object, url: str | None) -> str:
    """A link with an outside-text label; just the escaped label when the URL is not linkable."""
    target = safe_url(url)
    text = str(label) or (target or "")
    if target is None:
        return plain(text)
    return f"[{plain(text)}]({target})"


def parse(markup: str) -> list[Span]:
    """Split marked-up prose into spans. Never raises: malformed markup is literal text."""
    spans: list[Span] = []
    buffer: list[str] = []
    is_bold = False
    i, n = 0, len(markup)

    def flush() -> None:
        if buffer:
            spans.append(Span("".join(buffer), is_bold))
            buffer.clear()

    while i < n:
        ch = markup[i]
        if ch == "\\" and i + 1 < n:
            buffer.append(markup[i + 1])
            i += 2
            continue
        if markup.startswith("**", i) and (is_bold or _find_unescaped(markup, "**", i + 2) != -1):
            flush()
            is_bold = not is_bold
            i += 2
            continue
        if ch == "[":
            parsed = _parse_link(markup, i)
            if parsed is not None:
                flush()
                label, url, i = parsed
                spans.append(Span(label, is_bold, url))
                continue
        buffer.append(ch)
        i += 1
    flush()
    return _merge(spans)


def render(
    markup: str,
    *,
    escape: Callable[[str], str] = lambda s: s,
    bold: Callable[[str], str] = lambda s: s,
    link: Callable[[str, str], str] = lambda label, url: label if label == url else f"{label}: {url}",
) -> str:
    """Render prose for one platform: `escape` every literal, then wrap bold runs and links."""
    out: list[str] = []
    for span in parse(markup):
        text = escape(span.text)
        if span.url is not None:
            text = link(text, span.url)
        if span.bold and span.text.strip():
            text = bold(text)
        out.append(text)
    return "".join(out)


def strip(markup: str) -> str:
    """Plain text: bold removed, links as "label: url" (or just the url when that is the label)."""
    return render(markup)


def _find_unescaped(text: str, token: str, start: int) -> int:
    i = start
    while True:
        found = text.find(token, i)
        if found == -1:
            return -1
        # Count backslashes right before it: an odd number escapes the first character.
        slashes, j = 0, found - 1
        while j >= start and text[j] == "\\":
            slashes += 1
            j -= 1
        if slashes % 2 == 0:
            return found
        i = found + 1


def _parse_link(text: str, start: int) -> tuple[str, str, int] | None:
    """`[label](url)` at `start` -> (label, url, index after it), or None when it is not a link."""
    label: list[str] = []
    i, n = start + 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            label.append(text[i + 1])
            i += 2
            continue
        if ch == "[":
            return None
        if ch == "]":
            break
        label.append(ch)
        i += 1
    else:
        return None
    if not text.startswith("(", i + 1):
        return None
    end = text.find(")", i + 2)
    if end == -1:
        return None
    url = text[i + 2 : end]
    if not url or any(c.isspace() for c in url) or safe_url(url) is None:
        return None
    return "".join(label), url, end + 1


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if not span.text and span.url is None:
            continue
        last = merged[-1] if merged else None
        if last is not None and last.url is None and span.url is None and last.bold == span.bold:
            merged[-1] = Span(last.text + span.text, last.bold)
        else:
            merged.append(span)
    return merged
