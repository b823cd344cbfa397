"""The SSRF guard: feed URLs come from users, so no connection may reach our own network.

Every connection, including each redirect hop, is made by `GuardedBackend`, which
resolves the host itself, refuses non-public addresses and then connects to the very
address it checked, so a DNS answer cannot change between the check and the connect (no
DNS-rebinding window). feeds.fetch installs it under httpx; this module needs httpcore
only.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import socket
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpcore

from bot.errors import FetchError, MetadataAddressError, PrivateAddressError

__all__ = [
    "ALLOW_PRIVATE_SETTING",
    "OPERATOR_HINT",
    "WORKSPACE_HINT",
    "GuardedBackend",
    "address_block_reason",
    "is_metadata_address",
]

# The setting that turns the address guard off for the operator's own feeds, named in
# the refusals the operator sees.
ALLOW_PRIVATE_SETTING = "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES"
# Tests only: while the file this names exists, no host name resolves (the machine offline).
TEST_NO_NETWORK_ENV = "LAYOFFBOT_TEST_NO_NETWORK_FILE"
# What a refusal adds, by who added the feed. The operator can change the setting; a
# workspace manager cannot, and no setting opens workspaces' feeds in production.
OPERATOR_HINT = f" (set {ALLOW_PRIVATE_SETTING}=true to allow it for the operator's own feeds)"
# "this workspace" as each surface says it (bot.commands.surface.in_own_words).
WORKSPACE_HINT = (
    ": this workspace's feeds must be on the public internet, not on a private or local network"
)

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


# Where clouds serve an instance's metadata, credentials included: link-local IPv4
# (169.254.169.254: AWS, GCP, Azure, Oracle, OpenStack; 169.254.170.2: ECS tasks), AWS's
# IPv6 one, GCP's IPv6 one and Alibaba's. No feed is ever served there, so they are
# refused even when LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES opens the private network to the
# operator's feeds: a redirect from such a feed reached them (trial 17b).
_METADATA_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "fd20:ce::254/128")
) + (ipaddress.ip_network("100.100.100.200/32"),)
_METADATA_NAMES = frozenset(
    ("metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal")
)


def is_metadata_address(address: str) -> bool:
    """Whether `address` (an IP, in any IPv6 form that carries an IPv4 one, or a name) is a
    cloud metadata endpoint or link-local: never a feed's, whatever the settings."""
    if address.strip("[]").rstrip(".").lower() in _METADATA_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_metadata_address(str(embedded))
    return any(ip in network for network in _METADATA_NETWORKS if network.version == ip.version)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, checks, then connects to the checked address: the SSRF guard.

    httpcore still starts TLS with the URL's host name (SNI and certificate checks are
    unaffected) because only the TCP connect target changes.
    """

    def __init__(self, *, allow_private_addresses: bool, hint: str = OPERATOR_HINT) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private_addresses
        self._hint = hint  # what a refusal adds for whoever added the feed

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if is_metadata_address(host):  # by name, before it is looked up
            raise MetadataAddressError(self._metadata_refusal(host, host))
        addresses = await _resolve(host, port)
        for address in addresses:
            if is_metadata_address(address):
                raise MetadataAddressError(self._metadata_refusal(host, address))
        if not self._allow_private:
            for address in addresses:
                reason = address_block_reason(address)
                if reason is not None:
                    # The host as the user wrote it, never what it resolved to: the
                    # internal address is no business of whoever typed the URL.
                    article = "an" if reason[0] in "aeiou" else "a"
                    raise PrivateAddressError(
                        f"refused: {host} is {article} {reason} address{self._hint}"
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

    def _metadata_refusal(self, host: str, address: str) -> str:
        """Why a metadata endpoint is refused (the host as typed, as for any refusal), the
        setting named if it is on: it opens the private network, never these."""
        if address_block_reason(address) == "link-local":
            said = f"refused: {host} is a link-local address, a cloud's metadata endpoint"
        else:
            said = f"refused: {host} is a cloud metadata address"
        said += ", never a feed's"
        return said + (
            f" ({ALLOW_PRIVATE_SETTING} does not open it)" if self._allow_private else ""
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:  # pragma: no cover - never configured
        raise PrivateAddressError("refusing to connect to a Unix socket")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def _lookup(host: str, port: int) -> list[Any]:
    """getaddrinfo on a resolver thread, within the host's domain's slots."""
    flag = os.environ.get(TEST_NO_NETWORK_ENV)
    if flag and os.path.exists(flag):  # tests: the machine offline while the file exists
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    loop = asyncio.get_running_loop()
    release = await _domains.acquire(host)

    def freed(_: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(release)

    try:
        work = _resolver_pool().submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    except BaseException:
        release()
        raise
    work.add_done_callback(freed)
    infos: list[Any] = await asyncio.wrap_future(work)
    return infos


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


# Lookups of one domain's names at once (the last two labels of the name: *.example.com).
# A name lookup cannot be cancelled: a name server that never answers holds its thread
# until the system's resolver gives up (tens of seconds), past the fetch's deadline. One
# workspace's 30 feeds on names under one such domain held all 8 threads, and the other
# feeds polled then, the operator's included, timed out waiting for one (session 14).
_PER_DOMAIN = 2


class _DomainSlots:
    """At most _PER_DOMAIN lookups per domain at once, per event loop; the others wait
    here, in the loop (their fetch's deadline still running), not in the threads' queue.
    A slot is freed when its lookup's thread is, not when its fetch gives up waiting."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: dict[str, tuple[asyncio.Semaphore, int]] = {}

    async def acquire(self, host: str) -> Callable[[], None]:
        """Wait for a slot of the host's domain; returns its release (call it once)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new loop (a test's, a command's): new semaphores
            self._loop, self._slots = loop, {}
        domain = ".".join(host.rstrip(".").lower().split(".")[-2:])
        slot, users = self._slots.get(domain, (asyncio.Semaphore(_PER_DOMAIN), 0))
        self._slots[domain] = (slot, users + 1)

        def forget() -> None:
            if loop is not self._loop:
                return
            _, users = self._slots.get(domain, (slot, 1))
            if users > 1:
                self._slots[domain] = (slot, users - 1)
            else:
                self._slots.pop(domain, None)

        def release() -> None:
            slot.release()
            forget()

        try:
            await slot.acquire()
        except BaseException:  # cancelled while waiting: not a user any more
            forget()
            raise
        return release


_domains = _DomainSlots()


async def host_resolves(host: str) -> bool:
    """Whether a name look-up of `host` answers (feeds/offline.py: is the network back?)."""
    try:
        return bool(await _resolve(host, 443))
    except FetchError:
        return False


async def _resolve(host: str, port: int) -> list[str]:
    """All addresses of `host`, in the resolver's order, without duplicates."""
    host = host.strip("[]")
    if "%" not in host:
        try:
            ipaddress.ip_address(host)
            return [host]  # an address: nothing to look up
        except ValueError:
            pass
    try:
        infos = await _lookup(host, port)
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
