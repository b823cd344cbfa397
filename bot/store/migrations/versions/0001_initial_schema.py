"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 10:57:33.408548
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """One function per table, in the order Alembic generated them (foreign keys first)."""
    _create_deliveries()
    _create_digests()
    _create_feeds()
    _create_leases()
    _create_stories()
    _create_subscriptions()
    _create_items()
    _create_story_keys()
    _create_meta()
    _create_full_text_search()


def _create_deliveries() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("parent_key", sa.String(length=300), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=10), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("receipt", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_state_next", ["state", "next_attempt"], unique=False)


def _create_digests() -> None:
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace_id", sa.String(length=100), server_default="", nullable=False),
        sa.Column("channel_id", sa.String(length=100), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("time", sa.String(length=5), server_default="09:00", nullable=False),
        sa.Column("timezone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.Column("post_quiet_days", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("last_sent_date", sa.String(length=10), nullable=True),
        sa.Column("last_covered", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "channel_id", name="uq_digests_channel"),
    )


def _create_feeds() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("workspace", sa.String(length=200), server_default="", nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_polled", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_poll", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("error_reported", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("disabled", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        sa.Column("primed", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace", "url", name="uq_feeds_workspace_url"),
    )


def _create_leases() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def _create_stories() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ai_cause", sa.Boolean(), nullable=False),
        sa.Column("company", sa.Text(), nullable=True),
        sa.Column("company_key", sa.String(length=200), nullable=True),
        sa.Column("headcount", sa.Integer(), nullable=True),
        sa.Column("percent", sa.Float(), nullable=True),
        sa.Column("published", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("item_count", sa.Integer(), server_default="1", nullable=False),
        sa.Column("announce", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("alerts_pending", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.Column("summary_weight", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stories_company_key_published", ["company_key", "published"], unique=False
        )
        batch_op.create_index("ix_stories_first_seen", ["first_seen"], unique=False)
        batch_op.create_index("ix_stories_published", ["published"], unique=False)


def _create_subscriptions() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace_id", sa.String(length=100), server_default="", nullable=False),
        sa.Column("company", sa.Text(), nullable=False),
        sa.Column("company_key", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("channel_id", sa.String(length=100), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "platform",
            "workspace_id",
            "company_key",
            "user_id",
            "channel_id",
            name="uq_subscriptions",
        ),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index("ix_subscriptions_company_key", ["company_key"], unique=False)


def _create_items() -> None:
    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=True),
        sa.Column("guid", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("canonical_link", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("published", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["feed_id"], ["feeds.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("feed_id", "guid", name="uq_items_feed_guid"),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index("ix_items_canonical_link", ["canonical_link"], unique=False)
        batch_op.create_index("ix_items_story_id", ["story_id"], unique=False)


def _create_story_keys() -> None:
    op.create_table(
        "story_keys",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("published", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("story_id", "key", name="uq_story_keys"),
    )
    with op.batch_alter_table("story_keys", schema=None) as batch_op:
        batch_op.create_index("ix_story_keys_key_published", ["key", "published"], unique=False)


def _create_meta() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def _create_full_text_search() -> None:
    """Full-text search over story headlines and summaries: FTS5 on SQLite, a GIN index
    on PostgreSQL. The store keeps `stories_fts` in step with `stories` on SQLite."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE stories_fts USING fts5(search_text, tokenize='porter unicode61')"
        )
    else:
        op.execute(
            "CREATE INDEX ix_stories_search ON stories "
            "USING gin (to_tsvector('english', search_text))"
        )


def downgrade() -> None:
    op.drop_table("meta")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS stories_fts")
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("story_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_story_keys_key_published")

    op.drop_table("story_keys")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_story_id")
        batch_op.drop_index("ix_items_canonical_link")

    op.drop_table("items")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_subscriptions_company_key")

    op.drop_table("subscriptions")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index("ix_stories_published")
        batch_op.drop_index("ix_stories_first_seen")
        batch_op.drop_index("ix_stories_company_key_published")

    op.drop_table("stories")
    op.drop_table("leases")
    op.drop_table("feeds")
    op.drop_table("digests")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_state_next")

    op.drop_table("deliveries")
    # ### end Alembic commands ###
