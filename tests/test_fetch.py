"""Fetcher behaviour against a real local HTTP server (tests/feedserver.py)."""

from __future__ import annotations

import asyncio
import threading
import time
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

try:  # tests/ as a package (rootdir on sys.path) or as a plain directory (pytest's default)
    from tests.feedserver import FeedServer, Route, gzip_bomb
except ModuleNotFoundError:
    from feedserver import FeedServer, Route, gzip_bomb  # type: ignore[no-redef]

from bot.errors import FetchError, InvalidFeedURL, MetadataAddressError, PrivateAddressError
from feeds.fetch import Fetcher, parse_retry_after, validate_feed_url
from feeds.guard import address_block_reason
from feeds.parse import parse_feed

DATA = Path(__file__).parent / "data" / "feeds"
RSS = (DATA / "rss2_content_encoded.xml").read_bytes()
MiB = 1024 * 1024


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(allow_private_addresses=True, timeout=5.0) as f:
        yield f


# --- success and conditional GET ------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "content_type", "first_title"),
    [
        (
            "rss2_content_encoded.xml",
            "application/rss+xml",
            "Klarnet cuts 700 customer service jobs, says its AI assistant now does the work",
        ),
        (
            "atom.xml",
            "application/atom+xml",
            "Translators at Duoverse replaced by AI, contractors say",
        ),
        (
            "rdf.xml",
            "application/rdf+xml",
            "IBM-like Contoso pauses hiring for roles AI could fill",
        ),
        (
            "google_news_search.rss",
            "application/xml",
            "Klarnet cuts 700 support jobs as AI assistant takes over - Reuters",
        ),
    ],
)
async def test_fetched_feed_parses_end_to_end(
    server: FeedServer, fetcher: Fetcher, fixture: str, content_type: str, first_title: str
) -> None:
    server.route("/feed", body=(DATA / fixture).read_bytes(), content_type=content_type)

    result = await fetcher.fetch(server.url("/feed"))
    parsed = await parse_feed(result.body, result.headers, result.final_url)

    assert result.status == 200 and not result.not_modified
    assert result.headers["content-type"] == content_type
    assert parsed.items[0].title == first_title


async def test_sends_user_agent_and_accept_encoding(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=RSS)
    await fetcher.fetch(server.url("/feed"))
    sent = server.requests_for("/feed")[0].headers
    assert sent["user-agent"].startswith("layoffbot/")
    assert "gzip" in sent["accept-encoding"]
    assert "rss+xml" in sent["accept"]


async def test_etag_gives_304_not_modified(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=RSS, etag='"v1"')

    first = await fetcher.fetch(server.url("/feed"))
    second = await fetcher.fetch(server.url("/feed"), etag=first.etag)

    assert first.etag == '"v1"' and first.body == RSS
    assert second.not_modified and second.status == 304 and second.body == b""
    assert second.etag == '"v1"'
    assert server.requests_for("/feed")[1].headers["if-none-match"] == '"v1"'


async def test_last_modified_gives_304_not_modified(server: FeedServer, fetcher: Fetcher) -> None:
    stamp = "Tue, 03 Mar 2026 16:05:12 GMT"
    server.route("/feed", body=RSS, last_modified=stamp)

    first = await fetcher.fetch(server.url("/feed"))
    second = await fetcher.fetch(server.url("/feed"), last_modified=first.last_modified)

    assert first.last_modified == stamp
    assert second.not_modified and second.last_modified == stamp
    assert server.requests_for("/feed")[1].headers["if-modified-since"] == stamp


async def test_changed_feed_after_etag_gives_new_body(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=b"<rss version='2.0'><channel/></rss>", etag='"v2"')
    result = await fetcher.fetch(server.url("/feed"), etag='"v1"')
    assert not result.not_modified and result.etag == '"v2"' and result.body


async def test_gzip_body_is_decompressed(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=RSS, gzip=True)
    result = await fetcher.fetch(server.url("/feed"))
    assert result.body == RSS


