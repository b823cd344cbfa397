"""The peer benchmark's feed server answers as issue 14 asks: real headlines, Last-Modified
honoured, 70% of feeds with one new item after an advance."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime

import feedparser
import pytest

from bench.peer import serve
from bench.peer_feeds import Feeds, changes, headlines


@pytest.fixture
def feeds_url() -> Iterator[tuple[Feeds, str]]:
    feeds = Feeds(10, 5, datetime.now(UTC))
    server = serve(feeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield feeds, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str, since: str | None = None) -> tuple[int, bytes, str | None]:
    request = urllib.request.Request(url, headers={"If-Modified-Since": since} if since else {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read(), response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        return exc.code, b"", None


def test_feeds_carry_real_headlines_and_honour_last_modified(
    feeds_url: tuple[Feeds, str],
) -> None:
    _feeds, base = feeds_url
    titles = {h["title"] for h in headlines()}
    status, body, modified = get(f"{base}/feed/3")
    assert status == 200 and modified
    entries = feedparser.parse(body).entries
    assert len(entries) == 5 and all(e.title in titles and e.summary for e in entries)
    assert len({e.id for e in entries}) == 5
    assert get(f"{base}/feed/3", since=modified)[0] == 304


def test_an_advance_gives_seventy_percent_of_feeds_one_new_item(
    feeds_url: tuple[Feeds, str],
) -> None:
    _feeds, base = feeds_url
    before = {f: get(f"{base}/feed/{f}") for f in range(10)}
    urllib.request.urlopen(urllib.request.Request(f"{base}/_advance", method="POST"))
    changed = 0
    for f, (_status, body, modified) in before.items():
        status, new_body, _ = get(f"{base}/feed/{f}", since=modified)
        if status == 200:
            old_ids = {e.id for e in feedparser.parse(body).entries}
            new_ids = {e.id for e in feedparser.parse(new_body).entries}
            assert len(new_ids - old_ids) == 1
            changed += 1
        else:
            assert status == 304 and not changes(f)
    assert changed == 7
