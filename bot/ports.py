"""Contracts between the core and what plugs into it.

The pipeline calls the Summarizer and the Tagger; the outbox dispatcher and command
router call ChatAdapters. Implementations live at the edge (adapters/, feeds/) or as
default implementations in the core (summarize.py, tagging.py).

Storage is seen through capability Protocols (FeedStore, StoryStore, StoryQueries,
Subscriptions, Digests, Outbox, LeaderLocks), all implemented by `bot.store.Store`. Every
storage method is its own transaction unless it runs on a `UnitOfWork`, and raises
bot.errors.StoreError (never a driver's or SQLAlchemy's exception) when the database
fails: unreachable, locked past its timeout, or a schema it does not expect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bot.models import (
    Article,
    Command,
    DeliveryReceipt,
    Feed,
    Item,
    Kind,
    Message,
    Story,
    Tags,
    Target,
)

if TYPE_CHECKING:
    from bot.store.ingest import IngestBatch
    from bot.store.rows import CompanyTotals, TrendTotals
    from bot.store.social import Delivery, DigestSettings, PlannedDelivery, Subscription


@runtime_checkable
class Summarizer(Protocol):
    """Turns an article into a short summary (at most 2 sentences, 300 characters).

    Called by the ingest pipeline once per new item, after tagging, with the item's tags
    (the employer to name is the tagger's; None for a caller that has none). Must not raise
    on odd input (an empty article gives its title); never includes page furniture.
    """

    def summarize(self, article: Article, tags: Tags | None = None) -> str: ...


@runtime_checkable
class Tagger(Protocol):
    """Tags an article per shared/spec/tagging.md.

    Called by the ingest pipeline once per new item, before summarizing. Must not raise on
    odd input: when unsure it says `other` with nothing else set; a failure inside it is
    logged (event=tag_failed), never silently passed off as `other`.
    """

    def tag(self, article: Article) -> Tags: ...


class CoreApp(Protocol):
    """What an adapter may ask of the core. Implemented by `bot.app.App`.

    Adapters translate platform events into these calls and render the returned
    `Message`s; they hold no business rules of their own.
    """

    async def handle(self, command: Command) -> Message:
        """Run one `/layoffs ...` command: typed text (`command.text`), or a subcommand
        with typed options (`command.name`, `command.args`, per bot.commands.table).
        Never raises for user errors: a bad command gives a Message with `is_error` set
        and usage help."""

    async def complete_company(
        self, prefix: str, limit: int = 25, *, tenant: str = "", user: str = ""
    ) -> list[str]:
        """Companies the tenant may see starting with (or close to) `prefix`; [] past `user`'s share."""

    async def complete_followed(self, command: Command, prefix: str, *, here: bool) -> list[str]:
        """What `unsubscribe` can stop for `command` (`here`: its channel's), to autocomplete."""

    async def deliver(self, target: Target, message: Message, *, key: str) -> None:
        """Plan `message` as a post to `target` through the outbox and have it sent now.

        For an answer a user makes public (Slack's Share to channel): posted at most once
        (the same `key` plans it once, so a repeated click event posts once), retried on
        the platform's transient failures, and recorded like any digest or alert."""

    async def workspace_removed(self, platform: str, workspace_id: str) -> None:
        """The bot was removed from a workspace (Slack: app uninstalled or its token
        revoked; Discord: removed from the server): pause what it set up, resumed by its
        next command, deleted after a retention period (bot/store/tenants.py). No raise."""

    async def scopes_granted(self, platform: str, workspace: str, scopes: frozenset[str]) -> None:
        """The scopes the app holds (read at connect): resume what their lack paused. No raise."""

    async def home(self, command: Command, channels: frozenset[str] | None = None) -> Message:
        """The user's subscriptions and digest settings (Slack App Home).

        `channels`: the channels the viewer is a member of, when the adapter knows them.
        A digest is listed to managers, or to members of its channel; None lists no
        digests to a non-manager (a private channel's settings are not everyone's)."""


@runtime_checkable
class ChatAdapter(Protocol):
    """A chat platform. Started by the app; hands each inbound command to the core.

    `send` is called by the outbox dispatcher. It returns once the platform confirmed the
    message, raises TransientDeliveryError when a retry may succeed (with the platform's
    retry-after) and PermanentDeliveryError when it never will (channel gone, bot removed).
    """

    name: str

    async def start(self, app: CoreApp) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, target: Target, message: Message) -> DeliveryReceipt: ...


