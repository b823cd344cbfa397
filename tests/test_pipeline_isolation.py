"""An item the database refuses costs neither its batch nor its feed (per-item isolation).

A value the database (or its driver) refuses failed the batch's one transaction, and so
every other item of the feed at every poll: a job count past the integer, a NUL in a link
on PostgreSQL, a lone surrogate. The batch is now stored again in halves down to the
refused item, which is logged once and skipped by the next polls. Both databases.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from bot.errors import DatabaseUnavailable, StoreError
from bot.models import RawItem, Story
from bot.store import Store, refused_data
from bot.store.tables import items
from tests.ingest import rule_pipeline
from tests.refusing import refuse_titles_holding

NOW = datetime.now(UTC).replace(microsecond=0)
MARK = "REFUSED-BY-THE-DATABASE"
EMPLOYERS = ["Acme", "Globex", "Initech", "Hooli", "Umbrella", "Vandelay", "Stark"]


def _raw(n: int, title: str | None = None) -> RawItem:
    employer = EMPLOYERS[n % len(EMPLOYERS)]
    return RawItem(
        guid=f"g{n}",
        title=title or f"{employer} cuts {100 + n} support jobs as AI takes over",
        link=f"https://news.example/{n}",
        summary_html=f"{employer} said its AI chatbot now does the work of {100 + n} staff.",
        published=NOW - timedelta(hours=n),
    )


def _stored_guids(store: Store) -> list[str]:
    with store.tx() as conn:
        return sorted(conn.execute(select(items.c.guid)).scalars())


def _refuse_marked_titles(store: Store) -> None:
    """A check the database itself makes: an item whose title holds MARK is refused
    (IntegrityError on both databases), as a constraint refuses a value."""
    with store.tx() as conn:
        refuse_titles_holding(conn, MARK)


def _feed(store: Store) -> tuple[int, str]:
    url = "https://wire.example/feed.xml"
    feed, _ = store.add_feed(url, "Wire")
    return feed.id, url


@pytest.mark.parametrize("where", [0, 3, 6])
def test_a_lone_surrogate_costs_only_its_own_item(
    store: Store, caplog: pytest.LogCaptureFixture, where: int
) -> None:
    """Neither database takes a lone surrogate (the driver cannot encode it): the six other
    items of the batch are stored and announced once, the refused one logged once."""
    feed_id, url = _feed(store)
    announced: list[Story] = []
    pipeline = rule_pipeline(store, on_new_stories=announced.extend)
    batch = [_raw(n) for n in range(7)]
    batch[where] = _raw(where, f"Hooli cuts 900 jobs \ud800 as AI takes over ({where})")
    caplog.set_level(logging.WARNING, logger="bot.pipeline")
    judged: list[str] = []
    judge = pipeline.judge

    def counted(raw: RawItem, *, now: datetime) -> object:
        judged.append(raw.guid)
        return judge(raw, now=now)

    pipeline.judge = counted  # type: ignore[method-assign,assignment]

    result = pipeline.ingest(batch, feed_id=feed_id, source=url)

    good = sorted(f"g{n}" for n in range(7) if n != where)
    assert _stored_guids(store) == good
    assert (result.new_items, result.refused, result.duplicates) == (6, 1, 0)
    assert sorted(judged) == sorted(f"g{n}" for n in range(7))  # each judged once
    assert len(result.items) == 6 and all(i.story_key for i in result.items)
    assert len(announced) == len(result.new_stories) == len({s.id for s in announced})
    assert len(announced) >= 1
    refusals = [r.getMessage() for r in caplog.records if "event=item_refused" in r.getMessage()]
    assert len(refusals) == 1, refusals
    assert url in refusals[0] and f"https://news.example/{where}" in refusals[0]
    assert "UnicodeEncodeError" in refusals[0] and "surrogates not allowed" in refusals[0]

    # The next poll brings the same items: nothing stored twice, nothing refused again.
    caplog.clear()
    again = pipeline.ingest(batch, feed_id=feed_id, source=url)
    assert (again.new_items, again.duplicates, again.refused) == (0, 6, 1)
    assert "item_refused" not in caplog.text
    assert len(judged) == 7  # the refused one is not judged again
    assert _stored_guids(store) == good


def test_an_item_a_database_check_refuses_costs_only_itself(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """The database's own refusal (IntegrityError): two refused among twenty, in one batch."""
    feed_id, url = _feed(store)
    _refuse_marked_titles(store)
    announced: list[Story] = []
    pipeline = rule_pipeline(store, on_new_stories=announced.extend)
    batch = [_raw(n) for n in range(20)]
    for n in (4, 15):
        batch[n] = _raw(n, f"Stark cuts 700 jobs as AI takes over {MARK} {n}")
    caplog.set_level(logging.WARNING, logger="bot.pipeline")

    result = pipeline.ingest(batch, feed_id=feed_id, source=url)

    assert _stored_guids(store) == sorted(f"g{n}" for n in range(20) if n not in (4, 15))
    assert (result.new_items, result.refused) == (18, 2)
    assert len({s.id for s in announced}) == len(announced) == len(result.new_stories)
    refusals = [r.getMessage() for r in caplog.records if "event=item_refused" in r.getMessage()]
    assert len(refusals) == 2 and "IntegrityError" in refusals[0], refusals
    assert "refused by a check" in refusals[0]
    assert "https://news.example/4" in refusals[0] and "https://news.example/15" in refusals[1]
    # Each story once, its items all there: the halves stored in order, nothing twice.
    with store.tx() as conn:
        assert conn.execute(select(func.count()).select_from(items)).scalar() == 18