@pytest.mark.parametrize("wbits", [15, -15], ids=["zlib", "raw-deflate"])
async def test_deflate_body_is_decompressed_either_way(
    server: FeedServer, fetcher: Fetcher, wbits: int
) -> None:
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    body = compressor.compress(RSS) + compressor.flush()
    server.route("/feed", body=body, headers={"Content-Encoding": "deflate"})
    assert (await fetcher.fetch(server.url("/feed"))).body == RSS


async def test_unknown_content_encoding_is_an_error(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=RSS, headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="unsupported Content-Encoding: br"):
        await fetcher.fetch(server.url("/feed"))


async def test_chunked_body_is_read_whole(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=RSS, chunked=True)
    assert (await fetcher.fetch(server.url("/feed"))).body == RSS


# --- HTTP errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message", "gone"),
    [(404, "HTTP 404 Not Found", False), (410, "HTTP 410 Gone", True)],
)
async def test_410_means_gone_and_404_does_not(
    server: FeedServer, fetcher: Fetcher, status: int, message: str, gone: bool
) -> None:
    """A 404 is often a mistake of the moment (a site migration): only 410 is final."""
    server.route("/feed", status=status, body=b"<html>gone</html>", content_type="text/html")
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/feed"))
    assert str(caught.value) == message
    assert caught.value.status == status and caught.value.gone is gone


async def test_500_is_not_gone(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", status=500)
    with pytest.raises(FetchError, match="HTTP 500 Internal Server Error") as caught:
        await fetcher.fetch(server.url("/feed"))
    assert not caught.value.gone


async def test_429_carries_retry_after_seconds(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError, match="HTTP 429 Too Many Requests") as caught:
        await fetcher.fetch(server.url("/feed"))
    assert caught.value.status == 429 and caught.value.retry_after == 120.0


async def test_503_carries_retry_after_http_date(server: FeedServer, fetcher: Fetcher) -> None:
    soon = format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)
    server.route("/feed", status=503, headers={"Retry-After": soon})
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/feed"))
    assert caught.value.status == 503
    assert caught.value.retry_after is not None and 7000 < caught.value.retry_after <= 7200
    # A date decades ahead is a wait of a day, the longest honoured (MAX_RETRY_AFTER).
    server.route("/feed", status=503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/feed"))
    assert caught.value.retry_after == 24 * 3600


def test_retry_after_parsing() -> None:
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", now=0.0) == 100.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", now=500.0) == 0.0
    assert parse_retry_after("soon") is None
    # A server's wait is honoured up to a day; what only looks like digits is no wait.
    day = 24 * 3600.0
    assert parse_retry_after("99999999999") == day == parse_retry_after("9" * 5000)
    assert parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now=0.0) == day
    assert parse_retry_after("²") is None and parse_retry_after("３０") is None
    assert parse_retry_after("Mon, 01 Jan 9999999999999999999 00:00:00 GMT") is None
    assert parse_retry_after(None) is None


async def test_connection_refused_is_named(fetcher: Fetcher) -> None:
    with FeedServer() as srv:
        url = srv.url("/feed")
    with pytest.raises(FetchError, match="^connection refused$"):
        await fetcher.fetch(url)


# --- hostile servers ------------------------------------------------------------------


async def test_oversize_body_is_refused(server: FeedServer) -> None:
    server.route("/feed", body=b"x" * (2 * MiB))
    async with Fetcher(allow_private_addresses=True, max_bytes=1 * MiB) as fetcher:
        with pytest.raises(FetchError, match=r"^body larger than 1 MiB$"):
            await fetcher.fetch(server.url("/feed"))


async def test_oversize_body_with_lying_content_length_is_refused(server: FeedServer) -> None:
    server.route("/feed", body=b"x" * (2 * MiB), chunked=True)
    async with Fetcher(allow_private_addresses=True, max_bytes=1 * MiB) as fetcher:
        with pytest.raises(FetchError, match="body larger than 1 MiB"):
            await fetcher.fetch(server.url("/feed"))


