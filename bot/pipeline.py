"""The ingest pipeline: clean -> tag -> summarize -> cluster -> store -> plan alerts.

Items arrive from feeds/ as `RawItem`s. The CPU-bound judgement runs first, outside any
transaction; storing and clustering a batch is one transaction, so a crash stores a
feed's batch whole or not at all and a re-poll picks it up again.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.errors import StoreError
from bot.filing import Filing, filing
from bot.judging import (
    BATCH_DEADLINES,
    DEFAULT_TIMEOUT,
    JudgePool,
    Trouble,
    judge_guarded,
    judge_item,
)
from bot.links import canonical_link
from bot.models import Article, RawItem, Story, Tags
from bot.ports import Summarizer, Tagger
from bot.store import NewItem, Store, refused_data
from bot.store.ingest import IngestBatch, StoryDraft
from bot.store.refusals import refusal_key
from bot.stories import WINDOW, match_story
from bot.story_item import hand
from bot.story_openings import opening
from bot.timeutil import utcnow

log = logging.getLogger(__name__)

# News published longer before it was first seen is stored, never announced as new.
ANNOUNCE_MAX_AGE = timedelta(days=7)

# Items the database refused that this process remembers, not to refuse them at every poll.
REMEMBERED_REFUSALS = 4096


@dataclass(frozen=True)
class IngestedItem:
    """The outcome for one raw item: what the core made of it and where it went."""

    article: Article
    summary: str
    tags: Tags
    story_key: str | None
    new: bool


@dataclass
class IngestResult:
    items: list[IngestedItem] = field(default_factory=list)
    new_items: int = 0
    duplicates: int = 0
    deferred: int = 0
    # New items the database refused (logged once as item_refused, then skipped).
    refused: int = 0
    new_stories: list[Story] = field(default_factory=list)
    # Whether the batch was stored to be announced (`announce=None`: the feed's primed flag).
    announced: bool = True

    def add(self, part: IngestResult) -> None:
        """What another transaction of the same batch stored (`Pipeline._store_isolated`)."""
        self.items += part.items
        self.new_items += part.new_items
        self.duplicates += part.duplicates
        self.new_stories += part.new_stories


# An item, what the judgement made of it and what filing it needs of it alone:
# (raw, article, summary, tags, filing).
Judged = tuple[RawItem, Article, str, Tags, Filing]


class Pipeline:
    """Turns raw feed items into stored, tagged, clustered items and new stories.

    `on_new_stories` is called after the batch is committed with the stories it created
    that may be announced (alerts are planned there): not from a feed's silent first
    poll, and first published at most `announce_max_age` before they were first seen.
    """

    def __init__(
        self,
        store: Store,
        summarizer: Summarizer,
        tagger: Tagger,
        *,
        on_new_stories: Callable[[list[Story]], None] | None = None,
        clock: Callable[[], datetime] = utcnow,
        announce_max_age: timedelta | None = ANNOUNCE_MAX_AGE,
        judge_pool: JudgePool | None = None,
        judge_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.store = store
        self.announce_max_age = announce_max_age
        self.summarizer = summarizer
        self.tagger = tagger
        self.on_new_stories = on_new_stories
        self.clock = clock
        self.judge_pool = judge_pool
        # A feed's items are judged in `judge_pool`'s worker, where each has this long
        # (bot.judging); without a pool (an LLM judge, tests), here, with no limit.
        self.judge_timeout = judge_timeout
        # One batch stored at a time: concurrent batches carrying the same events would
        # race for the same story keys (a deadlock on PostgreSQL). Judging is outside it,
        # so one feed's items are judged (in `judge_pool`) while another's are stored; an
        # item two feeds carry may be judged twice, and is stored once.
        self._lock = threading.Lock()
        # (feed id, guid) of each item the database refused (bounded, the latest kept):
        # skipped by the next polls, not judged and refused again (see `_store_isolated`).
        self._refused: OrderedDict[tuple[int | None, str], None] = OrderedDict()
        # The refusals the database remembers (bot/store/refusals.py), read at the first
        # feed's ingest: a restart, or a `poll --once` from cron, skips them too.
        self._remembered: set[str] | None = None

    def judge(self, raw: RawItem, *, now: datetime) -> tuple[Article, str, Tags]:
        """Clean, tag and summarize one item (no I/O); the summary names the tagged employer."""
        return judge_item(self.summarizer, self.tagger, raw, now)

    def ingest(
        self,
        raw_items: Sequence[RawItem],
        *,
        feed_id: int | None = None,
        announce: bool | None = True,
        report_known: bool = False,
        limit: int | None = None,
        finish: Callable[[IngestResult], None] | None = None,
        source: str | None = None,
    ) -> IngestResult:
        """Store the items not seen before; `announce=False` stores without alerting.

        Items already stored are skipped before any judgement (a poll mostly sees known
        items), unless `report_known` asks for their tags too (`layoffbot tag`). With
        `limit`, at most that many new items (the newest) are stored; `deferred` counts the
        rest, which stay unknown and are picked up by the next call. `announce=None`
        announces when the feed is primed (read with the known items). A feed's items are
        judged under the deadline (`judge_timeout` each, and with `limit` BATCH_DEADLINES of
        it for the batch, the rest deferred like the items past `limit`); `source` (the feed's URL)
        names the feed in the log line of an item that overran it or failed.

        Three transactions whatever the batch: the reads before judging, the batch, and
        the alerts with `finish` (the poller records the poll there). A crash after the
        batch leaves its stories pending, announced at the next `announce_pending`. A
        batch the database refuses for an item's data is stored in parts without that
        item (`_store_isolated`); `refused` counts it, and the items remembered refused.
        """
        now = self.clock()
        candidates = list(raw_items)
        if feed_id is not None or self._refused:
            candidates = self._not_refused(candidates, feed_id)
        result, tenant, fresh = self._unseen(candidates, feed_id, announce, report_known, source)
        result.refused += len(raw_items) - len(candidates)
        if limit is not None and len(fresh) > limit:
            oldest = datetime.min.replace(tzinfo=UTC)
            fresh = sorted(fresh, key=lambda r: r.published or oldest, reverse=True)
            fresh, result.deferred = fresh[:limit], len(fresh) - limit
        judged, result.deferred = self._judge_all(
            fresh, now, feed_id is not None, limit is not None, source, result.deferred
        )
        with self._lock:
            if judged:
                self._store_isolated(judged, feed_id, tenant, result, source)
            if result.new_stories or finish is not None:
                # The alerts and whatever `finish` records (the poll): one transaction.
                with self.store.unit_of_work():
                    self._announce(result.new_stories)
                    if finish is not None:
                        finish(result)
            return result

    def _not_refused(self, fresh: list[RawItem], feed_id: int | None) -> list[RawItem]:
        """`fresh` without the items refused before, by this process or a former one."""
        if self._remembered is None:
            # A failed read is asked again next time; this process's own still count.
            with contextlib.suppress(StoreError):
                self._remembered = self.store.remembered_refusals(self.clock())
        remembered = self._remembered or set()
        if not self._refused and not remembered:
            return fresh
        return [
            r
            for r in fresh
            if (feed_id, r.guid) not in self._refused
            and (not remembered or refusal_key(feed_id, r.guid) not in remembered)
        ]

    def _unseen(
        self,
        raw_items: Sequence[RawItem],
        feed_id: int | None,
        announce: bool | None,
        report_known: bool,
        source: str | None = None,
    ) -> tuple[IngestResult, str, list[RawItem]]:
        """The result to fill, the feed's tenant and the items not stored yet: one read.
        A read the database refuses for an item's data (its guid or link: a character the
        driver cannot send) is isolated as a write is (`_store_isolated`): each item read
        alone, the refused one logged once and skipped, the others go on."""
        links = [canonical_link(r.link or r.guid) for r in raw_items]
        try:
            with self.store.unit_of_work() as uow:
                tenant = uow.feed_tenant(feed_id)
                if announce is None:
                    announce = feed_id is not None and self.store.feed_is_primed(feed_id)
                result = IngestResult(announced=announce)
                if report_known:
                    return result, tenant, list(raw_items)
                known_guids, known_links = uow.known_items(
                    feed_id, [r.guid for r in raw_items], links, tenant
                )
        except Exception as exc:
            if not refused_data(exc):
                raise
            return self._unseen_each(raw_items, links, feed_id, announce, source)
        fresh = [
            r
            for r, link in zip(raw_items, links, strict=True)
            if r.guid not in known_guids and link not in known_links
        ]
        result.duplicates = len(raw_items) - len(fresh)
        return result, tenant, fresh

    def _unseen_each(
        self,
        raw_items: Sequence[RawItem],
        links: list[str],
        feed_id: int | None,
        announce: bool | None,
        source: str | None,
    ) -> tuple[IngestResult, str, list[RawItem]]:
        """`_unseen` with each item read alone, in a transaction of its own: those the
        database refuses to look up are refused (`_refuse`), left out of the rest."""
        with self.store.unit_of_work() as uow:
            tenant = uow.feed_tenant(feed_id)
            if announce is None:
                announce = feed_id is not None and self.store.feed_is_primed(feed_id)
        result = IngestResult(announced=announce)
        fresh: list[RawItem] = []
        for raw, link in zip(raw_items, links, strict=True):
            try:
                with self.store.unit_of_work() as uow:
                    known_guids, known_links = uow.known_items(feed_id, [raw.guid], [link], tenant)
            except Exception as exc:
                if not refused_data(exc):
                    raise
                self._refuse(raw, feed_id, source, exc)
                result.refused += 1
                continue
            if raw.guid in known_guids or link in known_links:
                result.duplicates += 1
            else:
                fresh.append(raw)
        return result, tenant, fresh

    def _judge_all(
        self,
        raw_items: list[RawItem],
        now: datetime,
        from_feed: bool,
        budgeted: bool,
        source: str | None,
        deferred: int,
    ) -> tuple[list[Judged], int]:
        """The items judged (in the pool when there is one: a feed's items always, under
        the deadline), and `deferred` plus the items left for the next poll; an item
        that failed and is judged next poll is left out."""
        pooled: list[tuple[RawItem, tuple[Article, str, Tags, Filing] | Trouble]] | None = None
        if self.judge_pool is not None:
            outcomes = self.judge_pool.judge(
                raw_items,
                now,
                timeout=self.judge_timeout,
                budget=self.judge_timeout * BATCH_DEADLINES if from_feed and budgeted else None,
                force=from_feed,
            )
            if outcomes is not None:
                pooled = list(zip(raw_items, outcomes, strict=True))
        if pooled is None:  # here: no timer in a thread (see docs/reliability.md)
            pooled = [(raw, judge_guarded(self._judge_here(now), raw, None)) for raw in raw_items]
        judged: list[Judged] = []
        stuck = 0
        for raw, outcome in pooled:
            if isinstance(outcome, Trouble):
                if outcome.reason in ("deferred", "stuck"):
                    deferred += 1
                    stuck += outcome.reason == "stuck"
                    continue
                _log_trouble(outcome, raw, source)
                if outcome.retry is None:
                    continue
                outcome = outcome.retry
            judged.append((raw, *outcome))
        if stuck:
            log.error(
                "event=judge_timeout feed=%r items=%d: the judges' worker stopped answering "
                "and was replaced; these items are judged next poll",
                source or "",
                stuck,
            )
        return judged, deferred

    def _judge_here(self, now: datetime) -> Callable[[RawItem], tuple[Article, str, Tags, Filing]]:
        def judge(raw: RawItem) -> tuple[Article, str, Tags, Filing]:
            article, summary, tags = self.judge(raw, now=now)  # the judging seam
            return article, summary, tags, filing(article, tags, summary)

        return judge

    def _store_isolated(
        self,
        judged: list[Judged],
        feed_id: int | None,
        tenant: str,
        result: IngestResult,
        source: str | None,
    ) -> None:
        """`_store`, with an item the database refuses kept from costing the others.

        A batch whose transaction fails on its data (`refused_data`: a constraint, a value
        out of range, a character the driver cannot send) is rolled back and stored again
        in halves, down to the refused item alone: every other item is stored, in order,
        each judged once and its story announced once; the refused one is logged once
        (event=item_refused: its feed, link and reason) and remembered, so later polls
        skip it (`refused`) instead of failing on it again. A database out of reach or
        busy is no item's fault: that error is raised, and the whole batch retried next
        poll, as before. Nor is a feed removed during its poll (its items all fail their
        foreign key): that is raised too."""
        try:
            self._store(judged, feed_id, tenant, result)
        except Exception as exc:
            if not refused_data(exc) or (feed_id is not None and not self._feed_exists(feed_id)):
                raise
            self._bisect(judged, feed_id, tenant, result, source, exc)

    def _bisect(
        self,
        judged: list[Judged],
        feed_id: int | None,
        tenant: str,
        result: IngestResult,
        source: str | None,
        exc: BaseException,
    ) -> None:
        """Store the halves of a refused batch one after the other (each half sees the
        first's stories, as the batch would have), down to the refused item."""
        if len(judged) == 1:
            self._refuse(judged[0][0], feed_id, source, exc)
            result.refused += 1
            return
        middle = len(judged) // 2
        for half in (judged[:middle], judged[middle:]):
            try:
                self._store(half, feed_id, tenant, result)
            except Exception as refused:
                if not refused_data(refused):
                    raise
                self._bisect(half, feed_id, tenant, result, source, refused)

    def _feed_exists(self, feed_id: int) -> bool:
        return self.store.get_feed(feed_id) is not None

    def _refuse(
        self, raw: RawItem, feed_id: int | None, source: str | None, exc: BaseException
    ) -> None:
        """Log an item the database refused, once, and remember it to skip it next poll."""
        self._refused[(feed_id, raw.guid)] = None
        self._refused.move_to_end((feed_id, raw.guid))
        while len(self._refused) > REMEMBERED_REFUSALS:
            self._refused.popitem(last=False)
        key = refusal_key(feed_id, raw.guid)
        if self._remembered is not None:
            self._remembered.add(key)
        with contextlib.suppress(StoreError):  # remembered here still, for this process
            self.store.remember_refusal(key, self.clock())
        reason = (str(exc).splitlines() or [""])[0][:300]
        if not isinstance(exc, StoreError):  # the driver's own: named as StoreError names it
            reason = f"database error ({type(exc).__name__}): {reason}"
        log.warning(
            "event=item_refused feed=%r link=%r reason=%r: %s",
            source or "",
            (raw.link or raw.guid)[:300],
            reason,
            "not stored, the feed's other items are; skipped by the next polls (restarts "
            "too) for 7 days, unless the feed changes it",
        )

    def _store(
        self, judged: list[Judged], feed_id: int | None, tenant: str, result: IngestResult
    ) -> None:
        """Cluster and store the judged items: one transaction, in `result` once committed.
        Stories are stamped when filed: a digest planned during judging must not pass them by."""
        part = IngestResult()
        with self.store.unit_of_work() as uow:
            uow.hold_story_filing()
            now = self.clock()
            links = [f.link for *_, f in judged]
            known_guids, known_links = uow.known_items(
                feed_id, [r.guid for r, *_ in judged], links, tenant
            )
            # Clustering sees each item's predecessors in the batch; the writes wait for
            # the flush (a few statements for the whole batch, same transaction).
            batch = uow.ingest_batch(
                now=now,
                announce=result.announced,
                announce_since=now - self.announce_max_age
                if self.announce_max_age is not None
                else None,
                tenant=tenant,
            )
            batch.read_ahead(
                [
                    (f.keys, a.published - WINDOW, a.published + WINDOW, f.scope)
                    for r, a, _, _, f in judged
                    if r.guid not in known_guids and f.link not in known_links
                ]
            )
            filed: list[tuple[Article, str, Tags, str, StoryDraft | None, bool]] = []
            try:
                for raw, article, summary, tags, plan in judged:
                    link = plan.link
                    if raw.guid in known_guids or link in known_links:
                        part.duplicates += 1
                        story = batch.story_for_link(link)
                        filed.append((article, summary, tags, link, story, False))
                        continue
                    known_guids.add(raw.guid)
                    known_links.add(link)
                    story = _file(batch, feed_id, raw, article, summary, tags, plan)
                    part.new_items += 1
                    filed.append((article, summary, tags, link, story, True))
            finally:
                batch.end_read_ahead()
            created = batch.flush()
            stored = uow.story_keys_for_links(
                [link for _, _, _, link, story, new in filed if story is None]
            )
            part.items = [
                IngestedItem(article, summary, tags, story.key if story else stored.get(link), new)
                for article, summary, tags, link, story, new in filed
            ]
            # Tags merged by later items of the same batch are in the stored stories.
            part.new_stories = uow.stories_by_id(created)
        result.add(part)

    def announce_pending(self) -> int:
        """Announce stories stored but never announced (the bot died in between).

        Alert keys are idempotent, so announcing a story twice plans nothing twice.
        """
        with self._lock, self.store.unit_of_work():
            stories = self.store.stories_with_pending_alerts()
            self._announce(stories)
            return len(stories)

    def _announce(self, stories: list[Story]) -> None:
        if not stories:
            return
        if self.on_new_stories is not None:
            self.on_new_stories(stories)
        self.store.clear_pending_alerts([s.id for s in stories])


def _file(
    batch: IngestBatch,
    feed_id: int | None,
    raw: RawItem,
    article: Article,
    summary: str,
    tags: Tags,
    plan: Filing,
) -> StoryDraft:
    """Put one new item in a story of the batch: an existing one it matches, or a new one."""
    item = NewItem(
        feed_id=feed_id,
        guid=raw.guid,
        link=article.link,
        canonical_link=plan.link,
        title=article.title,
        publisher=article.publisher,
        published=article.published,
        summary=summary,
        tags=tags,
        weight=len(article.text),
        opening=opening(article.text),
        vote=plan.vote,
        tags_json=plan.tags_json,
    )
    keys, scope = plan.keys, plan.scope
    if plan.facts is not None:
        hand(article, plan.facts)  # worked out beside its judgement (#14)
    since, until = article.published - WINDOW, article.published + WINDOW
    match = match_story(article, tags, batch.candidates(keys, since, until, scope))
    if match is not None:
        # The story's tags are decided from all its items' (bot.story_tags), not folded.
        return batch.add_to_story(match, item, None, keys)
    story = batch.new_story(plan.story_key, item, keys)
    # The same event on the other side of the tenant line (a workspace's feed and the
    # operator's): linked, never merged, so nothing leaks.
    for others in batch.same_event_elsewhere(keys, since, until, scope).values():
        same = match_story(article, tags, others)
        if same is not None:
            batch.link_same_event(story, same)
    return story


def _log_trouble(trouble: Trouble, raw: RawItem, source: str | None) -> None:
    """One line for an item whose judgement overran the deadline or failed: the feed, the
    item's link, what went wrong and what became of the item."""
    if trouble.retry is not None:
        fate = "stored, judged on its title and the start of its text"
    else:
        fate = "not stored; tried again when the feed next brings it"
    log.warning(
        "event=%s feed=%r link=%r reason=%r: %s",
        "judge_timeout" if trouble.reason == "timeout" else "judge_failed",
        source or "",
        (raw.link or raw.guid)[:300],
        trouble.detail,
        fate,
    )