@dataclass(frozen=True)
class SendAttempt:
    """Which outbox delivery a send is for, so the platform can be asked about it.

    `key` is the delivery's key: unique, the same on every retry. `since` is when the
    delivery was planned: no post of it can be older. `unsure` says an earlier attempt
    may have been posted though its answer never came back (a timeout, a connection
    lost after the request went out, a worker that died mid-send).
    """

    key: str
    since: datetime
    unsure: bool = False


@runtime_checkable
class IdempotentChatAdapter(ChatAdapter, Protocol):
    """A ChatAdapter that makes each outbox delivery appear at most once on the platform.

    The outbox calls `send_once` instead of `send` when an adapter has it. The adapter
    carries `attempt.key` with every post (Slack message metadata, Discord nonce and a
    marker in the message) and, when `attempt.unsure`, first looks for those posts in the
    channel's recent history: parts found are not posted again and the first one found is
    the receipt. A failed look-up raises TransientDeliveryError (never posts blind).
    Otherwise as `send`.
    """

    async def send_once(
        self, target: Target, message: Message, attempt: SendAttempt
    ) -> DeliveryReceipt: ...


class FeedService(Protocol):
    """Feed management that needs the network. Implemented in feeds/ (the poller) and
    handed to the core by the composition root, so bot/ never imports feeds/.
    """

    async def add_feed(
        self, url: str, *, workspace: str = "", name: str | None = None, limit: int | None = None
    ) -> Feed:
        """Validate and fetch `url` once, store its current items without announcing them,
        and keep polling it. Raises InvalidFeedURL / FeedError with a message fit for users
        (FeedLimitReached: the workspace's list already holds `limit` feeds); on error
        nothing is stored."""
        ...


# ------------------------------------------------------------------ storage
# "Raises: StoreError" below means: the database failed (see the module docstring).


@runtime_checkable
class UnitOfWork(Protocol):
    """Store operations sharing one transaction: committed when the `with` block of
    `unit_of_work()` ends, rolled back if it raises (a failure is raised as StoreError)."""

    def feed_tenant(self, feed_id: int | None) -> str:
        """'' for the operator's. Called by: the ingest pipeline. Raises: StoreError."""
        ...

    def known_items(
        self, feed_id: int | None, guids: Sequence[str], links: Sequence[str], tenant: str = ""
    ) -> tuple[set[str], set[str]]:
        """Guids (of this feed) and canonical links (of this tenant) already stored. Called
        by: the ingest pipeline, before judging and again before filing. Raises: StoreError."""
        ...

    def hold_story_filing(self) -> None:
        """Serialize with story filing and digest planning until this transaction ends."""
        ...

    def ingest_batch(
        self,
        *,
        now: datetime,
        announce: bool,
        announce_since: datetime | None = None,
        tenant: str = "",
    ) -> IngestBatch:
        """A batch that files items into stories, written by its `flush` in this transaction.
        Called by: the ingest pipeline. Raises: StoreError (from its methods)."""
        ...

    def story_keys_for_links(self, links: Sequence[str]) -> dict[str, str]:
        """Called by: the ingest pipeline (duplicates' stories). Raises: StoreError."""
        ...

    def stories_by_id(self, story_ids: Sequence[int]) -> list[Story]:
        """These stories as this transaction sees them, in the order given. Called by:
        the ingest pipeline (the stories a batch made). Raises: StoreError."""
        ...

    def mark_digest_planned(
        self,
        digest_id: int,
        *,
        expected_sent_date: str | None,
        sent_date: str | None,
        covered: datetime,
    ) -> bool:
        """Move a digest's window forward unless another process did (compare-and-set
        on last_sent_date); False: plan nothing. Called by: bot.digests.plan_digest.
        Raises: StoreError."""
        ...

    def enqueue_many(self, planned: Sequence[PlannedDelivery], *, now: datetime) -> int:
        """Plan deliveries, insert-if-absent by key; how many were new. Called by:
        bot.digests.plan_digest. Raises: StoreError."""
        ...


