"""Polling feeds served from 127.0.0.1: ingest, 304s, failures reported, nothing doubled."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.judging import JudgePool
from bot.models import Feed, RawItem, Story
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from feeds.fetch import Fetcher
from feeds.parse import shutdown_worker
from feeds.poller import Poller
from tests.conftest import count_items
from tests.feedserver import FeedServer
from tests.ingest import rule_pipeline

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Tech Layoffs Desk</title><link>https://desk.example/</link>
{items}
</channel></rss>"""

ITEM = """<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>
<pubDate>Mon, 13 Jan 2025 09:00:00 GMT</pubDate>
<description>{desc}</description></item>"""

GNEWS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>"AI layoffs" - Google News</title><link>https://news.google.com/search?q=AI+layoffs</link>
<item><title>Klarna to cut 700 customer service roles as AI assistant takes over - Reuters</title>
<link>https://news.google.com/rss/articles/CBMiAAA?oc=5</link><guid isPermaLink="false">CBMiAAA</guid>
<pubDate>Tue, 14 Jan 2025 08:00:00 GMT</pubDate>
<description>&lt;a href="https://news.google.com/rss/articles/CBMiAAA?oc=5"&gt;Klarna to cut 700 customer service roles&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;Reuters&lt;/font&gt;</description>
<source url="https://www.reuters.com">Reuters</source></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Workplace Wire</title><id>urn:ww</id>
<updated>2025-01-15T10:00:00Z</updated>
<entry><title>Dropbox lays off 500 employees, citing the AI era</title>
<link href="https://wire.example/dropbox-500"/><id>urn:ww:1</id><updated>2025-01-15T10:00:00Z</updated>
<summary>Dropbox is cutting 500 jobs, about 16% of staff, as it shifts investment toward AI.</summary></entry>
</feed>"""

RDF = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF News</title><link>https://rdf.example/</link>
<description>d</description><items><rdf:Seq><rdf:li resource="https://rdf.example/1"/></rdf:Seq></items></channel>
<item rdf:about="https://rdf.example/1"><title>Chegg cuts 441 jobs as students turn to ChatGPT</title>
<link>https://rdf.example/1</link><dc:date>2025-01-16T10:00:00Z</dc:date>
<description>Chegg said it would lay off 441 employees, about 23% of its workforce, as AI tools hit demand.</description></item>
</rdf:RDF>"""


def rss(*items: tuple[str, str, str]) -> bytes:
    body = "\n".join(
        ITEM.format(title=t, link=f"https://desk.example/{g}", guid=g, desc=d) for t, g, d in items
    )
    return RSS.format(items=body).encode()


FIRST = (
    "TikTok cuts hundreds of moderators as AI takes over",
    "tiktok-1",
    "TikTok is laying off hundreds of content moderators in Malaysia as it moves to AI moderation.",
)
SECOND = (
    "IBM pauses hiring for roles AI could do",
    "ibm-1",
    "IBM will pause hiring for back-office roles that AI could replace, its CEO said.",
)


@pytest.fixture(scope="module", autouse=True)
def _parse_worker() -> Iterator[None]:
    yield
    shutdown_worker()


class Recorder:
    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []
        self.stories: list[Story] = []

    def problem(self, feed: Feed, message: str) -> None:
        self.problems.append((feed.name, message))

    def new(self, stories: list[Story]) -> None:
        self.stories.extend(stories)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def poller(store: Store, recorder: Recorder) -> AsyncIterator[Poller]:
    pipeline = rule_pipeline(store, recorder.new)
    async with Fetcher(
        allow_private_addresses=True, workspace_private_addresses=True, timeout=3.0
    ) as fetcher:
        yield Poller(store, pipeline, fetcher, on_problem=recorder.problem, parse_timeout=5.0)


def add(store: Store, server: FeedServer, path: str, name: str) -> None:
    store.add_feed(server.url(path), name)
    store.mark_primed(server.url(path))


