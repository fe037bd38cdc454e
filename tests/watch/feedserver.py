"""A real aiohttp server on 127.0.0.1 serving feeds, pages and misbehaviour, recording every request.

`FeedServer` runs in the test's own event loop (`async with FeedServer() as srv`); `ThreadedFeedServer`
runs it on a thread with its own loop, for tests that call the synchronous CLI entry point (which
starts its own loop with asyncio.run).
"""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

from aiohttp import web


@dataclass
class Route:
    """What one path answers. `body` may change between requests (the feed gains an item)."""

    body: bytes = b""
    content_type: str = "application/rss+xml"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    delay: float = 0.0  # seconds before answering (a hung server: a long delay)
    stream_bytes: int = 0  # stream this many filler bytes, chunked, without Content-Length
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    host: str
    status: int = 0
    started: float = 0.0
    finished: float = 0.0


class FeedServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.port = 0
        self._runner: web.AppRunner | None = None

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def serve(self, path: str, body: bytes | str = b"", **kwargs: Any) -> Route:
        route = Route(body=body.encode() if isinstance(body, str) else body, **kwargs)
        self.routes[path] = route
        return route

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        seen = Seen(request.path, dict(request.headers), request.host, started=time.monotonic())
        self.requests.append(seen)
        try:
            response = await self._answer(request)
            seen.status = response.status
            return response
        finally:
            seen.finished = time.monotonic()

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        route = self.routes.get(request.path)
        if route is None:
            return web.Response(status=404, text="not found")
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.status != 200:
            return web.Response(status=route.status, text="error", headers=route.headers)
        validators: dict[str, str] = {}
        if route.etag:
            validators["ETag"] = route.etag
        if route.last_modified:
            validators["Last-Modified"] = route.last_modified
        unchanged = (route.etag and request.headers.get("If-None-Match") == route.etag) or (
            not route.etag and route.last_modified and request.headers.get("If-Modified-Since") == route.last_modified
        )
        if unchanged:
            return web.Response(status=304, headers=validators)
        if route.stream_bytes:
            response = web.StreamResponse(headers={"Content-Type": route.content_type})
            response.enable_chunked_encoding()
            await response.prepare(request)
            chunk = b"<" + b"x" * (64 * 1024 - 1)
            sent = 0
            try:
                while sent < route.stream_bytes:
                    await response.write(chunk)
                    sent += len(chunk)
                await response.write_eof()
            except (ConnectionResetError, ConnectionError):
                pass
            return response
        body = route.body
        headers = {**validators, **route.headers, "Content-Type": route.content_type}
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return web.Response(body=body, headers=headers)

    async def start(self) -> "FeedServer":
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> "FeedServer":
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


class ThreadedFeedServer(FeedServer):
    """The same server on a background thread (for the synchronous CLI)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        super().__init__(host)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> "ThreadedFeedServer":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.start(), self._loop).result(timeout=10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


def http_date(seconds_ago: float = 0.0) -> str:
    return formatdate(time.time() - seconds_ago, usegmt=True)


def rss(*items: tuple[str, str, str], title: str = "Ministry news") -> str:
    """An RSS 2.0 feed; each item is (guid, title, description)."""
    body = "".join(
        f"<item><guid isPermaLink=\"false\">{guid}</guid><title>{t}</title>"
        f"<link>https://example.org/{guid}</link><pubDate>Thu, 11 Dec 2025 22:00:00 +0900</pubDate>"
        f"<description>{d}</description></item>"
        for guid, t, d in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'


READOUTS = [
    ("mod-1", "Japan-US Defense Ministerial Telephone Call",
     "On December 11, Minister of Defense Koizumi held a telephone call with U.S. Secretary of War Hegseth."
     " The ministers expressed serious concern about the radar incident of December 6."),
    ("mod-2", "Japan-Australia Defense Ministerial Meeting",
     "On December 9, Minister Koizumi met Australian Deputy Prime Minister Marles in Tokyo."
     " The two ministers agreed to deepen cooperation on maritime security."),
    ("mod-3", "Japan-Philippines Defense Ministerial Video Call",
     "On December 12, Minister Koizumi held a video call with Philippine Secretary Teodoro."
     " They confirmed that they would continue close communication."),
]
