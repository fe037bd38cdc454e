"""What an input source yields: a document to store, or the reason one could not be read.

Readers (JSONL, files, feeds) never raise on bad input; they yield a `Rejection` naming where the bad
input was (`file.jsonl:12`) so the importer can report it and carry on with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import DocumentInput


@dataclass(frozen=True)
class Rejection:
    """An input that could not be imported. `origin` is "path:line" or a path or URL."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True)
class Skipped:
    """A file met while walking a folder that is not a document type we read (an image, a stylesheet).

    Not a rejection: folders saved from the web routinely hold such files, and failing the import for
    them would make folder import useless. A file named explicitly on the command line with an
    unsupported type is a `Rejection` instead.
    """

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: skipped: {self.reason}"


@dataclass(frozen=True)
class InputDefaults:
    """Values for documents whose format carries no such field (text and HTML files).

    JSONL lines say for themselves what they are, so these never override a JSONL field.
    """

    government: str | None = None
    issuer: str | None = None
    kind: str = "news"
    language: str | None = None


InputItem = DocumentInput | Rejection | Skipped