async def test_rss_atom_rdf_and_google_news_feeds_are_ingested(
    store: Store, server: FeedServer, poller: Poller, recorder: Recorder
) -> None:
    server.route("/rss", body=rss(FIRST, SECOND))
    server.route("/gnews", body=GNEWS.encode())
    server.route("/atom", body=ATOM.encode(), content_type="application/atom+xml")
    server.route("/rdf", body=RDF.encode(), content_type="application/rdf+xml")
    for path in ("/rss", "/gnews", "/atom", "/rdf"):
        add(store, server, path, path.strip("/"))
    outcomes = {o.name: o for o in await poller.poll_due()}
    assert {n: (o.status, o.new_items) for n, o in outcomes.items()} == {
        "rss": ("new", 2),
        "gnews": ("new", 1),
        "atom": ("new", 1),
        "rdf": ("new", 1),
    }
    klarna = store.stories_for_company("klarna")
    assert klarna and klarna[0].headline.endswith("takes over")  # publisher split off
    assert count_items(store) == 5
    assert {s.company for s in recorder.stories} >= {"TikTok", "Klarna", "Dropbox", "Chegg"}


async def test_an_unchanged_feed_is_not_modified_and_nothing_is_doubled(
    store: Store, server: FeedServer, poller: Poller
) -> None:
    server.route("/rss", body=rss(FIRST), etag='"v1"')
    add(store, server, "/rss", "desk")
    assert (await poller.poll_due())[0].new_items == 1
    store.force_all_due()
    second = await poller.poll_due()
    assert second[0].status == "not_modified"
    assert server.requests_for("/rss")[-1].headers.get("if-none-match") == '"v1"'
    # The feed changes; the old item is still there: only the new one is stored.
    server.route("/rss", body=rss(FIRST, SECOND), etag='"v2"')
    store.force_all_due()
    third = await poller.poll_due()
    assert third[0].new_items == 1
    assert count_items(store) == 2


async def test_bad_feeds_are_reported_clearly_while_the_rest_are_ingested(
    store: Store, server: FeedServer, poller: Poller, recorder: Recorder
) -> None:
    server.route("/good", body=rss(FIRST))
    server.route("/missing", status=404, body=b"no")
    server.route(
        "/html",
        body=b"<!doctype html><html><head><title>Hi</title></head><body>page</body></html>",
        content_type="text/html",
    )
    server.route("/broken", body=b"<rss><channel><item><title>unclosed")
    server.route("/huge", body=b"<rss>" + b" " * (16 * 1024 * 1024) + b"</rss>")
    server.route("/slow", body=rss(FIRST), delay=5.0)
    for path in ("/good", "/missing", "/html", "/broken", "/huge", "/slow"):
        add(store, server, path, path.strip("/"))
    outcomes = {o.name: o for o in await poller.poll_due()}
    assert outcomes["good"].status == "new"
    assert outcomes["missing"].status == "error" and "404" in (outcomes["missing"].error or "")
    assert "HTML" in (outcomes["html"].error or "")
    assert outcomes["broken"].status == "error"
    assert "15 MiB" in (outcomes["huge"].error or "")
    assert "timed out" in (outcomes["slow"].error or "")
    assert count_items(store) == 1
    assert {name for name, _ in recorder.problems} == {"missing", "html", "broken", "huge", "slow"}


async def test_a_private_address_is_refused_with_the_guard_on(
    store: Store, server: FeedServer
) -> None:
    server.route("/rss", body=rss(FIRST))
    pipeline = Pipeline(store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None)
    add(store, server, "/rss", "local")
    async with Fetcher(allow_private_addresses=False) as fetcher:
        outcome = (await Poller(store, pipeline, fetcher).poll_due())[0]
    assert outcome.status in ("error", "disabled")
    assert "private" in (outcome.error or "").lower() or "loopback" in (outcome.error or "").lower()
    assert server.requests == [] or all(r.path != "/rss" for r in server.requests)


async def test_a_failing_feed_is_reported_once_and_backs_off(
    store: Store, server: FeedServer, poller: Poller, recorder: Recorder
) -> None:
    server.route("/flaky", status=500, body=b"oops")
    add(store, server, "/flaky", "flaky")
    waits = []
    for _ in range(3):
        store.force_all_due()
        await poller.poll_due()
        feed = store.list_feeds()[0]
        assert feed.next_poll is not None and feed.last_polled is not None
        waits.append(feed.next_poll - feed.last_polled)
    assert len(recorder.problems) == 1
    assert waits[2] > waits[0]
    assert store.list_feeds()[0].error_count == 3


