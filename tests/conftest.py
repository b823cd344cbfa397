"""Shared fixtures: a store on every backend, a story factory, and hygiene for tests.

`store` runs each test on SQLite (a temporary file) and, when LAYOFFBOT_TEST_POSTGRES_URL
is set, on PostgreSQL too, in a schema of its own so concurrent runs never collide.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from bot.links import canonical_link
from bot.models import Kind, Story, Tags
from bot.store import NewItem, Store
from bot.store.migrate import upgrade
from bot.store.tables import items, stories
from tests import e2e
from tests.feedserver import FeedServer

PG_URL = os.environ.get("LAYOFFBOT_TEST_POSTGRES_URL")

BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


_PROCESS_HELPERS = ("cli", "cli_ok", "BotProcess", "BotTerminal", "bot_process", "start_bot")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The time limit of a test that drives real `layoffbot` processes is stretched like
    its waits (`e2e.patience`): at a load of ~20 on 2 cores the new user's session took
    112 s of the 120 s limit. At most 5 times the limit (a hung test is still ended within
    minutes); a test's own timeout marker is kept."""
    base = float(config.getini("timeout") or 120)
    limit = min(e2e.patience(base), 5 * base)
    for item in items:
        module = getattr(item, "module", None)
        if module is None or item.get_closest_marker("timeout"):
            continue
        if any(getattr(module, name, None) is getattr(e2e, name) for name in _PROCESS_HELPERS):
            item.add_marker(pytest.mark.timeout(limit))


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests talk to 127.0.0.1 only; a proxy from the environment must not get in the way."""
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LAYOFFBOT_ENV_FILE", os.devnull)


def pg_schema_url(schema: str) -> str:
    """The schema's URL; commits do not wait for the disk (a test's data outlives no crash)."""
    assert PG_URL
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}%20-csynchronous_commit%3Doff"


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema, dropped afterwards; yields its URL."""
    if not PG_URL:
        pytest.skip("LAYOFFBOT_TEST_POSTGRES_URL is not set")
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A local feed server on 127.0.0.1 with no routes yet (a test adds its feeds). Files
    that need routes from the start define their own `server`."""
    with FeedServer() as feeds:
        yield feeds


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/test.db"
        return
    yield request.getfixturevalue("pg_schema")


class _MigratedTemplates:
    """The newest schema, made once per test process and copied for each `store`: the
    migrations took ~0.2 s a test on SQLite and ~1.3 s on PostgreSQL (82 statements, each
    a round trip to the server) on a loaded 2-core machine, for ~930 tests.

    SQLite: a migrated file, copied. PostgreSQL: the statements the migrations ran in a
    template schema (recorded as they ran, so they are the migrations' own), run again in
    the test's schema in one round trip. Store.open then finds the newest revision and
    does nothing more, as it does on every start of a deployed bot."""

    def __init__(self, tmp: Path) -> None:
        self._tmp = tmp
        self._sqlite: Path | None = None
        self._pg_script: str | None = None

    def prepare(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            target = Path(url.removeprefix("sqlite:///"))
            if not target.exists():
                shutil.copyfile(self._sqlite_file(), target)
            return
        engine = create_engine(url, poolclass=NullPool)
        try:
            # The DBAPI's own cursor: a script without parameters is sent as one query.
            raw = engine.raw_connection()
            try:
                raw.cursor().execute(self._pg_statements())
                raw.commit()
            finally:
                raw.close()
        finally:
            engine.dispose()

    def _sqlite_file(self) -> Path:
        if self._sqlite is None:
            path = self._tmp / "template.db"
            Store.open(f"sqlite:///{path}").close()
            self._sqlite = path
        return self._sqlite

    def _pg_statements(self) -> str:
        if self._pg_script is None:
            self._pg_script = _recorded_migrations()
        return self._pg_script


def _recorded_migrations() -> str:
    """What the migrations ran in a new schema, as one script: every statement without
    parameters (their DDL, updates and reads), not the checks before them (an advisory
    lock and catalog reads, with parameters; the revision read, which fails on a new
    schema and would end the script)."""
    from sqlalchemy import event

    assert PG_URL
    schema = "t_tpl_" + uuid.uuid4().hex[:8]
    admin = create_engine(PG_URL, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    ran: list[str] = []
    store = Store.open(pg_schema_url(schema), migrate=False)

    def record(_c: Any, _cur: Any, statement: str, params: Any, _x: Any, _m: Any) -> None:
        if not params and statement.strip() != "SELECT version_num FROM alembic_version":
            ran.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        upgrade(store.engine)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
        store.close()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()
    # Run again elsewhere as they are: nothing names the template's schema, and no `%`
    # the driver would read as a placeholder's.
    assert ran and not any(schema in statement or "%" in statement for statement in ran)
    return ";\n".join(ran)


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory: pytest.TempPathFactory) -> _MigratedTemplates:
    return _MigratedTemplates(tmp_path_factory.mktemp("migrated"))


@pytest.fixture
def store(database_url: str, _migrated: _MigratedTemplates) -> Iterator[Store]:
    _migrated.prepare(database_url)
    s = Store.open(database_url)
    try:
        yield s
    finally:
        s.close()


_counter = itertools.count(1)

StoryFactory = Callable[..., Story]


@pytest.fixture
def make_story(store: Store) -> StoryFactory:
    """Insert a story with one item; every argument has a sensible default."""

    def factory(
        company: str | None = "TikTok",
        *,
        kind: Kind = Kind.LAYOFF,
        ai_cause: bool = True,
        headcount: int | None = 500,
        percent: float | None = None,
        functions: tuple[str, ...] = ("content_moderation",),
        title: str | None = None,
        summary: str | None = None,
        published: datetime | None = None,
        first_seen: datetime | None = None,
        link: str | None = None,
        announce: bool = True,
        evidence: str | None = None,
        key: str | None = None,
    ) -> Story:
        n = next(_counter)
        published = published or datetime(2025, 1, 10, 9, 0, tzinfo=UTC) + timedelta(hours=n)
        first_seen = first_seen or published
        title = (
            title
            or f"{company or 'Someone'} cuts {headcount or 'some'} jobs as AI takes over ({n})"
        )
        tags = Tags(
            kind=kind,
            ai_cause=ai_cause,
            ai_evidence=evidence or (title if ai_cause else None),
            companies=(company,) if company else (),
            headcount=headcount,
            percent=percent,
            functions=functions,
        )
        link = link or f"https://news.example/{n}"
        item = NewItem(
            feed_id=None,
            guid=f"guid-{n}",
            link=link,
            canonical_link=canonical_link(link),
            title=title,
            publisher="Example News",
            published=published,
            summary=summary or f"{title}. More detail here.",
            tags=tags,
            weight=100,
        )
        from bot.companies import company_key

        keys = [f"co:{company_key(company)}"] if company else [f"t:{n}"]
        # Filed as the pipeline files items: one ingest batch (the only write path).
        with store.tx() as conn:
            batch = store.ingest_batch(conn, now=first_seen, announce=announce)
            story_key = key or f"{(company or 'story').lower().replace(' ', '-')}-{n}"
            draft = batch.new_story(story_key, item, keys)
            batch.flush()
        assert draft.id is not None
        story = store.get_story(draft.id)
        assert story is not None
        return story

    return factory


# ---------------------------------------------------------------- stored state
# Tests check what was stored with these direct queries; the bot itself never needs them,
# so they are not Store methods (issue 15: no dead code in the store).


def count_items(store: Store) -> int:
    with store.tx() as conn:
        return int(conn.execute(select(func.count()).select_from(items)).scalar_one())


def count_stories(store: Store) -> int:
    with store.tx() as conn:
        return int(conn.execute(select(func.count()).select_from(stories)).scalar_one())


def story_item_links(store: Store, story_id: int) -> list[str]:
    """The links of a story's items, oldest published first."""
    with store.tx() as conn:
        query = select(items.c.link).where(items.c.story_id == story_id)
        return list(conn.execute(query.order_by(items.c.published, items.c.id)).scalars())


def stories_published_between(store: Store, start: datetime, end: datetime) -> list[Story]:
    """Every story published in [start, end), whoever's, oldest first."""
    with store.tx() as conn:
        query = select(stories.c.id).where(stories.c.published >= start, stories.c.published < end)
        ids = list(conn.execute(query.order_by(stories.c.published, stories.c.id)).scalars())
    found = [store.get_story(story_id) for story_id in ids]
    return [story for story in found if story is not None]