@runtime_checkable
class FeedStore(Protocol):
    """The feed list and each feed's polling state."""

    def seed_default_feeds(self, sources: Sequence[tuple[str, str]]) -> int:
        """How many were new. Called by: the CLI, on a new database. Raises: StoreError."""
        ...

    def claim_once(self, name: str) -> bool:
        """True only the first time ever. Called by: the CLI. Raises: StoreError."""
        ...

    def add_feed(
        self, url: str, name: str, workspace: str = "", *, limit: int | None = None
    ) -> tuple[Feed, bool]:
        """Add (or re-enable) a feed; (feed, created). Called by: the runtime's feed
        service, `/layoffs feeds add`. Raises: FeedLimitReached (a new feed beyond
        `limit` in the workspace's list), StoreError."""
        ...

    def enable_feed(self, url: str, workspace: str = "") -> tuple[Feed, bool] | None:
        """None when unknown. Called by: `layoffbot feeds enable`. Raises: StoreError."""
        ...

    def remove_feed(self, url: str, workspace: str = "") -> bool:
        """Its items stay. Called by: `layoffbot feeds remove`. Raises: StoreError."""
        ...

    def list_feeds(self, workspace: str | None = None) -> list[Feed]:
        """Feeds of one workspace ('' the operator's), or all. Called by: the CLI, the
        poller. Raises: StoreError."""
        ...

    def get_feed(self, feed_id: int) -> Feed | None:
        """Called by: the poller (a feed's state after a poll). Raises: StoreError."""
        ...

    def feeds_with_url(self, url: str) -> list[Feed]:
        """Every workspace's feed at this URL. Called by: `layoffbot feeds add/enable`.
        Raises: StoreError."""
        ...

    def feed_is_primed(self, feed_id: int) -> bool:
        """First (silent) poll done. Called by: the poller. Raises: StoreError."""
        ...

    def mark_primed(self, url: str) -> None:
        """Called by: the poller after a feed's first poll. Raises: StoreError."""
        ...

    def due_feeds(self, now: datetime) -> list[Feed]:
        """Enabled feeds whose next poll has come. Called by: the poller, `layoffbot
        poll`. Raises: StoreError."""
        ...

    def force_all_due(self) -> None:
        """Called by: `layoffbot poll`. Raises: StoreError."""
        ...

    def record_poll(
        self,
        url: str,
        *,
        now: datetime,
        next_poll: datetime,
        ok: bool,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        disable_reason: str | None = None,
        forget_validators: bool = False,
        fingerprint: tuple[int, bytes | None] | None = None,
    ) -> Feed | None:
        """On every copy of the feed. Called by: the poller. Raises: StoreError."""
        ...

    def item_fingerprints(self, feed_ids: Sequence[int]) -> dict[int, bytes]:
        """Each feed's last stored items fingerprint. Called by: the poller (unchanged
        feeds skip parsing). Raises: StoreError."""
        ...

    def claim_error_report(self, url: str) -> bool:
        """True once per failing feed until `reset_error_reports`. Called by: the poller
        (one log line per broken feed). Raises: StoreError."""
        ...

    def reset_error_reports(self) -> None:
        """Called by: `layoffbot run` at start. Raises: StoreError."""
        ...


@runtime_checkable
class StoryStore(Protocol):
    """Filing items into stories, and what is owed to subscribers about new ones."""

    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]:
        """Called by: the ingest pipeline. Raises: StoreError (block or commit)."""
        ...

    def has_items(self) -> bool:
        """Called by: `layoffbot run` (first start). Raises: StoreError."""
        ...

    def stories_with_pending_alerts(self) -> list[Story]:
        """Stored, never announced. Called by: the pipeline. Raises: StoreError."""
        ...

    def clear_pending_alerts(self, story_ids: list[int]) -> None:
        """Called by: the pipeline once alerts are planned. Raises: StoreError."""
        ...


