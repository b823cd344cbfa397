"""Contracts between the core and what plugs into it.

The pipeline calls the Summarizer and the Tagger; the outbox dispatcher and command
router call ChatAdapters. Implementations live at the edge (adapters/, feeds/) or as
default implementations in the core (summarize.py, tagging.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.models import Article, Command, DeliveryReceipt, Feed, Message, Tags, Target


@runtime_checkable
class Summarizer(Protocol):
    """Turns an article into a short summary (at most 2 sentences, 300 characters).

    Called by the ingest pipeline once per new item, after tagging, with the item's tags
    (the employer to name is the tagger's). `tags` may be None for a caller that has none.
    Must not raise on odd input: an empty article gives its title. Must never include page
    furniture.
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
        ...

    async def complete_company(
        self, prefix: str, limit: int = 25, *, tenant: str = ""
    ) -> list[str]:
        """Company names starting with (or close to) `prefix` among those the tenant may
        see (bot.tenancy.tenant_key of the asking workspace), for autocomplete."""
        ...

    async def deliver(self, target: Target, message: Message, *, key: str) -> None:
        """Plan `message` as a post to `target` through the outbox and have it sent now.

        For an answer a user makes public (Slack's Share to channel): posted at most once
        (the same `key` plans it once, so a repeated click event posts once), retried on
        the platform's transient failures, and recorded like any digest or alert."""
        ...

    async def home(self, command: Command, channels: frozenset[str] | None = None) -> Message:
        """The user's subscriptions and digest settings (Slack App Home).

        `channels`: the channels the viewer is a member of, when the adapter knows them.
        A digest is listed to managers, or to members of its channel; None lists no
        digests to a non-manager (a private channel's settings are not everyone's)."""
        ...


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

    async def add_feed(self, url: str, *, workspace: str = "", name: str | None = None) -> Feed:
        """Validate and fetch `url` once, store its current items without announcing them,
        and keep polling it. Raises InvalidFeedURL / FeedError with a message fit for users;
        on error nothing is stored."""
        ...
