"""feeds.item_fingerprint: the digests of the items of a feed's last fully stored poll

The poller parses only the items of a changed document whose bytes it has not seen
(feeds.incremental). It kept those digests in memory only, so the first cycle after every
restart parsed every changed document whole (~15 ms per feed of 50 items instead of ~2 ms).
Stored with the feed (about 16 bytes per item), a restarted bot parses incrementally from
its first cycle. NULL means nothing is remembered: the next poll parses the whole document.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 05:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("feeds", sa.Column("item_fingerprint", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("item_fingerprint")
