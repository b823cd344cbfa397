"""trend_days, trend_months, trend_day_groups, company_rollup, company_names (rollup.py)

Trends over a year summed every story of the year on every call (~0.5 s at 1M stories).
Small tables hold the per-day totals and the per-month and per-day groups (companies,
functions) per tenant. The company index
listed every company by scanning the stories (seconds at 1M); `company_names` holds each
name once, with an id to read the new ones from; `company_rollup` the totals
`/layoffs <company>` shows, per company (it read every story of the company, ~500 rows at
1M stories, each from the table). Triggers on `stories` keep all three in
step with every write, so ingest, merges and kind changes need no code of their own. The
upgrade fills them from the stories already stored.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 06:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store import rollup

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trend_days",
        sa.Column("tenant", sa.String(200), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("actions", sa.Integer(), nullable=False),
        sa.Column("ai_actions", sa.Integer(), nullable=False),
        sa.Column("ai_jobs", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "day"),
    )
    for name, width in (("trend_months", 7), ("trend_day_groups", 10)):
        op.create_table(
            name,
            sa.Column("tenant", sa.String(200), nullable=False),
            sa.Column("period", sa.String(width), nullable=False),
            sa.Column("dim", sa.String(1), nullable=False),
            sa.Column("value", sa.Text(), nullable=False),
            sa.Column("n", sa.Integer(), nullable=False),
            sa.Column("jobs", sa.BigInteger(), nullable=False),
            sa.Column("first", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("tenant", "period", "dim", "value"),
        )
    op.create_table(
        "company_rollup",
        sa.Column("tenant", sa.String(200), nullable=False),
        sa.Column("company_key", sa.String(200), nullable=False),
        sa.Column("action", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("ai_n", sa.Integer(), nullable=False),
        sa.Column("jobs", sa.BigInteger(), nullable=False),
        sa.Column("latest", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latest_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "company_key", "action", "value"),
    )
    op.create_table(
        "company_names",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tenant", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.UniqueConstraint("tenant", "name", name="uq_company_names_tenant_name"),
    )
    rollup.install(op.get_bind())
    # story_id in the (key, published) index: the stories filed under a company key (and
    # clustering's candidates) are read from the index, not a story_keys row each.
    op.drop_index("ix_story_keys_key_published", table_name="story_keys")
    op.create_index("ix_story_keys_key_published", "story_keys", ["key", "published", "story_id"])


def downgrade() -> None:
    op.drop_index("ix_story_keys_key_published", table_name="story_keys")
    op.create_index("ix_story_keys_key_published", "story_keys", ["key", "published"])
    rollup.uninstall(op.get_bind())
    op.drop_table("company_names")
    op.drop_table("company_rollup")
    op.drop_table("trend_day_groups")
    op.drop_table("trend_months")
    op.drop_table("trend_days")
