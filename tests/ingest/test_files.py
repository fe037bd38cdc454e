"""Text, Markdown, HTML files and folders as inputs (real files in tmp_path, real trafilatura)."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.files import iter_path_inputs
from bot.ingest.inputs import InputDefaults, Rejection, Skipped
from bot.ingest.text import guess_title
from bot.models import DocumentInput
from tests.conftest import SEEDS, SHARED, needs_shared

ARTICLE = (
    "Defense Minister Koizumi and Secretary Hegseth held a telephone talk on the evening of December 11. "
    "The Ministers expressed serious concern over any actions to increase regional tensions. "
    "They concurred to closely communicate and collaborate with each other, and to meet in person early "
    "next year. The two ministers also exchanged views on the security situation in the region."
)

HTML_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Defense chiefs hold phone talks | Example News</title>
<link rel="canonical" href="https://news.example.org/2025/12/12/defense-chiefs">
<meta property="article:published_time" content="2025-12-12T09:00:00+09:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe to our newsletter today</a></li></ul></nav></header>
<main><article>
<h1>Defense chiefs hold phone talks</h1>
<p>{ARTICLE}</p>
<p>Officials said the call lasted about forty minutes and covered regional security at length.</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/x">Celebrity chef opens third restaurant downtown</a></li></ul></aside>
<footer><p>Copyright 2025 Example News Corporation. All rights reserved. Privacy policy. Cookie settings.</p></footer>
</body></html>
"""


def inputs(*paths: Path | str, **defaults: str) -> list[object]:
    return list(iter_path_inputs(list(paths), defaults=InputDefaults(**defaults)))


def only_doc(items: list[object]) -> DocumentInput:
    assert len(items) == 1 and isinstance(items[0], DocumentInput), items
    return items[0]


def test_text_file_title_date_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "koizumi call.txt"
    path.write_text(f"WORLD / ASIA\nDefense chiefs hold phone talks\nPublished: Dec 12, 2025 12:32 PM\n\n{ARTICLE}\n", encoding="utf-8")
    doc = only_doc(inputs(path, government="jp", kind="quoted_in_news", issuer="Example News"))
    assert doc.title == "Defense chiefs hold phone talks"
    assert doc.date == "2025-12-12"
    assert (doc.government, doc.kind, doc.issuer) == ("jp", "quoted_in_news", "Example News")  # CLI validates; reader passes on
    assert doc.text.startswith("WORLD / ASIA\nDefense chiefs") and ARTICLE in doc.text
    assert doc.doc_id is not None and doc.doc_id.startswith("koizumi-call-")
    assert doc.origin == str(path)


def test_doc_id_is_stable_and_does_not_collide_across_same_named_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "index.txt").write_text("First text.\n", encoding="utf-8")
    (tmp_path / "b" / "index.txt").write_text("Second text.\n", encoding="utf-8")
    first = [d.doc_id for d in inputs(tmp_path) if isinstance(d, DocumentInput)]
    again = [d.doc_id for d in inputs(tmp_path) if isinstance(d, DocumentInput)]
    assert first == again and len(set(first)) == 2


def test_first_line_that_reads_as_a_sentence_is_not_a_title() -> None:
    assert guess_title(["The ministers met on Friday and talked for an hour.", "More."]) is None
    assert guess_title(["Minister Smith and Minister Jones Photo: AFP", "A sentence follows here."]) is None
    assert guess_title(["", "# Heading one", "text"], markdown=True) == "Heading one"


def test_crlf_and_bom_in_text_files_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle line\r\nPublished: 2025-03-18\r\n\r\nBody text here.\r\n")
    doc = only_doc(inputs(path))
    assert doc.text == "Title line\nPublished: 2025-03-18\n\nBody text here.\n"
    assert (doc.title, doc.date) == ("Title line", "2025-03-18")


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Readout of the call\n\nDate: 18 March 2025\n\nThe leaders spoke.\n", encoding="utf-8")
    doc = only_doc(inputs(path))
    assert (doc.title, doc.date, doc.kind) == ("Readout of the call", "2025-03-18", "news")


