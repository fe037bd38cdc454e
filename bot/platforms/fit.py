"""Fit marked-up prose into a platform's length limits: split it into chunks, or trim it with "…".

Why this exists: both renderers must cut long text (an embed description holds 4096 characters, a
Slack section 3000) without ever producing broken output — a cut inside an escape sequence (`\\*`,
`&amp;`), inside a link, or between the two halves of a bold pair would show garbage or, worse,
un-escape user text. So the text is first turned into *atoms* that are already escaped for the
platform (one literal character, or one whole link), and cuts only fall between atoms; bold runs are
closed at the end of a chunk and reopened at the start of the next.

Lengths are counted in UTF-16 code units (what JavaScript's `length` counts), which is never less
than the number of code points, so a chunk that fits here fits on either platform.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from commands.markup import parse, plain

ELLIPSIS = "…"
# Prose longer than this is cut before rendering: no platform shows more than a few messages of it,
# and rendering megabytes character by character would stall the event loop.
MAX_INPUT = 40_000
_URL = re.compile(r"https?://[^\s<>\"|`]+[^\s<>\"|`.,;:!?)\]'*]")


def size(text: str) -> int:
    """Length as the platforms count it (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass(frozen=True)
class Style:
    """How one platform writes escaped text, bold, links and bare URLs.

    `escape_char(ch, line_start)` renders one literal character; `line_start` is True when only
    whitespace precedes it on its line (where `#`, `-` and `>` start block markup on Discord).
    """

    escape_char: Callable[[str, bool], str]
    bold_open: str
    bold_close: str
    link: Callable[[str, str], str]  # (escaped label, url) -> link markup
    bare_url: Callable[[str], str]  # a URL found in literal text -> its safe rendering


class _Atom:
    """One unbreakable piece of rendered text: an escaped character, or a whole link."""

    __slots__ = ("text", "bold", "space", "newline", "fallback", "cost")

    def __init__(
        self, text: str, bold: bool, space: bool = False, newline: bool = False, fallback: tuple["_Atom", ...] = ()
    ) -> None:
        self.text = text  # rendered, escaped
        self.bold = bold
        self.space = space  # a whitespace character: a good place to cut
        self.newline = newline
        self.fallback = fallback  # what to use instead when this atom alone exceeds a limit
        self.cost = len(text) if text.isascii() else size(text)


def _atoms(markup: str, style: Style, urls: bool = True) -> list[_Atom]:
    if len(markup) > MAX_INPUT:
        markup = markup[:MAX_INPUT].rstrip("\\") + ELLIPSIS
    atoms: list[_Atom] = []
    line_start = True

    def chars(text: str, bold: bool) -> list[_Atom]:
        nonlocal line_start
        out = []
        for ch in text:
            out.append(_Atom(style.escape_char(ch, line_start), bold, ch.isspace(), ch == "\n"))
            if ch == "\n":
                line_start = True
            elif not ch.isspace():
                line_start = False
        return out

    for span in parse(markup):
        if span.url is not None:
            label = span.text or span.url
            escaped_label = "".join(style.escape_char(ch, False) for ch in label)
            fallback = tuple(chars(label, span.bold))
            atoms.append(_Atom(style.link(escaped_label, span.url), span.bold, fallback=fallback))
            line_start = False
            continue
        pos = 0
        for match in _URL.finditer(span.text) if urls else ():
            atoms.extend(chars(span.text[pos : match.start()], span.bold))
            url = match.group(0)
            atoms.append(_Atom(style.bare_url(url), span.bold, fallback=tuple(chars(url, span.bold))))
            line_start = False
            pos = match.end()
        atoms.extend(chars(span.text[pos:], span.bold))
    return atoms


def _render(atoms: list[_Atom], style: Style) -> str:
    """Join atoms, wrapping each bold run; whitespace at a run's edges goes outside the markers."""
    out: list[str] = []
    i = 0
    while i < len(atoms):
        j = i
        while j < len(atoms) and atoms[j].bold == atoms[i].bold:
            j += 1
        run = atoms[i:j]
        if atoms[i].bold and any(not a.space for a in run):
            lead = 0
            while run[lead].space:
                lead += 1
            trail = len(run)
            while run[trail - 1].space:
                trail -= 1
            out.extend(a.text for a in run[:lead])
            out.append(style.bold_open)
            out.extend(a.text for a in run[lead:trail])
            out.append(style.bold_close)
            out.extend(a.text for a in run[trail:])
        else:
            out.extend(a.text for a in run)
        i = j
    return "".join(out)


def _overhead(style: Style) -> int:
    return size(style.bold_open) + size(style.bold_close)


def _chunk_cost(atoms: list[_Atom], style: Style) -> int:
    cost = 0
    previous_bold = False
    for atom in atoms:
        if atom.bold and not previous_bold:
            cost += _overhead(style)
        previous_bold = atom.bold
        cost += atom.cost
    return cost


def _expand(atoms: list[_Atom], limit: int) -> list[_Atom]:
    """Replace any atom that could never fit (a 2 KB link in a 1 KB field) by its plain characters."""
    out: list[_Atom] = []
    for atom in atoms:
        if atom.cost > limit and atom.fallback:
            out.extend(_expand(list(atom.fallback), limit))
        elif atom.cost > limit:
            continue  # a single escaped character longer than the limit: only for absurd limits
        else:
            out.append(atom)
    return out


def _strip(atoms: list[_Atom]) -> list[_Atom]:
    start, end = 0, len(atoms)
    while start < end and atoms[start].space:
        start += 1
    while end > start and atoms[end - 1].space:
        end -= 1
    return atoms[start:end]


def split(markup: str, limit: int, style: Style, *, urls: bool = True) -> list[str]:
    """Split prose into rendered chunks of at most `limit` units, preferring line and word breaks."""
    if limit <= _overhead(style) + 1:
        raise ValueError(f"limit {limit} is too small to hold any text")
    atoms = _strip(_expand(_atoms(markup, style, urls), limit - _overhead(style)))
    chunks: list[str] = []
    current: list[_Atom] = []
    cost = 0
    for atom in atoms:
        added = atom.cost + (_overhead(style) if atom.bold and not (current and current[-1].bold) else 0)
        if current and cost + added > limit:
            cut = _cut_point(current)
            head, tail = _strip(current[:cut]), _strip(current[cut:])
            if head:
                chunks.append(_render(head, style))
            current = tail
            cost = _chunk_cost(current, style)
            added = atom.cost + (_overhead(style) if atom.bold and not (current and current[-1].bold) else 0)
            if current and cost + added > limit:  # the tail plus this atom still overflows
                chunks.append(_render(current, style))
                current, cost = [], 0
                added = atom.cost + (_overhead(style) if atom.bold else 0)
        if not current and atom.space:
            continue
        current.append(atom)
        cost += added
    current = _strip(current)
    if current:
        chunks.append(_render(current, style))
    return chunks


def _cut_point(atoms: list[_Atom]) -> int:
    """Where to end a full chunk: after the last newline in its second half, else the last space in
    its last three quarters, else right at the end (a hard cut between two atoms)."""
    n = len(atoms)
    for i in range(n - 1, n // 2, -1):
        if atoms[i].newline:
            return i + 1
    for i in range(n - 1, n // 4, -1):
        if atoms[i].space:
            return i + 1
    return n


def trim(markup: str, limit: int, style: Style, *, urls: bool = True) -> str:
    """The prose in one chunk of at most `limit` units, ending in "…" when something was cut."""
    chunks = split(markup, limit, style, urls=urls)
    if len(chunks) <= 1:
        return chunks[0] if chunks else ""
    return split(markup, limit - size(ELLIPSIS), style, urls=urls)[0] + ELLIPSIS


def trim_plain(text: str, limit: int, style: Style) -> str:
    """A label (plain text, no markup) escaped for the platform and trimmed to `limit`."""
    return trim(plain(text), limit, style, urls=False)


def cut(text: str, limit: int) -> str:
    """Trim already-rendered text with no markup (a Discord footer, a Slack header) to `limit`."""
    if size(text) <= limit:
        return text
    out: list[str] = []
    used = size(ELLIPSIS)
    for ch in text:
        if used + size(ch) > limit:
            break
        out.append(ch)
        used += size(ch)
    return "".join(out).rstrip() + ELLIPSIS
