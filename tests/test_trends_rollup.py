"""The trends roll-up (bot/store/rollup.py) says exactly what summing the stories says,
after every kind of write: new stories, merges, kind and headcount changes, tenants,
`same_as` shadowing, deletes; and the migration fills it from stories already stored."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, text, update

from bot.companies import company_key
from bot.links import canonical_link
from bot.models import FUNCTIONS, Kind, Tags
from bot.store import NewItem, Store, rollup
from bot.store.tables import items as item_rows
from bot.store.tables import stories, story_keys
from bot.stories import StoryCandidate
from tests.conftest import StoryFactory
from tests.e2e import bot_env, cli, rss

T0 = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
TENANTS = ("", "slack:T1", "discord:G2")
COMPANIES = ("TikTok", "Klarna", "Amazon", "Initech", None)
KINDS = (Kind.LAYOFF, Kind.LAYOFF, Kind.HIRING_FREEZE, Kind.ANALYSIS, Kind.OTHER)


def _tags(rng: random.Random) -> Tags:
    company = rng.choice(COMPANIES)
    return Tags(
        kind=rng.choice(KINDS),
        ai_cause=rng.random() < 0.6,
        companies=(company,) if company else (),
        headcount=rng.choice([None, 10, 250, 1200]),
        functions=tuple(rng.sample(FUNCTIONS[:5], rng.randrange(0, 3))),
    )


def _file(store: Store, rng: random.Random, n: int, *, tenant: str = "") -> int:
    """One new story through an ingest batch (the pipeline's write path)."""
    published = T0 - timedelta(seconds=rng.randrange(400 * 86400))
    link = f"https://news.example/{tenant}/{n}"
    tags = _tags(rng)
    item = NewItem(
        feed_id=None,
        guid=f"g-{tenant}-{n}",
        link=link,
        canonical_link=canonical_link(link),
        title=f"Story {n}",
        publisher="Example",
        published=published,
        summary=f"Story {n}.",
        tags=tags,
        weight=10,
    )
    with store.tx() as conn:
        batch = store.ingest_batch(conn, now=published, announce=False, tenant=tenant)
        draft = batch.new_story(f"s-{tenant}-{n}", item, [f"t:{n}"])
        batch.flush()
    assert draft.id is not None
    return draft.id


def _story_row(rng: random.Random, n: int) -> dict[str, Any]:
    """A story's columns as migration 0005 left the table (a store not yet upgraded, or
    downgraded to it)."""
    tags = _tags(rng)
    published = T0 - timedelta(seconds=rng.randrange(400 * 86400))
    return {
        "key": f"s--{n}",
        "headline": f"Story {n}",
        "summary": f"Story {n}.",
        "tags": json.dumps(tags.to_json()),
        "kind": tags.kind.value,
        "ai_cause": tags.ai_cause,
        "company": tags.companies[0] if tags.companies else None,
        "company_key": company_key(tags.companies[0]) if tags.companies else None,
        "headcount": tags.headcount,
        "published": published,
        "first_seen": published,
        "updated": published,
    }


def _merge(store: Store, rng: random.Random, story_id: int, n: int) -> None:
    """A later item merged into the story: earlier `published`, new tags."""
    with store.tx() as conn:
        row = conn.execute(select(stories).where(stories.c.id == story_id)).one()
        published = row.published.replace(tzinfo=UTC) - timedelta(days=rng.randrange(0, 40))
        batch = store.ingest_batch(conn, now=T0, announce=False, tenant=row.tenant)
        match = StoryCandidate(story_id, row.key, row.headline, Tags(), published, ())
        link = f"https://more.example/{n}"
        item = NewItem(
            feed_id=None,
            guid=f"m-{n}",
            link=link,
            canonical_link=canonical_link(link),
            title=f"More on {n}",
            publisher="Other",
            published=published,
            summary="More.",
            tags=_tags(rng),
            weight=1,
        )
        batch.add_to_story(match, item, _tags(rng), [f"t:m{n}"])
        batch.flush()


def _random_store(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    ids = {t: [_file(store, rng, i, tenant=t) for i in range(60 if not t else 20)] for t in TENANTS}
    for n in range(15):
        _merge(store, rng, rng.choice(ids[rng.choice(TENANTS)]), n)
    with store.tx() as conn:
        for own in ids["slack:T1"][:8] + ids["discord:G2"][:5]:  # workspace stories shadowing
            conn.execute(
                update(stories).where(stories.c.id == own).values(same_as=rng.choice(ids[""]))
            )
        for sid in rng.sample(ids[""], 6):  # kind changes, headcount corrections
            conn.execute(
                update(stories)
                .where(stories.c.id == sid)
                .values(kind=rng.choice(KINDS).value, headcount=rng.choice([None, 7, 900]))
            )
        conn.execute(delete(stories).where(stories.c.id.in_(rng.sample(ids[""], 3))))
        for sid in rng.sample(ids[""], 10) + rng.sample(ids["slack:T1"], 4):  # filed, not led
            name = rng.choice(COMPANIES[:-1])
            key = f"co:{company_key(name)}"
            conn.execute(insert(story_keys).values(story_id=sid, key=key, published=T0))


def _rollup_rows(store: Store) -> list[Any]:
    with store.tx() as conn:
        return [
            sorted(tuple(r) for r in conn.execute(select(t)))
            for t in (
                rollup.trend_days,
                rollup.trend_months,
                rollup.trend_day_groups,
                rollup.company_rollup,
            )
        ] + [
            sorted(conn.execute(select(rollup.company_names.c.tenant, rollup.company_names.c.name)))
        ]


PERIODS = [
    (T0 - timedelta(days=365), T0),
    (T0 - timedelta(days=90, hours=7), T0 - timedelta(days=3, hours=5)),
    (datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 11, 1, tzinfo=UTC)),
    (T0 - timedelta(days=7), T0),
    (T0 - timedelta(hours=20), T0 - timedelta(hours=2)),
]


@pytest.mark.parametrize("seed", [1, 2])
def test_trends_from_the_rollup_equal_the_scan_after_every_kind_of_write(
    store: Store, seed: int
) -> None:
    _random_store(store, seed)
    for start, end in PERIODS:
        for tenant in (*TENANTS, "slack:nobody"):
            fast = store.trend_totals(start, end, tenant=tenant)
            slow = store.trend_totals(start, end, tenant=tenant, use_rollup=False)
            assert fast == slow, (start, end, tenant)
            assert list(fast.functions.items()) == list(slow.functions.items())
    year = store.trend_totals(*PERIODS[0])
    assert year.companies and year.functions and sum(d.ai_actions for d in year.days)


@pytest.mark.parametrize("seed", [1, 2])
def test_company_totals_from_the_rollup_equal_the_scan_after_every_kind_of_write(
    store: Store, seed: int
) -> None:
    _random_store(store, seed)
    for name in COMPANIES[:-1] + ("Nobody",):
        key = company_key(name)
        for tenant in (*TENANTS, "slack:nobody"):
            fast = store.company_totals(key, 5, tenant=tenant)
            slow = store.company_totals(key, 5, tenant=tenant, use_rollup=False)
            assert fast == slow, (name, tenant)
            assert list(fast.functions.items()) == list(slow.functions.items())
            assert [s.id for s in fast.newest] == [s.id for s in slow.newest]
    assert store.company_totals(company_key("Klarna")).stories


def test_the_rollup_kept_by_the_triggers_equals_one_built_from_scratch(store: Store) -> None:
    _random_store(store, 3)
    kept = _rollup_rows(store)
    with store.tx() as conn:
        for sql in (*rollup.CLEAR, *rollup.backfill_sql(store.is_sqlite)):
            conn.execute(text(sql))
    assert _rollup_rows(store) == kept
    assert kept[0] and kept[1]


def test_the_first_story_of_a_group_leaving_it_moves_the_order_of_first_appearance(
    store: Store, make_story: StoryFactory
) -> None:
    may = datetime(2024, 5, 1, tzinfo=UTC)
    first = make_story("Klarna", functions=("customer_support",), published=may + timedelta(days=2))
    make_story("TikTok", functions=("translation",), published=may + timedelta(days=3))
    make_story("Klarna", functions=("customer_support",), published=may + timedelta(days=4))
    start, end = may - timedelta(days=60), may + timedelta(days=90)
    assert [c for c, _n, _j in store.trend_totals(start, end).companies] == ["Klarna", "TikTok"]
    with store.tx() as conn:  # the first Klarna story turns out to be commentary
        conn.execute(update(stories).where(stories.c.id == first.id).values(kind="analysis"))
    totals = store.trend_totals(start, end)
    assert [c for c, _n, _j in totals.companies] == ["TikTok", "Klarna"]
    assert list(totals.functions) == ["translation", "customer_support"]
    assert totals == store.trend_totals(start, end, use_rollup=False)


def test_a_workspace_story_standing_in_for_the_first_operator_story_reorders_for_it(
    store: Store, make_story: StoryFactory
) -> None:
    may = datetime(2024, 5, 1, tzinfo=UTC)
    glob = make_story("Klarna", published=may + timedelta(days=2))
    make_story("TikTok", published=may + timedelta(days=3))
    make_story("Klarna", published=may + timedelta(days=4))
    with store.tx() as conn:  # T1's own story about the first event, published later
        row = conn.execute(select(stories).where(stories.c.id == glob.id)).one()._asdict()
        for generated in ("id", "functions", "company_label"):
            row.pop(generated)
        row.update(key="t1-own", tenant="slack:T1", same_as=glob.id)
        row.update(published=may + timedelta(days=20), company="Klarna Bank")
        conn.execute(insert(stories).values(**row))
    start, end = may - timedelta(days=60), may + timedelta(days=90)
    for tenant in ("", "slack:T1"):
        assert store.trend_totals(start, end, tenant=tenant) == store.trend_totals(
            start, end, tenant=tenant, use_rollup=False
        )
    ours = store.trend_totals(start, end, tenant="slack:T1")
    assert [c for c, _n, _j in ours.companies] == ["TikTok", "Klarna", "Klarna Bank"]


def test_the_migration_fills_the_rollup_from_stories_already_stored(database_url: str) -> None:
    from alembic import command

    from bot.store.base import make_engine
    from bot.store.migrate import alembic_config

    engine = make_engine(database_url)
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        rng = random.Random(9)  # stories as 0005 stored them (the code writes the head's)
        conn.execute(insert(stories), [_story_row(rng, n) for n in range(40)])
    engine.dispose()
    store = Store.open(database_url)
    try:
        with store.tx() as conn:
            assert conn.execute(select(rollup.trend_months)).first() is not None
        for start, end in PERIODS:
            assert store.trend_totals(start, end) == store.trend_totals(
                start, end, use_rollup=False
            )
    finally:
        store.close()


def test_the_migration_goes_down_and_up_again(database_url: str) -> None:
    from alembic import command

    from bot.store.base import make_engine
    from bot.store.migrate import alembic_config

    store = Store.open(database_url)
    rng = random.Random(4)
    for n in range(10):
        _file(store, rng, n)
    engine = make_engine(database_url)
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    with engine.begin() as conn:  # no trigger left behind to write to tables that are gone
        # (a row of 0005's columns: the code writes those of the head revision, 0007's digest)
        conn.execute(insert(stories).values(**_story_row(rng, 99)))
    engine.dispose()
    store.close()
    store = Store.open(database_url)
    try:
        assert store.trend_totals(*PERIODS[0]) == store.trend_totals(*PERIODS[0], use_rollup=False)
    finally:
        store.close()


def test_the_real_bot_counts_stories_filed_later_in_trends_and_company_lookups(
    tmp_path: Path,
) -> None:
    """`layoffbot tag` files stories through the pipeline; `layoffbot ask` answers trends
    and a company lookup from the roll-up, before and after more stories arrive."""
    now = datetime.now(UTC)
    first = {
        "title": "Support software firm Help Scout cuts 40 jobs, citing AI",
        "link": "https://wire.example/help-scout",
        "description": "The company said its AI assistant now answers most customer "
        "emails, so it cut 40 support jobs.",
        "published": now - timedelta(days=40),
    }
    later = {
        "title": "Klarna cuts 700 customer service jobs as AI chatbot takes over",
        "link": "https://wire.example/klarna",
        "description": "Klarna said its AI assistant does the work of 700 agents, so it "
        "cut 700 customer service jobs.",
        "published": now - timedelta(days=2),
    }
    env = bot_env(tmp_path)
    for n, items in enumerate(([first], [first, later])):
        feed = tmp_path / f"wire{n}.xml"
        feed.write_bytes(rss("Wire", items))
        tagged = cli("tag", str(feed), tmp_path=tmp_path, env=env)
        assert tagged.returncode == 0, tagged.stdout + tagged.stderr
        trends = cli("ask", "/layoffs trends 1y", tmp_path=tmp_path, env=env)
        assert trends.returncode == 0, trends.stderr
        assert f"AI-attributed stories: {n + 1}" in trends.stdout, trends.stdout
        assert "Help Scout: 1 story, 40 jobs" in trends.stdout, trends.stdout
    assert "Klarna: 1 story, 700 jobs" in trends.stdout, trends.stdout
    asked = cli("ask", "/layoffs Klarna", tmp_path=tmp_path, env=env)
    assert "Klarna: recent job actions" in asked.stdout, asked.stdout
    assert "Jobs cut or not filled (where stated): 700" in asked.stdout, asked.stdout


def test_sqlite_triggers_find_a_companys_newest_story_by_the_company_index(
    tmp_path: Path,
) -> None:
    """The update trigger's re-read of a company group's newest story: by the tenant
    index it walked the tenant's stories until one of the company turned up (~85 ms a
    grown story at 1M stories, #14); it must go by the company index."""
    store = Store.open(f"sqlite:///{tmp_path}/plan.db")
    try:
        with store.tx() as conn:
            (sql,) = conn.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'trend_rollup_update'")
            ).one()
            start = sql.index("(SELECT x.published, x.id FROM stories x")
            reread = sql[start + 1 : sql.index("LIMIT 1)", start) + len("LIMIT 1")]
            # The trigger's row values as constants, so the statement runs on its own.
            standalone = re.sub(r"\b(?:old|new)\.\w+", "'v'", reread)
            plan = " ".join(r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {standalone}"))
    finally:
        store.close()
    assert "ix_stories_company" in plan, plan


def _migrate(database_url: str, revision: str) -> None:
    from alembic import command

    from bot.store.base import make_engine
    from bot.store.migrate import alembic_config

    engine = make_engine(database_url)
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        if revision == "head":
            command.upgrade(cfg, "head")
        else:
            command.downgrade(cfg, revision)
    engine.dispose()


def _update_trigger(store: Store) -> str:
    if not store.is_sqlite:
        return ""
    with store.tx() as conn:
        (sql,) = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'trend_rollup_update'")
        ).one()
    return str(sql)


