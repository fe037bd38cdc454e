"""Polite, bounded HTTP fetching for watched sources.

Politeness: one request at a time per host with a minimum delay between them, a global concurrency
limit, conditional GET (ETag / Last-Modified) so an unchanged feed costs a 304, gzip, and a user
agent that names the bot. Bounds: connect and total timeouts, and a size cap enforced while
streaming (the body is never read past the cap, gzip bombs included, since the cap counts decoded
bytes). Safety: every hop of a redirect goes through the SSRF guard (bot/ingest/netguard.py).

Every failure becomes a `FetchError` whose message is one line fit for `sources list`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from bot.ingest.netguard import (
    IPNetwork,
    NetPolicy,
    UnsafeAddressError,
    UnsafeURLError,
    check_url_literal,
    make_guarded_resolver,
)

if TYPE_CHECKING:
    import aiohttp
    from aiohttp.abc import AbstractResolver

MB = 1024 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def default_user_agent() -> str:
    from bot import __version__

    return f"readout-watch/{__version__} (government readout monitor; polls feeds politely)"


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one `Fetcher`. Defaults are what a public deployment should use."""

    max_bytes: int = 5 * MB
    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    host_delay: float = 1.0  # seconds between the end of one request to a host and the next
    concurrency: int = 4  # requests in flight across all hosts
    max_redirects: int = 5
    user_agent: str = field(default_factory=default_user_agent)
    allow_private: bool = False
    allow_networks: tuple[IPNetwork, ...] = ()

    @property
    def net(self) -> NetPolicy:
        return NetPolicy(self.allow_private, self.allow_networks)

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> "FetchPolicy":
        """Read the limits from `bot.config.Settings` (fields it lacks keep their defaults)."""
        values: dict[str, Any] = {"allow_private": bool(getattr(settings, "allow_private_urls", False))}
        for name, attr in (
            ("max_bytes", "fetch_max_bytes"),
            ("connect_timeout", "fetch_connect_timeout"),
            ("total_timeout", "fetch_timeout"),
            ("host_delay", "fetch_host_delay"),
            ("concurrency", "fetch_concurrency"),
        ):
            value = getattr(settings, attr, None)
            if value is not None:
                values[name] = value
        values.update(overrides)
        return cls(**values)


