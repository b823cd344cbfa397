"""A story being judged while a channel's digest is planned must reach a later digest.

Found by trying the bot as a user (a digest came at the minute a poll was filing stories):
Pipeline.ingest takes `now` before judging its items and files the stories with
`first_seen = now` when judging is done; a digest planned in between reads the stories
committed so far and moves the channel's window to its own `now`, past those stories'
`first_seen`. They were then in no digest, ever. Judging takes seconds with an LLM.
Now a story is stamped when filed, and filing and digest planning are serialized
(UnitOfWork.hold_story_filing).
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from bot.digests import plan_digest
from bot.models import Article, RawItem, Tags
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger


class SlowTagger(RuleTagger):
    """The rules, as slow as a model: judging one item takes a second."""

    def tag(self, article: Article) -> Tags:
        time.sleep(1.0)
        return super().tag(article)


def test_a_story_judged_while_a_digest_is_planned_is_in_the_next_digest(store: Store) -> None:
    start = datetime.now(UTC)
    store.set_digest(
        platform="console",
        workspace_id="local",
        channel_id="terminal",
        now=start - timedelta(days=1),
        updated_by="console",
        enabled=True,
        post_quiet_days=True,
    )
    item = RawItem(
        guid="klarna-1",
        title="Klarna to cut 700 customer service jobs as AI assistant takes over",
        link="https://desk.example/klarna",
        summary_html="Klarna said its AI assistant now does the work of 700 agents.",
        published=start,
    )
    pipeline = Pipeline(store, ExtractiveSummarizer(), SlowTagger(), announce_max_age=None)
    poll = threading.Thread(target=lambda: pipeline.ingest([item]))
    poll.start()
    time.sleep(0.5)  # the poll has taken its `now` and is judging the item
    # The daily digest: it moves the window (`digest now` moves nothing).
    assert plan_digest(store, store.enabled_digests()[0], datetime.now(UTC))
    poll.join()
    covered = store.enabled_digests()[0].last_covered
    filed = store.stories_first_seen_between(None, datetime.now(UTC) + timedelta(days=1))
    assert len(filed) == 1
    later = store.stories_first_seen_between(covered, datetime.now(UTC) + timedelta(days=1))
    assert [s.id for s in later] == [filed[0].id]  # the next digest still has it