class Clock:
    """The poller's clock, moved by hand: days of failures in a few polls."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_ten_failures_within_three_days_do_not_disable_a_feed(
    store: Store, server: FeedServer, poller: Poller, recorder: Recorder
) -> None:
    server.route("/down", status=503, body=b"down")
    add(store, server, "/down", "down")
    poller.clock = clock = Clock()
    for _ in range(20):  # 20 attempts over 2 days 23 hours
        store.force_all_due()
        await poller.poll_due()
        clock.now += timedelta(hours=3, minutes=44)
    feed = store.list_feeds()[0]
    assert not feed.disabled and feed.error_count == 20
    assert feed.failing_since == datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


async def test_failing_for_three_days_and_ten_attempts_disables_a_feed_with_a_notice(
    store: Store, server: FeedServer, poller: Poller, recorder: Recorder
) -> None:
    server.route("/down", status=503, body=b"down")
    add(store, server, "/down", "down")
    poller.clock = clock = Clock()
    for _ in range(9):
        store.force_all_due()
        await poller.poll_due()
        clock.now += timedelta(hours=9)  # 81 hours, but only 9 attempts
    assert not store.list_feeds()[0].disabled
    store.force_all_due()
    await poller.poll_due()
    feed = store.list_feeds()[0]
    assert feed.disabled and "failing for 3 days (10 attempts" in (feed.disabled_reason or "")
    assert recorder.problems[-1][1].startswith("disabled:")


async def test_a_404_is_retried_with_backoff_and_a_success_forgets_it(
    store: Store, server: FeedServer, poller: Poller
) -> None:
    server.route("/moved", status=404, body=b"no")
    add(store, server, "/moved", "moved")
    outcome = (await poller.poll_due())[0]
    assert outcome.status == "error" and "404" in (outcome.error or "")
    feed = store.list_feeds()[0]
    assert not feed.disabled and feed.next_poll is not None and feed.failing_since is not None
    server.route("/moved", body=rss(FIRST))
    store.force_all_due()
    assert (await poller.poll_due())[0].status == "new"
    feed = store.list_feeds()[0]
    assert feed.error_count == 0 and feed.failing_since is None and feed.last_error is None


async def test_a_410_disables_a_feed_at_once_and_enable_brings_it_back(
    store: Store, server: FeedServer, poller: Poller
) -> None:
    server.route("/gone", status=410, body=b"gone")
    add(store, server, "/gone", "gone")
    assert (await poller.poll_due())[0].status == "disabled"
    assert store.due_feeds(poller.clock()) == []
    server.route("/gone", body=rss(FIRST))
    enabled = store.enable_feed(server.url("/gone"))
    assert enabled is not None and enabled[1] is True
    feed = enabled[0]
    assert not feed.disabled and feed.error_count == 0 and feed.disabled_reason is None
    assert [f.url for f in store.due_feeds(poller.clock())] == [server.url("/gone")]
    assert (await poller.poll_due())[0].status == "new"
    assert store.enable_feed(server.url("/gone")) == (store.list_feeds()[0], False)
    assert store.enable_feed("https://unknown.example/feed") is None


async def test_a_feed_added_by_a_user_is_stored_silently_then_announces_new_items(
    store: Store, server: FeedServer, poller: Poller, recorder: Recorder
) -> None:
    server.route("/team", body=rss(FIRST))
    feed = await poller.add_feed(server.url("/team"), workspace="slack:T1")
    assert feed.name == "Tech Layoffs Desk"
    assert count_items(store) == 1 and recorder.stories == []
    server.route("/team", body=rss(FIRST, SECOND))
    store.force_all_due()
    await poller.poll_due()
    assert [s.company for s in recorder.stories] == ["IBM"]


@pytest.mark.parametrize("step", ["ingest", "mark_primed", "record_poll"])
async def test_an_add_that_fails_after_its_row_is_written_leaves_no_feed(
    store: Store,
    server: FeedServer,
    poller: Poller,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    """The database failing after the feed's row was written (a full disk as its items
    are stored): the add failed, yet the feed stayed in the list, unprimed. A feed that
    was already listed is left listed."""
    from bot.errors import DatabaseUnavailable

    def fail(*_args: object, **_kwargs: object) -> None:
        raise DatabaseUnavailable("database error (disk full)")

    server.route("/team", body=rss(FIRST))
    monkeypatch.setattr(poller.pipeline if step == "ingest" else store, step, fail)
    with pytest.raises(DatabaseUnavailable):
        await poller.add_feed(server.url("/team"), workspace="slack:T1")
    assert store.list_feeds() == []
    store.add_feed(server.url("/team"), "listed before", "slack:T1")
    with pytest.raises(DatabaseUnavailable):
        await poller.add_feed(server.url("/team"), workspace="slack:T1")
    assert [f.name for f in store.list_feeds()] == ["listed before"]


async def test_a_restart_does_not_ingest_seen_items_again(
    database_url: str, server: FeedServer
) -> None:
    server.route("/rss", body=rss(FIRST, SECOND))
    for _ in range(2):  # two "processes" on one database
        store = Store.open(database_url)
        if not store.list_feeds():
            add(store, server, "/rss", "desk")
        store.force_all_due()
        seen: list[Story] = []
        pipeline = rule_pipeline(store, seen.extend)
        async with Fetcher(
            allow_private_addresses=True, workspace_private_addresses=True
        ) as fetcher:
            await Poller(store, pipeline, fetcher).poll_due()
        store.close()
    store = Store.open(database_url)
    assert count_items(store) == 2
    store.close()
    assert seen == []


def test_next_poll_after_success_is_about_one_interval(store: Store) -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    poller = Poller(store, None, None, interval=timedelta(minutes=15))  # type: ignore[arg-type]
    nxt = poller._next_ok(now) - now
    assert timedelta(minutes=13) < nxt < timedelta(minutes=17)


async def test_item_fingerprints_are_stored_per_feed_and_forgotten_on_failure(
    store: Store, server: FeedServer, poller: Poller
) -> None:
    server.route("/rss", body=rss(FIRST, SECOND))
    add(store, server, "/rss", "desk")
    (global_feed,) = store.list_feeds("")
    other, _ = store.add_feed(server.url("/rss"), "desk", "slack:T1")
    await poller.poll_due()
    stored = store.item_fingerprints([global_feed.id, other.id])
    # Only the copy that was polled (its items are the ones stored) remembers them.
    assert list(stored) == [global_feed.id] and len(stored[global_feed.id]) == 16 * 3

    server.route("/rss", status=500, body=b"down")
    store.force_all_due()
    await poller.poll_due()
    assert store.item_fingerprints([global_feed.id]) == {}


def _burst(n: int) -> bytes:
    companies = ["Klarna", "Dropbox", "Chegg", "IBM", "Duolingo", "TikTok", "Salesforce", "Intuit"]
    return rss(
        *(
            (
                f"{companies[i % 8]} cuts {100 + i} support jobs as AI takes over",
                f"burst-{i}",
                f"{companies[i % 8]} said AI now does the work of {100 + i} support agents.",
            )
            for i in range(n)
        )
    )


async def _poll_burst(store: Store, server: FeedServer, pool: JudgePool | None) -> list[Story]:
    recorder = Recorder()
    pipeline = rule_pipeline(store, recorder.new, judge_pool=pool)
    add(store, server, "/burst.xml", "Burst")
    async with Fetcher(
        allow_private_addresses=True, workspace_private_addresses=True, timeout=3.0
    ) as fetcher:
        outcomes = await Poller(store, pipeline, fetcher, parse_timeout=5.0).poll_due()
    assert [o.describe() for o in outcomes] == ["20 new items"]
    return recorder.stories


async def test_a_burst_judged_in_the_worker_process_is_stored_as_if_judged_here(
    tmp_path: Path, server: FeedServer
) -> None:
    """The judges' worker process must change where the CPU is spent, nothing else: the
    same stories, tags and summaries as judging in the poller's own thread."""
    server.route("/burst.xml", body=_burst(20))
    stories = {}
    for name, pool in (("here", None), ("worker", JudgePool(workers=1, start_after=0))):
        store = Store.open(f"sqlite:///{tmp_path}/{name}.db")
        try:
            found = await _poll_burst(store, server, pool)
            stories[name] = sorted((s.key, s.tags, s.summary) for s in found)
        finally:
            if pool is not None:
                assert pool._executor is not None  # the batch did go to the worker
                pool.close()
            store.close()
    assert stories["worker"] == stories["here"]
    assert len(stories["here"]) >= 8


