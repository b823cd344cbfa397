"""The ingest batch reads its items' stored candidates ahead, in a thread on a second
connection (bot/store/prefetch.py, #14): what it reads must be what it would read itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import make_url

from bot.models import Article, Kind, Tags
from bot.store import Store
from bot.store.prefetch import can_prefetch
from bot.stories import WINDOW, candidate_scope, index_keys
from tests.conftest import StoryFactory

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _requests() -> list[tuple[list[str], datetime, datetime, object]]:
    out = []
    for n in range(12):
        company = ("TikTok", "Initech", None)[n % 3]
        published = NOW + timedelta(hours=3 * n - 18)
        article = Article(
            title=f"{company or 'Robots'} cuts {100 + n} jobs",
            text="",
            link=f"https://x/{n}",
            published=published,
        )
        tags = Tags(kind=Kind.LAYOFF, companies=(company,) if company else ())
        keys = index_keys(article, tags)
        out.append((keys, published - WINDOW, published + WINDOW, candidate_scope(article, tags)))
    return out


def test_a_batch_reading_ahead_gets_the_candidates_it_would_read_itself(
    store: Store, make_story: StoryFactory
) -> None:
    for h in range(-24, 24, 2):
        make_story("TikTok", published=NOW + timedelta(hours=h), title=f"TikTok cuts {h} jobs")
        make_story("Initech", published=NOW + timedelta(hours=h), kind=Kind.HIRING_FREEZE)
        make_story(None, published=NOW + timedelta(hours=h), title=f"Robots cut {h} jobs")
    requests = _requests()
    with store.tx() as conn:
        itself = [store.story_candidates(conn, *r) for r in requests]  # type: ignore[arg-type]
        batch = store.ingest_batch(conn, now=NOW, announce=False)
        batch.read_ahead(requests)  # type: ignore[arg-type]
        ahead = batch._ahead
        assert (ahead is not None) == store.is_sqlite  # a SQLite file: read ahead
        read = [batch.candidates(*r) for r in requests]  # type: ignore[arg-type]
        batch.flush()  # ends the read-ahead: its connection is given back
        assert batch._ahead is None
    assert sum(len(c) > 0 for c in itself) >= 8 and read == itself
    assert ahead is None or ahead._job.done()


def test_reading_ahead_needs_a_database_file_a_second_connection_can_open() -> None:
    assert can_prefetch(make_url("sqlite:////tmp/bot.db"))
    assert not can_prefetch(make_url("sqlite://"))
    assert not can_prefetch(make_url("sqlite:///:memory:"))
    assert not can_prefetch(make_url("postgresql+psycopg://postgres@127.0.0.1/test"))


def test_a_story_row_read_for_one_item_serves_the_next_in_the_same_snapshot(
    store: Store, make_story: StoryFactory
) -> None:
    from bot.store.candidates import story_candidates

    for h in range(-24, 24, 2):
        make_story("TikTok", published=NOW + timedelta(hours=h), title=f"TikTok cuts {h} jobs")
    requests = _requests()
    rows_read: dict[int, Any] = {}
    with store.tx() as conn:
        itself = [story_candidates(conn, *r, "") for r in requests]  # type: ignore[misc]
        shared = [story_candidates(conn, *r, "", rows_read) for r in requests]  # type: ignore[misc]
        assert shared == itself and rows_read
        # A row given is not read again: a changed copy shows through.
        some = next(c for found in itself for c in found)
        rows_read[some.id] = (*rows_read[some.id][:2], "Read once", *rows_read[some.id][3:])
        again = [story_candidates(conn, *r, "", rows_read) for r in requests]  # type: ignore[misc]
    headlines = {c.headline for found in again for c in found if c.id == some.id}
    assert headlines == {"Read once"}
