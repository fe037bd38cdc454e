"""HTML pages to documents: the article's main text, without navigation, footers and ads.

Extraction is trafilatura's (a maintained, benchmarked main-content extractor); its metadata gives
the title, the publication date and the canonical URL. Used for saved pages on disk and for pages a
source watcher fetched.
"""

from __future__ import annotations

from typing import Any

from bot.ingest.dates import parse_iso_date
from bot.ingest.inputs import InputDefaults, Rejection
from bot.ingest.text import file_doc_id
from bot.models import DocumentInput

# Fewer words than this is a menu item or a caption that extraction fell back to, not an article:
# no readout or news report is that short.
MIN_ARTICLE_WORDS = 5


def extract_html(html: str | bytes, *, url: str | None = None) -> dict[str, Any] | None:
    """trafilatura's main text and metadata for a page, as a dict; None when it finds no text."""
    import trafilatura  # heavy (lxml, htmldate, courlan): only when a page is actually read

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            # the page's own publication date, not the newest date found anywhere in it
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # a third-party parser on untrusted bytes: any failure is this page's
        raise ValueError(" ".join(f"could not parse the HTML ({type(exc).__name__}: {exc})".split())[:300]) from exc
    if result is None:
        return None
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return data if (data.get("text") or "").strip() else None


def html_to_input(
    html: str | bytes,
    *,
    origin: str,
    stem: str | None = None,
    url: str | None = None,
    defaults: InputDefaults = InputDefaults(),
    doc_id: str | None = None,
) -> DocumentInput | Rejection:
    """A document from one HTML page. `stem` (a file name) derives the doc_id when none is given;
    `url` is where the page was fetched from, preferred to the canonical URL the page declares."""
    try:
        data = extract_html(html, url=url)
    except ValueError as exc:
        return Rejection(origin, str(exc))
    if data is None:
        return Rejection(origin, "no article text found in the page")
    text: str = data["text"].strip()
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return Rejection(origin, f"no article text found in the page (only {' '.join(text.split())[:60]!r})")
    date = _date(data.get("date"))
    page_url = url or _clean(data.get("url"))
    metadata: dict[str, Any] = {"extracted_by": "trafilatura"}
    for key in ("author", "sitename", "hostname", "description"):
        value = _clean(data.get(key))
        if value:
            metadata[key] = value
    if doc_id is None and stem is not None:
        doc_id = file_doc_id(stem, text)
    return DocumentInput(
        text=text,
        doc_id=doc_id,
        government=defaults.government,
        issuer=defaults.issuer,
        kind=defaults.kind,
        title=_clean(data.get("title")),
        date=date,
        url=page_url,
        language=defaults.language or _clean(data.get("language")),
        metadata=metadata,
        origin=origin,
    )


def _clean(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    parsed = parse_iso_date(value)
    return parsed[0] if parsed else None
