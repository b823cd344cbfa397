"""`layoffbot run`: the scheduler and every adapter whose credentials are set, until
Ctrl-C, SIGTERM or SIGHUP (a second one ends it at once)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from bot.cli.lead import LeadSaid
from bot.cli.runtime import build_runtime
from bot.cli.single import DatabaseFile, RunLock
from bot.cli.terminal import (
    app,
    close_stores,
    configure_logs,
    err,
    fail,
    open_store,
    out,
    parse_worker,
    say,
    settings_or_exit,
)
from bot.config import Settings
from bot.errors import AdapterStartError, DatabaseUnavailable, StoreError

if TYPE_CHECKING:
    import asyncio

    from adapters.console import ConsoleAdapter
    from bot.app import App
    from bot.cli.runtime import Runtime
    from bot.models import Story, Target
    from bot.outbox import Dispatcher
    from bot.ports import ChatAdapter
    from bot.store import Store
    from bot.store.liveness import WorkerLiveness
    from feeds.offline import OfflineWatch
    from feeds.scheduler import Scheduler

T = TypeVar("T")
ADAPTER_STOP_SECONDS = 3.0
# How often a run on SQLite checks that its database file is still the one it opened.
DATABASE_WATCH_SECONDS = 2.0
# The loop's turn before the running banner, for a Ctrl-C pressed in the start to land.
_SIGNAL_TURN = 0.05


def _slack_tokens_swapped(settings: Settings) -> str | None:
    """A Slack token pasted into the other variable, said at start: offline, or with Slack
    answering only 'invalid_auth' on every retry, a new user never learnt which (s12)."""
    bot, app = settings.slack_bot_token or "", settings.slack_app_token or ""
    fix = " (docs/slack.md, steps 2 and 3a)"
    if bot.startswith("xapp-"):
        return (
            "SLACK_BOT_TOKEN holds an app-level token (xapp-...): that one goes in"
            " SLACK_APP_TOKEN; SLACK_BOT_TOKEN takes the Bot User OAuth Token (xoxb-...)"
            " from OAuth & Permissions" + fix
        )
    if bot.startswith("xoxp-"):
        return (
            "SLACK_BOT_TOKEN holds a user token (xoxp-...): use the Bot User OAuth Token"
            " (xoxb-...) from OAuth & Permissions" + fix
        )
    if app.startswith("xox"):
        return (
            f"SLACK_APP_TOKEN holds a {app[:4]}- token: it takes the app-level token"
            " (xapp-...) from Basic Information > App-Level Tokens, with connections:write" + fix
        )
    return None


def discord_token_slip(token: str) -> str | None:
    """A DISCORD_TOKEN pasted with 'Bot ' in front (as in an Authorization header) was
    sent as 'Bot Bot ...': Discord refused it and the bot said to reset a good token."""
    if token.strip().lower().startswith("bot "):
        return (
            "DISCORD_TOKEN starts with 'Bot ': set the token alone, without 'Bot '"
            " (layoffbot adds it itself)"
        )
    return None


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
    import asyncio

    settings = settings_or_exit()
    problem = (
        settings.slack_problem
        or settings.discord_problem
        or _slack_tokens_swapped(settings)
        or discord_token_slip(settings.discord_token or "")
    )
    if problem is not None:
        fail(problem)
    from bot.charts import chart_dir_problem

    if (charts := chart_dir_problem(settings.chart_directory)) is not None:
        say(err, f"layoffbot: {charts}.")
    use_console = console if console is not None else settings.console_by_default
    # A prompt drowned in log lines is useless: the console prints feed problems itself.
    quiet = use_console and "LAYOFFBOT_LOG_LEVEL" not in os.environ
    configure_logs(settings, "ERROR" if quiet else None)
    store = open_store(settings)
    run_lock = _one_run_per_sqlite_file(settings)
    store.reset_error_reports()
    _claims_at_start(store, sqlite_run=run_lock is not None)
    signals = StopSignals()
    path = settings.sqlite_path
    opened = DatabaseFile(path, run_lock) if path is not None else None
    lost: str | None = None
    with parse_worker():
        try:
            lost = asyncio.run(_run(settings, store, use_console, signals, opened))
        except AdapterStartError as exc:
            fail(str(exc))
        finally:
            # The loop took its handlers with it: a stop delivered twice must not kill
            # the rest of the clean stop (the parse worker, the database) by default.
            signals.outlive_loop()
            if run_lock is not None:
                close_stores()  # first: closing the lock's descriptor drops SQLite's locks
                run_lock.release()
    signals.ignore_from_now()
    if lost is not None:
        fail(
            f"{lost}: stopped, so that nothing more is stored into a file no one can open."
            " Put the database back from a backup (README, Backups), or start again with a"
            " new, empty one",
            1,
        )
    out.print("layoffbot stopped.")


def _one_run_per_sqlite_file(settings: Settings) -> RunLock | None:
    """On SQLite, this run's lock on the database (bot/cli/single.py), or a clear stop
    when another `run` holds it; None on PostgreSQL, where several processes share."""
    from bot.cli.single import AlreadyRunning, LockRefused

    path = settings.sqlite_path
    if path is None:
        return None
    lock = RunLock(path)
    try:
        lock.take()
    except (AlreadyRunning, LockRefused) as exc:
        fail(str(exc))
    return lock


def _claims_at_start(store: Store, *, sqlite_run: bool) -> None:
    """What earlier processes left claimed: on SQLite, sent now; on PostgreSQL, said."""
    with suppress(StoreError):  # a database failing now is met, and said, by the jobs
        if sqlite_run:
            _resume_what_a_stopped_run_was_sending(store)
        else:
            _say_what_others_are_sending(store)


def _resume_what_a_stopped_run_was_sending(store: Store) -> None:
    """Send now, and say so, what the last `run` on this SQLite file was sending when it
    was killed (`Store.take_back_claims_of_stopped_runs`)."""
    from bot.timeutil import utcnow

    taken = store.take_back_claims_of_stopped_runs(now=utcnow())
    if not taken:
        return
    keys = [key for key, _ in taken]
    runs = sorted({by.rsplit(":", 1)[-1] for _, by in taken})
    shown = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
    what = "1 message" if len(keys) == 1 else f"{len(keys)} messages"
    say(
        err,
        f"layoffbot: resuming {what} the last run (pid {', '.join(runs)}) was sending"
        f" when it stopped: {shown}.",
    )


def _say_what_others_are_sending(store: Store) -> None:
    """PostgreSQL: what a stopped process was sending, said as resumed now (its liveness
    lock is free: bot.store.liveness); one INFO line per other process whose claims this
    one must wait out (alive, or an older version, whose claims have the lease alone)."""
    import logging

    from bot.store.liveness import LIVE_MARK
    from bot.timeutil import utcnow

    log = logging.getLogger("bot.cli")
    for by, count, until, stopped in store.claims_held(now=utcnow()):
        if stopped:
            what = "1 message" if count == 1 else f"{count} messages"
            shown = by.split(LIVE_MARK)[0]
            log.info("event=deliveries_resumed by=%s count=%d", by, count)
            say(err, f"layoffbot: resuming {what} {shown} was sending when it stopped.")
            continue
        log.info(
            "event=deliveries_claimed_elsewhere by=%s count=%d until=%s: that process is"
            " sending them, or, if it stopped, they are sent when its claim expires",
            by,
            count,
            until.strftime("%H:%M:%S UTC"),
        )


async def _until_stopped(work: Awaitable[T], stop: asyncio.Event) -> tuple[bool, T | None]:
    """Run `work` unless `stop` is set first, in which case it is cancelled.

    Adapters connect to the network when they start; a SIGTERM must not wait for that.
    Returns (finished, result); exceptions of `work` propagate.
    """
    import asyncio

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


# The same signal again within this long is the same stop request. A person pressing
# Ctrl-C twice is slower than 0.1 s; a second SIGTERM comes from a person typing `kill`
# again (seconds later) or from a tool signalling the process and its group at once, which
# on a loaded machine reaches the event loop's handler well over 0.1 s after the first.
DUPLICATE_SIGNAL_SECONDS = {1: 1.0, 2: 0.1, 15: 1.0}  # SIGHUP, SIGINT, SIGTERM


def _stop_signals() -> tuple[int, ...]:
    """SIGINT, SIGTERM and SIGHUP (the terminal closed, an ssh session dropped, `kill
    -HUP`), which ended the run at once by default, in the middle of a poll or a post;
    not SIGHUP when it is ignored (`nohup layoffbot run`: meant to outlive the terminal)."""
    import signal

    stops = [signal.SIGINT, signal.SIGTERM]
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        stops.append(signal.SIGHUP)
    return tuple(int(s) for s in stops)


class StopSignals:
    """The first SIGINT/SIGTERM/SIGHUP asks for a clean stop; a second one ends the process now
    (for when a clean stop hangs: a database or a platform that does not answer).

    The same signal again within its DUPLICATE_SIGNAL_SECONDS is the same request, not a
    second one: `timeout`, and supervisors that signal a process and its group, deliver
    one stop twice within milliseconds, which must not skip the clean stop, nor end the
    process by the default action once the event loop (and its handlers) is gone."""

    def __init__(self) -> None:
        import asyncio

        self.stop = asyncio.Event()
        self._first: dict[int, float] = {}
        self._installed = False  # this process's handlers are ours to change
        self._signals = _stop_signals()

    def install(self, loop: asyncio.AbstractEventLoop) -> None:

        for sig in self._signals:
            loop.add_signal_handler(sig, self.on_signal, sig)
        self._installed = True

    def outlive_loop(self) -> None:
        """The same rules after the loop closed, for the rest of the process's stop."""
        import signal

        if not self._installed:
            return
        for sig in self._signals:
            signal.signal(sig, lambda signum, _frame: self.on_signal(signum))

    def ignore_from_now(self) -> None:
        """Stopped: a signal now can only cut the interpreter's own exit short (Python
        gives the default action back to its handlers as it finalizes, so the late copy
        of a stop delivered twice ended a clean stop with -15)."""
        import signal

        if not self._installed:
            return
        for sig in self._signals:
            signal.signal(sig, signal.SIG_IGN)

    def on_signal(self, signum: int) -> None:
        if not self.stop.is_set():
            self.stop.set()
            self._first[signum] = time.monotonic()
            return
        window = DUPLICATE_SIGNAL_SECONDS.get(signum, 0.1)
        if time.monotonic() - self._first.get(signum, -window) < window:
            return
        sys.stderr.write("layoffbot: stopping now, without waiting.\n")
        sys.stderr.flush()
        os._exit(128 + signum)