def test_small_batches_and_a_small_first_load_are_judged_here_without_a_worker() -> None:
    """A worker costs ~0.5 s to start: a short feed (`feeds add`) never repays it."""
    pool = JudgePool(workers=1, min_batch=16, start_after=100)
    now = datetime.now(UTC)
    item = RawItem(guid="g", link="https://x.example/1", title="t", summary_html="")
    assert pool.judge([item] * 15, now) is None  # too small to send
    assert pool.judge([item] * 50, now) is None  # the first 100 items: here
    assert pool.judge([item] * 50, now) is None
    assert pool._executor is None


async def test_a_poller_with_a_shorter_interval_polls_feeds_scheduled_under_a_longer_one(
    store: Store, server: FeedServer, poller: Poller
) -> None:
    from bot.timeutil import utcnow

    server.route("/rss", body=rss(FIRST))
    add(store, server, "/rss", "desk")
    polled_at = utcnow() - timedelta(minutes=20)
    store.record_poll(
        server.url("/rss"), now=polled_at, next_poll=polled_at + timedelta(hours=4), ok=True
    )
    assert store.due_feeds(utcnow()) == []
    poller.interval = timedelta(minutes=15)  # the bot restarted with a shorter interval
    assert [o.name for o in await poller.poll_due()] == ["desk"]


