"""Fetched bytes -> documents: RSS and Atom (feedparser), JSON Feed, one HTML page (trafilatura),
and the new files of a local folder.

Parsing is pure (bytes in, items out); the watcher does the fetching. Each item carries the source's
government, issuer and kind, and a stable `doc_id` so that polling the same feed again dedupes:

- feed items: the item's guid / id when it is globally unique (a URL, `tag:` or `urn:`), else the
  feed URL + "#" + that id, else the item's link; with none of these the importer's content hash
  is the identity.
- an HTML page: its URL. A page source is imported once; if the page later changes, the new text is
  not imported again (a document is identified by its URL). Watch a feed for a stream of readouts.

Text of a feed item: its full content when present, else its summary (HTML turned into plain text).
An item with neither, only a link, is "link only": `FeedItem.text` is None and the watcher fetches the
linked page (politely, through the same guard and caps) and extracts its main text; see bot/watch.py.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from bot.ingest.dates import parse_iso_date
from bot.ingest.inputs import InputDefaults, Rejection
from bot.models import DocumentInput

FEED_TYPES = ("rss", "atom", "jsonfeed", "html")


class FeedError(ValueError):
    """The body is not a feed (or page) we can read; the message is one line."""


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed (or the one page of an HTML source), before it becomes a document."""

    doc_id: str | None
    title: str | None
    link: str | None
    date: str | None  # YYYY-MM-DD as the publisher wrote it
    text: str | None  # None: the item has only a link
    language: str | None = None

    @property
    def link_only(self) -> bool:
        return not (self.text and self.text.strip())


@dataclass(frozen=True)
class ParsedFeed:
    format: str  # rss | atom | jsonfeed | html
    items: list[FeedItem]
    title: str | None = None


def detect_format(body: bytes, content_type: str | None) -> str:
    """Which reader fits `body`: "jsonfeed", "html", or "xml" (RSS/Atom, decided by feedparser)."""
    ctype = (content_type or "").lower()
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "json" in ctype or head.startswith((b"{", b"[")):
        return "jsonfeed"
    if head.startswith((b"<!doctype html", b"<html")) or (
        "html" in ctype and b"<rss" not in head and b"<feed" not in head
    ):
        return "html"
    return "xml"


def parse_body(body: bytes, *, url: str, content_type: str | None = None, source_type: str = "auto") -> ParsedFeed:
    """Read a fetched body as the source's type ("auto" detects it). Raises FeedError."""
    kind = source_type
    if kind == "auto":
        detected = detect_format(body, content_type)
        kind = "rss" if detected == "xml" else detected
    if kind == "jsonfeed":
        return parse_json_feed(body, url=url)
    if kind == "html":
        return parse_html_page(body, url=url)
    if kind in ("rss", "atom"):
        return parse_xml_feed(body, url=url, content_type=content_type)
    raise FeedError(f"source type {source_type!r} cannot be fetched over HTTP")


