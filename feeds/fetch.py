"""Fetching feeds over HTTP: with feeds.llm_http, the only module that imports httpx.

Feed URLs come from users, so every request is treated as hostile in both directions:

* the URL may point inside our own network (SSRF): every connection, including each
  redirect hop, is made by feeds.guard's `GuardedBackend`, installed below httpx here;
* the server may be slow or endless (slowloris, infinite chunked bodies) or send a gzip
  bomb: one overall deadline (`asyncio.timeout`) covers every hop and the whole body, and
  the body is decompressed here, chunk by chunk with a bounded output, so the size cap
  counts decoded bytes and never holds more than the cap in memory.

Redirects are followed by hand so each hop is validated and loops are named as such.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import os
import re
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import httpcore
import httpx

from bot.errors import FeedError, FetchError, InvalidFeedURL
from bot.links import feed_url_key
from feeds.guard import OPERATOR_HINT, WORKSPACE_HINT, GuardedBackend

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchResult",
    "Fetcher",
    "read_feed_file",
    "validate_feed_url",
]

DEFAULT_USER_AGENT = "layoffbot/0.1 (feed reader; +https://github.com/layoffbot/layoffbot)"
MiB = 1024 * 1024
MAX_BODY_BYTES = 15 * MiB
# The longest wait a server's Retry-After may ask for: its 503 saying "Retry-After:
# 99999999999" had its feed next polled in the year 5195 (attack session 19).
MAX_RETRY_AFTER = 24 * 3600

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PERMANENT_REDIRECTS = frozenset({301, 308})
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
_MAX_URL_LENGTH = 4096


@dataclass(frozen=True)
class FetchResult:
    """One successful (2xx or 304) response.

    `final_url` is where the body came from after redirects; `permanent_redirect` is true
    when every hop was a 301/308, i.e. the poller may store `final_url` as the feed's URL.
    On 304, `not_modified` is true, `body` is empty and `etag`/`last_modified` fall back to
    the validators that were sent, so the caller can keep storing them unchanged.
    """

    url: str
    final_url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    permanent_redirect: bool = False


def validate_feed_url(url: str) -> str:
    """Check a user-given URL's syntax and scheme; return it stripped, scheme and host in
    lower case, without a fragment.

    Only the syntax: whether the host is public is decided at connect time (see module
    docstring), because a name can resolve differently later.
    """
    if not isinstance(url, str):
        raise InvalidFeedURL("a feed URL must be text")
    url = url.strip()
    if not url:
        raise InvalidFeedURL("the feed URL is empty")
    if len(url) > _MAX_URL_LENGTH:
        raise InvalidFeedURL(f"the feed URL is longer than {_MAX_URL_LENGTH} characters")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise InvalidFeedURL("the feed URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidFeedURL(f"not a valid URL: {url!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        # 'example.com:8080/rss' parses as the scheme 'example.com': a host, no scheme.
        bare = "://" not in url and (not scheme or "." in scheme or scheme == "localhost")
        shown = "no scheme" if bare else f"{scheme}:" + ("//" if "://" in url else "")
        hint = ""
        rest = url.split("://", 1)[-1].lstrip("/")
        host = re.split(r"[/:?#]", rest, maxsplit=1)[0]
        if bare and "." not in host and host.lower() != "localhost":
            # 'notaurl' was offered 'did you mean https://notaurl?' (session 18's trial)
            raise InvalidFeedURL(
                f"{url!r} is not a link: a feed's address looks like https://example.com/feed.xml"
            )
        if bare or scheme in ("feed", "feeds"):  # a browser's 'feed://' is a web URL too
            hint = f"; did you mean https://{rest}?"
        raise InvalidFeedURL(
            f"only http:// and https:// feed URLs are supported (got {shown}): {url!r}{hint}"
        )
    if not parts.hostname:
        raise InvalidFeedURL(f"the feed URL has no host name: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise InvalidFeedURL("feed URLs with a user name or password are not supported")
    if port == 0:
        raise InvalidFeedURL(f"the feed URL has an invalid port: {url!r}")
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise InvalidFeedURL(f"not a valid URL: {url!r} ({exc})") from None
    # One feed, one row: 'HTTP://Example.com/rss#top' is the feed http://example.com/rss
    # (scheme and host are case-blind, a fragment is never sent), not a second one polled
    # as often again.
    return feed_url_key(url)


def read_feed_file(file: BinaryIO, max_bytes: int = MAX_BODY_BYTES) -> bytes:
    """An open feed file's bytes, held to the limit of a fetched body: a device or pipe that
    never ends (/dev/zero, /dev/stdin) is read only that far, not until memory runs out."""
    body = file.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise FetchError(f"larger than {_format_size(max_bytes)}")
    return body


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport with its connection pool rebuilt on `GuardedBackend`.

    httpx has no public hook for httpcore's `network_backend`, so this replaces the private
    `_pool` attribute; the constructor checks it exists so an httpx upgrade that renames it
    fails loudly at start-up instead of silently dropping the guard.
    """

    def __init__(
        self, *, allow_private_addresses: bool, limits: httpx.Limits, hint: str = OPERATOR_HINT
    ) -> None:
        ssl_context = httpx.create_ssl_context()
        super().__init__(
            verify=ssl_context, limits=limits, trust_env=False, http1=True, http2=False
        )
        if not isinstance(getattr(self, "_pool", None), httpcore.AsyncConnectionPool):
            raise RuntimeError("unsupported httpx version: cannot install the address guard")
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=GuardedBackend(
                allow_private_addresses=allow_private_addresses, hint=hint
            ),
        )


