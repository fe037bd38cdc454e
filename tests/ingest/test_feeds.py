"""Reading what a source returns: RSS, Atom, JSON Feed, one HTML page, and a folder's new files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.ingest.feeds import (
    FeedError,
    detect_format,
    parse_body,
    parse_html_page,
    scan_folder,
    stable_id,
    to_input,
)
from bot.ingest.inputs import InputDefaults, Rejection
from bot.models import DocumentInput

FEED = "https://www.mod.example/en/rss.xml"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>MOD</title>
<item><title>Japan-US Defense Ministerial Telephone Call</title>
  <link>https://www.mod.example/en/article/2025/12/a.html</link>
  <guid isPermaLink="false">20251211-01</guid>
  <pubDate>Thu, 11 Dec 2025 23:30:00 +0900</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>Minister Koizumi held a telephone call with Secretary Hegseth.</p>
  <p>The ministers expressed <b>serious concern</b> about the radar incident.</p>]]></content:encoded></item>
<item><title>Summary only</title><link>https://www.mod.example/b</link>
  <guid>https://www.mod.example/b</guid><description>&lt;p&gt;Minister met &amp;amp; talked.&lt;/p&gt;</description></item>
<item><title>Link only</title><link>https://www.mod.example/c</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Readouts</title><id>tag:war.example,2025:readouts</id>
<updated>2025-12-11T20:00:00-05:00</updated>
<entry><id>tag:war.example,2025:readout-4321</id><title>Readout of Secretary Hegseth's Call</title>
  <link href="https://www.war.example/News/Releases/4321/"/>
  <updated>2025-12-11T20:00:00-05:00</updated>
  <content type="html">&lt;p&gt;Secretary Hegseth spoke with Minister Koizumi.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_items_prefer_full_content_then_summary_and_keep_link_only_items() -> None:
    parsed = parse_body(RSS.encode(), url=FEED, content_type="application/rss+xml")
    assert parsed.format == "rss" and parsed.title == "MOD"
    full, summary, bare = parsed.items
    assert full.doc_id == f"{FEED}#20251211-01"  # a feed-local guid is qualified by the feed
    assert full.date == "2025-12-11"  # the publisher's day, not shifted to UTC
    assert full.text == (
        "Minister Koizumi held a telephone call with Secretary Hegseth.\n"
        "The ministers expressed serious concern about the radar incident."
    )
    assert summary.doc_id == "https://www.mod.example/b" and summary.text == "Minister met & talked."
    assert bare.link_only and bare.doc_id == "https://www.mod.example/c"


def test_atom_entries_use_their_ids_and_html_content() -> None:
    parsed = parse_body(ATOM.encode(), url="https://www.war.example/atom", content_type="application/atom+xml")
    assert parsed.format == "atom"
    (entry,) = parsed.items
    assert entry.doc_id == "tag:war.example,2025:readout-4321"
    assert entry.link == "https://www.war.example/News/Releases/4321/"
    assert entry.date == "2025-12-11"
    assert entry.text == "Secretary Hegseth spoke with Minister Koizumi."


def test_json_feed_items() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "MFA",
        "language": "en",
        "items": [
            {"id": "1", "url": "https://mfa.example/1", "title": "Text", "content_text": "Plain readout text.",
             "date_published": "2025-12-12T09:00:00+08:00"},
            {"id": "https://mfa.example/2", "content_html": "<p>HTML <i>readout</i>.</p>"},
            {"id": "3", "url": "https://mfa.example/3", "summary": "Only a summary."},
            {"id": "4", "url": "https://mfa.example/4"},
            "not an object",
        ],
    }
    parsed = parse_body(json.dumps(feed).encode(), url="https://mfa.example/feed.json", content_type="application/feed+json")
    assert parsed.format == "jsonfeed"
    texts = [i.text for i in parsed.items]
    assert texts == ["Plain readout text.", "HTML readout.", "Only a summary.", None]
    assert parsed.items[0].doc_id == "https://mfa.example/feed.json#1"
    assert parsed.items[0].date == "2025-12-12" and parsed.items[0].language == "en"
    assert parsed.items[1].doc_id == "https://mfa.example/2"


@pytest.mark.parametrize(
    "body, content_type, message",
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut', "application/xml", "malformed feed: not well-formed XML"),
        (b"garbage that is not xml", "application/xml", "malformed feed"),
        (b'{"version": "1", "items": []}', "application/json", "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": ', "application/json", "malformed JSON feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "application/json", "'items' is not a list"),
        (b"<html><body><nav>menu</nav></body></html>", "text/html", "no article text found"),
    ],
)
def test_unreadable_bodies_raise_one_line_feed_errors(body: bytes, content_type: str, message: str) -> None:
    with pytest.raises(FeedError) as caught:
        parse_body(body, url=FEED, content_type=content_type)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_slightly_broken_feeds_are_still_read() -> None:
    broken = RSS.replace("<title>Summary only</title>", "<title>Summary & only</title>")  # bare &
    parsed = parse_body(broken.encode(), url=FEED, content_type="application/rss+xml")
    assert len(parsed.items) == 3


def test_an_empty_but_valid_feed_has_no_items() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert parse_body(empty, url=FEED).items == []


def test_format_detection() -> None:
    assert detect_format(b"\xef\xbb\xbf  <?xml version='1.0'?><rss>", "text/xml") == "xml"
    assert detect_format(b'{"version": "x"}', "text/plain") == "jsonfeed"
    assert detect_format(b"<!DOCTYPE html><html>", None) == "html"
    assert detect_format(b"<?xml version='1.0'?><feed>", "text/html") == "xml"  # mislabelled Atom


def test_html_page_keeps_the_main_text_only() -> None:
    page = """<html><head><title>Readout of the call</title></head><body>
    <nav><a href="/">Home</a> | <a href="/about">About us</a></nav>
    <article><h1>Readout of the call</h1>
    <p>The Secretary spoke with the Minister today about regional security and agreed to stay in touch.</p>
    <p>Both sides expressed serious concern about the incident on December 6 near the islands.</p></article>
    <footer>Copyright 2025 Ministry. All rights reserved. Privacy policy.</footer></body></html>"""
    parsed = parse_html_page(page.encode(), url="https://www.war.example/readout")
    (item,) = parsed.items
    assert item.doc_id == item.link == "https://www.war.example/readout"
    assert item.title == "Readout of the call"
    assert "serious concern about the incident" in (item.text or "")
    assert "Privacy policy" not in (item.text or "") and "About us" not in (item.text or "")


def test_items_become_documents_with_the_sources_attribution() -> None:
    parsed = parse_body(RSS.encode(), url=FEED)
    defaults = InputDefaults(government="JP", issuer="Japan Ministry of Defense", kind="official_readout")
    docs = [to_input(i, defaults, source_id=7, origin=FEED, fmt=parsed.format) for i in parsed.items]
    first = docs[0]
    assert isinstance(first, DocumentInput)
    assert (first.government, first.issuer, first.kind, first.source_id) == ("JP", "Japan Ministry of Defense", "official_readout", 7)
    assert first.title == "Japan-US Defense Ministerial Telephone Call" and first.url.endswith("/a.html")
    assert isinstance(docs[2], Rejection) and "no text" in docs[2].reason


def test_stable_ids() -> None:
    assert stable_id("urn:uuid:1234", "https://x/a", FEED) == "urn:uuid:1234"
    assert stable_id("42", "https://x/a", FEED) == f"{FEED}#42"
    assert stable_id(None, "https://x/a", FEED) == "https://x/a"
    assert stable_id(None, None, FEED) is None


def test_folder_scan_reports_new_and_changed_files_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("first")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("second")
    (tmp_path / ".hidden.txt").write_text("no")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("no")
    first = scan_folder(tmp_path, {})
    assert sorted(first.new) == ["a.txt", "sub/b.md"]
    assert scan_folder(tmp_path, first.new).new == {}
    (tmp_path / "c.txt").write_text("third")
    (tmp_path / "a.txt").write_text("first, edited")
    os.utime(tmp_path / "a.txt", ns=(1, 1))
    assert sorted(scan_folder(tmp_path, first.new).new) == ["a.txt", "c.txt"]
    with pytest.raises(FeedError, match="does not exist or is not a folder"):
        scan_folder(tmp_path / "missing", {})


def test_an_item_without_a_usable_date_reads_no_date_without_feedparsers_deprecated_fallback() -> None:
    """feedparser answers `updated` with `published` (and a DeprecationWarning) when a feed has no
    updated date; that fallback is to be removed, so the reader must not lean on it: an unreadable
    publication date gives no date, the same under any feedparser, and no warning."""
    import warnings

    rss = RSS.replace("Thu, 11 Dec 2025 23:30:00 +0900", "sometime last week")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parsed = parse_body(rss.encode(), url=FEED, content_type="application/rss+xml")
    assert parsed.items[0].date is None
    assert not [w for w in caught if issubclass(w.category, DeprecationWarning)], [str(w.message) for w in caught]
