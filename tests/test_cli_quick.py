"""`ask help` answered without the store (bot/cli/quick.py) only where opening the store
would change nothing, with the same reply."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.cli.quick import (
    DEFAULT_FEEDS_CLAIM,
    MIGRATIONS,
    REMOVED,
    is_plain_help,
    opens_unchanged,
)
from bot.config import Settings
from bot.store import Store
from bot.store.migrate import head_revision
from bot.store.tenants import REMOVED as STORE_REMOVED
from tests.e2e import bot_env, cli
from tests.test_e2e_perf import HEAVY


def _settings(url: str) -> Settings:
    return Settings(None, database_url=url)


def _ready(tmp_path: Path) -> Path:
    """A database as `open_store` leaves it: newest schema, default feeds decided."""
    path = tmp_path / "bot.db"
    store = Store.open(f"sqlite:///{path}")
    assert store.claim_once(DEFAULT_FEEDS_CLAIM)
    store.close()
    return path


def test_the_check_reads_the_store_s_own_names() -> None:
    """Its copies of the store's names (found without importing SQLAlchemy) are the
    store's: the removed workspaces' key prefix and the newest migration."""
    assert REMOVED == STORE_REMOVED
    newest = max(p.name[:4] for p in MIGRATIONS.iterdir() if p.name[:4].isdigit())
    assert newest == head_revision()


def test_only_help_without_words_needs_no_store() -> None:
    assert all(is_plain_help(t) for t in ("help", "/layoffs help", " ? ", "", "commands"))
    # "help scout" may be a company the stories name; the others read stories.
    assert not any(is_plain_help(t) for t in ("help scout", "latest", "tiktok", "x" * 5000))


def test_a_ready_database_opens_unchanged(tmp_path: Path) -> None:
    path = _ready(tmp_path)
    assert opens_unchanged(_settings(f"sqlite:///{path}"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bot.db"]  # nothing left behind


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE alembic_version SET version_num = '0001'",  # an older schema: migrated
        f"DELETE FROM meta WHERE key = '{DEFAULT_FEEDS_CLAIM}'",  # default feeds undecided
        f"INSERT INTO meta VALUES ('{REMOVED}console:local', '2026-01-01')",  # back again
        "DROP TABLE alembic_version",  # not one of ours
    ],
)
def test_a_database_opening_would_change_is_opened(tmp_path: Path, change: str) -> None:
    path = _ready(tmp_path)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(change)
    assert not opens_unchanged(_settings(f"sqlite:///{path}"))


def test_a_new_database_or_another_url_is_opened(tmp_path: Path) -> None:
    path = _ready(tmp_path)
    assert not opens_unchanged(_settings(f"sqlite:///{tmp_path}/new.db"))
    assert not opens_unchanged(_settings(f"sqlite:///{path}?timeout=1"))  # options: the store's
    assert not opens_unchanged(_settings("postgresql://bob@127.0.0.1:1/bot"))
    (tmp_path / "empty.db").write_bytes(b"")
    assert not opens_unchanged(_settings(f"sqlite:///{tmp_path}/empty.db"))


def test_ask_help_on_a_ready_database_replies_the_same_without_loading_the_store(
    tmp_path: Path,
) -> None:
    """The first `ask help` creates the database (and says so); the next one, on the
    database now ready, prints the same help without importing SQLAlchemy."""
    env = bot_env(tmp_path)
    first = cli("ask", "help", tmp_path=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert "created a new, empty database" in first.stderr
    again = cli("ask", "help", tmp_path=tmp_path, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.stdout == first.stdout
    assert "/layoffs latest" in again.stdout
    loaded = {line.rsplit("|", 1)[1].strip() for line in again.stderr.splitlines() if "|" in line}
    assert "bot.commands.table" in loaded  # the check sees imports at all
    assert sorted(m for m in loaded if m.startswith(("sqlalchemy", "bot.store"))) == []
    assert sorted(loaded & set(HEAVY)) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("bot.db")) == ["bot.db"]


def test_db_upgrade_on_an_up_to_date_database_says_so_without_loading_the_store(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path)
    first = cli("db", "upgrade", tmp_path=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    again = cli("db", "upgrade", tmp_path=tmp_path, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    assert again.returncode == 0, again.stderr[-2000:]
    # A new SQLite file's first upgrade creates the tables, and says so (session 13: it
    # said "up to date" while stderr said it had created a new, empty database).
    assert first.stdout.startswith("Database tables created (schema revision ")
    assert again.stdout == "Database is up to date.\n"
    loaded = {line.rsplit("|", 1)[1].strip() for line in again.stderr.splitlines() if "|" in line}
    assert "bot.cli.quick" in loaded  # the check sees imports at all
    assert sorted(m for m in loaded if m.startswith(("sqlalchemy", "bot.store"))) == []
    assert sorted(loaded & set(HEAVY)) == []
