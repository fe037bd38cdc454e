"""Validating and normalising the typed fields of an input (government, kind, size).

Shared by the JSONL reader, the file readers and the CLI's `--government/--kind` defaults, so a
value means the same thing however it arrives.
"""

from __future__ import annotations

from functools import lru_cache

from bot.models import DOC_KINDS

# Codes that ISO 3166 reserves rather than assigns, but that issue readouts of their own.
_EXTRA_GOVERNMENT_CODES = frozenset({"EU", "XK"})

KIND_CHOICES: tuple[str, ...] = tuple(sorted(DOC_KINDS))


@lru_cache(maxsize=1)
def _alpha2_codes() -> frozenset[str]:
    import pycountry  # loads its database: only when a government field is actually checked

    return frozenset(c.alpha_2 for c in pycountry.countries) | _EXTRA_GOVERNMENT_CODES


def government_code(value: str) -> str | None:
    """The ISO 3166 alpha-2 code for `value` ("jp" -> "JP", "Japan" -> "JP"), or None if unknown."""
    text = value.strip()
    if len(text) == 2 and text.isascii() and text.isalpha():
        code = text.upper()
        return code if code in _alpha2_codes() else None
    if not text or len(text) > 100:
        return None
    code = _name_to_code(text)
    return code if code in _alpha2_codes() else None


def _name_to_code(name: str) -> str | None:
    """A country name, alpha-3 code or common short form to its alpha-2 code.

    The nlp normaliser knows demonyms and everyday names ("Russia", "UK"); pycountry's lookup covers
    official names and alpha-3 codes, and is the fallback while the nlp one is absent.
    """
    try:
        from bot.nlp.governments import normalise_government
    except ModuleNotFoundError as exc:
        if exc.name != "bot.nlp.governments":
            raise
    else:
        code = normalise_government(name)
        if code:
            return code
    import pycountry

    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


def kind_value(value: str) -> str | None:
    """The document kind for `value` ("Official readout", "official-readout" -> "official_readout")."""
    text = value.strip().lower().replace("-", "_").replace(" ", "_")
    return text if text in DOC_KINDS else None


def format_megabytes(amount: int, unit: str = "characters") -> str:
    """"2.4 MB" for 2_400_000; limits read "2 MB", not "2.0 MB". Amounts under 0.1 MB are given
    exactly ("950 characters"), since "0 MB" says nothing."""
    if amount < 100_000:
        return f"{amount:,} {unit}"
    return f"{amount / 1_000_000:.1f}".rstrip("0").rstrip(".") + " MB"


def size_problem(text: str, max_chars: int) -> str | None:
    """The rejection reason when `text` is over the limit, else None.

    Characters, not bytes: the limit protects analysis time and memory, which follow characters.
    A text just over the limit must not read "2 MB, over the 2 MB limit": then the exact counts are given.
    """
    if len(text) <= max_chars:
        return None
    size, limit = format_megabytes(len(text)), format_megabytes(max_chars)
    if size == limit:
        return f"text is {len(text):,} characters, over the {limit} limit ({max_chars:,} characters)"
    return f"text is {size}, over the {limit} limit"
