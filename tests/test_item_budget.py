"""A workspace's hourly budget of new items (feeds/budget.py) and the poller keeping it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.commands.feeds import held_back
from bot.models import Feed
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from feeds.budget import ItemBudget
from feeds.fetch import Fetcher
from feeds.parse import shutdown_worker
from feeds.poller import Poller
from tests.feedserver import FeedServer
from tests.test_poller import rss

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module", autouse=True)
def _parse_worker() -> Iterator[None]:
    yield
    shutdown_worker()


def test_a_workspace_gets_its_hour_and_no_more_and_unused_room_comes_back() -> None:
    budget = ItemBudget(50)
    first = budget.reserve("slack:T1", 200, T0)
    assert first.items == 50
    assert budget.reserve("slack:T1", 200, T0).items == 0  # spent, for concurrent polls too
    assert budget.reserve("discord:1", 200, T0).items == 50  # another workspace: its own
    budget.settle(first, 20)  # 30 were duplicates or failed: their room comes back
    assert budget.reserve("slack:T1", 200, T0 + timedelta(minutes=1)).items == 30
    assert budget.reserve("slack:T1", 200, T0 + timedelta(minutes=59)).items == 0
    # An hour after the first reservation its 20 are free again; the 30 at T0+1 are not.
    assert budget.reserve("slack:T1", 200, T0 + timedelta(hours=1)).items == 20


def _items(prefix: str, n: int) -> bytes:
    return rss(
        *(
            (
                f"Initech cuts {100 + i} support jobs as AI takes over ({prefix})",
                f"{prefix}-{i}",
                f"Initech said AI now does the work of {100 + i} support agents.",
            )
            for i in range(n)
        )
    )


async def test_a_spent_workspace_holds_back_only_its_own_feeds_items(store: Store) -> None:
    now = [T0]
    pipeline = Pipeline(
        store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None, clock=lambda: now[0]
    )
    with FeedServer() as server:
        for path, workspace in (("/op", ""), ("/a", "slack:TA"), ("/b", "discord:99")):
            server.route(path, body=_items(path[1:], 30))
            store.add_feed(server.url(path), path, workspace)
            store.mark_primed(server.url(path))
        async with Fetcher(
            allow_private_addresses=True, workspace_private_addresses=True, timeout=3.0
        ) as fetcher:
            poller = Poller(
                store,
                pipeline,
                fetcher,
                parse_timeout=5.0,
                clock=lambda: now[0],
                workspace_items_per_hour=20,
            )
            said = {o.name: o.describe() for o in await poller.poll_due()}
            assert said["/op"] == "30 new items"
            for name in ("/a", "/b"):  # each workspace its own 20; the rest held back
                assert said[name].startswith("20 new items; 10 more held back"), said
            assert _held_back(store) == {"/op": 0, "/a": 10, "/b": 10}  # for `feeds list`
            now[0] = T0 + timedelta(minutes=20)
            held = {o.name: o.new_items for o in await poller.poll_due()}
            assert held == {"/op": 0, "/a": 0, "/b": 0}  # within the hour: still held
            assert _held_back(store) == {"/op": 0, "/a": 10, "/b": 10}
            now[0] = T0 + timedelta(hours=1, minutes=1)
            later = {o.name: o.describe() for o in await poller.poll_due()}
    assert later == {"/op": "0 new items", "/a": "10 new items", "/b": "10 new items"}
    assert _held_back(store) == {"/op": 0, "/a": 0, "/b": 0}  # all in: nothing held back


def _held_back(store: Store) -> dict[str, int]:
    """Each feed's items held back at its last poll, as `/layoffs feeds list` reads them."""
    listed = store.list_feeds("slack:TA") + store.list_feeds("discord:99")
    return {f.name: f.held_back for f in listed}


def test_feeds_list_says_what_a_workspaces_feed_held_back_and_why() -> None:
    feed = Feed(id=1, url="https://t1.example/rss", name="T1", workspace="slack:T1", held_back=50)
    assert held_back(feed, 30) == (
        "; 50 new items still to come in, as counted then: this workspace's feeds together "
        "may bring in at most 30 new items an hour (the operator's limit), so later polls "
        "store them"
    )
    assert held_back(replace(feed, held_back=1), 30).startswith("; 1 new item still to come in")
    assert held_back(replace(feed, held_back=0), 30) == ""
    assert held_back(replace(feed, workspace=None), 30) == ""  # the operator's: no budget
