"""`build_runtime`: the one wiring of the core, the feeds and the store that every
command uses (run, poll, tag, ask, feeds add/import), so every way of ingesting plans
alerts the same way and every way of adding a feed checks it the same way."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.errors import FeedError

if TYPE_CHECKING:
    from bot.app import App
    from bot.models import Article, Feed, Story, Tags
    from bot.pipeline import Pipeline
    from bot.ports import FeedService, Summarizer, Tagger
    from bot.store import Store
    from feeds.fetch import Fetcher
    from feeds.poller import Poller


@dataclass
class Runtime:
    """The bot's parts for one process. Each is built on first use, so a command pays
    only for what it touches (`ask` without a feed command never builds a fetcher).

    `on_new_stories` is called after alerts are planned for new stories (the console
    prints them); `on_problem` with a feed's problem (the console prints it)."""

    settings: Settings
    store: Store
    on_new_stories: Callable[[list[Story]], None] | None = None
    on_problem: Callable[[Feed, str], None] | None = None
    lazy_judges: bool = False
    alerts_planned: int = 0  # alerts this process's ingests planned (`poll` says so)

    def judges(self) -> tuple[Summarizer, Tagger]:
        """The summarizer and tagger: the LLM's when LAYOFFBOT_LLM_URL is set (checked
        against each item's text, the rules' otherwise), the rules' alone if not."""
        from bot.summarize import ExtractiveSummarizer
        from bot.tagging import RuleTagger

        llm = self.settings.llm
        if llm.url and llm.model:
            from bot.llm import with_summary_and_tags
            from feeds.llm_http import HttpxChatTransport

            return with_summary_and_tags(
                llm.url, llm.model, llm.api_key, llm.timeout_seconds, HttpxChatTransport()
            )
        return ExtractiveSummarizer(), RuleTagger()

    def judges_elsewhere(self) -> None:
        """Have the rules judge every batch in the judges' worker, started now: for a poll
        that knows feeds are due. Its process then never loads the rules (~0.15-0.3 s of
        the core that runs the poll), unless the worker fails and a batch falls back."""
        if self.settings.llm.url and self.settings.llm.model:
            return
        self.lazy_judges = True
        from bot.judging import judge_pool

        judge_pool().start()

    @cached_property
    def pipeline(self) -> Pipeline:
        """The one ingest pipeline: whoever ingests plans the alerts of the stories it
        creates, as the running bot does; the outbox delivers them from whichever process
        runs the adapters."""
        from bot.alerts import plan_alerts
        from bot.judging import judge_pool
        from bot.pipeline import Pipeline
        from bot.timeutil import utcnow

        def announce(stories: list[Story]) -> None:
            self.alerts_planned += plan_alerts(
                self.store, stories, utcnow(), default_zone=self.settings.digest_timezone
            )
            if self.on_new_stories is not None:
                self.on_new_stories(stories)

        summarizer, tagger = _deferred(self.judges) if self.lazy_judges else self.judges()
        # The rules are CPU-bound: large batches are judged on the other core(s).
        rules = not (self.settings.llm.url and self.settings.llm.model)
        return Pipeline(
            self.store,
            summarizer,
            tagger,
            on_new_stories=announce,
            announce_max_age=timedelta(days=self.settings.announce_max_age_days),
            judge_pool=judge_pool() if rules else None,
            judge_timeout=self.settings.judge_timeout_seconds,
        )

    def fetcher(self) -> Fetcher:
        from feeds.fetch import Fetcher

        s = self.settings
        return Fetcher(
            allow_private_addresses=s.allow_private_addresses,
            workspace_private_addresses=_test_workspace_private_addresses(),
            timeout=s.fetch_timeout_seconds,
            concurrency=s.poll_concurrency,
        )

    @asynccontextmanager
    async def poller(self) -> AsyncIterator[Poller]:
        """A poller over this runtime's pipeline, with a fetcher open while it is used."""
        from feeds.poller import Poller

        async with self.fetcher() as fetcher:
            yield Poller(
                self.store,
                self.pipeline,
                fetcher,
                interval=timedelta(minutes=self.settings.poll_interval_minutes),
                on_problem=self.on_problem,
                workspace_items_per_hour=self.settings.max_workspace_items_per_hour,
            )

    def feed_service(self) -> CheckingFeedService:
        return CheckingFeedService(self)

    def app(
        self,
        *,
        feed_service: FeedService | None = None,
        kick_outbox: Callable[[], None] | None = None,
    ) -> App:
        """The core as adapters see it; feed commands check feeds like `feeds add`
        (`feed_service`, when given: the running bot's poller)."""
        from bot.app import App

        service = feed_service if feed_service is not None else self.feed_service()
        return App(self.store, self.settings, service, kick_outbox=kick_outbox)


