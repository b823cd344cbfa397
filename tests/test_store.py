"""The store behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.models import Kind
from bot.store import Store
from tests.conftest import StoryFactory, story_item_links

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_migrations_are_idempotent(database_url: str) -> None:
    Store.open(database_url).close()
    Store.open(database_url).close()


def test_adding_a_feed_twice_keeps_one(store: Store) -> None:
    feed, created = store.add_feed("https://a.example/feed", "A")
    again, created_again = store.add_feed("https://a.example/feed", "A")
    assert created and not created_again
    assert feed.id == again.id
    assert [f.url for f in store.list_feeds()] == ["https://a.example/feed"]


def test_workspace_feeds_are_listed_with_global_ones(store: Store) -> None:
    store.add_feed("https://global.example/feed", "Global")
    store.add_feed("https://team.example/feed", "Team", workspace="slack:T1")
    store.add_feed("https://other.example/feed", "Other", workspace="slack:T2")
    names = {f.name for f in store.list_feeds("slack:T1")}
    assert names == {"Global", "Team"}
    assert store.remove_feed("https://team.example/feed", "slack:T1")
    assert not store.remove_feed("https://team.example/feed", "slack:T1")


def test_feeds_are_listed_in_natural_order(store: Store) -> None:
    """Numbers by value and case ignored: "feed 2" before "feed 10", as people count, on
    both backends (their collations differ); the global list before a workspace's own."""
    for name in ["feed 10", "Feed 2", "feed 100", "feed 1", "alpha", "Beta"]:
        store.add_feed(f"https://{name.replace(' ', '-')}.example/feed", name)
    store.add_feed("https://own.example/feed", "a team feed", workspace="slack:T1")
    listed = [f.name for f in store.list_feeds("slack:T1")]
    assert listed == ["alpha", "Beta", "feed 1", "Feed 2", "feed 10", "feed 100", "a team feed"]


def test_due_feeds_respect_next_poll_and_disabled(store: Store) -> None:
    store.add_feed("https://a.example/feed", "A")
    store.add_feed("https://b.example/feed", "B")
    assert len(store.due_feeds(NOW)) == 2
    store.record_poll(
        "https://a.example/feed",
        now=NOW,
        next_poll=NOW + timedelta(minutes=15),
        ok=True,
        etag='"x"',
    )
    store.record_poll(
        "https://b.example/feed",
        now=NOW,
        next_poll=NOW,
        ok=False,
        error="HTTP 410 Gone",
        disable_reason="gone",
    )
    assert store.due_feeds(NOW) == []
    due_later = store.due_feeds(NOW + timedelta(minutes=16))
    assert [f.url for f in due_later] == ["https://a.example/feed"]
    assert due_later[0].etag == '"x"'
    b = [f for f in store.list_feeds() if f.name == "B"][0]
    assert b.disabled and b.disabled_reason == "gone" and b.error_count == 1


def test_a_failure_is_reported_once_until_the_feed_recovers(store: Store) -> None:
    url = "https://a.example/feed"
    store.add_feed(url, "A")
    store.record_poll(url, now=NOW, next_poll=NOW, ok=False, error="timeout")
    assert store.claim_error_report(url)
    store.record_poll(url, now=NOW, next_poll=NOW, ok=False, error="timeout")
    assert not store.claim_error_report(url)
    store.record_poll(url, now=NOW, next_poll=NOW, ok=True)
    store.record_poll(url, now=NOW, next_poll=NOW, ok=False, error="timeout")
    assert store.claim_error_report(url)


def test_company_stories_come_newest_first(store: Store, make_story: StoryFactory) -> None:
    old = make_story("TikTok", published=NOW - timedelta(days=30))
    new = make_story("TikTok", published=NOW)
    make_story("Klarna", published=NOW)
    found = store.stories_for_company("tiktok")
    assert [s.id for s in found] == [new.id, old.id]
    names, _top = store.company_names_after({"": 0})
    assert sorted(names[""]) == ["Klarna", "TikTok"]


