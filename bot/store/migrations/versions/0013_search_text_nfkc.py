"""stories.search_text as search reads it: full-width (and other compatibility) forms plain

`search` reads the words typed with full-width letters as the plain ones (NFKC: 'ＡＩ' is
AI), and the ingest batch now stores a story's search text so too (bot.store.rows
.searchable). Stories stored before kept the text as their feeds wrote it: a story titled
'ｒｏｂｏｔｓ' was found by no search. The upgrade rewrites each such story's search text (and
on SQLite its row of the full-text index, which the store keeps in step by hand); text that
is plain already is left alone. There is nothing to undo: the plain text finds what the
other did, and more.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:50:00.000000
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

CHUNK = 2000  # stories per step

_STORIES = sa.table("stories", sa.column("id", sa.Integer), sa.column("search_text", sa.Text))


def upgrade() -> None:
    conn = op.get_bind()
    top = conn.execute(sa.text("SELECT MAX(id) FROM stories")).scalar()
    after = 0
    while top is not None and after < top:
        _plain(conn, after, after + CHUNK)
        after += CHUNK


def _plain(conn: sa.Connection, after: int, upto: int) -> None:
    """The search text of the stories with after < id <= upto, NFKC where it changes."""
    rows = []
    for story_id, text in conn.execute(
        sa.select(_STORIES.c.id, _STORIES.c.search_text).where(
            _STORIES.c.id > after, _STORIES.c.id <= upto
        )
    ):
        if text and not text.isascii():
            plain = unicodedata.normalize("NFKC", text)
            if plain != text:
                rows.append({"s_id": story_id, "s_text": plain})
    if not rows:
        return
    conn.execute(sa.text("UPDATE stories SET search_text = :s_text WHERE id = :s_id"), rows)
    if conn.dialect.name == "sqlite":
        conn.execute(
            sa.text(
                "INSERT OR REPLACE INTO stories_fts (rowid, search_text) VALUES (:s_id, :s_text)"
            ),
            rows,
        )


def downgrade() -> None:
    pass