def _platform_adapters(settings: Settings) -> list[ChatAdapter]:
    """Slack and Discord, each when its credentials are set."""
    adapters: list[ChatAdapter] = []
    if settings.slack_enabled:
        from adapters.slack import SlackAdapter

        adapters.append(SlackAdapter.from_settings(settings.slack))
    if settings.discord_enabled:
        from adapters.discord.adapter import DiscordAdapter

        adapters.append(DiscordAdapter.from_settings(settings.discord))
    return adapters


def _console(settings: Settings, store: Store) -> ConsoleAdapter:
    """The terminal adapter, with the console channel's daily digest on by default."""
    from adapters.console import CONSOLE_CHANNEL, CONSOLE_WORKSPACE, ConsoleAdapter
    from bot.digests import ensure_digest
    from bot.timeutil import utcnow

    ensure_digest(
        store,
        platform="console",
        workspace_id=CONSOLE_WORKSPACE,
        channel_id=CONSOLE_CHANNEL,
        now=utcnow(),
        time=settings.digest_time,
        timezone=settings.digest_timezone,
    )
    return ConsoleAdapter(chart_dir=settings.chart_directory)


def _found_on_console(console: ConsoleAdapter, store: Store) -> Callable[[list[Story]], None]:
    """The console's [new] lines. A story a feed's silent first read filed, announced now
    by fresh coverage, is shown as that coverage (its headline, its figure), as its alerts
    lead with it: the story's own headline was old news."""
    from dataclasses import replace

    from bot.alerts import new_coverage

    def found(stories: list[Story]) -> None:
        items = store.story_items([s.id for s in stories])
        shown = []
        for story in stories:
            coverage = new_coverage(story, items.get(story.id, []))
            if coverage is not None:
                lead = coverage.lead
                tags = replace(lead.tags, companies=lead.tags.companies or story.tags.companies)
                story = replace(story, headline=lead.title, tags=tags)
            shown.append(story)
        console.stories_found(shown)

    return found