def test_search_finds_words_in_titles_and_summaries(store: Store, make_story: StoryFactory) -> None:
    make_story("Klarna", title="Klarna replaces customer service agents with chatbot")
    make_story(
        "TikTok", title="TikTok cuts moderators", summary="Moderation moves to automated systems."
    )
    assert [s.company for s in store.search_stories("chatbot")] == ["Klarna"]
    assert [s.company for s in store.search_stories("moderators")] == ["TikTok"]
    assert store.search_stories("'; DROP TABLE stories; --") == []
    assert store.search_stories('"unbalanced quote AND OR NOT (') == []
    assert store.search_stories("") == []


def test_a_searched_layoffs_finds_the_other_ways_headlines_say_it(
    store: Store, make_story: StoryFactory
) -> None:
    """`search AI layoffs` found 1 of 9 AI layoff stories: headlines say 'lays off',
    'laid off' (trial 15)."""
    make_story("Acme", title="Acme lays off 200 engineers, blames AI", summary="Acme said so.")
    make_story("Globex", title="Globex cuts 300 jobs", summary="Globex laid off 300 staff for AI.")
    make_story("Initech", title="Initech AI layoffs hit support", summary="Support staff go.")
    make_story("Umbrella", title="Umbrella cuts 50 jobs over AI", summary="Costs fell.")
    make_story("Hooli", title="Hooli layoffs hit sales", summary="No word of automation.")
    found = {s.company for s in store.search_stories("AI layoffs")}
    assert found == {"Acme", "Globex", "Initech"}, found
    assert {s.company for s in store.search_stories("layoff")} == {*found, "Hooli"}
    assert {s.company for s in store.search_stories("laid off")} == {"Globex"}


def test_a_searched_job_cuts_finds_stories_cutting_jobs(
    store: Store, make_story: StoryFactory
) -> None:
    """Trial 15 reported `search cuts` / `search job cuts` missing 'cut ... jobs' stories:
    both stemmers ('cuts', 'cutting' -> 'cut'; 'jobs' -> 'job') already find them."""
    make_story("Klarna", title="Klarna to cut 2,000 jobs as AI handles support", summary="S.")
    make_story("Globex", title="Globex is cutting 300 call-centre jobs", summary="Citing AI.")
    make_story("Initech", title="Initech announces job cuts in AI push", summary="More.")
    make_story("Umbrella", title="Umbrella trims its workforce by 10%", summary="Costs fell.")
    cutting = {"Klarna", "Globex", "Initech"}
    for query in ("job cuts", "jobs cut", "cut jobs", "cutting jobs", "AI job cuts"):
        assert {s.company for s in store.search_stories(query)} == cutting, query
    assert {s.company for s in store.search_stories("cuts")} == cutting


def test_a_search_together_keeps_the_stories_holding_the_words_close(
    store: Store, make_story: StoryFactory
) -> None:
    """`search job cuts` listed 'price cuts lift sales as jobs data looms' among the job
    cuts (trial 16): `together` holds each two typed words close, in either order."""
    make_story("Klarna", title="Klarna to cut 2,000 jobs as AI handles support", summary="S.")
    make_story("Initech", title="Initech announces job cuts in AI push", summary="More.")
    make_story("Acme", title="Acme lays off 200 engineers, blames AI", summary="Acme said.")
    make_story("Shop", title="Shop price cuts lift sales as jobs data looms", summary="Sales.")
    make_story(
        "Globex",
        title="Globex trims costs",
        summary="Cuts came in May. Most of the jobs went to AI.",
    )

    def together(query: str) -> set[str]:
        return {s.company for s in store.search_stories(query, together=True)}

    assert together("job cuts") == together("cuts jobs") == {"Klarna", "Initech"}
    assert {s.company for s in store.search_stories("job cuts")} == {
        "Klarna",
        "Initech",
        "Shop",
        "Globex",
    }
    assert together("AI job cuts") == {"Klarna", "Initech"}  # 'cut 2,000 jobs as AI'
    assert together("AI layoffs") == set()  # 'lays off 200 engineers, blames AI'
    assert together("layoffs engineers") == together("engineers layoffs") == {"Acme"}
    assert together("cuts") == set() and together("the the") == set()
    assert together('"job" (cuts') == {"Klarna", "Initech"}  # any user text is safe