@runtime_checkable
class StoryQueries(Protocol):
    """The read side: what commands show. `tenant` limits results to what a workspace may
    see (bot.tenancy)."""

    def get_story(self, story_id: int, *, tenant: str | None = None) -> Story | None:
        """Called by: `/layoffs why`. Raises: StoreError."""
        ...

    def item_by_link(self, link: str, *, tenant: str = "") -> Item | None:
        """The item stored under a link (tracking parameters ignored). Called by:
        `/layoffs why`. Raises: StoreError."""
        ...

    def company_names_after(self, after: dict[str, int]) -> tuple[dict[str, list[str]], int]:
        """For each tenant, the lead companies first filed after the id it last saw (0: all),
        and the id to ask from next time. Called by: the company index (incremental, no
        rescan of stories). Raises: StoreError."""
        ...

    def company_totals(
        self, company_key: str, newest: int = 0, *, tenant: str = ""
    ) -> CompanyTotals:
        """Called by: `/layoffs <company>`. Raises: StoreError."""
        ...

    def trend_totals(self, start: datetime, end: datetime, *, tenant: str = "") -> TrendTotals:
        """Called by: `/layoffs trends`. Raises: StoreError."""
        ...

    def stories_for_company(
        self, company_key: str, limit: int | None = 10, *, tenant: str = ""
    ) -> list[Story]:
        """Called by: `/layoffs follow` (recent stories). Raises: StoreError."""
        ...

    def latest_stories(
        self,
        limit: int,
        *,
        digest_only: bool = False,
        kinds: Iterable[Kind] | None = None,
        tenant: str = "",
    ) -> list[Story]:
        """Called by: `/layoffs latest`. Raises: StoreError."""
        ...

    def search_stories(
        self, query: str, limit: int = 10, *, tenant: str = "", together: bool = False
    ) -> list[Story]:
        """Full-text search (`together`: only the stories holding the query's words close
        together). Called by: `/layoffs search`. Raises: StoreError."""
        ...

    def stories_first_seen_between(
        self,
        start: datetime | None,
        end: datetime,
        *,
        announce_only: bool = True,
        tenant: str = "",
    ) -> list[Story]:
        """Called by: digest planning. Raises: StoreError."""
        ...

    def tenants_with_same_event(self, story_id: int) -> set[str]:
        """Tenants holding a story linked as the same event. Called by: alert planning.
        Raises: StoreError."""
        ...

    def announce_flags(self, story_ids: Iterable[int]) -> dict[int, bool]:
        """Which stories may be announced. Called by: alert planning, `/layoffs why`.
        Raises: StoreError."""
        ...


@runtime_checkable
class Subscriptions(Protocol):
    """Who follows which company, in direct messages or in a channel."""

    def subscribe(
        self,
        *,
        platform: str,
        workspace_id: str,
        user_id: str,
        channel_id: str,
        company: str,
        company_key: str,
        now: datetime,
        limit: int | None = None,
    ) -> tuple[Subscription, bool]:
        """(subscription, created). Called by: `/layoffs follow`. Raises:
        SubscriptionLimitReached over `limit`; StoreError."""
        ...

    def unsubscribe(
        self, *, platform: str, workspace_id: str, user_id: str, channel_id: str, company_key: str
    ) -> bool:
        """Called by: `/layoffs unfollow`. Raises: StoreError."""
        ...

    def subscriptions_of(
        self, *, platform: str, workspace_id: str, user_id: str, channel_id: str | None
    ) -> list[Subscription]:
        """Called by: `/layoffs list`, Slack App Home. Raises: StoreError."""
        ...

    def subscriptions_for_companies(self, company_keys: Iterable[str]) -> list[Subscription]:
        """Active ones. Called by: alert planning. Raises: StoreError."""
        ...