def parse_xml_feed(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """RSS 0.9x/1.0/2.0 or Atom through feedparser (which never fetches anything itself here)."""
    import feedparser

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    try:
        parsed = feedparser.parse(body, response_headers=headers)
    except Exception as exc:  # its loose parser raises on some input (e.g. ValueError on "&#x110000;")
        raise FeedError(" ".join(f"malformed feed: {type(exc).__name__}: {exc}".split())[:300]) from None
    version = str(parsed.get("version") or "")
    entries = [e for e in parsed.get("entries") or [] if _usable(e)]
    problem = _bozo_reason(parsed)
    if problem and not entries:
        raise FeedError(f"malformed feed: {problem}")
    if not version and not entries:
        raise FeedError("not an RSS or Atom feed")
    items = [_xml_item(entry, url) for entry in entries]
    fmt = "atom" if version.startswith("atom") else "rss"
    return ParsedFeed(fmt, items, _clean(parsed.get("feed", {}).get("title")))


def _bozo_reason(parsed: Mapping[str, Any]) -> str | None:
    """Why feedparser found the body broken, or None (a wrong charset or content type is not broken)."""
    import feedparser

    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if isinstance(exc, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
        return None
    if hasattr(exc, "getLineNumber"):
        return f"not well-formed XML (line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()})"
    return _one_line(exc) or "unreadable XML"


def _usable(entry: Mapping[str, Any]) -> bool:
    """An entry worth reading: feedparser's loose parser recovers entries from slightly broken feeds
    (which are common), but from a truncated or garbled body it yields empty shells."""
    return any(entry.get(k) for k in ("id", "link", "title", "summary", "content"))


def _xml_item(entry: Mapping[str, Any], feed_url: str) -> FeedItem:
    link = _clean(entry.get("link"))
    text = _best_content(entry)
    date = (
        _date_from(_own(entry, "published"), _own(entry, "published_parsed"))
        or _date_from(_own(entry, "updated"), _own(entry, "updated_parsed"))
    )
    return FeedItem(
        doc_id=stable_id(_clean(entry.get("id")), link, feed_url),
        title=_clean(entry.get("title")),
        link=link,
        date=date,
        text=text,
        language=_clean((entry.get("content") or [{}])[0].get("language")) if entry.get("content") else None,
    )


def _own(entry: Mapping[str, Any], key: str) -> Any:
    """`entry[key]` if the feed gave it, else None. feedparser's `get("updated")` falls back to
    "published" with a DeprecationWarning (its issue 310: the fallback is to be removed), so the
    date would silently change meaning with a feedparser upgrade; the dict's own lookup does not."""
    return dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)


def _best_content(entry: Mapping[str, Any]) -> str | None:
    """The longest full content of an entry as text, else its summary, else None."""
    texts = [_detail_text(c) for c in entry.get("content") or []]
    texts = [t for t in texts if t]
    if texts:
        return max(texts, key=len)
    summary = entry.get("summary_detail") or (
        {"value": entry.get("summary"), "type": "text/html"} if entry.get("summary") else None
    )
    return _detail_text(summary) if summary else None


def _detail_text(detail: Mapping[str, Any]) -> str | None:
    value = detail.get("value") or ""
    if not value.strip():
        return None
    kind = str(detail.get("type") or "text/html").lower()
    text = html_to_text(value) if "html" in kind else value
    return text.strip() or None


def parse_json_feed(body: bytes, *, url: str) -> ParsedFeed:
    """JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FeedError(f"malformed JSON feed: {_one_line(exc)}") from None
    if not isinstance(data, dict) or "jsonfeed.org/version" not in str(data.get("version", "")):
        raise FeedError("not a JSON Feed (no jsonfeed.org version)")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise FeedError("malformed JSON feed: 'items' is not a list")
    language = _clean(data.get("language"))
    items: list[FeedItem] = []
    for raw in raw_items:
        if not isinstance(raw, dict):
            continue
        link = _clean(raw.get("url")) or _clean(raw.get("external_url"))
        text = None
        if isinstance(raw.get("content_text"), str) and raw["content_text"].strip():
            text = raw["content_text"].strip()
        elif isinstance(raw.get("content_html"), str) and raw["content_html"].strip():
            text = html_to_text(raw["content_html"]) or None
        elif isinstance(raw.get("summary"), str) and raw["summary"].strip():
            text = raw["summary"].strip()
        raw_id = raw.get("id")
        items.append(
            FeedItem(
                doc_id=stable_id(_clean(str(raw_id)) if raw_id is not None else None, link, url),
                title=_clean(raw.get("title")),
                link=link,
                date=_date_from(raw.get("date_published")) or _date_from(raw.get("date_modified")),
                text=text,
                language=_clean(raw.get("language")) or language,
            )
        )
    return ParsedFeed("jsonfeed", items, _clean(data.get("title")))


def parse_html_page(body: bytes | str, *, url: str) -> ParsedFeed:
    """One page -> one item with its main text (navigation, footers and ads left out), extracted
    exactly as `readout-watch import` extracts a saved page (bot/ingest/html.py)."""
    from bot.ingest.html import MIN_ARTICLE_WORDS, extract_html

    try:
        data = extract_html(body, url=url)
    except ValueError as exc:
        raise FeedError(str(exc)) from None
    text = (data or {}).get("text") or ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise FeedError("no article text found on the page")
    assert data is not None
    title = _clean(data.get("title"))
    item = FeedItem(url, title, url, _date_from(data.get("date")), text.strip(), _clean(data.get("language")))
    return ParsedFeed("html", [item], title)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header"
    " hr li main nav ol p pre section table td th tr ul".split()
)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's content): paragraphs and line breaks on their
    own lines, inline markup (<b>, <a>) joined into its sentence, scripts and styles dropped.

    lxml (trafilatura's parser) rather than trafilatura itself: trafilatura looks for the main part
    of a whole page, and on a bare fragment it splits sentences at every inline tag.
    """
    import lxml.html
    from lxml import etree

    # Control characters are not XML: lxml parses them but refuses them when text is set below.
    fragment = _NOT_XML.sub(" ", fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return " ".join(fragment.split())
    for element in root.xpath("//script|//style"):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def stable_id(item_id: str | None, link: str | None, feed_url: str) -> str | None:
    """The doc_id a feed item keeps across polls (see the module docstring)."""
    if item_id:
        if "://" in item_id or item_id.lower().startswith(("tag:", "urn:")):
            return item_id
        return f"{feed_url}#{item_id}"
    return link or None


def to_input(
    item: FeedItem, defaults: InputDefaults, *, source_id: int | None, origin: str, fmt: str
) -> DocumentInput | Rejection:
    """A document for the importer, or a rejection naming the item when it has no text."""
    where = f"{origin} item {item.doc_id or item.link or item.title or '?'}"
    if item.link_only:
        return Rejection(where, "the item has no text")
    return DocumentInput(
        text=item.text or "",
        doc_id=item.doc_id,
        government=defaults.government,
        issuer=defaults.issuer,
        kind=defaults.kind,
        title=item.title,
        date=item.date,
        url=item.link,
        language=item.language or defaults.language,
        metadata={"source_format": fmt},
        source_id=source_id,
        origin=where,
    )


def with_page_text(item: FeedItem, page: ParsedFeed) -> FeedItem:
    """A link-only item completed with the main text of the page it links to."""
    found = page.items[0]
    return replace(item, text=found.text, title=item.title or found.title, date=item.date or found.date)


# --- folder sources ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FolderScan:
    """Files of a folder source that are new or changed since last seen (relative path -> signature)."""

    new: dict[str, str]
    root: Path

    def paths(self) -> list[Path]:
        return [self.root / rel for rel in sorted(self.new)]


def scan_folder(root: Path, seen: Mapping[str, str]) -> FolderScan:
    """Walk `root` (hidden files and folders skipped) and keep the files not seen with this
    size and modification time. Raises FeedError when the folder cannot be read."""
    if not root.is_dir():
        raise FeedError(f"folder {root} does not exist or is not a folder")
    new: dict[str, str] = {}
    try:
        for dirpath, dirnames, filenames in os.walk(root, onerror=_raise):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue  # vanished between listing and stat: next poll sees it or not
                rel = path.relative_to(root).as_posix()
                signature = f"{stat.st_size}:{stat.st_mtime_ns}"
                if seen.get(rel) != signature:
                    new[rel] = signature
    except OSError as exc:
        raise FeedError(f"cannot read folder {root}: {exc.strerror or exc}") from None
    return FolderScan(new, root)


def _raise(exc: OSError) -> None:
    raise exc


# --- small helpers -------------------------------------------------------------------------------


def _date_from(value: Any, parsed: Any = None) -> str | None:
    """The publisher's calendar date from an RFC 822 or ISO 8601 value (no shift to UTC)."""
    if isinstance(value, str) and value.strip():
        iso = parse_iso_date(value)
        if iso is not None:
            return iso[0]
        try:
            return parsedate_to_datetime(value.strip()).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    if parsed is not None:
        try:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
        except AttributeError:
            return None
    return None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
    return text or None


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())[:300]

