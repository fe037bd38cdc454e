"""SSRF guard: a source URL is fetched by the server, so it must not reach the server's own network.

Only http and https are accepted, and a host whose address is loopback, private, link-local (the
169.254.169.254 cloud metadata service included), multicast, reserved or unspecified, v4 or v6
(IPv4 embedded in v6 too), is refused. The check happens where the connection is made: the fetcher's
aiohttp connector resolves names through `GuardedResolver`, which checks every address and hands the
connector only checked addresses, so the address connected to is the address checked (DNS rebinding
cannot swap it between check and connect) and every redirect hop is checked the same way. IP
literals never reach a resolver, so `check_url` refuses them up front, for the first URL and each hop.

`READOUT_ALLOW_PRIVATE_URLS=1` (`allow_private=True`) turns the address check off, for tests and
self-hosted feeds on a private network; the scheme check stays.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = ("http", "https")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


class UnsafeURLError(ValueError):
    """The URL may not be fetched; the message says why in one line."""


class UnsafeAddressError(OSError):
    """Raised inside the connector's resolver (aiohttp wraps OSError as a connection error)."""


def forbidden_reason(address: IPAddress) -> str | None:
    """Why the server must not connect to `address` ("10.0.0.1 is a private address"), or None."""
    kind = address_class(address)
    return f"{address} is {kind}" if kind else None


def address_class(address: IPAddress) -> str | None:
    """"a loopback address", "a private address", ... for a forbidden address; None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            inner = address_class(embedded)
            return f"{inner} (IPv4 {embedded} inside)" if inner else None
    checks = (
        (address.is_unspecified, "an unspecified"),
        (address.is_loopback, "a loopback"),
        (address.is_link_local, "a link-local"),
        (address.is_multicast, "a multicast"),
        (address.is_reserved, "a reserved"),
        (address.is_private, "a private"),
        (isinstance(address, ipaddress.IPv4Address) and address in _CGNAT, "a shared (carrier-grade NAT)"),
        (not address.is_global, "a non-public"),
    )
    for hit, label in checks:
        if hit:
            return f"{label} address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address hidden in a mapped, 6to4, Teredo or NAT64 IPv6 address."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


@dataclass(frozen=True)
class NetPolicy:
    """What may be fetched. `allow_networks` are explicit exceptions (an internal mirror an admin
    trusts) that stay allowed even though they are private."""

    allow_private: bool = False
    allow_networks: tuple[IPNetwork, ...] = field(default_factory=tuple)

    def refusal(self, address: str | IPAddress) -> str | None:
        """Why `address` is refused under this policy, or None."""
        if self.allow_private:
            return None
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str) else address)
        except ValueError:
            return f"{address!r} is not an IP address"
        if any(ip in net for net in self.allow_networks if ip.version == net.version):
            return None
        return forbidden_reason(ip)


def check_url_syntax(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an acceptable URL, or UnsafeURLError with the reason."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURLError(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise UnsafeURLError("not a URL: it needs http:// or https://")
    if scheme not in ALLOWED_SCHEMES:
        raise UnsafeURLError(f"{scheme}:// URLs are not accepted; only http and https")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURLError("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURLError("URLs with a user name or password are not accepted (they would be stored in plain text)")
    return scheme, host, port or (443 if scheme == "https" else 80)


def ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def check_url_literal(url: str, policy: NetPolicy) -> tuple[str, str, int]:
    """Scheme check plus, for an IP-literal host, the address check (names are checked when resolved)."""
    scheme, host, port = check_url_syntax(url)
    literal = ip_literal(host)
    if literal is not None:
        reason = policy.refusal(literal)
        if reason:
            raise UnsafeURLError(f"{reason} (set READOUT_ALLOW_PRIVATE_URLS=1 to allow private addresses)")
    return scheme, host, port


async def check_url(url: str, policy: NetPolicy, resolver: "AbstractResolver | None" = None) -> list[str]:
    """Fully check a URL now (scheme, then every address its host resolves to); the addresses.

    Used by `sources add` to refuse a bad source before storing it. Fetching does not rely on this
    answer (DNS can change): the connector checks again at connect time.
    """
    _scheme, host, port = check_url_literal(url, policy)
    literal = ip_literal(host)
    if literal is not None:
        return [str(literal)]
    guarded = GuardedResolver(policy, resolver)
    try:
        results = await guarded.resolve(host, port, family=socket.AF_UNSPEC)
    except UnsafeAddressError as exc:
        raise UnsafeURLError(str(exc)) from None
    except OSError as exc:
        raise UnsafeURLError(f"cannot resolve {host}: {exc.strerror or exc}") from None
    finally:
        await guarded.close()
    return [str(r["host"]) for r in results]


def _base_resolver_class() -> type:
    from aiohttp.abc import AbstractResolver

    return AbstractResolver


class GuardedResolver:
    """An aiohttp resolver that returns only addresses the policy allows, and refuses the name
    outright when any of its addresses is forbidden (a name that also points inside is not a
    public name). Built with `make_guarded_resolver`, which subclasses aiohttp's AbstractResolver
    lazily so importing this module does not import aiohttp."""

    def __init__(self, policy: NetPolicy, inner: "AbstractResolver | None" = None) -> None:
        self.policy = policy
        self._inner = inner
        self._owns_inner = inner is None

    def _resolver(self) -> "AbstractResolver":
        if self._inner is None:
            from aiohttp.resolver import ThreadedResolver

            self._inner = ThreadedResolver()
        return self._inner

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[Any]:
        try:
            results = await self._resolver().resolve(host, port, family=family)
        except OSError:
            raise
        except Exception as exc:  # resolvers may raise their own errors; keep one OSError shape
            raise OSError(f"cannot resolve {host}: {exc}") from exc
        if not results:
            raise OSError(f"cannot resolve {host}: no addresses")
        for result in results:
            reason = self.policy.refusal(str(result["host"]))
            if reason:
                raise UnsafeAddressError(
                    f"{host} resolves to {reason.replace(' is ', ', ', 1)}"
                    " (set READOUT_ALLOW_PRIVATE_URLS=1 to allow private addresses)"
                )
        return list(results)

    async def close(self) -> None:
        if self._owns_inner and self._inner is not None:
            await self._inner.close()


@functools.cache
def _aiohttp_guarded_class() -> type:
    return type("AiohttpGuardedResolver", (GuardedResolver, _base_resolver_class()), {})


def make_guarded_resolver(policy: NetPolicy, inner: "AbstractResolver | None" = None) -> "AbstractResolver":
    """A `GuardedResolver` that is also an aiohttp `AbstractResolver` (what TCPConnector accepts)."""
    return _aiohttp_guarded_class()(policy, inner)  # type: ignore[no-any-return]


def static_results(host: str, port: int, addresses: Sequence[str]) -> list[dict[str, Any]]:
    """aiohttp ResolveResult dicts for fixed addresses (fake resolvers in tests, /etc/hosts-like pins)."""
    out: list[dict[str, Any]] = []
    for address in addresses:
        ip = ipaddress.ip_address(address)
        out.append(
            {
                "hostname": host,
                "host": address,
                "port": port,
                "family": socket.AF_INET6 if ip.version == 6 else socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        )
    return out
