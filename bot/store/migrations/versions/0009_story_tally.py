"""stories.tally: each item's say in its story's tags (issue 16)

A story's tags were its items' tags folded in arrival order, the first figure kept: Block's
story said 61 jobs (one outlet's Colorado count) where nine items said 4,000. They are now a
function of the set of its items' tags (bot/story_tags.py), which the ingest batch keeps on
the story as JSON (one vote per item), read with the row it already reads to grow a story:
no query per item. NULL for stories stored before: the batch rebuilds their tally from their
items the first time it grows one (the rule lives in bot/, not in a migration).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 16:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("tally", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("stories", "tally")