def test_digest_only_latest_keeps_ai_driven_actions(store: Store, make_story: StoryFactory) -> None:
    make_story("A", kind=Kind.ANALYSIS)
    make_story("B", ai_cause=False)
    ai = make_story("C")
    assert [s.id for s in store.latest_stories(10, digest_only=True)] == [ai.id]
    assert len(store.latest_stories(10)) == 3


def test_first_seen_window_skips_silent_stories(store: Store, make_story: StoryFactory) -> None:
    make_story("A", first_seen=NOW, announce=False)
    loud = make_story("B", first_seen=NOW)
    make_story("C", first_seen=NOW - timedelta(days=2))
    found = store.stories_first_seen_between(NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    assert [s.id for s in found] == [loud.id]


def test_item_lookup_by_link_ignores_tracking_parameters(
    store: Store, make_story: StoryFactory
) -> None:
    story = make_story("A", link="https://news.example/a-story")
    item = store.item_by_link("https://www.news.example/a-story/?utm_source=x#top")
    assert item is not None and item.story_id == story.id
    assert story_item_links(store, story.id) == ["https://news.example/a-story"]


def test_the_head_revision_known_without_alembic_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    from bot.store.migrate import alembic_config, head_revision

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == head_revision()


def test_a_database_failure_is_a_store_error_with_the_drivers_error_as_cause(store: Store) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from bot.errors import StoreError

    with pytest.raises(StoreError) as caught, store.tx() as conn:
        conn.execute(text("SELECT * FROM no_such_table"))
    assert isinstance(caught.value.__cause__, SQLAlchemyError)
    assert "no_such_table" in str(caught.value) and "SELECT" not in str(caught.value)


def test_a_database_without_the_schema_raises_store_error_from_public_methods(
    database_url: str,
) -> None:
    """Reads and writes alike: callers outside bot/store handle StoreError, never
    SQLAlchemy's exceptions."""
    from bot.errors import StoreError

    broken = Store.open(database_url, migrate=False)  # no tables: every statement fails
    try:
        calls = [
            broken.list_feeds,
            broken.list_deliveries,
            broken.enabled_digests,
            lambda: broken.latest_stories(5),
            lambda: broken.subscriptions_for_companies(["acme"]),
            lambda: broken.claim_deliveries(worker_id="w", now=NOW, lease=timedelta(minutes=1)),
        ]
        for call in calls:
            with pytest.raises(StoreError):
                call()
        with pytest.raises(StoreError), broken.unit_of_work() as work:
            work.feed_tenant(1)
    finally:
        broken.close()


def test_opening_a_database_that_cannot_be_opened_raises_store_error(tmp_path: Path) -> None:
    from bot.errors import StoreError

    with pytest.raises(StoreError):
        Store.open(f"sqlite:///{tmp_path}")  # a directory, not a database file


def test_a_unit_of_work_is_one_transaction(store: Store) -> None:
    from bot.store.social import PlannedDelivery

    planned = PlannedDelivery("k1", "slack", "{}", "{}", "test")
    with pytest.raises(RuntimeError), store.unit_of_work() as work:
        assert work.enqueue_many([planned], now=NOW) == 1
        raise RuntimeError("the caller failed after planning")
    assert store.list_deliveries() == []
    with store.unit_of_work() as work:
        assert work.enqueue_many([planned], now=NOW) == 1
        assert work.enqueue_many([planned], now=NOW) == 0  # sees its own insert
    assert [d.key for d in store.list_deliveries()] == ["k1"]


def test_the_store_meets_every_storage_protocol(store: Store) -> None:
    """At run time by shape; bot/store/__init__.py has mypy check the signatures."""
    from bot import ports

    for protocol in (
        ports.FeedStore,
        ports.StoryStore,
        ports.StoryQueries,
        ports.Subscriptions,
        ports.Digests,
        ports.Outbox,
        ports.LeaderLocks,
    ):
        assert isinstance(store, protocol), protocol.__name__
    assert isinstance(store.leader_lock(1), ports.LeaderLock)
    with store.unit_of_work() as work:
        assert isinstance(work, ports.UnitOfWork)


def test_story_candidates_are_bounded_per_key_and_nearest_first(
    store: Store, make_story: StoryFactory
) -> None:
    from bot.models import Article, Tags
    from bot.stories import CANDIDATES_PER_KEY, WINDOW, candidate_scope

    stories = [
        make_story("TikTok", published=NOW + timedelta(hours=h), summary=f"Summary {h}.")
        for h in range(-30, 30)
    ]
    item = Article(title="TikTok cuts jobs", text="", link="https://x/1", published=NOW)
    tags = Tags(kind=Kind.LAYOFF, companies=("TikTok",))
    with store.tx() as conn:
        found = store.story_candidates(
            conn, ["co:tiktok"], NOW - WINDOW, NOW + WINDOW, candidate_scope(item, tags)
        )
    assert len(found) == 2 * CANDIDATES_PER_KEY  # however many stories share the key
    # The item's hour and the hours before it on one side, the hours after on the other.
    nearest = {s.id for s in stories[31 - CANDIDATES_PER_KEY : 31 + CANDIDATES_PER_KEY]}
    assert {c.id for c in found} == nearest
    assert all(
        c.summaries == (f"Summary {int((c.published - NOW) / timedelta(hours=1))}.",) for c in found
    )


def test_a_narrow_scope_keeps_the_nearest_admitted_stories_among_the_entries_read(
    store: Store, make_story: StoryFactory
) -> None:
    """Per key and side, the store reads KEY_ENTRIES_READ entries nearest the item's date
    and keeps the first CANDIDATES_PER_KEY stories the scope admits (kind, dates, employer,
    tenant): a scope admitting every other story keeps half of what it reads, never more."""
    from bot.stories import CANDIDATES_PER_KEY, KEY_ENTRIES_READ, WINDOW, CandidateScope

    made = {
        h: make_story(
            "TikTok",
            published=NOW + timedelta(hours=h),
            kind=Kind.LAYOFF if h % 2 == 0 else Kind.HIRING_FREEZE,
        )
        for h in range(-40, 40)
    }

    def found(kinds: tuple[str, ...], employer: bool | None, tenant: str | None = "") -> set[int]:
        scope = CandidateScope(NOW, kinds, NOW - timedelta(hours=30), NOW + WINDOW, employer)
        with store.tx() as conn:
            got = store.story_candidates(
                conn, ["co:tiktok"], NOW - WINDOW, NOW + WINDOW, scope, tenant
            )
        return {c.id for c in got}

    read_back = range(0, -KEY_ENTRIES_READ, -1)  # the item's hour and those before it
    read_ahead = range(1, KEY_ENTRIES_READ + 1)
    layoffs = {made[h].id for h in (*read_back, *read_ahead) if h % 2 == 0}
    assert len(layoffs) == 2 * CANDIDATES_PER_KEY == 2 * KEY_ENTRIES_READ // 2
    assert found(("layoff",), True) == layoffs
    assert found(("layoff",), None) == layoffs
    assert found(("layoff",), False) == set()  # every story names its employer
    assert found(("layoff",), True, tenant=None) == set()  # the operator's stories only
    both = found(("layoff", "hiring_freeze"), None)
    assert both == {made[h].id for h in range(-CANDIDATES_PER_KEY + 1, CANDIDATES_PER_KEY + 1)}
    # Stories dated before the scope's start are not admitted, however near their entries.
    narrow = CandidateScope(NOW, ("layoff",), NOW - timedelta(hours=4), NOW + WINDOW, None)
    with store.tx() as conn:
        got = store.story_candidates(conn, ["co:tiktok"], NOW - WINDOW, NOW + WINDOW, narrow)
    assert {c.id for c in got} == {made[h].id for h in (-4, -2, 0, *read_ahead) if h % 2 == 0}


def test_the_candidate_statements_run_on_the_driver_read_what_sqlalchemy_reads(
    store: Store, make_story: StoryFactory
) -> None:
    """The candidate statements skip SQLAlchemy's execution (compiled once, run with
    exec_driver_sql, #14): their rows must be the ones `Connection.execute` gives."""
    from bot.store.candidates import _rows_query, _walk_query, driver_statement

    for h in range(-6, 6):
        make_story("TikTok", published=NOW + timedelta(hours=h))
        make_story("Initech", published=NOW + timedelta(hours=h), kind=Kind.HIRING_FREEZE)
    walk_params = {
        "k0": "co:tiktok",
        "k1": "co:initech",
        "since": NOW - timedelta(days=3),
        "until": NOW + timedelta(days=3),
        "near": NOW,
    }
    with store.tx() as conn:
        expected = [tuple(r) for r in conn.execute(_walk_query(2, True), walk_params)]
        walks = driver_statement(conn.dialect, ("key walks", 2, True), lambda: _walk_query(2, True))
        got = [(r[0], r[1], walks.time(r[2])) for r in walks.run(conn, walk_params)]
        assert len({r[1] for r in expected}) == 24  # both keys, both sides of the date
        assert sorted(got) == sorted(expected)
        ids = {f"id{i}": r[1] for i, r in enumerate(expected[:4])}
        expected = [tuple(r) for r in conn.execute(_rows_query(4), ids)]
        rows = driver_statement(conn.dialect, ("stories", 4), lambda: _rows_query(4))
        got = [(*r[:4], rows.time(r[4]), *r[5:8], bool(r[8]), r[9]) for r in rows.run(conn, ids)]
    assert len(expected) == 4
    assert sorted(got) == sorted(expected)


def test_a_driver_error_in_the_candidate_query_is_a_store_error(
    store: Store, make_story: StoryFactory
) -> None:
    """The candidate query runs on the driver itself (#14); its failure still reaches the
    caller as the store's one exception, like any other statement's."""
    from sqlalchemy import text

    from bot.errors import StoreError
    from bot.stories import WINDOW

    make_story("TikTok", published=NOW)
    with pytest.raises(StoreError, match="story_keys"), store.tx() as conn:
        conn.execute(text("DROP TABLE story_keys"))
        store.story_candidates(conn, ["co:tiktok"], NOW - WINDOW, NOW + WINDOW)
    with store.tx() as conn:  # rolled back: the table is there
        assert len(store.story_candidates(conn, ["co:tiktok"], NOW - WINDOW, NOW + WINDOW)) == 1


def _story_of_31_items(store: Store, make_story: StoryFactory) -> None:
    """A TikTok story of 31 items ("Title 0" to "Title 30"), filed over three ingest
    batches as the pipeline files them."""
    from bot.links import canonical_link
    from bot.models import Article, Tags
    from bot.store import NewItem
    from bot.stories import WINDOW, candidate_scope

    make_story("TikTok", title="Title 0", summary="Summary 0.", published=NOW)
    scope = candidate_scope(
        Article(title="TikTok cuts", text="", link="https://x/1", published=NOW),
        Tags(kind=Kind.LAYOFF, companies=("TikTok",)),
    )
    for numbers in (range(1, 10), range(10, 20), range(20, 31)):
        with store.tx() as conn:
            batch = store.ingest_batch(conn, now=NOW, announce=False)
            for n in numbers:
                (match,) = batch.candidates(["co:tiktok"], NOW - WINDOW, NOW + WINDOW, scope)
                link = f"https://news.example/grown/{n}"
                item = NewItem(
                    feed_id=None,
                    guid=link,
                    link=link,
                    canonical_link=canonical_link(link),
                    title=f"Title {n}",
                    publisher="Example",
                    published=NOW + timedelta(minutes=n),
                    summary=f"Summary {n}.",
                    tags=match.tags,
                    weight=1,
                )
                batch.add_to_story(match, item, match.tags, ["co:tiktok"])
            batch.flush()


def _candidate_wording(store: Store) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    from bot.stories import WINDOW

    with store.tx() as conn:
        found = store.story_candidates(conn, ["co:tiktok"], NOW - WINDOW, NOW + WINDOW)
    return [(c.titles, c.summaries) for c in found]


def test_a_candidate_brings_its_first_and_latest_items_wording(
    store: Store, make_story: StoryFactory
) -> None:
    """However many items a story has, a candidate brings the titles and summaries of its
    first and latest TITLES_PER_END items, oldest first (#14: kept on the story)."""
    from bot.store.candidates import TITLES_PER_END

    _story_of_31_items(store, make_story)
    kept = [*range(TITLES_PER_END), *range(31 - TITLES_PER_END, 31)]
    assert _candidate_wording(store) == [
        (tuple(f"Title {n}" for n in kept), tuple(f"Summary {n}." for n in kept))
    ]


def test_the_digest_migration_fills_it_from_the_stored_items(
    database_url: str, store: Store, make_story: StoryFactory
) -> None:
    """Migration 0007 gives the stories stored before it the digest ingest keeps."""
    from alembic import command

    from bot.store.base import make_engine
    from bot.store.migrate import alembic_config

    _story_of_31_items(store, make_story)
    kept = _candidate_wording(store)
    engine = make_engine(database_url)
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    engine.dispose()
    again = Store.open(database_url)
    try:
        assert _candidate_wording(again) == kept
    finally:
        again.close()


def _explain(conn: Any, query: Any, shape: Hashable, params: dict[str, Any]) -> str:
    """The plan of a driver statement (`driver_statement`) run with these parameters."""
    from bot.store.candidates import driver_statement

    compiled = driver_statement(conn.dialect, shape, lambda: query)
    values = dict(compiled.constants)
    for name, value in params.items():
        process = compiled.processors.get(name)
        values[name] = value if process is None else process(value)
    args = values if compiled.positions is None else tuple(values[n] for n in compiled.positions)
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.sql}", args)
        return "\n".join(r[-1] for r in rows)
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    return "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {compiled.sql}", args))


