"""feeds/offline.py: one line for a machine offline, the feeds' own problems otherwise."""

from __future__ import annotations

import asyncio
from typing import Any

from feeds.offline import OfflineWatch, network_down
from feeds.outcome import FeedOutcome


class _Store:
    def __init__(self) -> None:
        self.resets = 0
        self.forced = 0

    def reset_error_reports(self) -> None:
        self.resets += 1

    def force_all_due(self) -> None:
        self.forced += 1


def _cycle(watch: OfflineWatch, *outcomes: tuple[str, str, str | None]) -> None:
    async def poll_due() -> list[FeedOutcome]:
        for url, _status, error in outcomes:
            if error:
                watch.problem(url, error)  # type: ignore[arg-type]
        return [FeedOutcome(url, url, status, error=error) for url, status, error in outcomes]

    asyncio.run(watch.wrap(poll_due)())


def test_the_errors_of_no_network() -> None:
    assert network_down("could not resolve host news.google.com")
    assert network_down("network unreachable")
    assert not network_down("connection refused") and not network_down("HTTP 404 Not Found")
    assert not network_down(None)


def test_offline_is_said_once_and_back_online_reports_each_feed_again() -> None:
    said: list[str] = []
    reported: list[Any] = []
    store = _Store()
    watch = OfflineWatch(store, report=lambda f, p: reported.append((f, p)), say=said.append)  # type: ignore[arg-type]
    dns = "could not resolve host a.example"
    _cycle(watch, ("https://a.example/1", "error", dns))  # one feed: its own problem
    assert reported == [("https://a.example/1", dns)] and not said
    reported.clear()
    _cycle(watch, ("https://a.example/1", "error", dns), ("https://b.example/2", "error", dns))
    _cycle(watch, ("https://b.example/2", "error", dns))
    assert not reported and len(said) == 1 and said[0].startswith("You seem to be offline")
    _cycle(
        watch, ("https://a.example/1", "new", None), ("https://b.example/2", "error", "HTTP 500")
    )
    assert said[1] == "Back online: the feeds are read again." and store.resets == 1
    assert reported == [("https://b.example/2", "HTTP 500")]
