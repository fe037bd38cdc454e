"""Plain-text and Markdown files (saved articles, pasted readouts) to documents.

The whole text is kept as the document, title line included, so nothing is lost; the title and date
are read from the top of the file when it looks like a saved news page: a headline line, and a
"Published: Dec 12, 2025" line.
"""

from __future__ import annotations

import re

from bot.ingest.dates import find_published_date
from bot.ingest.inputs import InputDefaults, Rejection
from bot.models import DocumentInput
from bot.store.documents import content_hash

TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 35
# How many leading non-empty lines may be skipped as a section kicker or a photo caption.
_TITLE_SEARCH_LINES = 3
_CAPTION = re.compile(r"\b(?:photo|image|picture|credit|file photo)s?\s*:\s*\S|\bphoto by\b", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*\s*$")


def decode_text(raw: bytes) -> str | None:
    """UTF-8 text with a byte-order mark removed and line ends made "\\n"; None if not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def undecodable_reason(raw: bytes) -> str:
    """Where the first byte that is not UTF-8 is, for the rejection message."""
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw.count(b"\n", 0, offset) + 1
        return f"not valid UTF-8 (byte 0x{raw[offset]:02x} on line {line}); save the file as UTF-8"
    return "not valid UTF-8"


def file_doc_id(stem: str, text: str) -> str:
    """The external id of a document read from a file: its name plus a short hash of its text.

    Stable, so importing the same file again is a duplicate; and two different files that share a
    name (two sites' `index.html`) do not collide, which a bare file name would make a false duplicate.
    """
    slug = "-".join(stem.split()) or "document"
    return f"{slug}-{content_hash(text)[:8]}"


def guess_title(lines: list[str], *, markdown: bool = False) -> str | None:
    """The headline at the top of a saved article, if its first lines look like one.

    Skips a short all-caps section kicker ("CHINA / DIPLOMACY") and photo captions; a first line that
    reads like a sentence (ends with a full stop, or is long) means there is no title line.
    """
    seen = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > _TITLE_SEARCH_LINES:
            return None
        if markdown:
            heading = _MD_HEADING.match(stripped)
            if heading:
                return heading.group("title")
        if _is_kicker(stripped) or _CAPTION.search(stripped):
            continue
        return stripped if _looks_like_title(stripped) else None
    return None


def _is_kicker(line: str) -> bool:
    return len(line) <= 40 and any(c.isalpha() for c in line) and line == line.upper()


def _looks_like_title(line: str) -> bool:
    return (
        3 <= len(line) <= TITLE_MAX_CHARS
        and len(line.split()) <= TITLE_MAX_WORDS
        and not line.endswith((".", ",", ";", ":"))
    )


def text_to_input(raw: bytes, *, name: str, stem: str, defaults: InputDefaults, markdown: bool = False) -> DocumentInput | Rejection:
    """A document from the bytes of a .txt or .md file named `name` (used as its origin)."""
    text = decode_text(raw)
    if text is None:
        return Rejection(name, undecodable_reason(raw))
    if not text.strip():
        return Rejection(name, "file has no text")
    lines = text.split("\n")
    return DocumentInput(
        text=text,
        doc_id=file_doc_id(stem, text),
        government=defaults.government,
        issuer=defaults.issuer,
        kind=defaults.kind,
        title=guess_title(lines, markdown=markdown),
        date=find_published_date(lines),
        language=defaults.language,
        metadata={"file": name},
        origin=name,
    )