def _deferred(build: Callable[[], tuple[Summarizer, Tagger]]) -> tuple[Summarizer, Tagger]:
    """A summarizer and a tagger that build the real ones (`build`) at their first use:
    for a pipeline whose batches are judged in the worker, which falls back to them only
    when the worker fails."""
    built: list[tuple[Summarizer, Tagger]] = []
    lock = threading.Lock()

    def judges() -> tuple[Summarizer, Tagger]:
        with lock:
            if not built:
                built.append(build())
            return built[0]

    return _DeferredSummarizer(judges), _DeferredTagger(judges)


class _DeferredSummarizer:
    # Plain classes, not dataclasses: a frozen dataclass compiles six methods when this
    # module is imported, by every command (~1% of a start), for two one-field wrappers.
    __slots__ = ("judges",)

    def __init__(self, judges: Callable[[], tuple[Summarizer, Tagger]]) -> None:
        self.judges = judges

    def summarize(self, article: Article, tags: Tags | None = None) -> str:
        return self.judges()[0].summarize(article, tags)


class _DeferredTagger:
    __slots__ = ("judges",)

    def __init__(self, judges: Callable[[], tuple[Summarizer, Tagger]]) -> None:
        self.judges = judges

    def tag(self, article: Article) -> Tags:
        return self.judges()[1].tag(article)


class CheckingFeedService:
    """The FeedService of one-shot commands (`feeds add`, `feeds import`, `ask`).

    It is the poller's own `add_feed`, the one the running bot's `/layoffs feeds add`
    uses: fetch and parse once, refuse what is not a working feed, store the current items
    without announcing them. So a feed is checked the same way wherever it is added. The
    fetcher is opened per call, so a command that adds no feed never pays for it.
    """

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def add_feed(
        self, url: str, *, workspace: str = "", name: str | None = None, limit: int | None = None
    ) -> Feed:
        (result,) = await self.add_feeds([(url, name)], workspace=workspace, limit=limit)
        if isinstance(result, FeedError):
            raise result
        return result

    async def add_feeds(
        self,
        sources: list[tuple[str, str | None]],
        *,
        workspace: str = "",
        limit: int | None = None,
    ) -> list[Feed | FeedError]:
        """Check and add each (url, name), concurrently; a failure is returned in its place."""
        import asyncio

        async with self.runtime.poller() as poller:

            async def one(url: str, name: str | None) -> Feed | FeedError:
                try:
                    return await poller.add_feed(url, workspace=workspace, name=name, limit=limit)
                except FeedError as exc:
                    return exc

            return list(await asyncio.gather(*(one(url, name) for url, name in sources)))


# A test hook, not a setting (read from the environment only, never from .env): the tests
# serve workspaces' feeds from 127.0.0.1. In production it would let any workspace's
# manager reach the operator's network; LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES never does.
TEST_WORKSPACE_PRIVATE_ENV = "LAYOFFBOT_TEST_WORKSPACE_PRIVATE_ADDRESSES"


def _test_workspace_private_addresses() -> bool:
    import os

    return os.environ.get(TEST_WORKSPACE_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


def build_runtime(
    settings: Settings,
    store: Store,
    *,
    on_new_stories: Callable[[list[Story]], None] | None = None,
    on_problem: Callable[[Feed, str], None] | None = None,
) -> Runtime:
    """The wiring every command uses; see `Runtime`."""
    return Runtime(settings, store, on_new_stories=on_new_stories, on_problem=on_problem)
