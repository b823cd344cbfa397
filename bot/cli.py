"""The `layoffbot` command: the composition root.

This is the one place that wires feeds/, the core and adapters/ together; it holds no
logic of its own beyond turning options into calls and results into terminal output.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from bot.config import Settings, load_settings
from bot.errors import AdapterStartError, ConfigError, FeedError
from bot.store import Store

if TYPE_CHECKING:
    from bot.models import Feed, Story
    from bot.pipeline import Pipeline
    from bot.ports import Summarizer, Tagger
    from feeds.fetch import Fetcher
    from feeds.parse import ParsedFeed
    from feeds.poller import FeedOutcome, Poller

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

# Never wrapped: a wrapped URL cannot be copied (`why <link>`), and piped output is read
# by programs. Tables get room instead of being squeezed into 80 columns.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
log = logging.getLogger("bot.cli")
T = TypeVar("T")
ADAPTER_STOP_SECONDS = 3.0


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        err.print(f"[red]layoffbot: {exc}[/red]")
        raise typer.Exit(2) from None


def _configure_logs(settings: Settings, level: str | None = None) -> None:
    from bot.logs import configure

    configure(
        level or settings.log_level,
        settings.log_format,
        secrets=[
            s
            for s in (
                settings.slack_bot_token,
                settings.slack_app_token,
                settings.slack_signing_secret,
                settings.discord_token,
                settings.llm_api_key,
            )
            if s
        ],
    )


def _open_store(settings: Settings) -> Store:
    created = _check_new_database(settings)
    try:
        store = Store.open(settings.database_url)
    except Exception as exc:
        err.print(f"[red]layoffbot: cannot open the database ({type(exc).__name__}): {exc}[/red]")
        raise typer.Exit(2) from None
    if created is not None:
        err.print(
            f"layoffbot: created a new, empty database at {created.resolve()} "
            "(LAYOFFBOT_DATABASE_URL names another).",
            markup=False,
            highlight=False,
        )
    # Whether this database gets the default feeds is decided once, by the command that
    # creates it: a database made with LAYOFFBOT_DEFAULT_FEEDS=false must not get them
    # from a later command run without that variable. (A database from before the decision
    # was recorded gets them only if it has no feeds at all.)
    decided_now = store.claim_once("default_feeds_seeded")
    if decided_now and settings.default_feeds and not store.list_feeds():
        from feeds.sources import DEFAULT_FEEDS

        for source in DEFAULT_FEEDS:
            store.add_feed(source.url, source.name)
            store.mark_primed(source.url)  # the defaults announce from the first poll
    return store


def _check_new_database(settings: Settings) -> Path | None:
    """A mistyped SQLite path must not quietly become a second, empty database: a folder
    that does not exist is refused (the default one is made), and a new file is
    announced. Returns the path of a database about to be created."""
    from bot.config import DEFAULT_DATABASE_URL

    path = settings.sqlite_path
    if path is None or path.exists():
        return None
    if not path.parent.exists() and settings.database_url != DEFAULT_DATABASE_URL:
        err.print(
            f"layoffbot: the folder of the database {path} does not exist. Check "
            "LAYOFFBOT_DATABASE_URL, or create the folder first.",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(2)
    return path


def _summarizer_and_tagger(settings: Settings) -> tuple[Summarizer, Tagger]:
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger

    if settings.llm_url and settings.llm_model:
        from bot.llm import with_summary_and_tags
        from feeds.llm_http import HttpxChatTransport

        return with_summary_and_tags(
            settings.llm_url,
            settings.llm_model,
            settings.llm_api_key,
            settings.llm_timeout_seconds,
            HttpxChatTransport(),
        )
    return ExtractiveSummarizer(), RuleTagger()


def _pipeline(
    settings: Settings,
    store: Store,
    on_new_stories: Callable[[list[Story]], None] | None = None,
) -> Pipeline:
    """The one ingest pipeline of every command that stores news (run, poll, tag).

    Whoever ingests plans the alerts of the stories it creates, as the running bot does;
    the outbox delivers them from whichever process runs the adapters. `on_new_stories`
    is called after that (the console prints new stories).
    """
    from bot.alerts import plan_alerts
    from bot.pipeline import Pipeline
    from bot.timeutil import utcnow

    def announce(stories: list[Story]) -> None:
        plan_alerts(store, stories, utcnow())
        if on_new_stories is not None:
            on_new_stories(stories)

    summarizer, tagger = _summarizer_and_tagger(settings)
    return Pipeline(
        store,
        summarizer,
        tagger,
        on_new_stories=announce,
        announce_max_age=timedelta(days=settings.announce_max_age_days),
    )


@contextmanager
def _parse_worker() -> Iterator[None]:
    from feeds.parse import shutdown_worker

    try:
        yield
    finally:
        shutdown_worker()


def _print_table(table: Table) -> None:
    """On a terminal, its width; elsewhere (a pipe, a file) wide enough to stay readable."""
    if out.is_terminal:
        out.print(table)
    else:
        Console(width=int(os.environ.get("COLUMNS", "0") or 0) or 200).print(table)


# --------------------------------------------------------------------------- tag
@app.command()
def tag(
    feed: Annotated[str, typer.Argument(help="A feed file path or an http(s) URL")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl or table")] = "jsonl",
) -> None:
    """Run the ingest pipeline on every item of FEED (storing them) and print the tags."""
    if format not in ("jsonl", "table"):
        err.print("[red]--format must be jsonl or table[/red]")
        raise typer.Exit(2)
    settings = _settings()
    _configure_logs(settings, "WARNING")
    store = _open_store(settings)
    pipeline = _pipeline(settings, store)
    with _parse_worker():
        try:
            parsed = asyncio.run(_load_feed(feed, settings))
        except (FeedError, OSError) as exc:
            err.print(f"[red]layoffbot: {feed}: {exc}[/red]")
            raise typer.Exit(1) from None
    result = pipeline.ingest(parsed.items, feed_id=None, report_known=True)
    if format == "jsonl":
        for it in result.items:
            record = {
                "link": it.article.link,
                "title": it.article.title,
                "summary": it.summary,
                **it.tags.to_json(),
                "story": it.story_key,
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    table = Table("kind", "AI", "company", "jobs", "%", "functions", "story", "title")
    for it in result.items:
        t = it.tags
        table.add_row(
            t.kind.value,
            "yes" if t.ai_cause else "",
            ", ".join(t.companies),
            str(t.headcount) if t.headcount is not None else (t.headcount_text or ""),
            f"{t.percent:g}" if t.percent is not None else "",
            ", ".join(t.functions),
            it.story_key or "",
            it.article.title[:80],
        )
    _print_table(table)


async def _load_feed(source: str, settings: Settings) -> ParsedFeed:
    from feeds.fetch import Fetcher
    from feeds.parse import parse_feed

    if source.startswith(("http://", "https://")):
        async with Fetcher(
            allow_private_addresses=settings.allow_private_addresses,
            timeout=settings.fetch_timeout_seconds,
        ) as fetcher:
            result = await fetcher.fetch(source)
        return await parse_feed(result.body, result.headers, result.final_url)
    path = Path(source)
    body = path.read_bytes()
    return await parse_feed(body, {}, path.resolve().as_uri())


# -------------------------------------------------------------------------- eval
@app.command("eval")
def eval_(
    labels: Annotated[Path, typer.Argument(help="A labelled JSON-lines set (shared/spec)")],
    errors: Annotated[bool, typer.Option("--errors", help="List the items judged wrong")] = False,
    database: Annotated[
        str | None,
        typer.Option("--database", help="Database URL to store into (default: a fresh temp one)"),
    ] = None,
    minimum: Annotated[
        list[str] | None, typer.Option("--min", metavar="NAME=VALUE", help="Fail below VALUE")
    ] = None,
    maximum: Annotated[
        list[str] | None, typer.Option("--max", metavar="NAME=VALUE", help="Fail above VALUE")
    ] = None,
) -> None:
    """Run the ingest pipeline on a labelled set and print the shared scorer's metrics."""
    import tempfile

    from bot import eval as scoring
    from bot.pipeline import Pipeline

    try:
        records = scoring.load_labels(labels)
        low, high = scoring.parse_bounds(minimum or []), scoring.parse_bounds(maximum or [])
    except (scoring.LabelsError, ValueError) as exc:
        err.print(f"layoffbot eval: {exc}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    settings = _settings()
    _configure_logs(settings, "WARNING")
    with tempfile.TemporaryDirectory(prefix="layoffbot-eval-") as tmp:
        try:
            store = Store.open(database or f"sqlite:///{tmp}/eval.db")
        except Exception as exc:
            err.print(
                f"[red]layoffbot: cannot open the database ({type(exc).__name__}): {exc}[/red]"
            )
            raise typer.Exit(2) from None
        summarizer, tagger = _summarizer_and_tagger(settings)
        pipeline = Pipeline(store, summarizer, tagger, announce_max_age=None)
        try:
            predictions = scoring.predict(pipeline, records)
        finally:
            store.close()
    metrics, rows = scoring.score(records, predictions)
    lines = scoring.report(metrics)
    failed = scoring.check_bounds(metrics, low, high)
    if failed:
        lines[-1] += " FAILS " + "; ".join(failed)
    if errors:
        lines[-1:-1] = scoring.errors(rows)
    sys.stdout.write("\n".join(lines) + "\n")
    if failed:
        raise typer.Exit(1)


# -------------------------------------------------------------------------- poll
@app.command()
def poll(
    once: Annotated[
        bool, typer.Option("--once/--loop", help="Poll once and exit, or keep polling")
    ] = True,
    all_feeds: Annotated[bool, typer.Option("--all", help="Poll every feed, due or not")] = False,
) -> None:
    """Poll due feeds now and print, per feed, new items, not-modified, or the error."""
    settings = _settings()
    _configure_logs(settings, "WARNING")
    store = _open_store(settings)
    if all_feeds:
        store.force_all_due()
    with _parse_worker():
        while True:
            outcomes = asyncio.run(_poll_once(settings, store))
            for o in outcomes:
                style = {"new": "green", "not_modified": "dim", "error": "red", "disabled": "red"}
                out.print(f"[{style[o.status]}]{o.name}[/]: {o.describe()}  [dim]{o.url}[/dim]")
            if not outcomes:
                out.print("No feed is due. (Use --all to poll every feed now.)")
            if once:
                return
            import time

            time.sleep(settings.poll_interval_minutes * 60)


def _fetcher(settings: Settings) -> Fetcher:
    from feeds.fetch import Fetcher

    return Fetcher(
        allow_private_addresses=settings.allow_private_addresses,
        timeout=settings.fetch_timeout_seconds,
        concurrency=settings.poll_concurrency,
    )


def _poller(
    settings: Settings,
    store: Store,
    pipeline: Pipeline,
    fetcher: Fetcher,
    on_problem: Callable[[Feed, str], None] | None = None,
) -> Poller:
    from feeds.poller import Poller

    return Poller(
        store,
        pipeline,
        fetcher,
        interval=timedelta(minutes=settings.poll_interval_minutes),
        on_problem=on_problem,
    )


async def _poll_once(settings: Settings, store: Store) -> list[FeedOutcome]:
    async with _fetcher(settings) as fetcher:
        poller = _poller(settings, store, _pipeline(settings, store), fetcher)
        due = len(store.due_feeds(poller.clock()))
        if due and sys.stdout.isatty():
            with Progress(console=err, transient=True) as progress:
                task = progress.add_task("Polling feeds", total=due)
                return list(await poller.poll_due(progress=lambda _o: progress.advance(task)))
        return list(await poller.poll_due())


# ------------------------------------------------------------------------- feeds
@feeds_app.command("list")
def feeds_list() -> None:
    """List the feeds with their health."""
    settings = _settings()
    store = _open_store(settings)
    table = Table("name", "url", "last success", "status")
    for f in store.list_feeds():
        status = (
            f"disabled: {f.disabled_reason}"
            if f.disabled
            else (f"failing ({f.error_count}): {f.last_error}" if f.error_count else "ok")
        )
        where = f" [{f.workspace}]" if f.workspace else ""
        table.add_row(
            f.name + where,
            f.url,
            f.last_success.strftime("%Y-%m-%d %H:%M") if f.last_success else "never",
            status,
        )
    _print_table(table)


class CheckingFeedService:
    """The FeedService of one-shot commands (`feeds add`, `feeds import`, `ask`).

    It is the poller's own `add_feed`, the one the running bot's `/layoffs feeds add`
    uses: fetch and parse once, refuse what is not a working feed, store the current items
    without announcing them. So a feed is checked the same way wherever it is added. The
    fetcher and pipeline are built per call, so a command that adds no feed (most `ask`
    runs) never pays for them.
    """

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store

    async def add_feed(self, url: str, *, workspace: str = "", name: str | None = None) -> Feed:
        (result,) = await self.add_feeds([(url, name)], workspace=workspace)
        if isinstance(result, FeedError):
            raise result
        return result

    async def add_feeds(
        self, sources: list[tuple[str, str | None]], *, workspace: str = ""
    ) -> list[Feed | FeedError]:
        """Check and add each (url, name), concurrently; a failure is returned in its place."""
        async with _fetcher(self.settings) as fetcher:
            poller = _poller(
                self.settings, self.store, _pipeline(self.settings, self.store), fetcher
            )

            async def one(url: str, name: str | None) -> Feed | FeedError:
                try:
                    return await poller.add_feed(url, workspace=workspace, name=name)
                except FeedError as exc:
                    return exc

            return list(await asyncio.gather(*(one(url, name) for url, name in sources)))


def _say(console: Console, text: str, style: str | None = None) -> None:
    """One line, as is: URLs and feed names are not markup, and are never wrapped."""
    console.print(text, style=style, markup=False, highlight=False, soft_wrap=True)


@feeds_app.command("add")
def feeds_add(
    url: str, name: Annotated[str | None, typer.Option(help="A display name")] = None
) -> None:
    """Check a feed (fetch and parse it) and add it to the global list; its current items
    are stored without announcing them. Named after the feed's title unless --name is given."""
    from feeds.fetch import validate_feed_url

    settings = _settings()
    store = _open_store(settings)
    try:
        url = validate_feed_url(url)
    except FeedError as exc:
        _say(err, f"layoffbot: cannot add the feed: {exc}", "red")
        raise typer.Exit(1) from None
    existing = next((f for f in store.feeds_with_url(url) if not f.workspace), None)
    if existing is not None and not existing.disabled:
        _say(out, f"Already there: {existing.name} ({existing.url})")
        return
    with _parse_worker():
        (result,) = asyncio.run(CheckingFeedService(settings, store).add_feeds([(url, name)]))
    if isinstance(result, FeedError):
        _say(err, f"layoffbot: cannot add {url}: {result}", "red")
        raise typer.Exit(1)
    _say(out, ("Enabled again: " if existing else "Added ") + f"{result.name} ({result.url})")


@feeds_app.command("enable")
def feeds_enable(url: str) -> None:
    """Poll a disabled feed of the global list again: its errors forgotten, due at once."""
    store = _open_store(_settings())
    url = url.strip()
    enabled = store.enable_feed(url)
    if enabled is None:
        elsewhere = sorted({f.workspace for f in store.feeds_with_url(url) if f.workspace})
        hint = (
            f" (it is in the list of {', '.join(elsewhere)}: a manager there runs "
            "/layoffs feeds enable)"
            if elsewhere
            else ""
        )
        _say(err, f"No such feed in the global list: {url}{hint}", "red")
        raise typer.Exit(1)
    feed, was_disabled = enabled
    if not was_disabled:
        _say(err, f"{feed.name} ({feed.url}) is not disabled; nothing to do.", "red")
        raise typer.Exit(1)
    _say(out, f"Enabled {feed.name} ({feed.url}); it is polled at the next cycle.")


@feeds_app.command("remove")
def feeds_remove(url: str) -> None:
    """Remove a feed from the global list."""
    store = _open_store(_settings())
    if store.remove_feed(url):
        out.print(f"Removed {url}")
    else:
        err.print(f"[red]No such feed: {url}[/red]")
        raise typer.Exit(1)


@feeds_app.command("import")
def feeds_import(opml: Path) -> None:
    """Add every feed of an OPML file, each checked as `feeds add` checks it (fetched and
    parsed); feeds that do not work are skipped with the reason, feeds already in the list
    are left as they are."""
    from feeds.sources import from_opml

    settings = _settings()
    store = _open_store(settings)
    try:
        sources = from_opml(opml.read_bytes())
    except (OSError, ValueError) as exc:
        _say(err, f"{opml}: {exc}", "red")
        raise typer.Exit(1) from None
    known = {f.url for f in store.list_feeds("")}
    new = [s for s in sources if s.url not in known]
    results: list[Feed | FeedError] = []
    if new:
        _say(err, f"Checking {len(new)} feed(s)...", "dim")
        with _parse_worker():
            results = asyncio.run(
                CheckingFeedService(settings, store).add_feeds(
                    [(s.url, s.name if s.name != s.url else None) for s in new]
                )
            )
    added = 0
    for source, result in zip(new, results, strict=True):
        if isinstance(result, FeedError):
            _say(err, f"skipped {source.url}: {result}", "yellow")
        else:
            added += 1
    out.print(f"Imported {added} new feed(s) of {len(sources)}.")


@feeds_app.command("export")
def feeds_export() -> None:
    """Print the global feed list as OPML."""
    from feeds.sources import FeedSource, to_opml

    store = _open_store(_settings())
    sys.stdout.write(to_opml([FeedSource(f.name, f.url) for f in store.list_feeds("")]))


# --------------------------------------------------------------------------- run
@app.command()
def run(
    console: Annotated[
        bool | None,
        typer.Option(
            "--console/--no-console",
            help="Force the terminal adapter on or off (default: on when no platform is set)",
        ),
    ] = None,
) -> None:
    """Run the bot: polling, digests, alerts, and every adapter whose credentials are set."""
    settings = _settings()
    if settings.slack_problem is not None:
        err.print(
            f"layoffbot: {settings.slack_problem}", markup=False, highlight=False, soft_wrap=True
        )
        raise typer.Exit(2)
    use_console = (
        console
        if console is not None
        else (
            settings.console
            if settings.console is not None
            else not (settings.slack_enabled or settings.discord_enabled)
        )
    )
    # A prompt drowned in log lines is useless: the console prints feed problems itself.
    quiet = use_console and "LAYOFFBOT_LOG_LEVEL" not in os.environ
    _configure_logs(settings, "ERROR" if quiet else None)
    store = _open_store(settings)
    store.reset_error_reports()
    with _parse_worker():
        try:
            asyncio.run(_run(settings, store, use_console))
        except AdapterStartError as exc:
            err.print(f"layoffbot: {exc}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
    out.print("layoffbot stopped.")


async def _until_stopped(work: Awaitable[T], stop: asyncio.Event) -> tuple[bool, T | None]:
    """Run `work` unless `stop` is set first, in which case it is cancelled.

    Adapters connect to the network when they start; a SIGTERM must not wait for that.
    Returns (finished, result); exceptions of `work` propagate.
    """
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if task.done():
        return True, task.result()
    task.cancel()
    with suppress(asyncio.CancelledError, Exception):
        await task
    return False, None


def _install_stop_signals(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """The first SIGINT/SIGTERM asks for a clean stop; a second one ends the process now
    (for when a clean stop hangs: a database or a platform that does not answer)."""
    import signal

    def on_signal(signum: int) -> None:
        if not stop.is_set():
            stop.set()
            return
        sys.stderr.write("layoffbot: stopping now, without waiting.\n")
        sys.stderr.flush()
        os._exit(128 + signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal, int(sig))


async def _run(settings: Settings, store: Store, use_console: bool) -> None:
    import socket

    from adapters.console import CONSOLE_CHANNEL, CONSOLE_WORKSPACE, ConsoleAdapter
    from bot.app import App
    from bot.models import Target
    from bot.outbox import Dispatcher
    from bot.ports import ChatAdapter
    from bot.timeutil import utcnow
    from feeds.scheduler import Scheduler

    stop = asyncio.Event()
    _install_stop_signals(asyncio.get_running_loop(), stop)
    adapters: list[ChatAdapter] = []
    owns_guild = None
    if settings.slack_enabled:
        from adapters.slack import SlackAdapter

        adapters.append(
            SlackAdapter(
                settings.slack_bot_token or "",
                app_token=settings.slack_app_token,
                signing_secret=settings.slack_signing_secret,
                port=settings.slack_port,
                api_url=settings.slack_api_url,
                managers=settings.manager_ids,
            )
        )
    if settings.discord_enabled:
        from adapters.discord import DiscordAdapter

        discord_adapter = DiscordAdapter(
            settings.discord_token or "",
            api_url=settings.discord_api_url,
            guild_ids=settings.guild_ids or None,
            shard_count=settings.discord_shard_count,
            shard_ids=settings.shard_ids,
        )
        adapters.append(discord_adapter)
        if settings.shard_ids is not None:
            owns_guild = discord_adapter.owns_guild
    console: ConsoleAdapter | None = None
    if use_console:
        console = ConsoleAdapter(chart_dir=settings.chart_directory)
        adapters.append(console)
        if store.get_digest("console", CONSOLE_CHANNEL) is None:
            store.set_digest(
                platform="console",
                workspace_id=CONSOLE_WORKSPACE,
                channel_id=CONSOLE_CHANNEL,
                now=utcnow(),
                updated_by="console",
                enabled=True,
                time=settings.digest_time,
                timezone=settings.digest_timezone,
            )

    def should_deliver(target: Target) -> bool:
        if owns_guild is None or target.platform != "discord" or not target.workspace_id:
            return True
        return bool(owns_guild(int(target.workspace_id)))

    dispatcher = Dispatcher(
        store,
        {a.name: a for a in adapters},
        worker_id=f"{socket.gethostname()}:{os.getpid()}",
        should_deliver=should_deliver,
    )

    def print_new_stories(stories: list[Story]) -> None:
        if console is not None:
            for story in stories:
                console.story_found(story)

    pipeline = _pipeline(settings, store, print_new_stories)
    async with _fetcher(settings) as fetcher:
        poller = _poller(
            settings,
            store,
            pipeline,
            fetcher,
            on_problem=console.feed_problem if console is not None else None,
        )
        scheduler = Scheduler(
            store,
            poll=poller.poll_due,
            dispatcher=dispatcher,
            poll_interval_minutes=settings.poll_interval_minutes,
        )
        application = App(store, settings, poller, kick_outbox=scheduler.kick)
        started: list[ChatAdapter] = []
        try:
            for adapter in adapters:
                finished, _ = await _until_stopped(adapter.start(application), stop)
                if not finished:
                    return
                started.append(adapter)
            await scheduler.start()
            names = ", ".join(a.name for a in adapters)
            if not store.has_items():
                out.print(
                    "The database has no news yet: the first poll is starting; new stories "
                    "are shown as feeds are read."
                )
            out.print(
                f"layoffbot running ({names}); polling {len(store.list_feeds())} feeds "
                f"every {settings.poll_interval_minutes} min. Ctrl-C to stop."
            )
            waiters = [asyncio.create_task(stop.wait())]
            if console is not None:
                waiters.append(asyncio.create_task(console.closed.wait()))
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
        finally:
            await scheduler.stop()
            for adapter in reversed(started):
                try:
                    await asyncio.wait_for(adapter.stop(), ADAPTER_STOP_SECONDS)
                except TimeoutError:
                    log.warning("event=adapter_stop_timeout adapter=%s", adapter.name)
                except Exception:
                    log.exception("event=adapter_stop_failed adapter=%s", adapter.name)


# --------------------------------------------------------------------------- ask
@app.command()
def ask(
    command: Annotated[str, typer.Argument(help='A command, e.g. "/layoffs tiktok"')],
) -> None:
    """Run one /layoffs command against the database and print the reply."""
    from adapters.console import CONSOLE_CHANNEL, CONSOLE_WORKSPACE
    from bot.app import App
    from bot.models import Command
    from bot.render import to_text

    settings = _settings()
    _configure_logs(settings, "WARNING")
    store = _open_store(settings)
    kicked = threading.Event()  # the command enqueued something for the outbox
    reply = asyncio.run(
        App(store, settings, CheckingFeedService(settings, store), kick_outbox=kicked.set).handle(
            Command(
                text=command,
                platform="console",
                user_id="console",
                channel_id=CONSOLE_CHANNEL,
                workspace_id=CONSOLE_WORKSPACE,
                is_manager=True,
            )
        )
    )
    out.print(to_text(reply), markup=False, highlight=False)
    if kicked.is_set():
        # This terminal is the console channel: what was just planned for it (a digest)
        # is printed here and marked sent, as the running bot's console would.
        asyncio.run(_deliver_to_terminal(store, settings.chart_directory))
    if reply.image is not None:
        path = settings.chart_directory / reply.image.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(reply.image.data)
        out.print(f"(chart saved to {path})")
    if reply.is_error:
        raise typer.Exit(1)


async def _deliver_to_terminal(store: Store, chart_dir: Path) -> None:
    import socket

    from adapters.console import ConsoleAdapter
    from bot.outbox import Dispatcher

    console = ConsoleAdapter(interactive=False, chart_dir=chart_dir)
    await Dispatcher(
        store, {console.name: console}, worker_id=f"{socket.gethostname()}:{os.getpid()}:ask"
    ).run_once()


# ------------------------------------------------------------------------ discord
@discord_app.command("invite")
def discord_invite(
    client_id: Annotated[
        str | None,
        typer.Option(help="The application id (default: read with DISCORD_TOKEN)"),
    ] = None,
) -> None:
    """Print the link that adds the bot to a server, with exactly the permissions it needs."""
    from adapters.discord.invite import invite_url, parse_application_id

    if client_id is None:
        settings = _settings()
        if not settings.discord_token:
            _discord_error("Pass --client-id (the application id) or set DISCORD_TOKEN.")
        client_id = _application_id_from_token(settings.discord_token)
    else:
        try:
            client_id = parse_application_id(client_id)
        except ValueError as exc:
            _discord_error(f"--client-id: {exc}.")
    out.print(invite_url(client_id), markup=False, highlight=False, soft_wrap=True)


def _discord_error(message: str, code: int = 2) -> NoReturn:
    """One unwrapped red line on stderr (user text is not read as markup), then exit."""
    err.print(f"layoffbot: {message}", style="red", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _application_id_from_token(token: str) -> str:
    """A bot token starts with the base64 of its user id, which is the application id."""
    import base64
    import binascii

    from adapters.discord.invite import parse_application_id

    head = token.strip().split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=True)
        return parse_application_id(decoded.decode("ascii"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        _discord_error(
            "DISCORD_TOKEN does not look like a bot token (its first part is not a base64 "
            "application id); pass --client-id, the Application ID from General Information "
            "at https://discord.com/developers/applications."
        )


# ---------------------------------------------------------------------------- db
@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (also done at every start)."""
    settings = _settings()
    _open_store(settings)
    out.print("Database is up to date.")


def main() -> None:
    app()
