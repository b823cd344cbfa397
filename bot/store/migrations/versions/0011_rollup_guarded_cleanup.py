"""SQLite: a story's update cleans up only the roll-up rows it was counted in

When a stored story changes a column the roll-up counts (in a cold poll ~720 of 4,436
growths: its date moved earlier, or its tags changed), the update trigger subtracts the
old row and adds the new one. The subtraction's clean-up (the emptied rows' DELETE and
the re-read of a group's first story) ran for every story, counted or not: 9 index
lookups of the day's and the four groups' rows, ~25 us of the ~130 us such an UPDATE
row took (#14). Each clean-up statement now starts with the condition its INSERT has
(an action; an AI-attributed one for the groups), a term on the old row alone that
SQLite tests once before any lookup. The counts are the same either way. PostgreSQL's
function returns before those statements already; it is left as it is.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 23:50:00.000000
"""

from __future__ import annotations

from alembic import op

from bot.store import rollup

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _recreate_sqlite_triggers(guarded=True)


def downgrade() -> None:
    _recreate_sqlite_triggers(guarded=False)


def _recreate_sqlite_triggers(*, guarded: bool) -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for sql in (*rollup.SQLITE_DROP, *rollup.sqlite_triggers(guarded)):
        conn.exec_driver_sql(sql)