class _Decoder:
    """Bounded Content-Encoding decoder: never returns more than the caller's budget."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._first = True
        self._obj: Any = self._new() if coding != "identity" else None

    def _new(self, raw_deflate: bool = False) -> Any:
        if self._coding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if raw_deflate else zlib.MAX_WBITS)

    def feed(self, data: bytes, budget: int) -> bytes:
        """Decode `data`, stopping once `budget` bytes came out (the caller then gives up)."""
        if self._obj is None:
            return data
        out = bytearray()
        try:
            while data and len(out) < budget:
                if self._obj.eof:
                    # Another gzip member may follow; anything else is trailing junk.
                    if self._coding == "deflate" or not data.startswith(b"\x1f\x8b"):
                        break
                    self._obj = self._new()
                try:
                    out += self._obj.decompress(data, budget - len(out))
                except zlib.error:
                    if not (self._first and self._coding == "deflate"):
                        raise
                    # Many servers send raw deflate although HTTP means zlib-wrapped.
                    self._obj = self._new(raw_deflate=True)
                    out += self._obj.decompress(data, budget - len(out))
                self._first = False
                data = self._obj.unused_data if self._obj.eof else self._obj.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"invalid {self._coding} response body ({exc})") from None
        return bytes(out)


def _status_message(status: int, reason: str) -> str:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = reason.strip()
    return f"HTTP {status} {phrase}".rstrip()


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), at most
    MAX_RETRY_AFTER. Digits are ASCII ones: '²' passed `isdigit` and int() raised on it,
    as on 5,000 digits, and the feed read "unexpected error" (attack session 19)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(min(int(value[:12]), MAX_RETRY_AFTER))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):  # a year of 19 digits
        return None
    if when.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return min(max(0.0, when.timestamp() - current), MAX_RETRY_AFTER)


def _format_size(size: int) -> str:
    if size % MiB == 0:
        return f"{size // MiB} MiB"
    if size >= MiB:
        return f"{size / MiB:.1f} MiB"
    return f"{size} bytes"


_SOCKET_ADDRESS = re.compile(r"\s*\(\s*'[^']*'(?:\s*,\s*\d+)+\s*\)")
_LOCATION_KEY = "layoffbot_location"


async def _remember_location(response: httpx.Response) -> None:
    """Keep a redirect's Location on its request: if httpx then fails to build the
    redirect's request, the error can name the Location instead of an httpx internal."""
    location = response.headers.get("location")
    if location is not None and response.is_redirect:
        response.request.extensions[_LOCATION_KEY] = location


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bad_redirect(location: str) -> FeedError:
    """A redirect to a URL the bot cannot follow: InvalidFeedURL (the feed is disabled, as
    for a redirect to file://) when it is not http(s), else a FetchError (retried)."""
    try:
        validate_feed_url(location)
    except InvalidFeedURL as exc:
        if not location.strip().lower().startswith(("http:", "https:", "/")):
            return InvalidFeedURL(f"redirected to an unusable URL: {_clip(str(exc))}")
    return FetchError(f"redirected to an invalid URL: {_clip(repr(location))}")