async def test_a_feed_removed_while_it_is_polled_is_no_crash(
    store: Store, server: FeedServer, poller: Poller, caplog: pytest.LogCaptureFixture
) -> None:
    # `layoffbot feeds remove` while the bot fetched the feed: its items failed their
    # foreign key, logged as feed_poll_crashed with a traceback and "unexpected error".
    from feeds.poller import REMOVED_WHILE_POLLED
    from tests.feedserver import Route

    add(store, server, "/rss", "desk")

    def removed_meanwhile(_request: object) -> Route:
        store.remove_feed(server.url("/rss"))
        return Route(body=rss(FIRST, SECOND))

    server.route("/rss", handler=removed_meanwhile)
    [outcome] = await poller.poll_due()
    assert (outcome.status, outcome.error) == ("error", REMOVED_WHILE_POLLED)
    assert "feed_poll_crashed" not in caplog.text and "Traceback" not in caplog.text
    assert count_items(store) == 0


async def test_the_database_failing_during_a_poll_is_not_the_feeds_failure(
    store: Store,
    server: FeedServer,
    poller: Poller,
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk (or a locked or unreachable database) under a poll logged a traceback
    per feed (`feed_poll_crashed`), charged every feed an "unexpected error" (backoff, a
    report to its channel) and kept the whole cycle's outcome from being said once."""
    from bot.errors import DatabaseUnavailable
    from feeds.poller import PollNotStored

    server.route("/rss", body=rss(FIRST, SECOND))
    add(store, server, "/rss", "desk")
    ingest = poller.pipeline.ingest

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise DatabaseUnavailable("database error (OperationalError): database or disk is full")

    monkeypatch.setattr(poller.pipeline, "ingest", disk_full)
    with pytest.raises(PollNotStored) as raised:
        await poller.poll_due()
    [outcome] = raised.value.outcomes
    assert outcome.status == "not_stored" and "disk is full" in outcome.describe()
    assert "1 of 1 feed(s) polled but not stored" in str(raised.value)
    assert "feed_poll_crashed" not in caplog.text and "Traceback" not in caplog.text
    [feed] = store.list_feeds()
    assert (feed.error_count, feed.last_error, recorder.problems) == (0, None, [])
    # Once the database takes writes again, the feed is still due and nothing is lost.
    monkeypatch.setattr(poller.pipeline, "ingest", ingest)
    [outcome] = await poller.poll_due()
    assert (outcome.status, outcome.new_items) == ("new", 2)
