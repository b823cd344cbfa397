"""feeds.held_back: new items a workspace's feed held back at its last poll (trial 14)

A workspace's own feeds store at most LAYOFFBOT_MAX_WORKSPACE_ITEMS_PER_HOUR new items an
hour (feeds/budget.py); the rest wait for later polls. Only the operator's log said so:
`/layoffs feeds list` showed the feed as "ok" while its news was held back. The poller
now records how many items each workspace's row held back at its last poll (0: none),
and the list says so. The operator's feeds have no budget: always 0.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 00:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("feeds", sa.Column("held_back", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("held_back")
