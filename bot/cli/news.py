"""The one-shot commands on news: `tag`, `eval`, `poll`, `ask`, `db upgrade`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.quick import help_reply, is_plain_help, opens_unchanged
from bot.cli.runtime import Runtime, build_runtime
from bot.cli.terminal import (
    StdoutClosed,
    app,
    cell,
    collect_again,
    configure_logs,
    database_hint,
    db_app,
    err,
    fail,
    open_store,
    out,
    parse_worker,
    print_table,
    say,
    settings_or_exit,
    store_class,
)
from bot.config import Settings
from bot.errors import FeedError, file_problem

if TYPE_CHECKING:
    from bot.cli.run import StopSignals
    from bot.eval import Record
    from bot.store import Store
    from feeds.outcome import FeedOutcome
    from feeds.parse import ParsedFeed


# --------------------------------------------------------------------------- tag
@app.command()
def tag(
    feed: Annotated[
        str, typer.Argument(help="A feed file path ('-': standard input) or an http(s) URL")
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl or table")] = "jsonl",
) -> None:
    """Run the ingest pipeline on every item of FEED (storing them) and print the tags."""
    import asyncio
    import json

    if format not in ("jsonl", "table"):
        fail("--format must be jsonl or table")
    settings = settings_or_exit()
    configure_logs(settings, "WARNING")
    runtime = build_runtime(settings, open_store(settings))
    with parse_worker():
        try:
            parsed = asyncio.run(_load_feed(feed, runtime))
        except FeedError as exc:
            fail(f"{feed}: {exc}", 1)
        except OSError as exc:
            fail(f"{feed}: {file_problem(exc)}", 1)
    if not parsed.items:  # a valid feed, but silence would look like a failure
        say(err, f"{feed}: the feed has no items; nothing to tag.", "yellow")
        return
    result = runtime.pipeline.ingest(parsed.items, feed_id=None, report_known=True)
    if runtime.alerts_planned:  # on stderr: stdout is the tags, for a program to read
        say(err, alerts_waiting(runtime.alerts_planned))
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
    from rich.table import Table

    table = Table("kind", "AI", "company", "jobs", "%", "functions", "story", "title")
    for it in result.items:
        t = it.tags
        table.add_row(
            t.kind.value,
            "yes" if t.ai_cause else "",
            cell(", ".join(t.companies)),
            str(t.headcount) if t.headcount is not None else (t.headcount_text or ""),
            f"{t.percent:g}" if t.percent is not None else "",
            ", ".join(t.functions),
            it.story_key or "",
            cell(it.article.title[:80]),
        )
    print_table(table)


async def _load_feed(source: str, runtime: Runtime) -> ParsedFeed:
    from bot.cli.infile import open_input
    from feeds.fetch import read_feed_file
    from feeds.parse import parse_feed

    if source.startswith(("http://", "https://")):
        async with runtime.fetcher() as fetcher:
            result = await fetcher.fetch(source)
        return await parse_feed(result.body, result.headers, result.final_url)
    with open_input(source) as file:  # '-' is standard input; a pipe waits for a writer
        body = read_feed_file(file)
    where = "file:///dev/stdin" if source == "-" else Path(source).resolve().as_uri()
    return await parse_feed(body, {}, where)


# -------------------------------------------------------------------------- eval
@app.command("eval")
def eval_(
    labels: Annotated[
        str,
        typer.Argument(help="A labelled JSON-lines set (shared/spec; '-': standard input)"),
    ],
    errors: Annotated[bool, typer.Option("--errors", help="List the items judged wrong")] = False,
    show_cases: Annotated[
        bool, typer.Option("--cases", help="Say how many labelled cases each metric rests on")
    ] = False,
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
        records = _read_labels(labels)
        low, high = scoring.parse_bounds(minimum or []), scoring.parse_bounds(maximum or [])
    except (scoring.LabelsError, ValueError) as exc:
        say(err, f"layoffbot eval: {exc}")
        raise typer.Exit(2) from None
    settings = settings_or_exit()
    configure_logs(settings, "WARNING")
    Store = store_class()
    with tempfile.TemporaryDirectory(prefix="layoffbot-eval-") as tmp:
        try:
            store = Store.open(database or f"sqlite:///{tmp}/eval.db")
        except Exception as exc:
            fail(f"cannot open the database ({type(exc).__name__}): {exc}")
        # Labelled sets are old news: judged and clustered as the bot would, all announced.
        summarizer, tagger = build_runtime(settings, store).judges()
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
        lines[-1:-1] = [*scoring.errors(rows), *scoring.story_errors(rows)]
    if show_cases:
        lines[-1:-1] = scoring.cases(rows)
    sys.stdout.write("\n".join(lines) + "\n")
    if failed:
        raise typer.Exit(1)


def _read_labels(name: str) -> list[Record]:
    """The labelled set named on the command line, read as `tag` reads a feed: '-' is
    standard input, a named pipe waits for its writer (it hung with none, and '-' was
    looked for as a file: trial 17b's leftovers)."""
    from bot import eval as scoring
    from bot.cli.infile import open_input

    shown = "standard input" if name == "-" else name
    try:
        with open_input(name, what="the labelled set") as file:
            data = file.read()
    except OSError as exc:
        raise scoring.LabelsError(f"{shown}: {file_problem(exc)}") from None
    return scoring.labels_in(data, shown)


# -------------------------------------------------------------------------- poll
@app.command()
def poll(
    once: Annotated[
        bool, typer.Option("--once/--loop", help="Poll once and exit, or keep polling")
    ] = True,
    all_feeds: Annotated[bool, typer.Option("--all", help="Poll every feed, due or not")] = False,
) -> None:
    """Poll due feeds now and print, per feed, new items, not-modified, or the error.

    --loop polls every LAYOFFBOT_POLL_INTERVAL_MINUTES until Ctrl-C, SIGTERM or SIGHUP,
    which stop it cleanly, as they stop `layoffbot run` (a second one ends it at once)."""
    import asyncio
    import logging

    settings = settings_or_exit()
    configure_logs(settings, "WARNING")
    if sys.stdout.isatty():  # each failing feed is a line of the summary: not a log line too
        logging.getLogger("feeds.poller").setLevel(logging.ERROR)
    runtime = build_runtime(settings, open_store(settings))
    if all_feeds:
        runtime.store.force_all_due()
    if once:
        with parse_worker():
            runtime.alerts_planned = 0
            outcomes, not_stored = asyncio.run(_poll_cycle(runtime))
            _say_cycle(runtime, outcomes, not_stored, idle_said=False, once=True)
        return
    from bot.cli.run import StopSignals

    signals = StopSignals()
    with parse_worker():
        try:
            asyncio.run(_poll_loop(runtime, signals))
        finally:  # as `run` stops: a stop delivered twice must not cut this one short
            signals.outlive_loop()
    signals.ignore_from_now()
    say(out, "layoffbot poll stopped.")


async def _poll_loop(runtime: Runtime, signals: StopSignals) -> None:
    """`poll --loop`: a cycle, then the interval's wait, until a stop signal; one that
    comes during a cycle cancels it (the feeds it did not store stay due)."""
    import asyncio
    from contextlib import suppress

    from bot.cli.run import _until_stopped

    signals.install(asyncio.get_running_loop())
    idle_said = False
    while not signals.stop.is_set():
        runtime.alerts_planned = 0
        finished, cycle = await _until_stopped(_poll_cycle(runtime), signals.stop)
        if not finished or cycle is None:
            return
        idle_said = _say_cycle(runtime, *cycle, idle_said=idle_said)
        with suppress(TimeoutError):
            wait = runtime.settings.poll_interval_minutes * 60
            await asyncio.wait_for(signals.stop.wait(), wait)


def _say_cycle(
    runtime: Runtime,
    outcomes: list[FeedOutcome],
    not_stored: str | None,
    *,
    idle_said: bool,
    once: bool = False,
) -> bool:
    """A cycle's lines (`poll --once` ends on a database failure). "No feed is due" only
    when the last cycle said something else: `poll --loop` printed it every cycle, a log
    of nothing but that line. Returns whether it has been said since."""
    _print_outcomes(outcomes)
    if not_stored and once:
        fail(not_stored, 1)
    if not_stored:
        say(err, f"layoffbot: {not_stored}")
    idle = not outcomes and not not_stored
    if idle and not idle_said:
        say(out, _idle(runtime))
    if runtime.alerts_planned:
        say(out, alerts_waiting(runtime.alerts_planned))
    return idle


def _idle(runtime: Runtime) -> str:
    """What a cycle that polled nothing says. With no feed at all, "No feed is due. (Use
    --all to poll every feed now.)" sent a new user to `--all`, which said it again."""
    if runtime.store.list_feeds():
        return "No feed is due. (Use --all to poll every feed now.)"
    return "No feeds to poll yet: add one with layoffbot feeds add URL (or feeds import OPML)."


async def _poll_cycle(runtime: Runtime) -> tuple[list[FeedOutcome], str | None]:
    """One cycle's outcomes, and what to say when the database failed during it (each
    feed's line says which were not stored; the feeds stay due)."""
    from feeds.outcome import PollNotStored

    try:
        return await _poll_once(runtime), None
    except PollNotStored as exc:
        return exc.outcomes, f"{exc}{database_hint(str(exc))}"


def alerts_waiting(count: int) -> str:
    """A poll plans alerts; only a running bot (`layoffbot run`, which runs the adapters
    and sweeps the outbox every few seconds) delivers them: a user who polled with no bot
    running waited for alerts that no process was there to send."""
    alerts, them = ("1 alert is", "it") if count == 1 else (f"{count} alerts are", "them")
    return (
        f"{alerts} waiting for the bot to deliver {them}: a running `layoffbot run` sends "
        f"{them} within seconds; if it is not running, start it."
    )


def _print_outcomes(outcomes: list[FeedOutcome]) -> None:
    """A line per feed: styled on a terminal; elsewhere (a pipe, a log) plain text, as
    rich writes it there without styles, but without rich: its import and its highlighting
    of each line cost ~0.2 s of CPU in a poll of 200 feeds, a tenth of a warm one."""
    if not sys.stdout.isatty():
        for o in outcomes:
            out.line(f"{o.name}: {o.describe()}  {o.url}")
        _offline_said(outcomes)
        return
    style = {
        "new": "green",
        "not_modified": "dim",
        "error": "red",
        "disabled": "red",
        "not_stored": "red",
    }
    for o in outcomes:
        line = f"{cell(o.name)}[/]: {cell(o.describe())}  [dim]{cell(o.url)}[/dim]"
        out.print(f"[{style[o.status]}]{line}")
    _offline_said(outcomes)


def _offline_said(outcomes: list[FeedOutcome]) -> None:
    """Every feed (two or more) failed for want of a network: the lines above say so of
    each; one more says what they mean (as `run` says it, feeds/offline.py)."""
    from feeds.offline import network_down

    if len(outcomes) >= 2 and all(o.status == "error" and network_down(o.error) for o in outcomes):
        say(
            err,
            f"You seem to be offline: none of the {len(outcomes)} feeds could be reached; "
            "they are polled again when due.",
            "yellow",
        )


async def _poll_once(runtime: Runtime) -> list[FeedOutcome]:
    """One cycle; with no feed due, neither the fetcher, the parser nor the judgement is
    loaded (a third of the start-up), unless stories wait for their alerts."""
    import asyncio
    from datetime import timedelta

    from bot.timeutil import utcnow

    store = runtime.store
    every = timedelta(minutes=runtime.settings.poll_interval_minutes) * 1.1
    await asyncio.to_thread(store.poll_within, every, utcnow())  # a lowered interval counts
    due = len(await asyncio.to_thread(store.due_feeds, utcnow()))
    if not due:
        if await asyncio.to_thread(store.stories_with_pending_alerts):
            await asyncio.to_thread(runtime.pipeline.announce_pending)
        return []
    # The parser process starts (~0.2 s, on the other core) while this one loads the
    # fetcher, the poller and the judges, instead of when the first feed has arrived.
    from feeds.parse import start_worker_soon

    start_worker_soon()
    runtime.judges_elsewhere()
    async with runtime.poller() as poller:
        if sys.stdout.isatty():  # rich's progress bar: only where someone sees it
            from rich.progress import Progress

            with Progress(console=err.console, transient=True) as progress:
                task = progress.add_task("Polling feeds", total=due)
                return list(await poller.poll_due(progress=lambda _o: progress.advance(task)))
        return list(await poller.poll_due())


# --------------------------------------------------------------------------- ask
@app.command()
def ask(
    command: Annotated[
        list[str], typer.Argument(help='A command, e.g. "/layoffs tiktok" (quotes optional)')
    ],
) -> None:
    """Run one /layoffs command against the database and print the reply."""
    from bot.render import to_text

    # `layoffbot ask latest 10` was refused: "Got unexpected extra argument(s) (10)".
    typed = " ".join(command)
    settings = settings_or_exit()
    configure_logs(settings, "WARNING")
    if is_plain_help(typed) and opens_unchanged(settings):
        collect_again()
        say(out, to_text(help_reply()))  # as below, without loading the store (bot.cli.quick)
        return
    import asyncio
    import threading

    from adapters.console import CONSOLE_CHANNEL, CONSOLE_WORKSPACE, save_chart
    from bot.models import Command

    runtime = build_runtime(settings, open_store(settings))
    kicked = threading.Event()  # the command enqueued something for the outbox
    reply = asyncio.run(
        runtime.app(kick_outbox=kicked.set).handle(
            Command(
                text=typed,
                platform="console",
                user_id="console",
                channel_id=CONSOLE_CHANNEL,
                workspace_id=CONSOLE_WORKSPACE,
                is_manager=True,
            )
        )
    )
    closed = False
    try:
        say(out, to_text(reply))
    except StdoutClosed:
        closed = True
    if kicked.is_set():
        # This terminal is the console channel: what was just planned for it (a digest)
        # is printed here and marked sent, as the running bot's console would; all of it,
        # even for a reader that stopped reading (`| head`), or the running bot's console
        # printed the rest of it later.
        closed = asyncio.run(_deliver_to_terminal(runtime.store, settings)) or closed
    if closed:
        raise StdoutClosed()
    if reply.image is not None:
        say(out, save_chart(settings.chart_directory, reply.image))
    if reply.is_error:
        raise typer.Exit(1)


async def _deliver_to_terminal(store: Store, settings: Settings) -> bool:
    """Print what is due for the console; whether stdout's reader had gone."""
    import socket

    from adapters.console import ConsoleAdapter
    from bot.outbox import Dispatcher

    console = ConsoleAdapter(
        interactive=False, chart_dir=settings.chart_directory, until_closed=True
    )
    await Dispatcher(
        store, {console.name: console}, worker_id=f"{socket.gethostname()}:{os.getpid()}:ask"
    ).run_once()
    return console.output_closed


# ---------------------------------------------------------------------------- db
@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (also done at every start)."""
    settings = settings_or_exit()
    if opens_unchanged(settings):  # what the rest would say, without loading the store
        collect_again()
        say(out, "Database is up to date.")
        return
    from bot.store.migrate import head_revision, revision_at

    path = settings.sqlite_path
    # Reading a missing SQLite file would create the file `open_store` announces.
    before = None if path is not None and not path.is_file() else revision_at(settings.database_url)
    open_store(settings)
    after = head_revision()
    # After `git pull` this printed "Database is up to date." even when it had just
    # migrated: the operator could not tell whether (or from what) it upgraded.
    if before is not None and before != after:
        say(out, f"Database upgraded from schema revision {before} to {after}.")
    elif before is None:  # a new SQLite file too: it said "up to date" for new tables
        say(out, f"Database tables created (schema revision {after}).")
    else:
        say(out, "Database is up to date.")
