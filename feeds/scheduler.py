"""Background jobs with APScheduler 3.x: polling, daily digests, outbox sweeps.

Several bot processes may share one PostgreSQL database (Slack in one, Discord shards in
others). Polling and digest planning must happen once, so only the *leader* runs them:
the process holding the store's leader lock (`LeaderLocks.leader_lock`, a PostgreSQL
advisory lock on a dedicated connection). If the leader dies its connection closes, the
lock is released, and another process takes it at its next check, says so and polls at
once. (Digest planning is also guarded by a compare-and-set and idempotency keys, so even
a brief overlap cannot post a digest twice.) On SQLite there is one process,
which is the leader. Every process sweeps the outbox: deliveries are claimed row by row
(FOR UPDATE SKIP LOCKED), so sweeps never overlap.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.digests import DigestStore, run_due_digests
from bot.errors import DatabaseUnavailable
from bot.logs import log_failure
from bot.ports import LeaderLocks
from bot.timeutil import utcnow

if TYPE_CHECKING:
    from bot.outbox import Dispatcher

log = logging.getLogger(__name__)


class ScheduledStore(LeaderLocks, DigestStore, Protocol):
    """What the scheduler asks of storage: the leader lock, and what digest planning
    needs (bot.digests.DigestStore). `bot.store.Store` meets it."""


# A kick sweeps the outbox this long after it is asked for: the command that planned
# something ('digest now') answers first, then what it planned is posted.
KICK_DELAY = 0.3

# A digest is planned from feeds read at most a poll interval plus this long ago: at start,
# or after the machine slept through polls, it waits for the poll (which plans it next),
# so it carries the news the poll brings instead of leaving it to tomorrow's digest.
STALE_FEEDS_GRACE = timedelta(minutes=2)
# A job failing on the database again within this long is not logged again.
STORE_FAILURE_REPEAT = 600.0  # seconds

# pg advisory lock key: any constant 64-bit integer unique to this application.
LEADER_LOCK_ID = 0x1A70FFB07


class Scheduler:
    """Runs the bot's periodic jobs in the current asyncio loop.

    `poll` is the poller's coroutine (one poll of due feeds); `dispatcher` sweeps the
    outbox; `purge(now)` (blocking, run in a thread by the leader every `purge_seconds`)
    deletes what workspaces removed long ago left; `tidy(now)` (blocking, run in a thread
    by every process, at start and then every `purge_seconds`) tidies this machine's own
    files (old saved charts, bot.charts.prune_charts). Intervals are in seconds except the poll interval, which comes from
    settings.poll_interval_minutes unless `poll_seconds` is given (tests).
    """

    def __init__(
        self,
        store: ScheduledStore,
        *,
        poll: Callable[[], Awaitable[Any]] | None = None,
        dispatcher: Dispatcher | None = None,
        purge: Callable[[datetime], object] | None = None,
        tidy: Callable[[datetime], object] | None = None,
        purge_seconds: float = 3600,
        poll_interval_minutes: float = 15,
        poll_seconds: float | None = None,
        digest_seconds: float = 60,
        sweep_seconds: float = 5,
        leader_seconds: float = 15,
        clock: Callable[[], datetime] = utcnow,
        lock_id: int = LEADER_LOCK_ID,
        on_leader_change: Callable[[bool], object] | None = None,
    ) -> None:
        self.store = store
        self.poll = poll
        self.dispatcher = dispatcher
        self.purge = purge
        self.tidy = tidy
        self.purge_seconds = purge_seconds
        self.poll_seconds = poll_seconds if poll_seconds is not None else poll_interval_minutes * 60
        self.digest_seconds = digest_seconds
        self.sweep_seconds = sweep_seconds
        self.leader_seconds = leader_seconds
        self.clock = clock
        self.on_leader_change = on_leader_change
        self._leader = False
        self._polled_at: datetime | None = None  # when this process's last poll began
        self._lock = store.leader_lock(lock_id)
        self._scheduler: AsyncIOScheduler | None = None
        self._sweep_task: asyncio.Task[Any] | None = None
        self._store_failed_at: dict[str, float] = {}  # job -> when its database failure was logged
        self._loop: asyncio.AbstractEventLoop | None = None
        self._running: set[asyncio.Future[Any]] = set()
        # Set by stop(): a kick or an interval run that fires after it (a command finishing
        # in its thread during Ctrl-C) must not reach the loop's executor, which asyncio.run
        # shuts down next.
        self._stopped = False

    @property
    def is_leader(self) -> bool:
        return self._leader

    # ----------------------------------------------------------- leadership
    def _check_leadership(self) -> bool:
        """Keep or try to take the leader lock. Blocking; runs in a thread."""
        self._leader = self._lock.hold()
        return self._leader

    def _release_leadership(self) -> None:
        self._lock.release()
        self._leader = False

    async def check_leadership(self) -> bool:
        """Keep or take the lead. Once started, a change is said (`on_leader_change`),
        and a process taking over polls at once: its poll job ran while it stood by, and
        the digests wait for this process's own poll (`feeds_are_stale`), so the dead
        leader's work waited for the next poll interval (15 min)."""
        was = self._leader
        with self._tracked():
            leading = await asyncio.to_thread(self._check_leadership)
        if self._scheduler is None or leading == was or self._stopped:
            return leading
        if leading and (job := self._scheduler.get_job("poll")) is not None:
            job.modify(next_run_time=datetime.now().astimezone())
        if self.on_leader_change is not None:
            self.on_leader_change(leading)
        return leading

    @contextlib.contextmanager
    def _tracked(self) -> Iterator[None]:
        """Count the current job as in flight, so `stop` can let it finish."""
        task = asyncio.current_task()
        if task is None:
            yield
            return
        self._running.add(task)
        try:
            yield
        finally:
            self._running.discard(task)

    # ----------------------------------------------------------------- jobs
    async def run_poll(self) -> None:
        """Poll (leader only), then plan the digests that waited for fresh feeds."""
        if self.poll is None or not self._leader:
            return
        with self._tracked():
            started = self.clock()
            try:
                await self.poll()
            except asyncio.CancelledError:
                log.info("event=poll_cancelled_at_stop")
                return
            except Exception as exc:
                self._job_failed("poll_job_failed", exc)
            self._polled_at = started
        if not await self.run_digests():
            self.kick()

    def feeds_are_stale(self, now: datetime) -> bool:
        """This process has not read its feeds within a poll interval (it just started or
        took the lead, or the machine was suspended): a digest now would miss their news."""
        if self.poll is None:
            return False
        if self._polled_at is None:
            return True
        return now - self._polled_at > timedelta(seconds=self.poll_seconds) + STALE_FEEDS_GRACE

    async def run_digests(self) -> int:
        """Plan due digests (leader only, from fresh feeds); returns how many were planned."""
        if not self._leader or self.feeds_are_stale(self.clock()):
            return 0
        with self._tracked():
            try:
                planned = await asyncio.to_thread(run_due_digests, self.store, self.clock())
            except asyncio.CancelledError:
                return 0
            except Exception as exc:
                self._job_failed("digest_job_failed", exc)
                return 0
        if planned:
            self.kick()
        return planned

    async def run_purge(self) -> None:
        """Delete what long-removed workspaces left (leader only; bot.app)."""
        if self.purge is not None and self._leader:
            await self._blocking_job(self.purge, "purge_job_failed")

    async def run_tidy(self) -> None:
        """Tidy this machine's files (every process: each has its own chart folder)."""
        if self.tidy is not None:
            await self._blocking_job(self.tidy, "tidy_job_failed")

    async def _blocking_job(self, job: Callable[[datetime], object], failed: str) -> None:
        """Run a blocking job in a thread with the clock's time; a failure is logged."""
        with self._tracked():
            try:
                await asyncio.to_thread(job, self.clock())
            except asyncio.CancelledError:
                return
            except Exception as exc:
                self._job_failed(failed, exc)

    def _job_failed(self, event: str, exc: Exception) -> None:
        """Log a job's failure (bot.logs.log_failure); the database not answering again
        within STORE_FAILURE_REPEAT for the same job is not logged again (the sweep runs
        every 5 s). No "recovered" line: a sweep with nothing due runs without the
        database, so a job that worked says nothing of it (the leader's check says when
        it is back)."""
        if isinstance(exc, DatabaseUnavailable):
            now = time.monotonic()
            last = self._store_failed_at.get(event)
            if last is not None and now - last < STORE_FAILURE_REPEAT:
                return
            self._store_failed_at[event] = now
        log_failure(log, exc, "event=%s", event)

    async def sweep(self) -> None:
        if self.dispatcher is None or self._stopped:
            return
        with self._tracked():
            try:
                await self.dispatcher.run_once()
            except asyncio.CancelledError:
                return
            except Exception as exc:
                self._job_failed("outbox_sweep_failed", exc)

    def poll_now(self) -> None:
        """Run the poll job at once (the network is back: feeds/offline.py), on the loop."""
        job = self._scheduler.get_job("poll") if self._scheduler is not None else None
        if job is not None and not self._stopped:
            job.modify(next_run_time=datetime.now().astimezone())

    def kick(self) -> None:
        """Sweep the outbox in a moment (after planning), without waiting for the next tick.

        Safe from any thread: commands run in worker threads (`digest now` kicks from
        there), and only the loop's own thread may create its tasks.
        """
        if self.dispatcher is None:
            return
        loop = self._loop
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is None:
            if running is None:
                log.warning("event=kick_without_loop")
                return
            loop = running
        if running is loop:
            loop.call_later(KICK_DELAY, self._kick_in_loop)
        elif not loop.is_closed():
            loop.call_soon_threadsafe(loop.call_later, KICK_DELAY, self._kick_in_loop)

    def _kick_in_loop(self) -> None:
        if self._stopped:
            return
        if self._sweep_task is None or self._sweep_task.done():
            self._sweep_task = asyncio.get_running_loop().create_task(self.sweep())

    async def _sweep_tick(self) -> None:
        """The outbox job: a sweep in a task of its own, as a kick starts one, unless one
        is still going. The job returns at once: a sweep through a slow platform lasts
        longer than the tick, and apscheduler logged a WARNING every 5 s meanwhile
        ("skipped: maximum number of running instances reached"; operator trial 16)."""
        self._kick_in_loop()

    # ------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        self._stopped = False
        self._loop = asyncio.get_running_loop()
        await self.check_leadership()
        scheduler = AsyncIOScheduler(timezone="UTC")
        options: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
        now = datetime.now().astimezone()
        scheduler.add_job(
            self.check_leadership, "interval", seconds=self.leader_seconds, id="leader", **options
        )
        if self.poll is not None:
            scheduler.add_job(
                self.run_poll,
                "interval",
                seconds=self.poll_seconds,
                id="poll",
                next_run_time=now,
                **options,
            )
        scheduler.add_job(
            self.run_digests,
            "interval",
            seconds=self.digest_seconds,
            id="digests",
            next_run_time=now,
            **options,
        )
        for job, run, name in (
            (self.purge, self.run_purge, "purge"),
            (self.tidy, self.run_tidy, "tidy"),
        ):
            if job is not None:
                scheduler.add_job(
                    run,
                    "interval",
                    seconds=self.purge_seconds,
                    id=name,
                    next_run_time=now,
                    **options,
                )
        if self.dispatcher is not None:
            scheduler.add_job(
                self._sweep_tick,
                "interval",
                seconds=self.sweep_seconds,
                id="outbox",
                next_run_time=now,
                **options,
            )
        scheduler.start()
        self._scheduler = scheduler
        log.info("event=scheduler_started leader=%s", self._leader)

    async def stop(self, grace: float = 3.0) -> None:
        """Idempotent. Lets jobs in flight finish (a poll storing its batch, a sweep
        posting) for up to `grace` seconds, cancels what is left, gives up leadership."""
        self._stopped = True
        if self._scheduler is not None:
            self._scheduler.pause()  # nothing new starts while the running jobs finish
        running = [t for t in self._running if not t.done()]
        if running:
            _done, late = await asyncio.wait(running, timeout=grace)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=1.0)
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        if self._sweep_task is not None:
            self._sweep_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._sweep_task
            self._sweep_task = None
        await asyncio.to_thread(self._release_leadership)