async def test_gzip_bomb_is_refused_by_decompressed_size(server: FeedServer) -> None:
    bomb = gzip_bomb(64 * MiB)
    assert len(bomb) < 200_000  # small on the wire
    server.route("/feed", body=bomb, headers={"Content-Encoding": "gzip"})
    async with Fetcher(allow_private_addresses=True) as fetcher:  # default 15 MiB cap
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"^body larger than 15 MiB$"):
            await fetcher.fetch(server.url("/feed"))
    assert time.monotonic() - started < 3


async def test_endless_chunked_body_stops_at_the_cap(server: FeedServer) -> None:
    server.route("/feed", body=b"<rss>", endless=True)
    async with Fetcher(allow_private_addresses=True, max_bytes=2 * MiB) as fetcher:
        with pytest.raises(FetchError, match="body larger than 2 MiB"):
            await fetcher.fetch(server.url("/feed"))


async def test_slowloris_body_hits_the_total_deadline(server: FeedServer) -> None:
    # One byte every 0.1 s never trips a per-read timeout; only a total deadline stops it.
    server.route("/feed", body=RSS, trickle=0.1)
    async with Fetcher(allow_private_addresses=True, timeout=1.0) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"^timed out after 1 s$") as caught:
            await fetcher.fetch(server.url("/feed"))
    assert 0.9 < time.monotonic() - started < 2.5
    assert caught.value.status is None


async def test_server_slow_to_answer_hits_the_deadline(server: FeedServer) -> None:
    server.route("/feed", body=RSS, delay=3.0)
    async with Fetcher(allow_private_addresses=True, timeout=0.5) as fetcher:
        with pytest.raises(FetchError, match="timed out after 0.5 s"):
            await fetcher.fetch(server.url("/feed"))


async def test_undecodable_gzip_is_an_error(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="invalid gzip response body"):
        await fetcher.fetch(server.url("/feed"))


# --- redirects ------------------------------------------------------------------------


async def test_redirect_is_followed_and_final_url_reported(
    server: FeedServer, fetcher: Fetcher
) -> None:
    server.route("/feed", body=RSS)
    server.redirect("/old", "/feed", status=302)
    result = await fetcher.fetch(server.url("/old"))
    assert result.url == server.url("/old")
    assert result.final_url == server.url("/feed")
    assert result.body == RSS and not result.permanent_redirect


async def test_permanent_redirect_is_flagged(server: FeedServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=RSS)
    server.redirect("/a", "/b", status=301)
    server.redirect("/b", "/feed", status=308)
    result = await fetcher.fetch(server.url("/a"))
    assert result.permanent_redirect and result.final_url == server.url("/feed")


async def test_redirect_loop_is_named(server: FeedServer, fetcher: Fetcher) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    with pytest.raises(FetchError, match="^redirect loop$"):
        await fetcher.fetch(server.url("/a"))


async def test_too_many_redirects(server: FeedServer, fetcher: Fetcher) -> None:
    for hop in range(7):
        server.redirect(f"/r{hop}", f"/r{hop + 1}")
    server.route("/r7", body=RSS)
    with pytest.raises(FetchError, match=r"^too many redirects \(more than 5\)$"):
        await fetcher.fetch(server.url("/r0"))


async def test_five_redirects_are_allowed(server: FeedServer, fetcher: Fetcher) -> None:
    for hop in range(5):
        server.redirect(f"/r{hop}", f"/r{hop + 1}")
    server.route("/r5", body=RSS)
    assert (await fetcher.fetch(server.url("/r0"))).body == RSS


async def test_redirect_to_file_scheme_is_refused(server: FeedServer, fetcher: Fetcher) -> None:
    server.redirect("/feed", "file:///etc/passwd")
    with pytest.raises(InvalidFeedURL, match="redirected to an unusable URL"):
        await fetcher.fetch(server.url("/feed"))


# --- the private-address guard --------------------------------------------------------


async def test_guard_refuses_loopback_by_default(server: FeedServer) -> None:
    server.route("/feed", body=RSS)
    async with Fetcher() as fetcher:
        with pytest.raises(PrivateAddressError, match="loopback"):
            await fetcher.fetch(server.url("/feed"))
    assert server.requests == []  # refused before connecting


