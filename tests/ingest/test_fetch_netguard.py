"""The SSRF guard: only http(s); loopback/private/link-local/multicast/reserved/unspecified addresses,
v4 and v6 (IPv4 hidden in v6 too), refused for the first URL and for every redirect hop; the address
connected to is the one the guard checked. A fake resolver stands in for DNS."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest
from aiohttp.abc import AbstractResolver

from bot.ingest.fetch import Fetcher, FetchError, FetchPolicy
from bot.ingest.netguard import NetPolicy, UnsafeURLError, check_url, forbidden_reason, static_results
from tests.watch.feedserver import FeedServer, rss


class FakeResolver(AbstractResolver):
    """Names -> fixed addresses (a list per call, to play DNS rebinding), counting lookups."""

    def __init__(self, answers: dict[str, list[list[str]] | list[str]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[Any]:
        self.calls.append(host)
        answer = self.answers.get(host)
        if answer is None:
            raise OSError(socket.EAI_NONAME, "Name or service not known")
        if answer and isinstance(answer[0], list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]  # type: ignore[assignment]
        return static_results(host, port, answer)  # type: ignore[arg-type]

    async def close(self) -> None:
        pass


@pytest.mark.parametrize(
    "address, label",
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "shared"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),  # broadcast
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:a9fe:a9fe::1", "link-local"),  # 6to4 wrapping 169.254.169.254
        ("64:ff9b::a00:1", "private address (IPv4 10.0.0.1 inside)"),  # NAT64
    ],
)
def test_internal_addresses_are_forbidden(address: str, label: str) -> None:
    reason = forbidden_reason(ipaddress.ip_address(address))
    assert reason is not None
    assert label in reason


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert forbidden_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url, message",
    [
        ("file:///etc/passwd", "file:// URLs are not accepted"),
        ("ftp://ftp.example.org/readouts", "ftp:// URLs are not accepted"),
        ("gopher://example.org/", "gopher:// URLs are not accepted"),
        ("www.example.org/feed", "needs http:// or https://"),
        ("http:///feed.xml", "no host"),
        ("http://user:secret@example.org/feed", "user name or password"),
        ("http://127.0.0.1:8080/feed.xml", "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/", "169.254.169.254 is a link-local address"),
        ("http://[::1]/feed", "::1 is a loopback address"),
        ("http://[::ffff:10.0.0.1]/feed", "is a private address (IPv4 10.0.0.1 inside)"),
        ("http://internal.test/feed", "internal.test resolves to 10.9.8.7, a private address"),
        ("http://mixed.test/feed", "mixed.test resolves to 192.168.0.9"),
        ("http://nowhere.test/feed", "cannot resolve nowhere.test"),
    ],
)
async def test_check_url_refuses_with_a_reason(url: str, message: str) -> None:
    resolver = FakeResolver({"internal.test": ["10.9.8.7"], "mixed.test": ["93.184.216.34", "192.168.0.9"]})
    with pytest.raises(UnsafeURLError) as caught:
        await check_url(url, NetPolicy(), resolver)
    assert message in str(caught.value)


async def test_check_url_accepts_public_names_and_private_ones_when_allowed() -> None:
    resolver = FakeResolver({"www.mod.test": ["93.184.216.34"], "internal.test": ["10.9.8.7"]})
    assert await check_url("https://www.mod.test/en/rss.xml", NetPolicy(), resolver) == ["93.184.216.34"]
    assert await check_url("http://internal.test/feed", NetPolicy(allow_private=True), resolver) == ["10.9.8.7"]
    assert await check_url("http://127.0.0.1:9/feed", NetPolicy(allow_private=True)) == ["127.0.0.1"]
    with pytest.raises(UnsafeURLError, match="file://"):
        await check_url("file:///etc/passwd", NetPolicy(allow_private=True))


def _trusting_loopback() -> FetchPolicy:
    """Private addresses refused, except 127.0.0.1 itself: the test server stands in for a public host."""
    return FetchPolicy(allow_networks=(ipaddress.ip_network("127.0.0.1/32"),), host_delay=0.0)


async def test_redirect_from_an_allowed_host_to_a_private_one_is_refused() -> None:
    async with FeedServer() as srv, FeedServer("127.0.0.2") as inside:
        inside.serve("/secret", "internal data")
        srv.serve("/to-name", status=302, headers={"Location": "http://metadata.test/latest/"})
        srv.serve("/to-literal", status=301, headers={"Location": inside.url("/secret")})
        srv.serve("/to-file", status=302, headers={"Location": "file:///etc/passwd"})
        resolver = FakeResolver({"feeds.test": ["127.0.0.1"], "metadata.test": ["169.254.169.254"]})
        async with Fetcher(_trusting_loopback(), resolver=resolver) as fetcher:
            with pytest.raises(FetchError, match=r"metadata.test resolves to 169.254.169.254") as caught:
                await fetcher.fetch(f"http://feeds.test:{srv.port}/to-name")
            assert caught.value.kind == "refused"
            with pytest.raises(FetchError, match=r"^refused: redirect to http://127.0.0.2:\d+/secret: 127.0.0.2 is a loopback address") as caught:
                await fetcher.fetch(f"http://feeds.test:{srv.port}/to-literal")
            with pytest.raises(FetchError, match=r"file:// URLs are not accepted"):
                await fetcher.fetch(f"http://feeds.test:{srv.port}/to-file")
        assert inside.requests == []  # the private server was never contacted
        assert len(srv.requests) == 3


async def test_a_name_resolving_to_a_private_address_is_refused_at_connect_time() -> None:
    resolver = FakeResolver({"sneaky.test": ["10.0.0.8"]})
    async with Fetcher(FetchPolicy(), resolver=resolver) as fetcher:
        with pytest.raises(FetchError, match=r"^refused: sneaky.test resolves to 10.0.0.8, a private address"):
            await fetcher.fetch("http://sneaky.test/feed.xml")


async def test_the_connection_goes_to_the_checked_address_only() -> None:
    """DNS rebinding: the name answers a good address, then an internal one. The connector uses the
    guard's own (checked) answer, resolved once; nothing else ever resolves the name."""
    async with FeedServer() as srv:
        srv.serve("/feed.xml", rss(("a", "A", "ok")))
        resolver = FakeResolver({"feeds.test": [["127.0.0.1"], ["169.254.169.254"]]})
        async with Fetcher(_trusting_loopback(), resolver=resolver) as fetcher:
            result = await fetcher.fetch(f"http://feeds.test:{srv.port}/feed.xml")
        assert b"<rss" in result.body
        assert resolver.calls == ["feeds.test"]
        assert srv.requests[0].host == f"feeds.test:{srv.port}"
        async with Fetcher(_trusting_loopback(), resolver=resolver) as fetcher:  # the rebound answer
            with pytest.raises(FetchError, match="169.254.169.254"):
                await fetcher.fetch(f"http://feeds.test:{srv.port}/feed.xml")
        assert len(srv.requests) == 1


async def test_dns_failure_is_a_clear_reason() -> None:
    async with Fetcher(FetchPolicy(), resolver=FakeResolver({})) as fetcher:
        with pytest.raises(FetchError, match=r"^DNS lookup of nowhere.test failed") as caught:
            await fetcher.fetch("https://nowhere.test/feed.xml")
    assert caught.value.kind == "dns"


@pytest.mark.parametrize("url", ["http://2130706433/feed", "http://0177.0.0.1/", "http://0x7f.1/", "http://localhost:9/x"])
async def test_disguised_loopback_hosts_are_refused_by_the_system_resolver(url: str) -> None:
    """Numeric and named forms of 127.0.0.1 are resolved locally (no network) and refused."""
    with pytest.raises(UnsafeURLError, match=r"resolves to (127\.0\.0\.1|::1), a loopback address"):
        await check_url(url, NetPolicy())