def _owned_here(adapters: list[ChatAdapter]) -> Callable[[Target], bool]:
    """Which deliveries this process sends: every one, except a Discord server's when
    this process runs other shards (each adapter that shards says which are its own)."""

    def should_deliver(target: Target) -> bool:
        adapter = next((a for a in adapters if a.name == target.platform), None)
        owns = getattr(adapter, "owns_target", None)
        return bool(owns(target)) if owns is not None else True

    return should_deliver


async def _run(
    settings: Settings,
    store: Store,
    use_console: bool,
    signals: StopSignals,
    opened: DatabaseFile | None,
) -> str | None:
    """Until stopped; why the SQLite file was lost, if that stopped it."""
    import asyncio

    from bot.app import RemovedWorkspacePurge
    from bot.charts import prune_charts
    from feeds.scheduler import Scheduler

    stop = signals.stop
    signals.install(asyncio.get_running_loop())
    adapters = _platform_adapters(settings)
    console = _console(settings, store) if use_console else None
    if console is not None:
        adapters.append(console)
    runtime, watch = _watched_runtime(settings, store, console)
    dispatcher, liveness = await _dispatcher(store, adapters)
    async with runtime.poller() as poller:
        scheduler = Scheduler(
            store,
            poll=watch.wrap(poller.poll_due),
            dispatcher=dispatcher,
            purge=RemovedWorkspacePurge(store, settings.removed_workspace_retention_days),
            tidy=lambda now: prune_charts(settings.chart_directory, now),
            poll_interval_minutes=settings.poll_interval_minutes,
            leader_seconds=settings.leader_check_seconds,
            on_leader_change=LeadSaid(),
        )
        watch.poll_now = scheduler.poll_now
        application = runtime.app(feed_service=poller, kick_outbox=scheduler.kick)
        started: list[ChatAdapter] = []
        try:
            for adapter in adapters:
                finished, _ = await _until_stopped(adapter.start(application), stop)
                if not finished:
                    return None
                started.append(adapter)
            await scheduler.start()
            # A Ctrl-C already delivered reaches `stop` only when the loop runs its handler:
            # give it that turn, so a start stopped by Ctrl-C never says "Ctrl-C to stop".
            await asyncio.sleep(_SIGNAL_TURN)
            if not stop.is_set():
                _say_running(settings, store, adapters, leading=scheduler.is_leader)
            return await _wait_for_stop(stop, console, opened)
        finally:
            await watch.close()
            await _shut_down(scheduler, started, application)
            if liveness is not None:
                await asyncio.to_thread(liveness.release)
    return None