async def test_guard_checks_the_resolved_address_of_a_name(server: FeedServer) -> None:
    async with Fetcher() as fetcher:
        with pytest.raises(PrivateAddressError, match="localhost .*loopback"):
            await fetcher.fetch(f"http://localhost:{server.port}/feed")
    assert server.requests == []


async def test_refusal_names_the_setting_and_hides_the_resolved_address(
    server: FeedServer,
) -> None:
    async with Fetcher() as fetcher:
        with pytest.raises(PrivateAddressError) as refused:
            await fetcher.fetch(f"http://localhost:{server.port}/feed")
    message = str(refused.value)
    assert message.startswith("refused: localhost is a loopback address")
    assert "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true" in message
    assert "127.0.0.1" not in message and "::1" not in message


async def test_redirect_to_private_address_is_refused_with_guard_on(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every hop is checked: trust only the first hop (this test server), then redirect."""
    from feeds import guard as guard_module

    server.redirect("/feed", "http://10.1.2.3/latest/")
    checked: list[str] = []
    real_check = guard_module.address_block_reason

    def trust_first_hop(address: str) -> str | None:
        checked.append(address)
        return None if len(checked) == 1 else real_check(address)

    monkeypatch.setattr(guard_module, "address_block_reason", trust_first_hop)
    async with Fetcher() as fetcher:
        with pytest.raises(PrivateAddressError, match=r"10\.1\.2\.3 is a private address"):
            await fetcher.fetch(server.url("/feed"))
    assert checked == ["127.0.0.1", "10.1.2.3"]
    assert len(server.requests_for("/feed")) == 1


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://100.100.100.200/latest/meta-data/",
    ],
)
async def test_redirect_to_a_cloud_metadata_endpoint_is_refused_with_private_allowed(
    server: FeedServer, fetcher: Fetcher, target: str
) -> None:
    """LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES opens the private network to the operator's feeds
    (127.0.0.1 here), never a cloud's metadata endpoint: a feed is never there (trial 17b)."""
    server.redirect("/feed", target)
    server.route("/ok", body=b"<rss version='2.0'><channel><title>x</title></channel></rss>")
    with pytest.raises(MetadataAddressError, match="metadata.*never a feed's") as refused:
        await fetcher.fetch(server.url("/feed"))
    assert "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES does not open it" in str(refused.value)
    assert (await fetcher.fetch(server.url("/ok"))).status == 200


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("fc00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:a9fe:a9fe::", "link-local"),  # 6to4 wrapping 169.254.169.254
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 wrapping 127.0.0.1
        ("192.0.2.1", "private"),  # documentation range
        ("fec0::1", "site-local"),  # deprecated site-local, routed in some networks
        ("::ffff:0:7f00:1", "reserved"),  # IPv4-translated 127.0.0.1
    ],
)
def test_non_public_addresses_are_blocked(address: str, reason: str) -> None:
    assert address_block_reason(address) == reason


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "64:ff9b::808:808"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_block_reason(address) is None


# --- URL validation -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/feed.xml",
        "gopher://example.com/",
        "javascript:alert(1)",
    ],
)
async def test_non_http_schemes_are_refused(url: str, fetcher: Fetcher) -> None:
    with pytest.raises(InvalidFeedURL, match="only http:// and https://"):
        await fetcher.fetch(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "empty"),
        ("example.com/feed", "no scheme"),
        ("http://", "no host"),
        ("http://exa mple.com/", "spaces"),
        ("http://user:pw@example.com/", "user name or password"),
        ("http://example.com:99999/", "not a valid URL"),
    ],
)
def test_validate_feed_url_rejects_bad_urls(url: str, message: str) -> None:
    with pytest.raises(InvalidFeedURL, match=message):
        validate_feed_url(url)


def test_validate_feed_url_accepts_and_strips() -> None:
    url = " https://news.google.com/rss/search?q=AI+layoffs&hl=en-US&gl=US&ceid=US:en \n"
    assert validate_feed_url(url) == url.strip()
    assert isinstance(InvalidFeedURL("x"), ValueError)


