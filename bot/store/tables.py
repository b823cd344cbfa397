"""The schema, as SQLAlchemy Core tables. Migrations in `migrations/` create the same."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

Timestamp = DateTime(timezone=True)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("name", Text, nullable=False),
    # "" is the global list; otherwise "platform:workspace_id".
    Column("workspace", String(200), nullable=False, server_default=""),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled", Timestamp),
    Column("last_success", Timestamp),
    Column("next_poll", Timestamp),
    Column("error_count", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("error_reported", Boolean, nullable=False, server_default="0"),
    Column("disabled", Boolean, nullable=False, server_default="0"),
    Column("disabled_reason", Text),
    # Items found by a feed's first successful poll are stored but never announced.
    Column("primed", Boolean, nullable=False, server_default="0"),
    Column("created_at", Timestamp, nullable=False),
    UniqueConstraint("workspace", "url", name="uq_feeds_workspace_url"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("headline", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("ai_cause", Boolean, nullable=False),
    Column("company", Text),
    Column("company_key", String(200)),
    Column("headcount", Integer),
    Column("percent", Float),
    Column("published", Timestamp, nullable=False),
    Column("first_seen", Timestamp, nullable=False),
    Column("updated", Timestamp, nullable=False),
    Column("item_count", Integer, nullable=False, server_default="1"),
    # False when every item so far came from a feed's silent first poll.
    Column("announce", Boolean, nullable=False, server_default="1"),
    # Set when an announceable story is stored, cleared once its alerts are planned.
    Column("alerts_pending", Boolean, nullable=False, server_default="0"),
    Column("search_text", Text, nullable=False, server_default=""),
    # How much text the current summary came from: a fuller article replaces it.
    Column("summary_weight", Integer, nullable=False, server_default="0"),
    Index("ix_stories_company_key_published", "company_key", "published"),
    Index("ix_stories_published", "published"),
    Index("ix_stories_first_seen", "first_seen"),
)

story_keys = Table(
    "story_keys",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),
    Column("published", Timestamp, nullable=False),
    UniqueConstraint("story_id", "key", name="uq_story_keys"),
    Index("ix_story_keys_key_published", "key", "published"),
)

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="SET NULL")),
    Column("guid", Text, nullable=False),
    Column("link", Text, nullable=False),
    Column("canonical_link", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("publisher", Text),
    Column("published", Timestamp, nullable=False),
    Column("summary", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL")),
    Column("fetched_at", Timestamp, nullable=False),
    UniqueConstraint("feed_id", "guid", name="uq_items_feed_guid"),
    Index("ix_items_canonical_link", "canonical_link"),
    Index("ix_items_story_id", "story_id"),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(20), nullable=False),
    Column("workspace_id", String(100), nullable=False, server_default=""),
    Column("company", Text, nullable=False),
    Column("company_key", String(200), nullable=False),
    Column("user_id", String(100), nullable=False),
    # "" means a direct message to user_id.
    Column("channel_id", String(100), nullable=False, server_default=""),
    Column("created_at", Timestamp, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="0"),
    Column("disabled_reason", Text),
    UniqueConstraint(
        "platform", "workspace_id", "company_key", "user_id", "channel_id", name="uq_subscriptions"
    ),
    Index("ix_subscriptions_company_key", "company_key"),
)

digests = Table(
    "digests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(20), nullable=False),
    Column("workspace_id", String(100), nullable=False, server_default=""),
    Column("channel_id", String(100), nullable=False),
    Column("enabled", Boolean, nullable=False, server_default="1"),
    Column("time", String(5), nullable=False, server_default="09:00"),
    Column("timezone", String(64), nullable=False, server_default="UTC"),
    Column("post_quiet_days", Boolean, nullable=False, server_default="0"),
    Column("last_sent_date", String(10)),
    Column("last_covered", Timestamp),
    Column("disabled_reason", Text),
    Column("updated_by", String(100)),
    Column("updated_at", Timestamp, nullable=False),
    UniqueConstraint("platform", "channel_id", name="uq_digests_channel"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("platform", String(20), nullable=False),
    Column("target", Text, nullable=False),
    Column("message", Text, nullable=False),
    # The delivery whose receipt gives this one its thread (digest stories).
    Column("parent_key", String(300)),
    Column("source", String(20), nullable=False),
    Column("source_id", Integer),
    Column("state", String(10), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt", Timestamp, nullable=False),
    Column("claimed_by", String(100)),
    Column("claimed_until", Timestamp),
    Column("last_error", Text),
    Column("receipt", Text),
    Column("created_at", Timestamp, nullable=False),
    Column("sent_at", Timestamp),
    Index("ix_deliveries_state_next", "state", "next_attempt"),
)

leases = Table(
    "leases",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("holder", String(100), nullable=False),
    Column("expires", Timestamp, nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)