async def _dispatcher(
    store: Store, adapters: list[ChatAdapter]
) -> tuple[Dispatcher, WorkerLiveness | None]:
    """The outbox's dispatcher, and on PostgreSQL the liveness lock it claims under, taken
    (bot.store.liveness: a kill -9 no longer holds what this process claimed for 2 min)."""
    import asyncio
    import socket

    from bot.outbox import Dispatcher

    worker_id = f"{socket.gethostname()}:{os.getpid()}"
    liveness = store.worker_liveness(worker_id)
    if liveness is not None:
        await asyncio.to_thread(liveness.hold)
    dispatcher = Dispatcher(
        store,
        {a.name: a for a in adapters},
        worker_id=worker_id,
        should_deliver=_owned_here(adapters),
        liveness=liveness,
    )
    return dispatcher, liveness


def _say_running(
    settings: Settings, store: Store, adapters: list[ChatAdapter], *, leading: bool
) -> None:
    try:
        feeds: int | None = len(store.list_feeds())
        empty = not store.has_items()
    except DatabaseUnavailable as exc:
        # The database went away just after start: the bot keeps running and retrying
        # (it ended `run` with a traceback here, PostgreSQL trial).
        import logging

        logging.getLogger(__name__).warning(
            "event=database_unavailable_at_start reason=%r", str(exc)
        )
        feeds, empty = None, False
    if feeds == 0:
        # With LAYOFFBOT_DEFAULT_FEEDS=false "the first poll is starting" had a trial user
        # wait for news that no feed would bring. A database holding stories (from
        # `layoffbot tag`, or after every feed was removed) was said to have none.
        held = (
            "The database has no news yet, and there are no feeds to poll"
            if empty
            else "The database holds news, but there are no feeds to poll, so no new "
            "stories will come"
        )
        out.print(f"{held}: add one with /layoffs feeds add <url> (or layoffbot feeds add URL).")
    elif empty:
        out.print(
            "The database has no news yet: the first poll is starting; new stories "
            "are shown as feeds are read."
        )
    names = ", ".join(a.name for a in adapters)
    polling = _polling(settings, feeds, leading=leading)
    out.print(f"layoffbot running ({names or 'no chat platform'}); {polling}. Ctrl-C to stop.")
    if not adapters:  # `run --no-console` with no credentials said "running ()"
        out.print(
            "No Slack or Discord credentials are set and the console is off: news is "
            "stored, but alerts and digests wait until a `layoffbot run` with a platform "
            "or the console sends them."
        )