def test_the_database_out_of_reach_is_not_an_items_fault(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lost connection or a locked database fails the batch as before (retried whole at
    the next poll): no item is refused for it, nor is the batch split."""
    feed_id, url = _feed(store)
    pipeline = rule_pipeline(store)
    stored: list[int] = []

    def unavailable(*args: object, **kwargs: object) -> None:
        stored.append(1)
        raise DatabaseUnavailable("database error (OperationalError): database is locked")

    monkeypatch.setattr(pipeline, "_store", unavailable)
    with pytest.raises(DatabaseUnavailable):
        pipeline.ingest([_raw(n) for n in range(4)], feed_id=feed_id, source=url)
    assert stored == [1]
    monkeypatch.undo()
    assert rule_pipeline(store).ingest([_raw(0)], feed_id=feed_id).new_items == 1


def test_which_failures_are_the_datas() -> None:
    def wrapped(cls: type[Exception]) -> StoreError:
        err = StoreError("database error")
        err.__cause__ = cls("INSERT ...", {}, Exception("x"))
        return err

    assert refused_data(wrapped(IntegrityError))
    assert refused_data(wrapped(DataError))
    assert refused_data(UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"))
    assert refused_data(OverflowError("Python int too large to convert to SQLite INTEGER"))
    assert not refused_data(wrapped(OperationalError))
    unavailable = DatabaseUnavailable("database error (OperationalError): database is locked")
    unavailable.__cause__ = OperationalError("BEGIN", {}, Exception("database is locked"))
    assert not refused_data(unavailable)
    assert not refused_data(RuntimeError("a bug"))
    assert not refused_data(ValueError("a bug of the bot's own, not the item's"))


def test_a_guid_the_database_cannot_look_up_costs_only_its_own_item(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """The first read of a poll (which items are stored already) was not isolated as the
    writes are: a guid the driver cannot send (a lone surrogate) failed the read, and so
    the feed's every item at every poll. Each item is then looked up alone: the refused
    one logged once, the others stored; the next poll skips it without a word."""
    feed_id, url = _feed(store)
    pipeline = rule_pipeline(store)
    batch = [_raw(n) for n in range(4)]
    unreadable = RawItem(
        guid="g-\ud800",
        title="Hooli cuts 900 jobs as AI takes over",
        link="https://news.example/hooli",
        summary_html="Hooli said AI now does the work.",
        published=NOW,
    )
    caplog.set_level(logging.WARNING, logger="bot.pipeline")
    result = pipeline.ingest([*batch[:2], unreadable, *batch[2:]], feed_id=feed_id, source=url)
    assert result.refused == 1 and result.new_items == 4, result
    assert _stored_guids(store) == ["g0", "g1", "g2", "g3"]
    again = rule_pipeline(store).ingest([unreadable, _raw(4)], feed_id=feed_id, source=url)
    assert again.refused == 1 and again.new_items == 1, again
    refusals = [r for r in caplog.records if "event=item_refused" in r.getMessage()]
    assert len(refusals) == 1 and "news.example/hooli" in refusals[0].getMessage()
