"""`ask help` and `db upgrade` without SQLAlchemy, on a database opening would not change.

`ask` opens the store as every command does, and opening it may do something: create
and announce a new database, say what is wrong with a URL, migrate an older schema,
decide the default feeds once, and a command from a workspace the bot was removed from
brings that workspace back. `help` itself reads nothing, and `db upgrade` only says
that nothing was to be done. So on a SQLite database where none of that applies (the
file is there, its schema is the newest, the default feeds were decided, no workspace
is marked removed) their output is the same without loading SQLAlchemy and the store:
~60% of the command's start (`ask help` 1,170 M -> 512 M instructions). That is checked
with sqlite3 alone; anything else, or any error while checking, takes the ordinary way,
which says what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from bot.commands.context import Context
    from bot.config import Settings
    from bot.models import Message

# bot/store/migrations/versions, found without importing bot.store (and SQLAlchemy).
MIGRATIONS = Path(__file__).resolve().parents[1] / "store" / "migrations" / "versions"
# The one-time claim `open_store` makes for the default feeds (bot.store.feeds.claim_once).
DEFAULT_FEEDS_CLAIM = "default_feeds_seeded"
# The meta keys of removed workspaces: bot.store.tenants.REMOVED (tests/test_cli_quick.py).
REMOVED = "removed:"


def is_plain_help(text: str) -> bool:
    """`help` (or `?`, an empty command...) with no words after it: with words, it may
    be a company's lookup ("/layoffs Help Scout"), which reads the stories."""
    from bot.commands.parse import split
    from bot.errors import CommandError

    try:
        parsed = split(text)
    except CommandError:
        return False
    return parsed.spec.name == "help" and not parsed.words


def help_reply() -> Message:
    """The reply the command table gives to `help` (bot.commands.help)."""
    from adapters.console import CONSOLE_CHANNEL, CONSOLE_WORKSPACE
    from bot.commands.help import help_command
    from bot.commands.table import SPECS
    from bot.models import Command

    class _Table:
        specs = SPECS

        @staticmethod
        def manager_refusal(command: Command, what: str) -> None:
            return None  # the console's user runs the bot: a manager (`layoffbot ask`)

    # As `layoffbot ask` gives it (bot.cli.news): the help lists what its asker may run.
    command = Command(
        text="help",
        platform="console",
        user_id="console",
        channel_id=CONSOLE_CHANNEL,
        workspace_id=CONSOLE_WORKSPACE,
        is_manager=True,
    )
    return help_command(cast("Context", _Table()), command, {})


def opens_unchanged(settings: Settings) -> bool:
    """Whether opening the store would leave this database as it is and say nothing."""
    import sqlite3
    from contextlib import closing

    path = settings.sqlite_path
    url = settings.database_url
    if path is None or not url.startswith("sqlite:///") or "?" in url or not path.is_file():
        return False
    try:
        newest = max(p.name[:4] for p in MIGRATIONS.iterdir() if p.name[:4].isdigit())
        # mode=rw: never creates the file (it may have gone since `is_file`).
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)) as db:
            (revision,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
            ((claimed,),) = db.execute(
                "SELECT count(*) FROM meta WHERE key = ?", (DEFAULT_FEEDS_CLAIM,)
            ).fetchall()
            ((removed,),) = db.execute(
                "SELECT count(*) FROM meta WHERE key LIKE ?", (f"{REMOVED}%",)
            ).fetchall()
    except (sqlite3.Error, OSError, ValueError, TypeError):
        return False
    return bool(revision == newest and claimed == 1 and removed == 0)
