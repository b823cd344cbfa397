"""Domain data shared by every layer: frozen dataclasses with UTC datetimes.

These types are the contract between feeds/, the core and adapters/. Nothing here knows
about a database, a chat platform or a feed library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeAlias


class Kind(StrEnum):
    """What an item is about (see shared/spec/tagging.md)."""

    LAYOFF = "layoff"
    HIRING_FREEZE = "hiring_freeze"
    ANALYSIS = "analysis"
    OTHER = "other"

    def __init__(self, value: str) -> None:
        # An employer's own workforce action, as opposed to commentary or unrelated news.
        # An attribute of each member, not a property: clustering asks it ~50 times per
        # filed item, and a property reading the class's members took 4x as long (#14).
        self.is_action = value in ("layoff", "hiring_freeze")


class SectionRole(StrEnum):
    """What a section stands for, when an adapter offers an action on it (Slack's App Home
    puts an Unsubscribe button on each subscription). Typed, so no adapter has to guess
    the meaning from the section's text."""

    SUBSCRIPTION = "subscription"


FUNCTIONS: tuple[str, ...] = (
    "customer_support",
    "content_moderation",
    "marketing",
    "sales",
    "engineering",
    "recruiting_hr",
    "operations",
    "finance",
    "design",
    "product",
    "translation",
    "editorial",
    "data",
    "legal",
    "administrative",
    "management",
    "manufacturing",
    "logistics",
    "retail",
)


@dataclass(frozen=True)
class RawItem:
    """One entry as a feed delivered it, before any judgement.

    `summary_html` and `content_html` are the feed's markup, untrusted and uncleaned.
    `source` is the publisher when the feed says so (Google News `<source>`, `dc:creator`
    on aggregators); it is never the employer.
    """

    guid: str
    title: str
    link: str | None = None
    summary_html: str = ""
    content_html: str = ""
    published: datetime | None = None
    source: str | None = None
    source_url: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Article:
    """A cleaned item: what the summarizer and tagger read.

    `title` has any trailing " - Publisher" removed; `text` is plain text (summary and full
    content, page furniture stripped), possibly empty for headline-only feeds.
    """

    title: str
    text: str
    link: str
    published: datetime
    publisher: str | None = None


# More jobs than any employer has ever had (the largest have a few million staff): a larger
# figure is a typo, an id or a hostile feed's, never a headcount. Unchecked, a feed item's
# '999,999,999,999,999,999,999 workers' overflowed the database's integer and failed its
# whole feed at every poll, every other item of it lost (attack session 19); a percent
# above 100 is no share of a workforce either.
MAX_HEADCOUNT = 10_000_000


@dataclass(frozen=True)
class Tags:
    """The core's judgement about one item (shared/spec/tagging.md, field by field)."""

    kind: Kind = Kind.OTHER
    ai_cause: bool = False
    ai_evidence: str | None = None
    companies: tuple[str, ...] = ()
    headcount: int | None = None
    headcount_text: str | None = None
    # The headcount is stated as a lower bound ('more than 600', '200-plus', 'at least 50'):
    # another outlet's exact count at or a little above it is the same figure, not another.
    headcount_at_least: bool = False
    percent: float | None = None
    functions: tuple[str, ...] = ()
    location: str | None = None
    # ISO 639-1 code of the item's language ("en", "pt", ...); None for rows stored before
    # it was recorded. The rule tagger judges English only: other languages are kind other.
    language: str | None = None

    @property
    def in_digest(self) -> bool:
        """The spec's digest rule: an AI-attributed layoff or hiring freeze."""
        return self.kind.is_action and self.ai_cause

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "ai_cause": self.ai_cause,
            "ai_evidence": self.ai_evidence,
            "companies": list(self.companies),
            "headcount": self.headcount,
            "headcount_text": self.headcount_text,
            "headcount_at_least": self.headcount_at_least,
            "percent": self.percent,
            "functions": list(self.functions),
            "location": self.location,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Tags:
        def opt_str(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        headcount = data.get("headcount")
        percent = data.get("percent")
        companies = data.get("companies") or []
        functions = data.get("functions") or []
        assert isinstance(companies, list) and isinstance(functions, list)
        return cls(
            kind=Kind(str(data.get("kind", "other"))),
            ai_cause=bool(data.get("ai_cause", False)),
            ai_evidence=opt_str("ai_evidence"),
            companies=tuple(str(c) for c in companies),
            headcount=int(headcount) if isinstance(headcount, int | float | str) else None,
            headcount_text=opt_str("headcount_text"),
            headcount_at_least=bool(data.get("headcount_at_least", False)),
            percent=float(percent) if isinstance(percent, int | float | str) else None,
            functions=tuple(str(f) for f in functions),
            location=opt_str("location"),
            language=opt_str("language"),
        )


@dataclass(frozen=True)
class Feed:
    """A feed the bot polls, with its health. `workspace` is None for the global list."""

    id: int
    url: str
    name: str
    workspace: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_polled: datetime | None = None
    last_success: datetime | None = None
    next_poll: datetime | None = None
    error_count: int = 0
    last_error: str | None = None
    failing_since: datetime | None = None
    disabled: bool = False
    disabled_reason: str | None = None
    # New items its last poll held back: past its workspace's hourly budget (0: none).
    held_back: int = 0


@dataclass(frozen=True)
class Item:
    """A stored item: a cleaned, summarized, tagged entry of a feed, in one story."""

    id: int
    feed_id: int | None
    guid: str
    link: str
    title: str
    publisher: str | None
    published: datetime
    summary: str
    tags: Tags
    story_id: int | None
    fetched_at: datetime


@dataclass(frozen=True)
class StoryLink:
    title: str
    url: str
    publisher: str | None = None


@dataclass(frozen=True)
class Story:
    """An event (one employer, one action, one period) seen in one or more items.

    Keeps the best headline and summary among its items, tags merged from all of them and
    every link. `first_seen` is when the bot first stored it: alerts and digests key on it.
    """

    id: int
    key: str
    headline: str
    summary: str
    tags: Tags
    published: datetime
    first_seen: datetime
    updated: datetime
    links: tuple[StoryLink, ...] = ()
    item_count: int = 1
    # '' (the operator's feeds: seen by all) or the workspace whose own feeds it came from.
    tenant: str = ""
    # For a workspace's story: the global story about the same event, if there is one.
    same_as: int | None = None

    @property
    def company(self) -> str | None:
        return self.tags.companies[0] if self.tags.companies else None


@dataclass(frozen=True)
class Target:
    """Where a message goes. The ids are the platform's own; the core never interprets them."""

    platform: str
    channel_id: str | None = None
    thread_id: str | None = None
    user_id: str | None = None
    workspace_id: str | None = None


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True)
class Image:
    data: bytes
    filename: str
    alt_text: str
    content_type: str = "image/png"


