"""Apply Alembic migrations from inside the package (no alembic.ini needed).

Every command opens the store and so "upgrades" it; on a database already at the newest
schema that is one query, and Alembic (a quarter of a second to import) is not loaded.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

# The package's migrations, next to this file. Not `importlib.resources.files`: it
# imports zipfile and tempfile (~1.5% of every command's start) to find a folder.
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        # configparser treats % as interpolation: escape it (URLs may carry %3D in options).
        cfg.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return cfg


@lru_cache(maxsize=1)
def revisions() -> tuple[str, ...]:
    """Every migration's revision, oldest first: migrations are named `NNNN_what.py` with
    revision "NNNN" (tests/test_store.py checks that Alembic agrees)."""
    versions = MIGRATIONS / "versions"
    return tuple(sorted(p.name[:4] for p in versions.iterdir() if p.name[:4].isdigit()))


def head_revision() -> str:
    """The newest migration's revision."""
    return revisions()[-1]


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None (a new database, or not one of ours)."""
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None
    return str(found) if found else None


def revision_at(url: str) -> str | None:
    """The schema revision of the database at `url` before anything opens it for good
    (`db upgrade` says what it upgraded from); None when it is new, empty or cannot be
    opened."""
    from bot.store.base import make_engine

    try:
        engine = make_engine(url)
    except (SQLAlchemyError, ValueError):
        return None
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


# The PostgreSQL advisory lock migrations take: processes started together on a new
# database (two `layoffbot run` of one deployment) each saw no schema and created the
# tables at once; all but one stopped on "duplicate key ... pg_type_typname_nsp_index".
MIGRATION_LOCK = 0x6C62_6D69_6772_6174  # "lbmigrat"


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema. Safe to run on every start, and from
    several processes at once: on PostgreSQL they take turns (an advisory lock held by
    the migrating transaction) and each later one finds the schema already there. SQLite
    needs no lock: the migration's BEGIN IMMEDIATE makes the others wait."""
    current = current_revision(engine)
    if current == head_revision():
        return
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            found = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
            if found is not None:
                current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            _migrate(engine, conn, None if current is None else str(current))
        return
    with engine.begin() as conn:
        _migrate(engine, conn, current)


def _migrate(engine: Engine, conn: Connection, current: str | None) -> None:
    """Run the migrations from `current` to the head inside `conn`'s transaction."""
    if current == head_revision():
        return
    if current is not None and current not in revisions():
        # Alembic's "Can't locate revision" left the operator to guess: typically a newer
        # layoffbot upgraded this database, then an older one was started on it.
        raise StoreError(
            f"its schema is at revision {current}, which this layoffbot does not know (it"
            f" knows up to {head_revision()}): a newer layoffbot upgraded it. Run that"
            " version, or a backup of the database made before the upgrade."
        )
    from alembic import command

    cfg = alembic_config(engine)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
