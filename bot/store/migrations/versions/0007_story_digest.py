"""stories.digest: the titles and summaries of a story's first and latest 12 items

Every clustering lookup compared the new item with each candidate story's first and latest
12 item titles, read from `items` per candidate by two correlated LIMIT subqueries: in a
burst (#14) that was most of the lookup's cost, ~6 rows read per candidate and ~50
candidates per item. The ingest batch, which alone files items into stories, now keeps
the same sample on the story (JSON: [titles, summaries], oldest first), so a candidate is
one row. The upgrade fills it from the items already stored.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:30:00.000000
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PER_END = 12  # bot.store.candidates.TITLES_PER_END when this was written
CHUNK = 2000  # stories per backfill step


def upgrade() -> None:
    op.add_column("stories", sa.Column("digest", sa.Text(), server_default="", nullable=False))
    conn = op.get_bind()
    top = conn.execute(sa.text("SELECT MAX(id) FROM stories")).scalar()
    after = 0
    while top is not None and after < top:
        _fill(conn, after, after + CHUNK)
        after += CHUNK


def _fill(conn: sa.Connection, after: int, upto: int) -> None:
    """The digest of the stories with after < id <= upto, from their items in id order."""
    found: dict[int, tuple[list[str], list[str]]] = {}
    for story_id, title, summary in conn.execute(
        sa.text(
            "SELECT story_id, title, summary FROM items"
            " WHERE story_id > :after AND story_id <= :upto ORDER BY story_id, id"
        ),
        {"after": after, "upto": upto},
    ):
        titles, summaries = found.setdefault(story_id, ([], []))
        titles.append(title)
        summaries.append(summary or "")
    rows = [
        {"b_id": story_id, "b_digest": _digest(titles, summaries)}
        for story_id, (titles, summaries) in found.items()
    ]
    if rows:
        conn.execute(sa.text("UPDATE stories SET digest = :b_digest WHERE id = :b_id"), rows)


def _digest(titles: list[str], summaries: list[str]) -> str:
    if len(titles) > 2 * PER_END:
        titles = titles[:PER_END] + titles[-PER_END:]
        summaries = summaries[:PER_END] + summaries[-PER_END:]
    return json.dumps([titles, summaries])


def downgrade() -> None:
    op.drop_column("stories", "digest")
