"""Polling against real servers on 127.0.0.1 into a real SQLite store through the real importer:
new items once, 304s, backfill without alerts, failures recorded per source, pause after five,
politeness across sources, and every kind of source (RSS, Atom, JSON Feed, page, folder)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from bot.ingest.fetch import MB, FetchPolicy
from bot.store.sqlite import SQLiteStore
from bot.watch import backoff_seconds, parse_utc, poll_all
from tests.watch.feedserver import READOUTS, FeedServer, http_date, rss

SETTINGS = SimpleNamespace(allow_private_urls=True)
FAST = FetchPolicy(allow_private=True, host_delay=0.0, total_timeout=5)


async def _add(store: SQLiteStore, url: str, **kwargs: object):
    from bot.sources_admin import add_source

    return await add_source(store, SETTINGS, url, government=kwargs.pop("government", "JP"), allow_folder=True, **kwargs)


async def _muted(store: SQLiteStore) -> dict[str, int]:
    rows = await store.fetchall("SELECT doc_id, alerts_muted FROM documents ORDER BY id")
    return {r["doc_id"]: r["alerts_muted"] for r in rows}


async def test_new_items_are_imported_once_and_304_imports_nothing(store: SQLiteStore) -> None:
    async with FeedServer() as srv:
        feed = srv.serve("/feed.xml", rss(*READOUTS[:2]), etag='"v1"', last_modified=http_date(60))
        source = await _add(store, srv.url("/feed.xml"), issuer="Japan Ministry of Defense")

        first = await poll_all(store, SETTINGS, fetch_policy=FAST)
        assert [(o.status, o.imported, o.backfill) for o in first.outcomes] == [("imported", 2, True)]
        assert await store.documents.count() == 2
        doc = await store.documents.get_by_doc_id(f"{srv.url('/feed.xml')}#mod-1")
        assert doc is not None and (doc.government, doc.issuer, doc.kind, doc.source_id) == (
            "JP", "Japan Ministry of Defense", "official_readout", source.id)
        assert doc.date == "2025-12-11" and doc.url == "https://example.org/mod-1"

        unchanged = await poll_all(store, SETTINGS, fetch_policy=FAST)
        assert [(o.status, o.imported) for o in unchanged.outcomes] == [("not_modified", 0)]
        assert srv.hits("/feed.xml")[-1].status == 304
        assert srv.hits("/feed.xml")[-1].headers["If-None-Match"] == '"v1"'

        feed.body = rss(*READOUTS).encode()  # the feed gains an item
        feed.etag = '"v2"'
        grown = await poll_all(store, SETTINGS, fetch_policy=FAST)
        assert [(o.status, o.imported, o.duplicates, o.backfill) for o in grown.outcomes] == [("imported", 1, 2, False)]
    assert await store.documents.count() == 3
    muted = await _muted(store)
    assert list(muted.values()) == [1, 1, 0]  # backfill muted; the new item may alert
    polled = await store.sources.get(source.id)
    assert polled is not None and polled.healthy and polled.etag == '"v2"' and polled.last_error is None


async def test_alert_backfill_lets_the_first_items_alert(store: SQLiteStore) -> None:
    async with FeedServer() as srv:
        srv.serve("/feed.xml", rss(*READOUTS[:1]))
        await _add(store, srv.url("/feed.xml"), alert_backfill=True)
        report = await poll_all(store, SETTINGS, fetch_policy=FAST)
    assert report.outcomes[0].backfill is False
    assert list((await _muted(store)).values()) == [0]


async def test_bad_sources_are_recorded_and_never_stop_a_healthy_one(store: SQLiteStore) -> None:
    async with FeedServer() as srv:
        srv.serve("/malformed.xml", '<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut off')
        srv.serve("/error.xml", status=500)
        srv.serve("/huge.xml", stream_bytes=20 * MB)
        srv.serve("/hang.xml", rss(*READOUTS), delay=60)
        srv.serve("/good.xml", rss(*READOUTS))
        names = ["malformed", "error", "huge", "hang", "good"]
        ids = {n: (await _add(store, srv.url(f"/{n}.xml"))).id for n in names}
        policy = FetchPolicy(allow_private=True, host_delay=0.0, total_timeout=0.25)

        started = time.monotonic()
        report = await poll_all(store, SETTINGS, fetch_policy=policy)
        assert time.monotonic() - started < 10
        by_id = {o.source_id: o for o in report.outcomes}
        assert by_id[ids["good"]].status == "imported" and by_id[ids["good"]].imported == 3
        expected = {
            "malformed": "malformed feed: not well-formed XML",
            "error": "HTTP 500 Internal Server Error",
            "huge": "body is over the 5.0 MB cap",
            "hang": "timed out after 0.25s",
        }
        for name, reason in expected.items():
            assert by_id[ids[name]].status == "failed"
            source = await store.sources.get(ids[name])
            assert source is not None and source.consecutive_failures == 1 and reason in (source.last_error or "")
            assert source.enabled and source.next_poll_at is not None

        for _ in range(4):
            report = await poll_all(store, SETTINGS, fetch_policy=policy)
        assert {o.source_id: o.status for o in report.outcomes if o.source_id != ids["good"]} == {
            ids[n]: "paused" for n in expected
        }
        rows = await store.fetchall("SELECT payload FROM outbox WHERE kind = 'source_paused'")
        assert sorted(json.loads(r["payload"])["source_id"] for r in rows) == sorted(ids[n] for n in expected)
        paused = await store.sources.get(ids["hang"])
        assert paused is not None and not paused.enabled
        assert paused.paused_reason == "paused after 5 consecutive failures; last: timed out after 0.25s"

        hits_before = len(srv.requests)
        report = await poll_all(store, SETTINGS, fetch_policy=policy)  # paused ones are not polled
        assert [o.source_id for o in report.outcomes] == [ids["good"]]
        assert len(srv.requests) == hits_before + 1
    good = await store.sources.get(ids["good"])
    assert good is not None and good.healthy
    assert await store.documents.count() == 3


async def test_failures_back_off(store: SQLiteStore) -> None:
    async with FeedServer() as srv:
        srv.serve("/error.xml", status=503)
        source = await _add(store, srv.url("/error.xml"), every="10m")
        for _ in range(3):
            await poll_all(store, SETTINGS, fetch_policy=FAST)
    failing = await store.sources.get(source.id)
    assert failing is not None and failing.consecutive_failures == 3
    wait = (parse_utc(failing.next_poll_at or "") - datetime.now(UTC)).total_seconds()  # type: ignore[operator]
    assert backoff_seconds(600, 3) == 2400
    assert 2400 * 0.85 < wait < 2400 * 1.15


async def test_two_sources_on_one_host_are_fetched_one_at_a_time(store: SQLiteStore) -> None:
    async with FeedServer() as srv:
        srv.serve("/a.xml", rss(READOUTS[0]), delay=0.15)
        srv.serve("/b.xml", rss(READOUTS[1]), delay=0.15)
        await _add(store, srv.url("/a.xml"))
        await _add(store, srv.url("/b.xml"))
        policy = FetchPolicy(allow_private=True, host_delay=0.3, concurrency=8)
        report = await poll_all(store, SETTINGS, fetch_policy=policy)
    assert [o.imported for o in report.outcomes] == [1, 1]
    (s1, e1), (s2, _e2) = sorted((r.started, r.finished) for r in srv.requests)
    assert s2 >= e1 + 0.25


async def test_atom_json_feed_and_html_page_sources(store: SQLiteStore) -> None:
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>War</title><id>tag:w,2025:f</id>'
        "<updated>2025-12-11T20:00:00-05:00</updated><entry><id>tag:w,2025:r1</id><title>Readout</title>"
        '<link href="https://www.war.example/r1"/><updated>2025-12-11T20:00:00-05:00</updated>'
        "<content type=\"html\">&lt;p&gt;Secretary of War Hegseth spoke with Japanese Minister of Defense"
        " Koizumi about the alliance.&lt;/p&gt;</content></entry></feed>"
    )
    jsonfeed = {"version": "https://jsonfeed.org/version/1.1", "title": "MFA", "items": [
        {"id": "https://mfa.example/1", "url": "https://mfa.example/1", "title": "Spokesperson remarks",
         "content_text": "Spokesperson Guo Jiakun said the remarks were not conducive to regional peace and stability.",
         "date_published": "2025-12-12T15:00:00+08:00"}]}
    page = (
        "<html><head><title>Readout of the call</title></head><body><nav>Home | News | Contact</nav><article>"
        "<h1>Readout of the call</h1><p>Secretary Hegseth spoke today with Minister Koizumi about deterrence"
        " and agreed to keep in close contact.</p></article><footer>Privacy policy</footer></body></html>"
    )
    async with FeedServer() as srv:
        srv.serve("/atom", atom, content_type="application/atom+xml")
        srv.serve("/feed.json", json.dumps(jsonfeed), content_type="application/feed+json")
        srv.serve("/readout.html", page, content_type="text/html")
        await _add(store, srv.url("/atom"), government="US")
        await _add(store, srv.url("/feed.json"), government="CN", kind="statement")
        page_source = await _add(store, srv.url("/readout.html"), government="US", source_type="html")
        report = await poll_all(store, SETTINGS, fetch_policy=FAST)
        assert [(o.status, o.imported) for o in report.outcomes] == [("imported", 1)] * 3
        again = await poll_all(store, SETTINGS, fetch_policy=FAST)
        assert sum(o.imported for o in again.outcomes) == 0
    atom_doc = await store.documents.get_by_doc_id("tag:w,2025:r1")
    assert atom_doc is not None and atom_doc.government == "US" and atom_doc.date == "2025-12-11"
    json_doc = await store.documents.get_by_doc_id("https://mfa.example/1")
    assert json_doc is not None and json_doc.kind == "statement" and "not conducive" in json_doc.text
    page_doc = await store.documents.get_by_doc_id(srv.url("/readout.html"))
    assert page_doc is not None and page_doc.source_id == page_source.id
    assert "agreed to keep in close contact" in page_doc.text and "Privacy" not in page_doc.text


async def test_link_only_items_fetch_their_page(store: SQLiteStore) -> None:
    async with FeedServer() as srv:
        article = (
            "<html><head><title>Telephone call</title></head><body><article><p>Minister Koizumi held a"
            " telephone call with Secretary Hegseth and expressed serious concern about the radar incident.</p>"
            "</article></body></html>"
        )
        srv.serve("/article/1", article, content_type="text/html")
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f"<item><title>Telephone call</title><link>{srv.url('/article/1')}</link></item>"
            f"<item><title>Gone</title><link>{srv.url('/article/404')}</link></item></channel></rss>"
        )
        srv.serve("/feed.xml", feed, etag='"f1"')
        source = await _add(store, srv.url("/feed.xml"))
        report = await poll_all(store, SETTINGS, fetch_policy=FAST)
        outcome = report.outcomes[0]
        assert outcome.imported == 1 and len(outcome.rejected) == 1 and "HTTP 404" in outcome.rejected[0].reason
        doc = await store.documents.get_by_doc_id(srv.url("/article/1"))
        assert doc is not None and "serious concern" in doc.text and doc.title == "Telephone call"
        # a page failed, so the feed's ETag was not kept: the next poll reads the feed again
        after = await store.sources.get(source.id)
        assert after is not None and after.etag is None and after.healthy
        await poll_all(store, SETTINGS, fetch_policy=FAST)
        assert len(srv.hits("/article/1")) == 1  # already imported: its page is not fetched again
        assert [h.status for h in srv.hits("/feed.xml")] == [200, 200]


async def test_folder_source_picks_up_only_new_files(store: SQLiteStore, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "call.txt").write_text(
        "Japan-US Defense Ministerial Telephone Call\n\nMinister Koizumi held a telephone call with"
        " Secretary Hegseth on December 11, 2025.\n"
    )
    (inbox / "logo.png").write_bytes(b"\x89PNG")
    source = await _add(store, str(inbox), issuer="Japan Ministry of Defense")
    first = await poll_all(store, SETTINGS, fetch_policy=FAST)
    assert [(o.status, o.imported) for o in first.outcomes] == [("imported", 1)]
    assert (await poll_all(store, SETTINGS, fetch_policy=FAST)).outcomes[0].imported == 0
    (inbox / "meeting.md").write_text(
        "# Japan-Australia Defense Ministerial Meeting\n\nMinister Koizumi met Deputy Prime Minister Marles in Tokyo.\n"
    )
    third = await poll_all(store, SETTINGS, fetch_policy=FAST)
    assert [(o.imported, o.duplicates) for o in third.outcomes] == [(1, 0)]
    docs = await store.fetchall("SELECT government, issuer, source_id, alerts_muted FROM documents ORDER BY id")
    assert [tuple(r) for r in docs] == [("JP", "Japan Ministry of Defense", source.id, 1),
                                        ("JP", "Japan Ministry of Defense", source.id, 0)]
    assert sorted(await store.sources.seen_files(source.id)) == ["call.txt", "logo.png", "meeting.md"]


async def test_a_vanished_folder_is_a_recorded_failure(store: SQLiteStore, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = await _add(store, str(inbox))
    inbox.rmdir()
    report = await poll_all(store, SETTINGS, fetch_policy=FAST)
    assert report.outcomes[0].status == "failed" and "does not exist" in (report.outcomes[0].error or "")
    failed = await store.sources.get(source.id)
    assert failed is not None and failed.consecutive_failures == 1


async def test_due_only_polls_only_due_sources(store: SQLiteStore) -> None:
    async with FeedServer() as srv:
        srv.serve("/a.xml", rss(READOUTS[0]))
        srv.serve("/b.xml", rss(READOUTS[1]))
        a = await _add(store, srv.url("/a.xml"))
        await _add(store, srv.url("/b.xml"))
        await store.sources.record_success(a.id, polled_at="2025-12-11T00:00:00Z", next_poll_at="2999-01-01T00:00:00Z")
        report = await poll_all(store, SETTINGS, due_only=True, fetch_policy=FAST)
        assert [o.url for o in report.outcomes] == [srv.url("/b.xml")]
        assert srv.hits("/a.xml") == []


async def test_a_paused_source_tells_the_admin_channel_once(store: SQLiteStore) -> None:
    from bot.delivery.targets import fan_out_pending
    from bot.sources_admin import set_admin_channel

    await set_admin_channel(store, "discord:123456789")
    async with FeedServer() as srv:
        srv.serve("/error.xml", status=500)
        await _add(store, srv.url("/error.xml"))
        for _ in range(7):
            await poll_all(store, SETTINGS, fetch_policy=FAST)
        assert len(srv.hits("/error.xml")) == 5  # paused after the fifth, then left alone
    assert await fan_out_pending(store) == 1
    assert await fan_out_pending(store) == 0
    rows = await store.fetchall("SELECT d.status FROM deliveries d JOIN outbox o ON o.id = d.outbox_id"
                                " WHERE o.kind = 'source_paused'")
    assert [r["status"] for r in rows] == ["pending"]
