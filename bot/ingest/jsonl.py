"""The corpus import format: one JSON object a line (see the JSONL contract in DESIGN.md).

Every line becomes either a `DocumentInput` or a `Rejection` naming the line ("file.jsonl:12") and
saying what is wrong with it, so one bad line never stops the good ones. Fields we do not model are kept
in `metadata`, never a reason to reject: corpora carry provenance notes and the like.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from bot.ingest.dates import parse_iso_date
from bot.ingest.fields import KIND_CHOICES, format_megabytes, government_code, kind_value
from bot.ingest.inputs import Rejection
from bot.models import DocumentInput

DEFAULT_MAX_CHARS = 2_000_000
# Optional string fields copied as they are (after trimming); `text`, `government`, `kind`, `date`
# and `doc_id` have rules of their own below.
_PLAIN_FIELDS = ("issuer", "title", "url", "language")
KNOWN_FIELDS = frozenset({"text", "doc_id", "government", "kind", "date", *_PLAIN_FIELDS})
_BOM = b"\xef\xbb\xbf"
# JSON escapes for UTF-16 surrogates: only then can a decoded string hold one that cannot be stored.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_REASON_MAX = 200


def max_line_bytes(max_chars: int) -> int:
    """The longest line worth decoding: a text at the limit written entirely as \\uXXXX escapes
    (6 bytes a character), plus room for the other fields. Longer lines are rejected unread."""
    return max_chars * 6 + 1_000_000


def read_jsonl(path: Path, *, name: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[DocumentInput | Rejection]:
    """Inputs from a JSONL file, read line by line (a large file is never held in memory)."""
    with open(path, "rb") as stream:
        yield from parse_jsonl(stream, name=name or str(path), max_chars=max_chars)


def parse_jsonl(stream: IO[bytes] | Iterable[bytes], *, name: str, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[DocumentInput | Rejection]:
    """Inputs from a binary stream (or an iterable of byte lines) of JSONL named `name`.

    Blank lines are skipped; a UTF-8 byte-order mark and CRLF line ends are accepted.
    """
    for lineno, line, length in _lines(stream, max_line_bytes(max_chars)):
        origin = f"{name}:{lineno}"
        if line is None:
            yield Rejection(origin, f"line is {format_megabytes(length, 'bytes')}, over the {format_megabytes(max_chars)} limit for one document")
            continue
        item = parse_line(line, origin=origin)
        if item is not None:
            yield item


def _lines(stream: IO[bytes] | Iterable[bytes], limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes, length) for each line; a line over `limit` bytes comes as None and is
    drained in bounded chunks, so one runaway line cannot exhaust memory."""
    readline = getattr(stream, "readline", None)
    if readline is None:
        for lineno, line in enumerate(stream, start=1):
            yield lineno, (None if len(line) > limit else line), len(line)
        return
    lineno = 0
    while True:
        line = readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield lineno, line, len(line)
            continue
        length = len(line)
        while True:
            chunk = readline(1 << 20)
            length += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                break
        yield lineno, None, length


def parse_line(line: bytes, *, origin: str) -> DocumentInput | Rejection | None:
    """One line of JSONL to an input or a rejection; None for a blank line."""
    if line.startswith(_BOM):
        line = line[len(_BOM):]
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejection(origin, f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start + 1})")
    text = text.rstrip("\r\n")
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        where = "column" if exc.msg.endswith(" at") else "at column"  # "Unterminated string starting at"
        return Rejection(origin, f"not valid JSON: {exc.msg} {where} {exc.colno}")
    except (ValueError, RecursionError) as exc:
        return Rejection(origin, _one_line(f"not valid JSON: {exc}" if str(exc) else "not valid JSON: nested too deeply"))
    if _SURROGATE_ESCAPE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return Rejection(origin, "contains an unpaired UTF-16 surrogate escape (\\ud800-\\udfff), which is not valid Unicode")
    return parse_record(value, origin=origin)


def parse_record(value: Any, *, origin: str) -> DocumentInput | Rejection:
    """Validate one decoded JSON value against the import contract."""
    if not isinstance(value, dict):
        return Rejection(origin, f"line is not a JSON object (found {_json_type(value)})")
    if "text" not in value:
        return Rejection(origin, "missing required field 'text'")
    text = value["text"]
    if not isinstance(text, str) or not text.strip():
        return Rejection(origin, "'text' must be a non-empty string")

    # An optional field that is an empty string is absent, as spreadsheet and database exports write it.
    value = {k: v for k, v in value.items() if not (k in KNOWN_FIELDS and k != "text" and isinstance(v, str) and not v.strip())}
    fields: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for key in _PLAIN_FIELDS:
        raw = value.get(key)
        if raw is None:
            continue
        if not isinstance(raw, str):
            return Rejection(origin, f"'{key}' must be a string (found {_json_type(raw)})")
        fields[key] = raw.strip() or None

    doc_id = value.get("doc_id")
    if doc_id is not None:
        if isinstance(doc_id, int) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)
        if not isinstance(doc_id, str):
            return Rejection(origin, f"'doc_id' must be a string (found {_json_type(doc_id)})")
        fields["doc_id"] = doc_id.strip()

    government = value.get("government")
    if government is not None:
        code = government_code(government) if isinstance(government, str) else None
        if code is None:
            return Rejection(origin, f"'government' must be an ISO 3166 alpha-2 code such as 'JP' (found {_shown(government)})")
        fields["government"] = code

    kind = value.get("kind")
    if kind is not None:
        normalised = kind_value(kind) if isinstance(kind, str) else None
        if normalised is None:
            return Rejection(origin, f"'kind' must be one of {', '.join(KIND_CHOICES)} (found {_shown(kind)})")
        fields["kind"] = normalised

    raw_date = value.get("date")
    if raw_date is not None:
        parsed = parse_iso_date(raw_date) if isinstance(raw_date, str) else None
        if parsed is None:
            return Rejection(origin, f"'date' is not an ISO 8601 date such as '2025-12-12' (found {_shown(raw_date)})")
        fields["date"], had_time = parsed
        if had_time:
            metadata["date_original"] = raw_date.strip()

    for key, extra in value.items():
        if key in KNOWN_FIELDS:
            continue
        if key == "metadata" and isinstance(extra, dict):
            for inner_key, inner in extra.items():
                metadata.setdefault(inner_key, inner)
        else:
            metadata[key] = extra
    return DocumentInput(text=text, metadata=metadata, origin=origin, **fields)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _shown(value: Any) -> str:
    """A short, one-line rendering of a bad value for an error message."""
    if isinstance(value, str):
        return _one_line(repr(value[:40] + ("..." if len(value) > 40 else "")))
    return _json_type(value)


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _REASON_MAX else flat[: _REASON_MAX - 3] + "..."
