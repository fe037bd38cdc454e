"""The polite fetcher against a real aiohttp server on 127.0.0.1: conditional GET, gzip, the size cap,
timeouts, HTTP errors, the user agent, and one-request-at-a-time per host with a minimum delay."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.ingest.fetch import MB, Fetcher, FetchError, FetchPolicy
from tests.watch.feedserver import FeedServer, http_date, rss

LOCAL = FetchPolicy(allow_private=True, host_delay=0.0)


async def test_conditional_get_sends_validators_and_304_is_not_modified() -> None:
    async with FeedServer() as srv:
        modified = http_date(3600)
        srv.serve("/feed.xml", rss(("a", "A", "text")), etag='"v1"', last_modified=modified)
        async with Fetcher(LOCAL) as fetcher:
            first = await fetcher.fetch(srv.url("/feed.xml"))
            assert first.status == 200 and b"<rss" in first.body
            assert first.etag == '"v1"' and first.last_modified == modified
            second = await fetcher.fetch(srv.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified)
        assert second.not_modified and second.body == b""
        sent = srv.hits("/feed.xml")[1].headers
        assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == modified
        assert [h.status for h in srv.hits("/feed.xml")] == [200, 304]


async def test_gzip_is_asked_for_and_decoded_and_user_agent_names_the_bot() -> None:
    async with FeedServer() as srv:
        text = rss(("a", "A", "readout text " * 200))
        srv.serve("/feed.xml", text, gzip=True)
        async with Fetcher(LOCAL) as fetcher:
            result = await fetcher.fetch(srv.url("/feed.xml"))
        assert result.body == text.encode()
        headers = srv.hits("/feed.xml")[0].headers
        assert "gzip" in headers["Accept-Encoding"]
        assert headers["User-Agent"].startswith("readout-watch/")


async def test_streamed_body_over_the_cap_stops_reading() -> None:
    async with FeedServer() as srv:
        srv.serve("/huge.xml", stream_bytes=20 * MB)
        started = time.monotonic()
        async with Fetcher(LOCAL) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(srv.url("/huge.xml"))
        assert caught.value.kind == "too_large"
        assert "over the 5.0 MB cap" in str(caught.value)
        assert time.monotonic() - started < 10


async def test_declared_length_over_the_cap_is_refused_before_reading() -> None:
    async with FeedServer() as srv:
        srv.serve("/big.xml", b"x" * (2 * 1024 * 1024))
        async with Fetcher(FetchPolicy(allow_private=True, max_bytes=1 * MB)) as fetcher:
            with pytest.raises(FetchError, match=r"body of 2.0 MB is over the 1.0 MB cap"):
                await fetcher.fetch(srv.url("/big.xml"))


async def test_gzip_bomb_is_capped_on_decoded_size() -> None:
    async with FeedServer() as srv:
        srv.serve("/bomb.xml", b"\0" * (3 * MB), gzip=True)  # ~3 KB on the wire
        async with Fetcher(FetchPolicy(allow_private=True, max_bytes=1 * MB)) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(srv.url("/bomb.xml"))
        assert caught.value.kind == "too_large"


async def test_a_server_that_never_answers_times_out() -> None:
    async with FeedServer() as srv:
        srv.serve("/hang.xml", rss(), delay=60)
        started = time.monotonic()
        async with Fetcher(FetchPolicy(allow_private=True, total_timeout=0.3)) as fetcher:
            with pytest.raises(FetchError, match="timed out after 0.3s") as caught:
                await fetcher.fetch(srv.url("/hang.xml"))
        assert caught.value.kind == "timeout"
        assert time.monotonic() - started < 5


async def test_http_errors_and_unreachable_hosts_are_one_line_reasons() -> None:
    async with FeedServer() as srv:
        srv.serve("/broken", status=500)
        async with Fetcher(LOCAL) as fetcher:
            with pytest.raises(FetchError, match=r"^HTTP 500 Internal Server Error$"):
                await fetcher.fetch(srv.url("/broken"))
            with pytest.raises(FetchError, match=r"^HTTP 404"):
                await fetcher.fetch(srv.url("/missing"))
        port = srv.port
    async with Fetcher(LOCAL) as fetcher:  # the server is gone: connection refused
        with pytest.raises(FetchError, match=r"^cannot connect to 127.0.0.1") as caught:
            await fetcher.fetch(f"http://127.0.0.1:{port}/feed.xml")
    assert caught.value.kind == "connect"


async def test_redirects_are_followed_to_the_final_url() -> None:
    async with FeedServer() as srv:
        srv.serve("/old", status=301, headers={"Location": "/new"})
        srv.serve("/new", rss(("a", "A", "moved")))
        srv.serve("/loop", status=302, headers={"Location": "/loop"})
        async with Fetcher(LOCAL) as fetcher:
            result = await fetcher.fetch(srv.url("/old"))
            assert result.url == srv.url("/new") and b"moved" in result.body
            with pytest.raises(FetchError, match="more than 5 redirects"):
                await fetcher.fetch(srv.url("/loop"))


async def test_one_request_at_a_time_per_host_with_a_minimum_delay() -> None:
    async with FeedServer() as srv:
        for name in ("a", "b", "c"):
            srv.serve(f"/{name}.xml", rss((name, name, "x")), delay=0.1)
        policy = FetchPolicy(allow_private=True, host_delay=0.25, concurrency=8)
        async with Fetcher(policy) as fetcher:
            await asyncio.gather(*(fetcher.fetch(srv.url(f"/{n}.xml")) for n in ("a", "b", "c")))
        spans = sorted((r.started, r.finished) for r in srv.requests)
        assert len(spans) == 3
        for (_, end), (next_start, _) in zip(spans, spans[1:]):
            assert next_start >= end + 0.2  # never overlapping, and the delay between them


async def test_different_hosts_run_in_parallel_within_the_global_limit() -> None:
    async with FeedServer("127.0.0.1") as one, FeedServer("127.0.0.2") as two:
        one.serve("/f.xml", rss(), delay=0.25)
        two.serve("/f.xml", rss(), delay=0.25)
        async with Fetcher(FetchPolicy(allow_private=True, host_delay=1.0, concurrency=4)) as fetcher:
            started = time.monotonic()
            await asyncio.gather(fetcher.fetch(one.url("/f.xml")), fetcher.fetch(two.url("/f.xml")))
            parallel = time.monotonic() - started
        async with Fetcher(FetchPolicy(allow_private=True, host_delay=0.0, concurrency=1)) as fetcher:
            started = time.monotonic()
            await asyncio.gather(fetcher.fetch(one.url("/f.xml")), fetcher.fetch(two.url("/f.xml")))
            serial = time.monotonic() - started
        assert parallel < 0.45 <= serial