def _transport_message(exc: Exception) -> str:
    """A short human reason for a network failure (shown to users as the feed's error)."""
    # asyncio's "Connect call failed ('10.1.2.3', 443)" names the address the host
    # resolved to: no business of whoever typed the URL (the message reaches chat users).
    text = _SOCKET_ADDRESS.sub("", str(exc)) or type(exc).__name__
    lowered = text.lower()
    cause: BaseException | None = exc
    for _ in range(10):  # anyio hides the OS error behind "All connection attempts failed"
        if cause is None:
            break
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if (
            isinstance(cause, OSError)
            and cause.errno
            and "connect call failed" in str(cause).lower()
        ):
            return f"could not connect: {os.strerror(cause.errno).lower()}"
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError | httpcore.ConnectError | OSError):
        if "refused" in lowered:
            return "connection refused"
        if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
            return f"TLS error: {text}"
        if "unreachable" in lowered:
            return "network unreachable"
        return f"could not connect: {text}"
    if isinstance(exc, httpx.RemoteProtocolError | httpcore.RemoteProtocolError):
        return f"invalid HTTP response: {text}"
    if isinstance(exc, httpx.ReadError | httpcore.ReadError | httpx.WriteError):
        return "connection closed by the server"
    return f"request failed: {text}"


def _redirect_target(response: httpx.Response, visited: set[str]) -> str:
    """Where a redirect leads, validated as a feed URL and not seen on this fetch before."""
    status = response.status_code
    location = response.headers.get("location")
    if not location:
        raise FetchError(
            f"{_status_message(status, response.reason_phrase)} without a Location header",
            status=status,
        )
    try:
        target = str(response.url.join(location.strip()))
    except (httpx.InvalidURL, ValueError):
        raise _bad_redirect(location) from None
    try:
        target = validate_feed_url(target)
    except InvalidFeedURL as exc:
        raise InvalidFeedURL(f"redirected to an unusable URL: {exc}") from None
    if target in visited:
        raise FetchError("redirect loop", status=status)
    return target


