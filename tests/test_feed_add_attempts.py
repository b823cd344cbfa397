"""`/layoffs feeds add` attempts are limited per workspace, whether they succeed or not:
the feed cap limits stored feeds, and a failing URL is never stored."""

from __future__ import annotations

from bot.commands.context import FEED_ADDS_PER_HOUR
from bot.errors import FeedError
from bot.models import Feed
from bot.render import to_text
from bot.store import Store
from tests.conftest_social import Clock, cmd, make_app


class Fetches:
    """A feed service whose every URL fails its check, counting the fetches."""

    def __init__(self) -> None:
        self.fetched: list[str] = []

    async def add_feed(
        self, url: str, *, workspace: str = "", name: str | None = None, limit: int | None = None
    ) -> Feed:
        self.fetched.append(url)
        raise FeedError("not a feed: looks like an HTML page")


async def test_a_workspace_trying_too_many_feeds_in_an_hour_is_told_when_it_may_again(
    store: Store,
) -> None:
    clock, service = Clock(), Fetches()
    app = make_app(store, clock, feed_service=service)
    for n in range(FEED_ADDS_PER_HOUR):
        reply = await app.handle(cmd(f"feeds add https://site.example/page{n}"))
        assert "not a feed" in to_text(reply)
        clock.advance(minutes=1)
    refused = await app.handle(cmd("feeds add https://site.example/one-more"))
    assert refused.is_error
    assert f"tried to add {FEED_ADDS_PER_HOUR} feeds in the last hour" in to_text(refused)
    assert "Try again in 40 min" in to_text(refused), to_text(refused)
    assert len(service.fetched) == FEED_ADDS_PER_HOUR  # the refused one was not fetched
    other = await app.handle(cmd("feeds add https://site.example/x", workspace="T2"))
    assert "not a feed" in to_text(other)  # another workspace has its own count
    clock.advance(minutes=41)
    again = await app.handle(cmd("feeds add https://site.example/later"))
    assert "not a feed" in to_text(again)