def test_migration_0011_guards_the_cleanup_and_counts_the_same_either_way(
    database_url: str,
) -> None:
    """0011 (SQLite) starts a subtraction's clean-up with its INSERT's condition, 0010's
    triggers did not: stories written and grown (dates moving earlier, new tags), kind
    and headcount changes and deletes under 0010, then more under 0011, leave the roll-up
    one built from scratch has after each."""
    guard = "DELETE FROM trend_days WHERE old.kind IN ("
    store = Store.open(database_url)
    try:
        rng = random.Random(6)
        for revision in ("0010", "head"):
            if revision == "head":
                with store.tx() as conn:  # 0012 adds it (below)
                    conn.execute(text("ALTER TABLE stories DROP COLUMN best"))
            _migrate(database_url, revision)
            if revision == "0010":
                # Today's code writes 0012's column: lent to the 0010 schema, which
                # 0011's triggers never read.
                with store.tx() as conn:
                    conn.execute(text("ALTER TABLE stories ADD COLUMN best TEXT"))
            trigger = _update_trigger(store)
            assert (guard in trigger) == (store.is_sqlite and revision == "head")
            assert store.is_sqlite == ("DELETE FROM trend_days WHERE" in trigger)
            if revision == "0010":
                _random_store(store, 3)
            with store.tx() as conn:
                ids = list(conn.execute(select(stories.c.id).order_by(stories.c.id)).scalars())
            for n in range(30):
                _merge(store, rng, rng.choice(ids), 100 * len(revision) + n)
            with store.tx() as conn:
                for sid in rng.sample(ids, 8):
                    conn.execute(
                        update(stories)
                        .where(stories.c.id == sid)
                        .values(kind=rng.choice(KINDS).value, ai_cause=rng.random() < 0.5)
                    )
                gone = rng.sample(ids, 3)
                conn.execute(delete(item_rows).where(item_rows.c.story_id.in_(gone)))
                conn.execute(delete(stories).where(stories.c.id.in_(gone)))
            kept = _rollup_rows(store)
            with store.tx() as conn:
                for sql in (*rollup.CLEAR, *rollup.backfill_sql(store.is_sqlite)):
                    conn.execute(text(sql))
            assert _rollup_rows(store)[:4] == kept[:4], revision
            assert kept[1] and kept[3]
            for start, end in PERIODS:
                assert store.trend_totals(start, end) == store.trend_totals(
                    start, end, use_rollup=False
                )
    finally:
        store.close()