def _polling(settings: Settings, feeds: int | None, *, leading: bool) -> str:
    """What this process polls, for the line saying it runs. A second `run` on one
    PostgreSQL database said "polling 2 feeds every 15 min" like the first, though only
    the leader polls (operator trial, session 16)."""
    every = f"every {settings.poll_interval_minutes} min"
    if feeds is None:
        return f"the database is not answering yet: polling {every} once it does"
    if not leading:
        return (
            "standing by: another layoffbot process on this database polls the feeds and"
            " plans the digests; this one answers commands and delivers, and takes over"
            " if that one stops"
        )
    return f"polling {feeds} feeds {every}"


async def _wait_for_stop(
    stop: asyncio.Event, console: ConsoleAdapter | None, database: DatabaseFile | None
) -> str | None:
    """Until a signal, `quit` at the console, or the SQLite file deleted or replaced
    under the run (what it says then)."""
    import asyncio

    waiters: list[asyncio.Task[Any]] = [asyncio.create_task(stop.wait())]
    if console is not None:
        waiters.append(asyncio.create_task(console.closed.wait()))
    watch = asyncio.create_task(_database_lost(database)) if database is not None else None
    await asyncio.wait(waiters + ([watch] if watch else []), return_when=asyncio.FIRST_COMPLETED)
    for waiter in waiters:
        waiter.cancel()
    if watch is None:
        return None
    if not watch.done():
        watch.cancel()
        return None
    lost: str = watch.result()
    return lost


async def _database_lost(opened: DatabaseFile) -> str:
    """Returns (logging it) once the SQLite file this run opened is no longer at its path."""
    import asyncio
    import logging

    while (lost := opened.lost()) is None:
        await asyncio.sleep(DATABASE_WATCH_SECONDS)
    logging.getLogger("bot.cli").error("event=database_file_lost reason=%r", lost)
    return lost


def _watched_runtime(
    settings: Settings, store: Store, console: ConsoleAdapter | None
) -> tuple[Runtime, OfflineWatch]:
    """The runtime, its feeds' problems shown at the console through the offline watch:
    one line when the machine is offline, not one per feed (feeds/offline.py)."""
    from feeds.guard import host_resolves
    from feeds.offline import OfflineWatch

    watch = OfflineWatch(
        store,
        report=console.feed_problem if console is not None else None,
        say=console.notice if console is not None else None,
        resolves=host_resolves,
    )
    runtime = build_runtime(
        settings,
        store,
        on_new_stories=_found_on_console(console, store) if console is not None else None,
        on_problem=watch.problem,
    )
    return runtime, watch


async def _shut_down(scheduler: Scheduler, started: list[ChatAdapter], application: App) -> None:
    """Jobs in flight finish (or are cancelled) and commands in flight finish or are
    answered (bot.inflight: a few seconds at most), then each adapter stops, bounded."""
    import asyncio
    import logging

    log = logging.getLogger("bot.cli")
    _, cut = await asyncio.gather(scheduler.stop(), application.finish_commands())
    if cut:
        log.warning("event=commands_cut_by_stop count=%d", cut)
    for adapter in reversed(started):
        try:
            await asyncio.wait_for(adapter.stop(), ADAPTER_STOP_SECONDS)
        except TimeoutError:
            log.warning("event=adapter_stop_timeout adapter=%s", adapter.name)
        except Exception:
            log.exception("event=adapter_stop_failed adapter=%s", adapter.name)
