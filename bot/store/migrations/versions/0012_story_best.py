"""stories.best: a story's best item of each kind, so its headline is the same in any order

A story's headline was kept item by item: the best item of the story's kind (the most
text, then the earliest) as the items came. A story whose kind flipped and flipped back
could not find its best item of that kind again, since items' text lengths are not stored,
so the same items gave another headline in another order (trial 16). The ingest batch now
keeps, with the story, its best item of each kind as JSON {kind: [weight, published ISO,
title, summary]} (bot/store/headline.py) and shows the best of the story's kind.

The upgrade fills it from the items already stored. Their text lengths are not known but
for the headline item's (stories.summary_weight): the headline item stays the best of its
kind, and of each other kind the item with the longest summary (then the earliest, then
the first title and summary in sort order) stands in, its summary's length as its weight.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 02:40:00.000000
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CHUNK = 2000  # stories per backfill step

_STORIES = sa.table(
    "stories",
    sa.column("id", sa.Integer),
    sa.column("headline", sa.Text),
    sa.column("summary", sa.Text),
    sa.column("summary_weight", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("published", sa.DateTime(timezone=True)),
)
_ITEMS = sa.table(
    "items",
    sa.column("id", sa.Integer),
    sa.column("story_id", sa.Integer),
    sa.column("title", sa.Text),
    sa.column("summary", sa.Text),
    sa.column("published", sa.DateTime(timezone=True)),
    sa.column("tags", sa.Text),
)

Best = tuple[int, str, str, str]


def upgrade() -> None:
    op.add_column("stories", sa.Column("best", sa.Text(), nullable=True))
    conn = op.get_bind()
    top = conn.execute(sa.text("SELECT MAX(id) FROM stories")).scalar()
    after = 0
    while top is not None and after < top:
        _fill(conn, after, after + CHUNK)
        after += CHUNK


def _iso(value: datetime) -> str:
    """As the ingest batch writes it: the ISO time in UTC (SQLite gives naive UTC back)."""
    return (
        value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    ).isoformat()


def _better(a: Best, b: Best) -> bool:
    return a[0] > b[0] if a[0] != b[0] else a[1:] < b[1:]


def _fill(conn: sa.Connection, after: int, upto: int) -> None:
    """`best` of the stories with after < id <= upto, from their items."""
    found: dict[int, list[tuple[str, Best]]] = {}
    for story_id, title, summary, published, tags in conn.execute(
        sa.select(_ITEMS.c.story_id, _ITEMS.c.title, _ITEMS.c.summary, _ITEMS.c.published)
        .add_columns(_ITEMS.c.tags)
        .where(_ITEMS.c.story_id > after, _ITEMS.c.story_id <= upto)
        .order_by(_ITEMS.c.story_id, _ITEMS.c.id)
    ):
        kind = str(json.loads(tags).get("kind") or "other")
        summary = summary or ""
        found.setdefault(story_id, []).append(
            (kind, (len(summary), _iso(published), title, summary))
        )
    rows = []
    for story_id, headline, summary, weight, kind, published in conn.execute(
        sa.select(*_STORIES.c).where(_STORIES.c.id > after, _STORIES.c.id <= upto)
    ):
        shown = [(k, b) for k, b in found.get(story_id, ()) if b[2] == headline]
        same = [(k, b) for k, b in shown if b[3] == summary] or shown
        if same:  # the headline item: its weight is known
            kind, item = same[0]
            head: Best = (int(weight or 0), item[1], headline, summary)
        else:
            head = (int(weight or 0), _iso(published), headline, summary)
        best: dict[str, Best] = {kind: head}
        for k, b in found.get(story_id, ()):
            if k != kind and (k not in best or _better(b, best[k])):
                best[k] = b
        rows.append(
            {"b_id": story_id, "b_best": json.dumps({k: list(best[k]) for k in sorted(best)})}
        )
    if rows:
        conn.execute(sa.text("UPDATE stories SET best = :b_best WHERE id = :b_id"), rows)


def downgrade() -> None:
    op.drop_column("stories", "best")