# --- concurrency and lifecycle --------------------------------------------------------


async def test_concurrency_is_limited(server: FeedServer) -> None:
    server.route("/feed", body=RSS, delay=0.2)
    async with Fetcher(allow_private_addresses=True, concurrency=2) as fetcher:
        started = time.monotonic()
        await asyncio.gather(*(fetcher.fetch(server.url(f"/feed?{i}")) for i in range(4)))
    assert time.monotonic() - started >= 0.38  # two rounds of two


async def test_closed_fetcher_refuses_work(server: FeedServer) -> None:
    fetcher = Fetcher(allow_private_addresses=True)
    await fetcher.aclose()
    await fetcher.aclose()  # idempotent
    with pytest.raises(RuntimeError):
        await fetcher.fetch(server.url("/feed"))


async def test_feedserver_handler_can_change_answers(server: FeedServer, fetcher: Fetcher) -> None:
    answers = iter([Route(status=500), Route(body=RSS)])
    server.route("/flaky", handler=lambda _request: next(answers))
    with pytest.raises(FetchError):
        await fetcher.fetch(server.url("/flaky"))
    assert (await fetcher.fetch(server.url("/flaky"))).body == RSS


def test_connect_errors_never_name_the_address_a_host_resolved_to() -> None:
    import errno

    import httpx

    from feeds.fetch import _transport_message

    refused_route = OSError(errno.EHOSTUNREACH, "Connect call failed ('10.9.8.7', 443)")
    try:
        raise httpx.ConnectError("All connection attempts failed") from refused_route
    except httpx.ConnectError as exc:
        assert _transport_message(exc) == "could not connect: no route to host"
    bare = OSError("[Errno 113] Connect call failed ('fe80::1', 80, 0, 0)")
    assert "fe80" not in _transport_message(bare)


async def test_a_busy_default_executor_delays_no_fetch(server: FeedServer) -> None:
    """The poller's ingest holds the loop's default threads while its batches wait for
    the one writer; a fetch must not wait behind them for its address (a cold poll at
    load 7 timed feeds out that way), whether the host is an address or a name."""
    server.route("/feed", body=RSS)
    release = threading.Event()
    loop = asyncio.get_running_loop()
    busy = [loop.run_in_executor(None, release.wait) for _ in range(64)]
    try:
        async with Fetcher(allow_private_addresses=True, timeout=5.0) as f:
            for host in ("127.0.0.1", "localhost"):
                url = server.url("/feed").replace("127.0.0.1", host)
                result = await asyncio.wait_for(f.fetch(url), 4)
                assert result.body == RSS
    finally:
        release.set()
        await asyncio.gather(*busy)


async def test_the_operators_private_address_setting_leaves_workspace_feeds_guarded(
    server: FeedServer,
) -> None:
    """LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES opened every workspace's feeds to 127.0.0.1 and
    169.254.169.254 (trial 14): it is the operator's feeds' setting only. The workspace's
    fetch comes after the operator's kept a connection to the host open: its own pool."""
    server.route("/feed", body=RSS)
    async with Fetcher(allow_private_addresses=True) as fetcher:
        assert (await fetcher.fetch(server.url("/feed"))).status == 200
        with pytest.raises(PrivateAddressError) as refused:
            await fetcher.fetch(server.url("/feed"), for_workspace=True)
    message = str(refused.value)
    assert message.startswith("refused: 127.0.0.1 is a loopback address: this workspace's feeds")
    assert "LAYOFFBOT_" not in message  # a setting the workspace's manager cannot change
    assert len(server.requests) == 1


async def test_workspace_private_addresses_is_the_tests_way_in(server: FeedServer) -> None:
    server.route("/feed", body=RSS)
    async with Fetcher(workspace_private_addresses=True) as fetcher:
        assert (await fetcher.fetch(server.url("/feed"), for_workspace=True)).status == 200
        with pytest.raises(PrivateAddressError, match="LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES"):
            await fetcher.fetch(server.url("/feed"))
