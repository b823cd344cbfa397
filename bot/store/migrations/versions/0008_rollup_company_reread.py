"""SQLite: the roll-up triggers find a company's newest story by the company index

When a stored story changed a column the roll-up counts (a story growing often changes its
functions), the update trigger re-read the newest story of the story's company group. With
no statistics, SQLite answered that from the (tenant, published) index, walking the
tenant's stories newest first until one of the company turned up: ~85 ms per grown story
in a store of 1M stories, most of an item's ingest there (34 ms per item, #14). The
triggers are recreated as `bot.store.rollup` now writes them, with the tenant kept off
any index in that re-read, so the company index answers it (~0.03 ms). PostgreSQL plans
that statement from statistics; its function is left as it is.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 15:00:00.000000
"""

from __future__ import annotations

from alembic import op

from bot.store import rollup

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _recreate_sqlite_triggers()


def downgrade() -> None:
    # The triggers count the same either way; the older statement was only slower.
    _recreate_sqlite_triggers()


def _recreate_sqlite_triggers() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for sql in (*rollup.SQLITE_DROP, *rollup.sqlite_triggers()):
        conn.exec_driver_sql(sql)
