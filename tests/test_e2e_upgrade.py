"""An operator upgrades: a database an older layoffbot ran on for a while, opened by this
one through the real `layoffbot` process, on SQLite and PostgreSQL.

The old databases are rows an older layoffbot wrote (tests/data/upgrade/schema-*.json, each
saying which commit made it and how), loaded into the schema the migrations made at that
revision (migrations are never edited once released, so 0001..N make the old schema). Every
time in them is moved by the same amount to just before the test, so the news is as fresh
as it was, and that day's digest has just been posted. Then the current code must keep
everything: subscriptions, feeds, digest settings, stories (searchable, trends and company
roll-ups equal to the scans and to a roll-up built from scratch), re-send no alert for an
old story and re-post no digest of a day already posted, and still alert a subscriber of
new news once.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import BotProcess, assert_no_traceback, bot_env, cli_ok, quiet_for, rss
from tests.feedserver import FeedServer

DATA = Path(__file__).parent / "data" / "upgrade"
TABLES = (
    "feeds",
    "stories",
    "items",
    "story_keys",
    "subscriptions",
    "digests",
    "deliveries",
    "meta",
)
# What the older layoffbot's own `/layoffs trends 30d` said before the upgrade: stories,
# jobs where stated.
BEFORE = {"0003": ("6", "13,441"), "0007": ("6", "14,741")}
KLARNA_NEWS = {
    "title": "Klarna cuts another 500 jobs as AI assistant expands",
    "link": "https://b.example/klarna-500",
    "description": "Klarna said it would cut another 500 roles as its AI assistant took on "
    "more customer service work.",
}


def _value(column: Any, value: Any, delta: timedelta) -> Any:
    """A fixture value as `column` takes it, times moved by `delta`."""
    from sqlalchemy import Boolean, DateTime, LargeBinary

    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return (datetime.fromisoformat(value) + delta).replace(tzinfo=UTC)
    if isinstance(column.type, Boolean):
        return bool(value)
    if isinstance(column.type, LargeBinary):
        return bytes.fromhex(value["hex"])
    return value


def _load_old_database(url: str, revision: str, feed_urls: dict[int, str]) -> dict[str, Any]:
    """The old schema at `revision` with the old rows, moved to now; what the test needs
    to know of them (the digest's time and day, the feeds' items)."""
    from alembic import command
    from sqlalchemy import MetaData, text

    from bot.store.base import make_engine
    from bot.store.migrate import alembic_config

    fixture = json.loads((DATA / f"schema-{revision}.json").read_text())
    delta = datetime.now(UTC).replace(tzinfo=None) - datetime.fromisoformat(fixture["taken_at"])
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        meta = MetaData()
        meta.reflect(engine, only=TABLES)
        rows = {name: _rows(meta.tables[name], fixture["tables"][name], delta) for name in TABLES}
        digest = rows["digests"][0]
        posted = digest["last_covered"]
        old_day, day = digest["last_sent_date"], posted.date().isoformat()
        # That day's digest was posted at its time: the time is the moment it went out.
        digest |= {"time": posted.strftime("%H:%M"), "last_sent_date": day}
        for delivery in rows["deliveries"]:
            delivery["key"] = delivery["key"].replace(old_day, day)
        for feed in rows["feeds"]:
            feed["url"] = feed_urls[feed["id"]]
        with engine.begin() as conn:
            for name in TABLES:
                conn.execute(meta.tables[name].insert(), rows[name])
            if engine.dialect.name == "sqlite":  # the store keeps the index in step
                conn.execute(
                    text(
                        "INSERT INTO stories_fts(rowid, search_text)"
                        " SELECT id, search_text FROM stories"
                    )
                )
            else:  # as pg_restore does: new rows get ids after the old ones
                for name in ("feeds", "stories", "items", "subscriptions", "digests", "deliveries"):
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                            f" (SELECT max(id) FROM {name}))"
                        )
                    )
    finally:
        engine.dispose()
    deliveries = [d["key"] for d in rows["deliveries"]]
    return {"digest": digest, "day": day, "items": rows["items"], "deliveries": deliveries}


def _rows(table: Any, stored: dict[str, Any], delta: timedelta) -> list[dict[str, Any]]:
    columns = [table.c[name] for name in stored["columns"]]
    return [
        {c.name: _value(c, v, delta) for c, v in zip(columns, row, strict=True)}
        for row in stored["rows"]
    ]


def _feed(name: str, items: list[dict[str, Any]], extra: list[dict[str, Any]]) -> bytes:
    return rss(
        name,
        extra
        + [
            {
                "title": it["title"],
                "link": it["link"],
                "guid": it["guid"],
                "description": it["summary"],
                "published": it["published"],
            }
            for it in items
        ],
    )


def _assert_rollups_match_the_scans(url: str) -> None:
    from sqlalchemy import select, text

    from bot.companies import company_key
    from bot.store import Store, rollup

    store = Store.open(url)
    try:
        now = datetime.now(UTC)
        for days in (7, 30, 365):
            start = now - timedelta(days=days)
            fast = store.trend_totals(start, now)
            assert fast == store.trend_totals(start, now, use_rollup=False), days
        for name in ("Klarna", "IBM", "Chegg", "Dropbox", "Salesforce", "Duolingo"):
            fast_co = store.company_totals(company_key(name), 5)
            slow_co = store.company_totals(company_key(name), 5, use_rollup=False)
            assert fast_co == slow_co, name
        tables = (rollup.trend_days, rollup.trend_months, rollup.company_rollup)
        with store.tx() as conn:
            kept = [sorted(tuple(r) for r in conn.execute(select(t))) for t in tables]
            for sql in (*rollup.CLEAR, *rollup.backfill_sql(store.is_sqlite)):
                conn.execute(text(sql))
            built = [sorted(tuple(r) for r in conn.execute(select(t))) for t in tables]
        assert kept == built and kept[0]
    finally:
        store.close()


@pytest.mark.parametrize("revision", sorted(BEFORE))
def test_a_database_an_older_layoffbot_ran_on_is_kept_whole_by_this_one(
    tmp_path: Path, server: FeedServer, database_url: str, revision: str
) -> None:
    from bot.store.migrate import head_revision

    urls = {1: server.url("/a.xml"), 2: server.url("/b.xml")}
    old = _load_old_database(database_url, revision, urls)
    items = old["items"]
    feeds = {fid: [it for it in items if it["feed_id"] == fid] for fid in urls}
    server.route("/a.xml", body=_feed("Desk A", feeds[1], []))
    server.route("/b.xml", body=_feed("Desk B", feeds[2], []))
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=database_url, LAYOFFBOT_CONSOLE="true")

    upgraded = cli_ok(env, tmp_path, "db", "upgrade")
    assert f"from schema revision {revision} to {head_revision()}" in upgraded, upgraded
    subs = cli_ok(env, tmp_path, "ask", "/layoffs subscriptions")
    yours, channel = subs.split("The console channel's", 1)
    assert "Chegg" in yours and "Klarna" in yours and "IBM" in channel, subs
    settings = cli_ok(env, tmp_path, "ask", "/layoffs digest settings")
    assert "Daily digest: on" in settings and "Quiet days: posted" in settings, settings
    assert f"Time: {old['digest']['time']} UTC" in settings, settings
    assert f"Last digest: {old['day']}" in settings, settings
    assert "Chegg cuts 441 jobs" in cli_ok(env, tmp_path, "ask", "/layoffs search Chegg")
    stories, jobs = BEFORE[revision]
    trends = cli_ok(env, tmp_path, "ask", "/layoffs trends 30d")
    assert f"AI-attributed stories: {stories} |" in trends and f"): {jobs} |" in trends, trends
    _assert_rollups_match_the_scans(database_url)
    _assert_best_items_show_the_headlines(database_url)

    # Both feeds kept, and they bring the same news again: nothing to announce.
    again = cli_ok(env, tmp_path, "poll", "--once", "--all")
    assert "Desk A: 0 new items" in again and "Desk B: 0 new items" in again, again
    assert "alert" not in again, again
    # Then news of a company followed since before the upgrade: one alert.
    news = {**KLARNA_NEWS, "published": datetime.now(UTC) - timedelta(minutes=5)}
    server.route("/b.xml", body=_feed("Desk B", feeds[2], [news]))
    assert "1 alert is waiting" in cli_ok(env, tmp_path, "poll", "--once", "--all")
    bot = BotProcess("run", tmp_path=tmp_path, env=env)
    try:
        bot.wait_for("the alert", lambda: "== New at Klarna" in bot.output, timeout=60)
        bot.wait_for_lines("Ctrl-C to stop", timeout=30)
        time.sleep(quiet_for(2))  # a digest planned at start would be out by now
    finally:
        bot.stop()
    assert bot.output.count("== New at") == 1, bot.output
    assert "AI layoffs digest" not in bot.output and "Quiet day" not in bot.output, bot.output
    assert_no_traceback(bot.output)
    keys = _delivery_keys(database_url)
    assert len(keys) == len(old["deliveries"]) + 1, keys  # the one alert, no digest
    assert all(k.startswith("alert:console:") for k in set(keys) - set(old["deliveries"]))


def _assert_best_items_show_the_headlines(url: str) -> None:
    """Migration 0012 filled every story's best items: its headline item is the best of
    its kind (of the story's kind or not: an older layoffbot's IBM story, a hiring freeze,
    shows a layoff item's title; it shows the freeze item once it grows)."""
    from sqlalchemy import select

    from bot.models import Kind
    from bot.store import Store
    from bot.store.headline import load_best, shown
    from bot.store.tables import stories

    store = Store.open(url, migrate=False)
    try:
        with store.tx() as conn:
            rows = conn.execute(select(stories.c.headline, stories.c.kind, stories.c.best)).all()
    finally:
        store.close()
    assert rows and all(best is not None for _, _, best in rows)
    for headline, kind, best in rows:
        items = load_best(best)
        assert headline in {b[2] for b in items.values()}, (headline, best)
        assert shown(items, Kind(kind)) is not None


def _delivery_keys(url: str) -> list[str]:
    from sqlalchemy import select

    from bot.store import Store
    from bot.store.tables import deliveries

    store = Store.open(url, migrate=False)
    try:
        with store.tx() as conn:
            return [k for (k,) in conn.execute(select(deliveries.c.key))]
    finally:
        store.close()