@runtime_checkable
class Digests(Protocol):
    """Each channel's daily digest settings; planning goes through a UnitOfWork."""

    def get_digest(self, platform: str, channel_id: str) -> DigestSettings | None:
        """Called by: `/layoffs digest`, the console. Raises: StoreError."""
        ...

    def set_digest(
        self,
        *,
        platform: str,
        workspace_id: str,
        channel_id: str,
        now: datetime,
        updated_by: str | None,
        enabled: bool | None = None,
        time: str | None = None,
        timezone: str | None = None,
        post_quiet_days: bool | None = None,
        default_time: str = "09:00",
        default_timezone: str = "UTC",
    ) -> DigestSettings:
        """Create or change (unset arguments keep their value). Called by: `/layoffs
        digest on/off/time/...`, the console. Raises: StoreError."""
        ...

    def digests_of_workspace(self, platform: str, workspace_id: str) -> list[DigestSettings]:
        """Called by: Slack App Home. Raises: StoreError."""
        ...

    def enabled_digests(self) -> list[DigestSettings]:
        """Called by: the scheduler's digest job. Raises: StoreError."""
        ...

    def claim_manual_digest(
        self, platform: str, channel_id: str, *, now: datetime, interval: timedelta
    ) -> datetime | None:
        """None when this `digest now` may go, else when the next may. Called by:
        `/layoffs digest now`. Raises: StoreError."""
        ...

    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]:
        """One transaction for planning a digest. Called by: bot.digests.plan_digest.
        Raises: StoreError."""
        ...


@runtime_checkable
class Outbox(Protocol):
    """Durable deliveries: planned by key (insert-if-absent), claimed, settled."""

    def enqueue(
        self,
        *,
        key: str,
        platform: str,
        target: str,
        message: str,
        source: str,
        now: datetime,
        source_id: int | None = None,
        parent_key: str | None = None,
    ) -> bool:
        """True when new. Called by: bot.outbox.enqueue_message. Raises: StoreError."""
        ...

    def enqueue_many(self, planned: Sequence[PlannedDelivery], *, now: datetime) -> int:
        """How many were new. Called by: alert planning. Raises: StoreError."""
        ...

    def list_deliveries(self, state: str | None = None) -> list[Delivery]:
        """Called by: operators' checks and tests. Raises: StoreError."""
        ...

    def claim_deliveries(
        self,
        *,
        worker_id: str,
        now: datetime,
        lease: timedelta,
        limit: int = 20,
        platforms: Iterable[str] | None = None,
        accept: Callable[[Delivery], bool] | None = None,
    ) -> list[Delivery]:
        """Due deliveries, claimed until `now + lease`; disjoint between workers.
        Called by: the outbox Dispatcher. Raises: StoreError."""
        ...

    def mark_sent(self, delivery_id: int, *, receipt: str, now: datetime) -> bool:
        """False when already sent. Called by: the Dispatcher. Raises: StoreError."""
        ...

    def mark_retry(
        self, delivery_id: int, *, worker_id: str, error: str, next_attempt: datetime
    ) -> None:
        """Called by: the Dispatcher on a transient failure. Raises: StoreError."""
        ...

    def release_claim(
        self, delivery_id: int, *, worker_id: str, until: datetime | None = None
    ) -> None:
        """Give it back untried (not before `until`, when given). Called by: the
        Dispatcher when stopping, or for a target that just failed. Raises: StoreError."""
        ...

    def mark_failed(
        self, delivery_id: int, *, error: str, now: datetime, disable: bool = True
    ) -> list[str]:
        """Fail it, its pending replies, and (`disable`) what planned it; the keys failed.
        Called by: the Dispatcher on a permanent failure, or when it gives up on a
        delivery failing for too long. Raises: StoreError."""
        ...


@runtime_checkable
class LeaderLock(Protocol):
    """One leadership among the processes sharing a database."""

    def hold(self) -> bool:
        """Keep or take it; True while this process leads. Called by: the scheduler,
        every few seconds. Raises: nothing (a database failure means not held)."""
        ...

    def release(self) -> None:
        """Give it up (idempotent). Called by: the scheduler when stopping. Raises:
        nothing."""
        ...


@runtime_checkable
class LeaderLocks(Protocol):
    """Where leader locks come from."""

    def leader_lock(self, key: int) -> LeaderLock:
        """The leadership named `key`; not taken until `hold()`. Called by: the
        scheduler. Raises: nothing."""
        ...
