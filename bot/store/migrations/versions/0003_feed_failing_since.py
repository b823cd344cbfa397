"""feeds.failing_since: when a feed's current run of failures began

A feed is disabled only after failing continuously for days (and many attempts), not
after one bad answer: a 404 during a site migration must not end a feed for good. The
error count alone cannot say how long a feed has been failing, since backoff spaces the
attempts and `layoffbot poll --all` bunches them. Feeds already failing start their run
at their last success (or their creation), the best estimate the old rows allow.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("feeds", sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE feeds SET failing_since = COALESCE(last_success, created_at) WHERE error_count > 0"
    )


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("failing_since")
