"""tenancy: each story and item belongs to the operator ('') or to one workspace

A workspace's own feeds (`/layoffs feeds add`) must never reach another workspace. Items
and stories carry the tenant of the feed they came from: '' for the operator's feeds
(seen by everyone), 'platform:workspace' otherwise. Stories never mix tenants. A
workspace's story about an event the operator's feeds also reported points at that
global story (`same_as`), so the workspace sees one story, not two, and its members are
not alerted twice. The covering indexes of `trends` and `/layoffs <company>` gain the
tenant, so the filter every read path now applies costs no table lookup.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_TREND = ["kind", "ai_cause", "published", "headcount", "company_label", "functions"]
OLD_COMPANY = ["company_key", "published", "kind", "ai_cause", "headcount", "functions"]


def upgrade() -> None:
    op.add_column("stories", sa.Column("tenant", sa.String(200), nullable=False, server_default=""))
    op.add_column("stories", sa.Column("same_as", sa.Integer(), nullable=True))
    op.add_column("items", sa.Column("tenant", sa.String(200), nullable=False, server_default=""))
    # Items and stories that came from a workspace's feed belong to that workspace.
    op.execute(
        "UPDATE items SET tenant = (SELECT feeds.workspace FROM feeds WHERE feeds.id = items.feed_id)"
        " WHERE feed_id IN (SELECT id FROM feeds WHERE workspace != '')"
    )
    op.execute(
        "UPDATE stories SET tenant = (SELECT min(items.tenant) FROM items"
        " WHERE items.story_id = stories.id) WHERE id IN"
        " (SELECT story_id FROM items WHERE tenant != '' AND story_id IS NOT NULL)"
    )
    op.drop_index("ix_stories_trends", table_name="stories")
    op.create_index("ix_stories_trends", "stories", [*OLD_TREND, "tenant", "id"])
    op.drop_index("ix_stories_company", table_name="stories")
    op.create_index("ix_stories_company", "stories", [*OLD_COMPANY, "tenant", "id"])
    op.create_index("ix_stories_tenant", "stories", ["tenant", "published"])
    op.create_index("ix_stories_same_as", "stories", ["same_as", "tenant"])
    op.create_index("ix_items_tenant_link", "items", ["tenant", "canonical_link"])


def downgrade() -> None:
    op.drop_index("ix_items_tenant_link", table_name="items")
    op.drop_index("ix_stories_same_as", table_name="stories")
    op.drop_index("ix_stories_tenant", table_name="stories")
    op.drop_index("ix_stories_company", table_name="stories")
    op.create_index("ix_stories_company", "stories", OLD_COMPANY)
    op.drop_index("ix_stories_trends", table_name="stories")
    op.create_index("ix_stories_trends", "stories", OLD_TREND)
    with op.batch_alter_table("items") as batch:
        batch.drop_column("tenant")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("same_as")
        batch.drop_column("tenant")
