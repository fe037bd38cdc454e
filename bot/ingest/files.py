"""Paths to inputs: JSONL, .txt/.md and .html files, and folders of them, walked recursively.

Folder walks are sorted (the same folder always imports in the same order), skip hidden files and
folders, and report files of other types as `Skipped` rather than rejecting them: a folder saved from
the web holds images and stylesheets. README/LICENSE files in a folder describe the folder, not a
readout, and are skipped too. A file named explicitly is always read, and if its type is not one we
read, that is a `Rejection`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.ingest.fields import format_megabytes
from bot.ingest.html import html_to_input
from bot.ingest.inputs import InputDefaults, InputItem, Rejection, Skipped
from bot.ingest.jsonl import DEFAULT_MAX_CHARS, read_jsonl
from bot.ingest.text import text_to_input

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUPPORTED_SUFFIXES = JSONL_SUFFIXES | TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES
_FOLDER_DOCS = ("readme", "license", "licence", "copying", "changelog")
# A page's markup can dwarf its text; past this many bytes per allowed character, it is not a page.
HTML_BYTES_PER_CHAR = 10
# A UTF-8 character is at most 4 bytes: a text file larger than this cannot be within the limit.
TEXT_BYTES_PER_CHAR = 4


def iter_path_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    defaults: InputDefaults = InputDefaults(),
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[InputItem]:
    """Inputs from files and folders, in the order given; a missing path is a `Rejection`."""
    for raw in paths:
        path = Path(raw)
        name = os.fspath(raw)
        if path.is_dir():
            yield from _walk(path, name, defaults, max_chars)
        elif path.exists():
            yield from read_file(path, name=name, defaults=defaults, max_chars=max_chars)
        else:
            yield Rejection(name, "no such file or directory")


def count_inputs(paths: Iterable[str | os.PathLike[str]]) -> int:
    """About how many inputs `iter_path_inputs` will yield (lines of JSONL, other files), cheaply:
    enough to size a progress bar without parsing anything."""
    total = 0
    for path in _files(paths):
        if path.suffix.lower() in JSONL_SUFFIXES:
            try:
                with open(path, "rb") as stream:
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
            except OSError:
                total += 1
        else:
            total += 1
    return total


def _files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                yield from (Path(root) / n for n in names if not n.startswith("."))
        elif path.exists():
            yield path


def _walk(folder: Path, name: str, defaults: InputDefaults, max_chars: int) -> Iterator[InputItem]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: (p.name.casefold(), p.name))
    except OSError as exc:
        yield Rejection(name, f"cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = os.path.join(name, entry.name)
        if entry.is_dir():
            if entry.is_symlink():
                yield Skipped(child, "link to a folder, not followed")
            else:
                yield from _walk(entry, child, defaults, max_chars)
        elif entry.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield Skipped(child, f"unsupported file type '{entry.suffix or entry.name}'")
        elif entry.stem.lower().startswith(_FOLDER_DOCS):
            yield Skipped(child, "describes the folder, not a document (name it explicitly to import it)")
        else:
            yield from read_file(entry, name=child, defaults=defaults, max_chars=max_chars)


def read_file(path: Path, *, name: str, defaults: InputDefaults = InputDefaults(), max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[InputItem]:
    """Inputs from one file, by its extension; problems reading it are a `Rejection`."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Rejection(name, f"unsupported file type '{path.suffix or path.name}' (import reads .jsonl, .txt, .md and .html)")
        return
    try:
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(path, name=name, max_chars=max_chars)
            return
        size = path.stat().st_size
        cap = max_chars * (HTML_BYTES_PER_CHAR if suffix in HTML_SUFFIXES else TEXT_BYTES_PER_CHAR)
        if size > cap:
            yield Rejection(name, f"file is {format_megabytes(size, 'bytes')}, too large to hold {format_megabytes(max_chars)} of text or less")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield Rejection(name, f"cannot read: {exc.strerror or exc}")
        return
    if suffix in HTML_SUFFIXES:
        yield html_to_input(raw, origin=name, stem=path.stem, defaults=defaults)
    else:
        yield text_to_input(raw, name=name, stem=path.stem, defaults=defaults, markdown=suffix in MARKDOWN_SUFFIXES)
