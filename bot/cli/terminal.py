"""What every `layoffbot` command shares: the Typer apps, the two consoles, settings,
logs and the store as a person at a terminal meets them (one clear line on a mistake)."""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from bot.cli.quick import DEFAULT_FEEDS_CLAIM
from bot.collector import collect_less_often
from bot.config import Settings, ignored_settings, load_settings
from bot.controls import drop_controls
from bot.database_url import url_secrets
from bot.errors import ConfigError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from bot.store import Store

app = typer.Typer(
    help="layoffbot: AI-driven layoffs news for Slack, Discord and the terminal.",
    no_args_is_help=True,
    add_completion=False,
)
feeds_app = typer.Typer(help="Manage the global feed list.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
discord_app = typer.Typer(help="Discord helpers.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")
app.add_typer(db_app, name="db")
app.add_typer(discord_app, name="discord")


class StdoutClosed(BrokenPipeError):
    """Standard output's reader went away (`layoffbot ... | head`): the command ends
    quietly with the status of a Unix tool killed by SIGPIPE (`bot.cli.main`). Without an
    errno, so Typer's own closed-pipe handling (exit 1) lets it through; a
    BrokenPipeError, so an adapter printing to stdout can tell it from a failure."""


def _console(**options: Any) -> Console:
    """rich's console, ending on a closed pipe as every command does (rich exited 1)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise StdoutClosed()

    return _Console(**options)


class Stream:
    """Standard output or error as the commands print to it. A plain line is written as
    is; rich (its console, markup, colours, tables) is imported only for output that is
    styled: an error in red, a table, a progress bar (~5% of a start otherwise)."""

    def __init__(self, *, stderr: bool = False) -> None:
        self.stderr = stderr
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            # Never wrapped: a wrapped URL cannot be copied (`why <link>`), and piped
            # output is read by programs. Tables get room instead of being squeezed.
            self._console = _console(stderr=self.stderr, soft_wrap=True)
        return self._console

    def print(self, *objects: Any, **options: Any) -> None:
        """rich's `Console.print`: markup, highlighting and styles."""
        self.console.print(*objects, **options)

    def line(self, text: str) -> None:
        """One line, as is (no markup, no emoji codes, never wrapped), flushed at once as
        rich does: a service's output is read line by line through a pipe."""
        stream = sys.stderr if self.stderr else sys.stdout
        # A plain line holds feed names and headlines (rich's Text drops only bell,
        # backspace, vertical tab, form feed and carriage return).
        stream.write(drop_controls(text) + "\n")
        stream.flush()


out = Stream()
err = Stream(stderr=True)


def say(stream: Stream, text: str, style: str | None = None) -> None:
    """One line, as is: URLs and feed names are not markup, and are never wrapped."""
    if style is None:
        stream.line(text)
    else:
        stream.print(text, style=style, markup=False, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """`layoffbot: message` on stderr, in red, then exit with `code`."""
    say(err, f"layoffbot: {message}", "red")
    raise typer.Exit(code)


def cell(text: str) -> str:
    """A table cell from stored text (a feed's name, a headline): no control characters,
    so rows stored before they were dropped at parse cannot command the terminal; and no
    rich markup: a workspace shown as `[console:local]` or a title with `[/b]` is text, not
    a style (swallowed) or a closing tag (an error)."""
    from rich.markup import escape

    return escape(drop_controls(text))


def print_table(table: Table) -> None:
    """On a terminal, its width; elsewhere (a pipe, a file) wide enough to stay readable."""
    if out.console.is_terminal:
        out.print(table)
    else:
        _console(width=int(os.environ.get("COLUMNS", "0") or 0) or 200).print(table)


def settings_or_exit() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as exc:
        fail(str(exc))
    for note in [*ignored_settings(settings), *unused_settings(settings)]:
        say(err, f"layoffbot: {note}.")
    return settings


def unused_settings(settings: Settings) -> list[str]:
    """Settings given without the one they go with, so not used: LAYOFFBOT_LLM_API_KEY
    alone was ignored in silence while the user believed a model judged the news (the
    URL and the model without each other stop the start: bot.config.load_settings)."""
    if settings.llm_api_key and not settings.llm_url:
        return [
            "LAYOFFBOT_LLM_API_KEY is set, but LAYOFFBOT_LLM_URL is not: the key is"
            " ignored and news is judged by the rules alone (set LAYOFFBOT_LLM_URL and"
            " LAYOFFBOT_LLM_MODEL to use a model; see docs/llm.md)"
        ]
    return []


def configure_logs(settings: Settings, level: str | None = None) -> None:
    from bot.logs import configure

    secrets = (
        settings.slack_bot_token,
        settings.slack_app_token,
        settings.slack_signing_secret,
        settings.discord_token,
        settings.llm_api_key,
        *url_secrets(settings.database_url),
    )
    configure(level or settings.log_level, settings.log_format, secrets=[s for s in secrets if s])


def open_store(settings: Settings) -> Store:
    """The store, migrated; the operator's default feeds decided on its first opening."""
    Store = store_class()
    created = _check_new_database(settings)
    try:
        store = Store.open(settings.database_url)
    except Exception as exc:
        from bot.logs import redact

        reason = redact(str(exc), url_secrets(settings.database_url))
        hint = _open_hint(reason, settings.database_url) or _unwritable(settings.sqlite_path)
        fail(f"cannot open the database ({type(exc).__name__}): {reason}{hint}")
    if created is not None:
        say(err, _created_note(created, settings))
    store.claim_once(DEFAULT_FEEDS_CLAIM, then=lambda: _seed_default_feeds(store, settings))
    _opened.append(store)
    return store


def _seed_default_feeds(store: Store, settings: Settings) -> None:
    """In the claim's transaction: a Ctrl-C between the claim and the feeds (the first
    `make run`'s `db upgrade` interrupted) left a database that had decided its default
    feeds and held none of them."""
    from feeds.sources import DEFAULT_FEEDS

    store.seed_default_feeds(
        [(s.url, s.name) for s in DEFAULT_FEEDS] if settings.default_feeds else []
    )


def _created_note(created: Path, settings: Settings) -> str:
    """What a new database file is said as. "(LAYOFFBOT_DATABASE_URL names another)" read,
    when that setting had named this very file, as if it named some other database."""
    from bot.config import DEFAULT_DATABASE_URL

    said = f"layoffbot: created a new, empty database at {created.resolve()}"
    if settings.database_url == DEFAULT_DATABASE_URL:
        return f"{said} (set LAYOFFBOT_DATABASE_URL to use another)."
    return f"{said}, the file LAYOFFBOT_DATABASE_URL names (check that path if you meant one with data)."


def _open_hint(reason: str, url: str) -> str:
    """What to do about a database that cannot be opened, when the reason says."""
    missing = re.search(r'database "([^"]+)" does not exist', reason)
    if missing:
        return f"; create it first (createdb {missing.group(1)}, or CREATE DATABASE in psql)"
    schema = re.search(r"search_path(?:%3D|=)([A-Za-z0-9_]+)", url)
    if schema and "no schema has been selected" in reason:
        # A team's schema not created yet (trial): PostgreSQL's words named no schema.
        name = schema.group(1)
        return f"; the schema {name} (search_path) does not exist: CREATE SCHEMA {name} first"
    return ""


def database_hint(reason: str) -> str:
    """What to do about a database that failed under a running command, when the reason
    says: a full disk (SQLite's "database or disk is full", or "disk I/O error" for a
    write past the file size limit) is the operator's to fix."""
    if any(words in reason for words in ("disk is full", "No space left", "disk I/O error")):
        return "; free space on the disk that holds the database (or check it), then run it again"
    return ""


def _unwritable(path: Path | None) -> str:
    """A SQLite database on a read-only disk (or in a folder the bot may not write) is
    "unable to open database file": SQLite writes its -wal and -shm files beside it."""
    if path is None:
        return ""
    for place in (path, path.parent):
        if place.exists() and not os.access(place, os.W_OK):
            what = "the file" if place == path else "its folder"
            return (
                f"; {what} {place} is read-only here, and SQLite writes the database"
                " and its -wal and -shm files beside it: make it writable (or move it)"
            )
    return ""


_opened: list[Store] = []  # by open_store, for close_stores


def close_stores() -> None:
    """Close the stores this process opened: their connections, and on SQLite the last
    one's checkpoint of the WAL, which otherwise ran in the interpreter's teardown."""
    while _opened:
        _opened.pop().close()


def store_class() -> type[Store]:
    """`bot.store`, imported with SQLAlchemy. A command's start loads ~300 modules whose
    objects (modules, classes, functions, the tables) live until the process exits: `main`
    pauses the collector, so no collection walks them while they are created, and once the
    store is loaded they are frozen (moved out of the collector's generations) and
    collection resumes for what the command then does. Neither later collections nor the
    full one at exit walk them again: ~8% of the instructions of `ask help` and
    `poll --once`. In process (tests, `app` called directly) the collector is left alone."""
    from bot.store import Store

    collect_again()
    return Store


def collect_again() -> None:
    """Once a command has loaded what it uses: freeze it and resume collecting (see
    `store_class`), where `main` paused the collector, less often (bot/collector.py)."""
    if not gc.isenabled():
        collect_less_often()
        gc.enable()


def _check_new_database(settings: Settings) -> Path | None:
    """A mistyped SQLite path must not quietly become a second, empty database: a folder
    that does not exist is refused (the default one is made), and a new file is
    announced. Returns the path of a database about to be created."""
    from bot.config import DEFAULT_DATABASE_URL

    path = settings.sqlite_path
    if path is not None and path.is_dir():
        fail(
            f"the database {path} is a folder: LAYOFFBOT_DATABASE_URL names the database"
            f" file, e.g. sqlite:///{(path / 'layoffbot.db').as_posix()}"
        )
    if path is not None and path.is_file():
        from bot.cli.single import upgrade_refused
        from bot.store.migrate import head_revision

        if (refused := upgrade_refused(path, head_revision())) is not None:
            fail(refused)
    if path is None or path.exists():
        return None
    if not path.parent.exists() and settings.database_url != DEFAULT_DATABASE_URL:
        fail(
            f"the folder of the database {path} does not exist. Check "
            "LAYOFFBOT_DATABASE_URL, or create the folder first."
        )
    return path


@contextmanager
def parse_worker() -> Iterator[None]:
    """The feed parser's and the judges' worker processes, ended when the command is."""
    try:
        yield
    finally:
        # Only a command that parsed a feed has a worker (and had feeds.parse imported).
        parse = sys.modules.get("feeds.parse")
        if parse is not None:
            parse.shutdown_worker()
        judging = sys.modules.get("bot.judging")
        if judging is not None:
            judging.shutdown_judge_pool()