def test_unreadable_and_empty_text_files_are_rejections(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks\nline two\n".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    items = inputs(tmp_path / "latin1.txt", tmp_path / "empty.txt")
    assert items == [
        Rejection(str(tmp_path / "latin1.txt"), "not valid UTF-8 (byte 0xe9 on line 1); save the file as UTF-8"),
        Rejection(str(tmp_path / "empty.txt"), "file has no text"),
    ]


def test_html_keeps_the_article_and_drops_navigation_and_footer(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    doc = only_doc(inputs(path, government="JP"))
    assert "The Ministers expressed serious concern over any actions to increase regional tensions." in doc.text
    assert "forty minutes" in doc.text
    for boilerplate in ("Subscribe to our newsletter", "Copyright 2025 Example News", "Celebrity chef", "Cookie settings"):
        assert boilerplate not in doc.text
    assert doc.title is not None and doc.title.startswith("Defense chiefs hold phone talks")
    assert doc.date == "2025-12-12"
    assert doc.url == "https://news.example.org/2025/12/12/defense-chiefs"
    assert doc.government == "JP" and doc.kind == "news"


def test_html_without_article_text_is_a_clear_rejection(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text("<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    blank = tmp_path / "blank.html"
    blank.write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    assert inputs(path, blank) == [
        Rejection(str(path), "no article text found in the page (only 'Home')"),
        Rejection(str(blank), "no article text found in the page"),
    ]


def test_folder_walk_is_sorted_recursive_and_reports_skips(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second document text.\n", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"text": "From JSONL."}\n{"nope": 1}\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text("# Third\n\nThird document.\n", encoding="utf-8")
    (tmp_path / "sub" / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.txt").write_text("Never read.\n", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("Never read either.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# About this folder\n", encoding="utf-8")

    items = inputs(tmp_path)
    described = [(type(i).__name__, i.origin) for i in items]  # type: ignore[attr-defined]
    root = str(tmp_path)
    assert described == [
        ("DocumentInput", f"{root}/a.jsonl:1"),
        ("Rejection", f"{root}/a.jsonl:2"),
        ("DocumentInput", f"{root}/b.txt"),
        ("Skipped", f"{root}/README.md"),
        ("DocumentInput", f"{root}/sub/c.md"),
        ("Skipped", f"{root}/sub/photo.png"),
    ]
    assert items[5] == Skipped(f"{root}/sub/photo.png", "unsupported file type '.png'")


def test_explicit_unsupported_or_missing_paths_are_rejections(tmp_path: Path) -> None:
    pdf = tmp_path / "readout.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    items = inputs(pdf, tmp_path / "missing.jsonl")
    assert items == [
        Rejection(str(pdf), "unsupported file type '.pdf' (import reads .jsonl, .txt, .md and .html)"),
        Rejection(str(tmp_path / "missing.jsonl"), "no such file or directory"),
    ]


def test_oversized_file_is_rejected_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 5_000, encoding="utf-8")
    items = list(iter_path_inputs([path], max_chars=1_000))
    assert items == [Rejection(str(path), "file is 5,000 bytes, too large to hold 1,000 characters of text or less")]


@needs_shared(SHARED / "seeds")
def test_the_seed_articles_are_two_news_documents_with_their_dates() -> None:
    items = inputs(SHARED / "seeds")
    docs = [i for i in items if isinstance(i, DocumentInput)]
    assert [Path(d.origin or "").name for d in docs] == [p.name for p in SEEDS]
    assert [i for i in items if isinstance(i, Rejection)] == []
    first, second = docs
    assert first.date == "2025-12-12"  # from "Published: Dec 12, 2025 12:32 PM"
    assert first.title is not None and first.title.startswith("Japan's defense chief holds phone call with US counterpart")
    assert second.date is None  # the commentary carries no date line; none is invented
    assert second.title is None  # it opens with a photo caption, then prose
    assert all(d.kind == "news" for d in docs)
