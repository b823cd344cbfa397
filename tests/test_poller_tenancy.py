"""One URL in several feed lists is fetched once, and its items reach every list's tenant.

Two workspaces adding the same feed each get its stories; a workspace adding one of the
operator's feeds takes nothing away from anyone (its items stay everyone's).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from bot.errors import PrivateAddressError
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from feeds.fetch import Fetcher
from feeds.parse import shutdown_worker
from feeds.poller import Poller
from tests.feedserver import FeedServer
from tests.ingest import rule_pipeline
from tests.test_poller import FIRST, SECOND, Recorder, rss


@pytest.fixture(scope="module", autouse=True)
def _parse_worker() -> Iterator[None]:
    yield
    shutdown_worker()


@pytest.fixture
async def poller(store: Store) -> AsyncIterator[tuple[Poller, Recorder]]:
    recorder = Recorder()
    pipeline = rule_pipeline(store, recorder.new)
    async with Fetcher(
        allow_private_addresses=True, workspace_private_addresses=True, timeout=3.0
    ) as fetcher:
        yield Poller(store, pipeline, fetcher, parse_timeout=5.0), recorder


def _companies(store: Store, tenant: str) -> list[str]:
    return sorted(s.company or "" for s in store.latest_stories(10, tenant=tenant))


async def test_two_workspaces_adding_the_same_feed_both_get_its_new_stories(
    store: Store, server: FeedServer, poller: tuple[Poller, Recorder]
) -> None:
    """Before: the URL was fetched once and filed for the first workspace only."""
    feeds, recorder = poller
    server.route("/shared", body=rss(FIRST))
    await feeds.add_feed(server.url("/shared"), workspace="slack:T1")
    await feeds.add_feed(server.url("/shared"), workspace="discord:G2")
    server.route("/shared", body=rss(FIRST, SECOND))
    store.force_all_due()
    assert [o.status for o in await feeds.poll_due()] == ["new"]  # one fetch
    assert len(server.requests_for("/shared")) == 3  # two adds and one poll
    for tenant in ("slack:T1", "discord:G2"):
        assert _companies(store, tenant) == ["IBM", "TikTok"], tenant
    assert sorted(s.tenant for s in recorder.stories) == ["discord:G2", "slack:T1"]
    assert _companies(store, "slack:T3") == []


async def test_a_workspace_adding_an_operators_feed_hides_its_stories_from_no_one(
    store: Store, server: FeedServer, poller: tuple[Poller, Recorder]
) -> None:
    """Before: the workspace's row, never polled, came first in poll order and the
    operator's feed's new stories were filed as that workspace's own."""
    feeds, recorder = poller
    server.route("/operator", body=rss(FIRST))
    await feeds.add_feed(server.url("/operator"))
    store.add_feed(server.url("/operator"), "mine", workspace="slack:T1")
    server.route("/operator", body=rss(FIRST, SECOND))
    store.force_all_due()
    await feeds.poll_due()
    assert [s.tenant for s in recorder.stories] == [""]
    assert _companies(store, "slack:T2") == ["IBM", "TikTok"]


async def test_a_workspaces_feed_on_a_private_address_is_refused_though_the_operators_are_not(
    store: Store, server: FeedServer
) -> None:
    """The operator's LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES is theirs alone: a workspace's add
    and a workspace's row already listed (added before) are refused, the operator's not."""
    pipeline = Pipeline(store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None)
    server.route("/internal", body=rss(FIRST))
    server.route("/old", body=rss(FIRST))
    async with Fetcher(allow_private_addresses=True, timeout=3.0) as fetcher:
        feeds = Poller(store, pipeline, fetcher, parse_timeout=5.0)
        with pytest.raises(PrivateAddressError, match="this workspace's feeds must be on the pub"):
            await feeds.add_feed(server.url("/internal"), workspace="slack:T1")
        assert store.list_feeds("slack:T1") == []
        await feeds.add_feed(server.url("/internal"))  # the operator's own
        store.add_feed(server.url("/old"), "old", workspace="slack:T1")
        store.force_all_due()
        outcomes = {o.url: o for o in await feeds.poll_due()}
    assert outcomes[server.url("/internal")].status in ("new", "not_modified")
    old = outcomes[server.url("/old")]
    assert old.status == "disabled" and "this workspace's feeds must be" in (old.error or "")
    assert server.requests_for("/old") == []