def test_the_key_walks_are_answered_by_the_key_index_alone(
    store: Store, make_story: StoryFactory
) -> None:
    """A candidate lookup walks each key's index entries nearest the item's date with a
    LIMIT, on the (key, published, story_id) index alone, in its order (no sort), and reads
    each story reached once, by primary key (#14: at 1M stories the old statement joined
    every entry to its story, per key, and sorted each walk)."""
    from bot.store.candidates import _rows_query, _walk_query

    for h in range(-6, 6):
        make_story("TikTok", published=NOW + timedelta(hours=h))
    params = {
        "k0": "co:tiktok",
        "k1": "t:cuts",
        "since": NOW - timedelta(days=3),
        "until": NOW + timedelta(days=3),
        "near": NOW,
    }
    with store.tx() as conn:
        walks = _explain(conn, _walk_query(2, True), ("key walks", 2, True), params)
        rows = _explain(conn, _rows_query(2), ("stories", 2), {"id0": 1, "id1": 2})
    if store.engine.dialect.name == "sqlite":
        assert walks.count("USING COVERING INDEX ix_story_keys_key_published") == 4
        assert "TEMP B-TREE" not in walks and "stories" not in walks
        assert "SEARCH stories USING INTEGER PRIMARY KEY" in rows
    else:
        assert walks.count("ix_story_keys_key_published") == 4
        assert "Sort" not in walks and "stories" not in walks
        assert "stories_pkey" in rows


def test_a_failed_statement_names_its_sql_but_not_its_values(store: Store) -> None:
    # Logged with its traceback (event=feed_poll_crashed), SQLAlchemy's error carried every
    # bound value: a batch of items' text on one log line.
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError) as failed, store.engine.begin() as conn:
        conn.execute(
            text("SELECT nosuchcolumn FROM items WHERE link = :link"), {"link": "VALUE-42"}
        )
    assert "nosuchcolumn" in str(failed.value) and "VALUE-42" not in str(failed.value)