@dataclass(frozen=True)
class FetchResult:
    """A response worth reading: 2xx with its body, or 304 (`not_modified`, empty body)."""

    url: str  # after redirects
    status: int
    body: bytes
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A fetch that failed; `str()` is the one-line reason. `kind` groups reasons for callers."""

    def __init__(self, reason: str, *, kind: str = "error", url: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # refused | dns | connect | timeout | http | too_large | error
        self.url = url


class Fetcher:
    """One aiohttp session shared by every poll of a run. Use as `async with Fetcher(policy) as f`.

    `resolver` replaces the system DNS (tests use a fake one); it is always wrapped by the guard.
    """

    def __init__(self, policy: FetchPolicy | None = None, *, resolver: "AbstractResolver | None" = None) -> None:
        self.policy = policy or FetchPolicy()
        self._inner_resolver = resolver
        self._session: aiohttp.ClientSession | None = None
        self._global = asyncio.Semaphore(max(1, self.policy.concurrency))
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._host_free_at: dict[str, float] = {}

    async def __aenter__(self) -> "Fetcher":
        await self._ensure_session()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _ensure_session(self) -> "aiohttp.ClientSession":
        if self._session is None:
            import aiohttp

            connector = aiohttp.TCPConnector(
                limit=max(1, self.policy.concurrency),
                resolver=make_guarded_resolver(self.policy.net, self._inner_resolver),
                ttl_dns_cache=60,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),  # sources must not see each other's cookies
                trust_env=False,  # a proxy from the environment would bypass the address guard
                timeout=aiohttp.ClientTimeout(
                    total=self.policy.total_timeout,
                    connect=self.policy.connect_timeout,
                    sock_connect=self.policy.connect_timeout,
                ),
                headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET `url`, following redirects (each hop checked), conditionally when validators are given."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            try:
                check_url_literal(current, self.policy.net)
            except UnsafeURLError as exc:
                where = "" if current == url else f"redirect to {current}: "
                raise FetchError(f"refused: {where}{exc}", kind="refused", url=current) from None
            outcome = await self._request(current, headers)
            if isinstance(outcome, FetchResult):
                return outcome
            current = outcome  # a redirect target
        raise FetchError(f"more than {self.policy.max_redirects} redirects", kind="http", url=url)

    async def _request(self, url: str, headers: Mapping[str, str]) -> FetchResult | str:
        """One request under the host's lock and the global limit: a result, or the next URL."""
        host = (urlsplit(url).hostname or "").lower()
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._host_free_at.get(host, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with self._global:
                    return await self._do_request(url, headers)
            finally:
                self._host_free_at[host] = time.monotonic() + self.policy.host_delay

    async def _do_request(self, url: str, headers: Mapping[str, str]) -> FetchResult | str:
        import aiohttp

        session = await self._ensure_session()
        try:
            async with session.get(url, headers=dict(headers), allow_redirects=False) as response:
                status = response.status
                if status in REDIRECT_STATUSES:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"HTTP {status} redirect without a Location", kind="http", url=url)
                    return urljoin(url, location)
                if status == 304:
                    return FetchResult(url, 304, b"", etag=response.headers.get("ETag"),
                                       last_modified=response.headers.get("Last-Modified"))
                if not 200 <= status < 300:
                    raise FetchError(f"HTTP {status} {response.reason or ''}".strip(), kind="http", url=url)
                body = await self._read_capped(response, url)
                return FetchResult(
                    url=str(response.url),
                    status=status,
                    body=body,
                    content_type=response.content_type,
                    charset=response.charset,
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
        except FetchError:
            raise
        except aiohttp.ClientConnectorError as exc:
            raise _connector_error(exc, url) from None
        except TimeoutError:
            raise FetchError(f"timed out after {self.policy.total_timeout:g}s", kind="timeout", url=url) from None
        except aiohttp.ClientPayloadError as exc:
            raise FetchError(f"broken response body: {_one_line(exc)}", kind="http", url=url) from None
        except aiohttp.InvalidURL as exc:
            raise FetchError(f"invalid URL: {_one_line(exc)}", kind="refused", url=url) from None
        except aiohttp.ClientError as exc:
            raise FetchError(f"HTTP error: {_one_line(exc) or type(exc).__name__}", kind="connect", url=url) from None

    async def _read_capped(self, response: "aiohttp.ClientResponse", url: str) -> bytes:
        """Read the (decoded) body, stopping as soon as it passes the cap."""
        cap = self.policy.max_bytes
        declared = response.content_length
        if declared is not None and declared > cap:
            raise FetchError(f"body of {_size(declared)} is over the {_size(cap)} cap", kind="too_large", url=url)
        chunks: list[bytes] = []
        total = 0
        async for chunk in response.content.iter_chunked(64 * 1024):
            total += len(chunk)
            if total > cap:
                response.close()  # drop the connection rather than drain the rest
                raise FetchError(f"body is over the {_size(cap)} cap", kind="too_large", url=url)
            chunks.append(chunk)
        return b"".join(chunks)


def _connector_error(exc: Any, url: str) -> FetchError:
    import aiohttp

    os_error = getattr(exc, "os_error", None)
    if isinstance(os_error, UnsafeAddressError):
        return FetchError(f"refused: {os_error}", kind="refused", url=url)
    host = urlsplit(url).hostname or url
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        detail = getattr(os_error, "strerror", None) or _one_line(os_error) or "no such host"
        return FetchError(f"DNS lookup of {host} failed: {detail}", kind="dns", url=url)
    detail = getattr(os_error, "strerror", None) or _one_line(os_error or exc)
    return FetchError(f"cannot connect to {host}: {detail}", kind="connect", url=url)


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:300]


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n} bytes"