class Fetcher:
    """Fetches feeds through one shared httpx client; create once, close on exit.

    `allow_private_addresses` disables the SSRF guard for the operator's own feeds (an
    internal feed of theirs; tests serve feeds on 127.0.0.1); a workspace's feeds
    (`fetch(..., for_workspace=True)`) stay guarded whatever it says, unless
    `workspace_private_addresses` (tests and development only: the guard is what keeps a
    workspace's feed off the operator's network). `timeout` is the total time for one
    `fetch`, redirects and body included; waiting for a free slot among `concurrency`
    does not count.
    """

    def __init__(
        self,
        *,
        allow_private_addresses: bool = False,
        workspace_private_addresses: bool = False,
        timeout: float = 20.0,
        max_bytes: int = MAX_BODY_BYTES,
        max_redirects: int = 5,
        concurrency: int = 10,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        if timeout <= 0 or max_bytes <= 0 or max_redirects < 0 or concurrency < 1:
            raise ValueError("timeout, max_bytes and concurrency must be positive")
        self.allow_private_addresses = allow_private_addresses
        self.workspace_private_addresses = workspace_private_addresses
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.concurrency = concurrency
        self.user_agent = user_agent
        self._semaphore = asyncio.Semaphore(concurrency)
        limits = httpx.Limits(
            max_connections=concurrency * 2,
            max_keepalive_connections=concurrency,
            keepalive_expiry=30.0,
        )
        # Two clients, two connection pools: a connection the operator's feed opened to an
        # internal host must never be reused by a workspace's fetch of the same host. The
        # workspaces' is made at its first use (a TLS context loads the CA bundle).
        self._limits = limits
        self._client = self._new_client(allow_private_addresses, OPERATOR_HINT, limits)
        self._workspace_client: httpx.AsyncClient | None = None
        self._closed = False

    def _new_client(
        self, allow_private: bool, hint: str, limits: httpx.Limits
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=_GuardedTransport(
                allow_private_addresses=allow_private, limits=limits, hint=hint
            ),
            follow_redirects=False,
            event_hooks={"response": [_remember_location]},
            timeout=httpx.Timeout(self.timeout),
            trust_env=False,
            headers={
                "User-Agent": self.user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
        )

    def _for_workspace(self) -> httpx.AsyncClient:
        if self._workspace_client is None:
            self._workspace_client = self._new_client(
                self.workspace_private_addresses, WORKSPACE_HINT, self._limits
            )
        return self._workspace_client

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close pooled connections. Idempotent."""
        if not self._closed:
            self._closed = True
            await self._client.aclose()
            if self._workspace_client is not None:
                await self._workspace_client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        for_workspace: bool = False,
    ) -> FetchResult:
        """GET a feed, conditionally when validators are given; `for_workspace`: a feed a
        workspace added (its own client: guarded unless `workspace_private_addresses`).

        Raises InvalidFeedURL (bad scheme or syntax, also on a redirect), PrivateAddressError
        (a hop resolves to an internal address) or FetchError (everything else, with
        `status` and `retry_after` when the server gave them).
        """
        if self._closed:
            raise RuntimeError("Fetcher is closed")
        url = validate_feed_url(url)
        async with self._semaphore:
            try:
                async with asyncio.timeout(self.timeout):
                    client = self._for_workspace() if for_workspace else self._client
                    return await self._fetch(client, url, etag, last_modified)
            except TimeoutError:
                raise FetchError(f"timed out after {self.timeout:g} s") from None

    async def _fetch(
        self, client: httpx.AsyncClient, url: str, etag: str | None, last_modified: str | None
    ) -> FetchResult:
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        visited = {url}
        permanent = True
        hops = 0
        while True:
            response = await self._send(client, current, headers)
            try:
                status = response.status_code
                if status not in _REDIRECT_STATUSES:
                    return await self._result(
                        response, url, etag, last_modified, hops > 0 and permanent
                    )
                current = _redirect_target(response, visited)
                hops += 1
                if hops > self.max_redirects:
                    raise FetchError(
                        f"too many redirects (more than {self.max_redirects})", status=status
                    )
                visited.add(current)
                permanent = permanent and status in _PERMANENT_REDIRECTS
            finally:
                with contextlib.suppress(Exception):
                    await response.aclose()

    async def _send(
        self, client: httpx.AsyncClient, url: str, headers: dict[str, str]
    ) -> httpx.Response:
        """One GET, streamed, with every failure to get a response as a FeedError."""
        try:
            request = client.build_request("GET", url, headers=headers)
            return await client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s") from None
        except FeedError:
            raise  # the address guard's refusal (a ValueError too)
        except (httpx.InvalidURL, httpx.RemoteProtocolError, ValueError) as exc:
            # httpx builds the next request of a redirect even when not following it,
            # and a `javascript:` or malformed Location raises InvalidURL (no HTTPError)
            # or an IDNA UnicodeError from inside `send`.
            location = request.extensions.get(_LOCATION_KEY)
            if location is None:
                if isinstance(exc, httpx.RemoteProtocolError):
                    raise FetchError(_transport_message(exc)) from None
                raise FetchError(f"invalid URL {_clip(repr(url))}: {_clip(str(exc))}") from None
            raise _bad_redirect(str(location)) from None
        except (httpx.HTTPError, httpcore.NetworkError, OSError) as exc:
            raise FetchError(_transport_message(exc)) from None

    async def _result(
        self,
        response: httpx.Response,
        url: str,
        etag: str | None,
        last_modified: str | None,
        permanent_redirect: bool,
    ) -> FetchResult:
        """The FetchResult of a final (not redirecting) response; FetchError unless 2xx/304."""
        status = response.status_code
        response_headers = {k.lower(): v for k, v in response.headers.items()}
        if status == 304:
            return FetchResult(
                url=url,
                final_url=str(response.url),
                status=status,
                body=b"",
                headers=response_headers,
                etag=response_headers.get("etag") or etag,
                last_modified=response_headers.get("last-modified") or last_modified,
                not_modified=True,
                permanent_redirect=permanent_redirect,
            )
        if not 200 <= status < 300:
            raise FetchError(
                _status_message(status, response.reason_phrase),
                status=status,
                retry_after=parse_retry_after(response_headers.get("retry-after")),
            )
        body = await self._read_body(response)
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=status,
            body=body,
            headers=response_headers,
            etag=response_headers.get("etag"),
            last_modified=response_headers.get("last-modified"),
            not_modified=False,
            permanent_redirect=permanent_redirect,
        )

    async def _read_body(self, response: httpx.Response) -> bytes:
        too_large = FetchError(f"body larger than {_format_size(self.max_bytes)}")
        coding = response.headers.get("content-encoding", "identity").strip().lower()
        if coding in ("", "none"):
            coding = "identity"
        if coding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(f"unsupported Content-Encoding: {coding}")
        if coding == "identity":
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise too_large
        decoder = _Decoder(coding)
        body = bytearray()
        try:
            async for chunk in response.aiter_raw():
                body += decoder.feed(chunk, self.max_bytes - len(body) + 1)
                if len(body) > self.max_bytes:
                    raise too_large
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s") from None
        except (httpx.HTTPError, httpcore.NetworkError, OSError) as exc:
            raise FetchError(_transport_message(exc)) from None
        return bytes(body)
