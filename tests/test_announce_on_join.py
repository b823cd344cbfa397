"""A story first filed silently (a new feed's first read) is announced once when a feed
that was already read brings fresh news of it: the subscriber and the digest hear of it
then, and more items never announce it again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, RawItem, Story, Tags
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)
IBM = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("IBM",), headcount=7800)


@dataclass
class ScriptedTagger:
    """Tags every item as IBM's layoff: the filing is under test, not tagging."""

    tags: Tags = IBM

    def tag(self, article: Article) -> Tags:
        return self.tags


@dataclass
class Announced:
    stories: list[Story] = field(default_factory=list)


def _pipeline(store: Store, announced: Announced) -> Pipeline:
    return Pipeline(
        store,
        ExtractiveSummarizer(),
        ScriptedTagger(),
        clock=lambda: NOW,
        on_new_stories=announced.stories.extend,
        announce_max_age=timedelta(days=7),
    )


def _feed(store: Store, name: str) -> int:
    feed, _ = store.add_feed(f"https://{name}.example/rss", name)
    return feed.id


def _raw(n: int, published: datetime, host: str = "") -> RawItem:
    link = f"https://{host or f'n{n}'}.example/ibm"
    return RawItem(
        guid=link,
        title=f"IBM to replace 7,800 jobs with AI, report {n}",
        link=link,
        summary_html="IBM will pause hiring for 7,800 roles that AI could replace.",
        published=published,
    )


def test_a_silently_filed_story_is_announced_once_when_a_read_feed_brings_it(
    store: Store,
) -> None:
    announced = Announced()
    pipeline = _pipeline(store, announced)
    new, read = _feed(store, "new"), _feed(store, "read")
    pipeline.ingest([_raw(1, NOW - timedelta(hours=1))], feed_id=new, announce=False)
    assert announced.stories == []  # the new feed's first read
    pipeline.ingest([_raw(2, NOW - timedelta(minutes=30))], feed_id=read, announce=True)
    assert [s.company for s in announced.stories] == ["IBM"]
    story = announced.stories[0]
    window = store.stories_first_seen_between(
        NOW - timedelta(minutes=1), NOW + timedelta(minutes=1), announce_only=True
    )
    assert [s.id for s in window] == [story.id]  # the next digest has it
    pipeline.ingest([_raw(3, NOW - timedelta(minutes=10))], feed_id=new, announce=True)
    assert len(announced.stories) == 1  # grown again: not announced again
    assert pipeline.announce_pending() == 0


def test_old_news_filed_silently_is_not_announced_by_a_late_follow_up(store: Store) -> None:
    announced = Announced()
    pipeline = _pipeline(store, announced)
    pipeline.ingest([_raw(1, NOW - timedelta(days=10))], announce=True)  # old news
    pipeline.ingest([_raw(2, NOW - timedelta(minutes=30))], announce=True)
    assert announced.stories == []


def test_the_silent_feed_publishing_its_item_again_under_a_new_link_announces_nothing(
    store: Store,
) -> None:
    # The site moved: every item of the feed comes back under a new link and guid.
    announced = Announced()
    pipeline = _pipeline(store, announced)
    feed = _feed(store, "desk")
    pipeline.ingest([_raw(1, NOW - timedelta(hours=5))], feed_id=feed, announce=False)
    pipeline.ingest([_raw(1, NOW - timedelta(hours=5), host="moved")], feed_id=feed, announce=True)
    assert announced.stories == []


def test_the_silent_feed_reporting_more_of_the_story_later_announces_it_once(
    store: Store,
) -> None:
    # A search feed (Google News) files the story in its first read; an hour later it
    # carries an outlet's new report of the same event: that is news (trial: the Block
    # subscriber was never told, and `why` said the new item came in a first poll).
    announced = Announced()
    clock = [NOW]
    pipeline = Pipeline(
        store,
        ExtractiveSummarizer(),
        ScriptedTagger(),
        clock=lambda: clock[0],
        on_new_stories=announced.stories.extend,
        announce_max_age=timedelta(days=7),
    )
    feed = _feed(store, "search")
    pipeline.ingest([_raw(1, NOW - timedelta(hours=2))], feed_id=feed, announce=False)
    clock[0] = NOW + timedelta(hours=1)
    pipeline.ingest([_raw(2, NOW + timedelta(minutes=30))], feed_id=feed, announce=True)
    assert [s.company for s in announced.stories] == ["IBM"]
    pipeline.ingest([_raw(3, NOW + timedelta(minutes=50))], feed_id=feed, announce=True)
    assert len(announced.stories) == 1  # once


async def test_why_says_an_item_that_joined_a_silent_story_later_did_not_come_in_a_first_poll(
    store: Store,
) -> None:
    from bot.render import to_text
    from tests.conftest_social import cmd, make_app

    clock = [NOW]
    pipeline = Pipeline(
        store,
        ExtractiveSummarizer(),
        ScriptedTagger(),
        clock=lambda: clock[0],
        announce_max_age=timedelta(days=7),
    )
    feed = _feed(store, "desk")
    pipeline.ingest([_raw(1, NOW - timedelta(hours=5))], feed_id=feed, announce=False)
    clock[0] = NOW + timedelta(hours=1)  # the next poll: the same item under a new link
    pipeline.ingest([_raw(1, NOW - timedelta(hours=5), host="moved")], feed_id=feed)
    app = make_app(store)
    first = to_text(await app.handle(cmd("why https://n1.example/ibm")))
    assert "it came in a feed's first poll" in first, first
    later = to_text(await app.handle(cmd("why https://moved.example/ibm")))
    assert "came in a feed's first poll" not in later, later
    assert "its story was first stored by a feed's first poll" in later, later
    assert "published before then: not newer news of it" in later, later
