"""The SSRF guard: feed URLs come from users, so no connection may reach our own network.

Every connection, including each redirect hop, is made by `GuardedBackend`, which
resolves the host itself, refuses non-public addresses and then connects to the very
address it checked, so a DNS answer cannot change between the check and the connect (no
DNS-rebinding window). feeds.fetch installs it under httpx; this module needs httpcore
only.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpcore

from bot.errors import FetchError, PrivateAddressError

__all__ = ["ALLOW_PRIVATE_SETTING", "GuardedBackend", "address_block_reason"]

# The setting that turns the address guard off, named in its refusals.
ALLOW_PRIVATE_SETTING = "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES"

# RFC 6052 well-known NAT64 prefix: the last 32 bits are an IPv4 address, judged as such so
# that NAT64-only networks can still reach public IPv4 hosts.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def address_block_reason(address: str) -> str | None:
    """Why the bot must not connect to this IP address, or None when it is public.

    Judges addresses embedded in IPv6 forms (IPv4-mapped, 6to4, Teredo, NAT64) by the IPv4
    address inside, since that is where the packets end up.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip.teredo is not None:
            embedded = ip.teredo[1]
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_block_reason(str(embedded))
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        # fec0::/10: deprecated, yet routed inside some networks, and `is_global` says yes.
        return "site-local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "carrier-grade NAT"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "non-public"
    return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, checks, then connects to the checked address: the SSRF guard.

    httpcore still starts TLS with the URL's host name (SNI and certificate checks are
    unaffected) because only the TCP connect target changes.
    """

    def __init__(self, *, allow_private_addresses: bool) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private_addresses

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _resolve(host, port)
        if not self._allow_private:
            for address in addresses:
                reason = address_block_reason(address)
                if reason is not None:
                    # The host as the user wrote it, never what it resolved to: the
                    # internal address is no business of whoever typed the URL.
                    article = "an" if reason[0] in "aeiou" else "a"
                    raise PrivateAddressError(
                        f"refused: {host} is {article} {reason} address "
                        f"(set {ALLOW_PRIVATE_SETTING}=true to allow it, for testing only)"
                    )
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout, OSError) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:  # pragma: no cover - never configured
        raise PrivateAddressError("refusing to connect to a Unix socket")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


# Name lookups run on threads of their own, not on the loop's default executor: there they
# queued behind the poller's ingest (each feed's batch holds a thread there while it waits
# for the one writer), and a cold poll of 200 feeds at load 7 timed 19 of them out (20 s)
# before they had an address: their items were missing until the next poll.
_RESOLVERS = 8
_resolver: ThreadPoolExecutor | None = None
_resolver_lock = threading.Lock()


def _resolver_pool() -> ThreadPoolExecutor:
    global _resolver
    with _resolver_lock:
        if _resolver is None:
            _resolver = ThreadPoolExecutor(_RESOLVERS, thread_name_prefix="feed-dns")
        return _resolver


async def _resolve(host: str, port: int) -> list[str]:
    """All addresses of `host`, in the resolver's order, without duplicates."""
    host = host.strip("[]")
    if "%" not in host:
        try:
            ipaddress.ip_address(host)
            return [host]  # an address: nothing to look up
        except ValueError:
            pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.run_in_executor(
            _resolver_pool(), socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM
        )
    except socket.gaierror:
        raise FetchError(f"could not resolve host {host}") from None
    addresses: list[str] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"could not resolve host {host}")
    return addresses