@dataclass(frozen=True)
class Section:
    """One unit of a message, usually a story.

    All text here is plain text straight from feeds or the core: adapters must escape it
    for their platform so that no feed text can mention anyone or forge a link.
    """

    text: str = ""
    heading: str | None = None
    url: str | None = None
    fields: tuple[Field, ...] = ()
    context: str | None = None
    kind: Kind | None = None
    links: tuple[StoryLink, ...] = ()
    role: SectionRole | None = None


@dataclass(frozen=True)
class Message:
    """A platform-neutral message: what the core says, before any adapter renders it.

    `discussion` asks the adapter to give each section its own place to talk (a thread
    reply on Slack, a thread per story on Discord) where the platform allows.
    `ephemeral` is a hint for replies: visible to the asker only. `quiet`: nothing new
    to say (a flood's repeated "slow down"): an adapter that would post it with the
    bot's own token (a direct message's answer) drops it. `posts_here`: the command set
    up posts in its channel (a digest, a channel's alerts): an adapter that can tell the
    bot cannot post there says so with the reply.
    """

    title: str | None = None
    sections: tuple[Section, ...] = ()
    footer: str | None = None
    image: Image | None = None
    discussion: bool = False
    ephemeral: bool = True
    shareable: bool = False
    is_error: bool = False
    quiet: bool = False
    posts_here: bool = False


ArgValue: TypeAlias = str | int | bool
"""A command argument's value: text, a number or a flag (bot.commands.spec.Arg)."""


@dataclass(frozen=True)
class Command:
    """A `/layoffs ...` invocation, as an adapter hands it to the core.

    Typed text (console, Slack, `ask`) comes as `text` alone and the core parses it.
    Typed options (Discord, Slack's App Home buttons) come as `name` and `args`, checked
    against the command table (bot.commands.table) without parsing; `text` then is their
    typed-text form, for logs and for Slack's Share button. `shared`: the answer is
    posted where everyone in the channel reads it (Slack's Share to channel), so only
    lookups run (CommandSpec.shareable): a share never changes anything. `guest`: the
    user belongs to another organisation than the workspace the command comes from (a
    Slack Connect channel's external member): they read only the operator's feeds, and
    only lookups run (docs/slack.md, "Slack Connect"). `unplaced`: a guest only because
    the platform would not say where the user belongs (Slack's users.info failed, or the
    app lacks its users:read scope): told so, not that they are from elsewhere.
    """

    text: str
    platform: str
    user_id: str
    channel_id: str | None = None
    workspace_id: str | None = None
    is_manager: bool = False
    is_direct: bool = False
    name: str | None = None
    args: Mapping[str, ArgValue] = field(default_factory=dict, hash=False)
    shared: bool = False
    guest: bool = False
    unplaced: bool = False


@dataclass(frozen=True)
class DeliveryReceipt:
    """What the platform confirmed: the id of the posted message (and its thread)."""

    message_id: str
    thread_ids: tuple[str, ...] = field(default_factory=tuple)
