"""Feed bytes to RawItems in a killable worker process: what the poller and CLI call.

feedparser runs in a separate, long-lived worker process with a hard time limit, because a
hostile or broken feed (entity expansion, a regex that backtracks for minutes on a crafted
author field, a parser bug that loops) must cost one feed, not the bot. On timeout the
worker is killed (SIGKILL, not a polite request it could ignore) and a fresh one is
started for the next feed. The limit is of the worker's CPU time, not the clock's: on a busy
machine a big but honest feed waits for a core without running out of time (a 6,800-item
file failed at 10 s of wall time at load 8-10 on 2 cores while it needed ~1.1 s of CPU). The
worker arms a CPU timer per feed whose signal (SIGPROF, not caught) ends it even inside C
code such as a backtracking regex; the clock only backs it up, at WALL_FACTOR times the
limit and WALL_GRACE more, for a worker that neither answers nor runs. The worker also runs under an address-space limit where the OS
supports it, so a memory blow-up ends in a ParseError instead of the OOM killer choosing.

The parsing itself is feeds.document (feedparser to RawItems, with feeds.encoding) and
feeds.incremental (only the items that changed); their public names are re-exported here.

Why a hand-written worker and not a library such as pebble (installable here, and
considered): pebble's ProcessPool starts its workers through multiprocessing, whose "spawn"
re-runs the parent's `__main__` in every worker it starts (the whole `layoffbot` CLI,
again after each kill; "forkserver" does it once in its server), and whose "fork" is
unsafe in this threaded asyncio process; pebble also runs manager threads of its own in
the bot. What this module needs beyond "run with a timeout" is small: a plain `python -c`
child that imports only the parser, an address-space limit set before the first feed, a
start-up handshake with its own deadline, SIGKILL on timeout and a fresh child for the
next feed, and one feed at a time queued off the event loop: the ~250 lines below
and the child's side in feeds/parse_child.py.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from multiprocessing.connection import Connection

from bot.errors import ParseError
from feeds.document import (
    MAX_ITEMS,
    ParsedFeed,
    ParseFunc,
    lower_headers,
    parse_document,
)
from feeds.incremental import parse_changes

__all__ = [
    "MAX_ITEMS",
    "ParseWorker",
    "ParsedFeed",
    "close",
    "parse_changes",
    "parse_document",
    "parse_feed",
    "parse_feed_bytes",
    "shutdown_worker",
    "start_worker_soon",
]

DEFAULT_TIMEOUT = 10.0  # seconds of the worker's CPU time per feed
# A worker that has not answered after this many times the limit, plus WALL_GRACE, on the
# clock is killed: one stopped, or kept off the CPU that long, holds the feeds queued
# behind it. (At load 16 on 2 cores a worker had under a tenth of a core for 10 s.)
WALL_FACTOR = 10.0
WALL_GRACE = 30.0
# Test-only: the default limit, so that a test of the CPU limit need not wait 10 s.
TEST_TIMEOUT_ENV = "LAYOFFBOT_TEST_PARSE_TIMEOUT"
if os.environ.get(TEST_TIMEOUT_ENV):
    DEFAULT_TIMEOUT = float(os.environ[TEST_TIMEOUT_ENV])
DEFAULT_MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for the worker
_STARTUP_TIMEOUT = 60.0  # spawning a fresh interpreter and importing feedparser


# --- in the bot's process --------------------------------------------------------------

# The child imports only its side (feeds.parse_child), not this module's asyncio and threads.
_WORKER_CODE = "from feeds.parse_child import _worker_entry; _worker_entry()"


class ParseWorker:
    """One killable parser process, used one feed at a time.

    Thread-safe; `parse` blocks, `parse_async` runs it on this worker's own thread so
    waiting feeds queue here instead of filling the event loop's default executor.
    The process starts on first use (or `start()`), is replaced after a timeout or crash,
    and stops on `close()`.

    The worker is a plain `python -c` subprocess talking over two pipes rather than a
    multiprocessing child: multiprocessing's spawn re-imports the parent's `__main__`
    (the whole CLI, or nothing at all from a REPL), and fork is unsafe in a threaded,
    asyncio process. POSIX only (pipe descriptors are passed by number).
    `parse_func` must be importable by name (a module-level function): tests use it to
    stand in a parser that hangs.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
        parse_func: ParseFunc = parse_document,
    ) -> None:
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._parse_func = parse_func
        self._lock = threading.Lock()  # held for a whole parse: never on the event loop
        self._state_lock = threading.Lock()  # _closed and _executor
        self._process: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._closed = False
        self.restarts = 0  # how many workers were killed or died: for logs and tests

    @property
    def pid(self) -> int | None:
        """The current worker process id, None when none is running."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def start(self) -> None:
        """Start the worker now rather than on the first feed (start-up takes ~0.3 s)."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> tuple[Connection, Connection]:
        if self._closed:
            raise RuntimeError("ParseWorker is closed")
        if (
            self._process is not None
            and self._process.poll() is None
            and self._send is not None
            and self._recv is not None
        ):
            return self._send, self._recv
        self._kill()
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                close_fds=True,
                # A process group of its own: Ctrl-C at the terminal (SIGINT to the
                # foreground group) is for this process, which stops the worker; in the
                # worker's ~0.3 s start, before it ignores SIGINT, it printed a
                # KeyboardInterrupt traceback. The worker ends when its pipe closes, so it
                # does not outlive this process even when this one is killed.
                process_group=0,
            )
        except OSError as exc:
            for fd in (to_child_r, to_child_w, from_child_r, from_child_w):
                os.close(fd)
            raise ParseError(f"could not start the feed parser process: {exc}") from None
        os.close(to_child_r)
        os.close(from_child_w)
        self._process = process
        self._send = Connection(to_child_w, readable=False)
        self._recv = Connection(from_child_r, writable=False)
        try:
            self._send.send(list(sys.path))
            self._send.send((self._parse_func, self.memory_limit))
            if not self._recv.poll(_STARTUP_TIMEOUT):
                raise EOFError
            self._recv.recv()
        except (EOFError, OSError):
            self._kill()
            raise ParseError("the feed parser process did not start") from None
        return self._send, self._recv

    def _kill(self) -> None:
        process, send, recv = self._process, self._send, self._recv
        self._process = self._send = self._recv = None
        for conn in (send, recv):
            if conn is not None:
                conn.close()
        if process is not None:
            if process.poll() is None:
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)

    def parse(
        self,
        body: bytes,
        headers: Mapping[str, str],
        url: str,
        *,
        timeout: float | None = None,
        changes: bool = False,
        known: bytes | None = None,
    ) -> ParsedFeed:
        """Parse in the worker; raise ParseError on a non-feed, a timeout or a crash.

        With `changes`, the worker runs `parse_changes` with `known`.
        """
        limit = self.timeout if timeout is None else timeout
        request = (bytes(body), lower_headers(headers), str(url), changes, known, limit)
        with self._lock:
            send, recv = self._ensure_started()
            try:
                send.send(request)
            except (OSError, ValueError):
                # The worker died between two feeds: start a fresh one and try once more.
                self.restarts += 1
                self._kill()
                send, recv = self._ensure_started()
                send.send(request)
            if not recv.poll(wall := limit * WALL_FACTOR + WALL_GRACE):
                self.restarts += 1
                self._kill()
                raise ParseError(f"parsing took longer than {wall:g} s")
            try:
                status, payload = recv.recv()
            except (EOFError, OSError):
                self.restarts += 1
                out_of_time = self._ran_out_of_cpu()
                self._kill()
                if out_of_time:
                    raise ParseError(f"parsing took longer than {limit:g} s") from None
                raise ParseError("not a feed: the parser crashed on it") from None
        if status == "ok" and isinstance(payload, ParsedFeed):
            return payload
        raise ParseError(str(payload))

    def _ran_out_of_cpu(self) -> bool:
        """Whether the worker that stopped answering was ended by its CPU timer."""
        process = self._process
        if process is None:
            return False
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
        return process.returncode == -signal.SIGPROF

    async def parse_async(
        self,
        body: bytes,
        headers: Mapping[str, str],
        url: str,
        *,
        timeout: float | None = None,
        changes: bool = False,
        known: bytes | None = None,
    ) -> ParsedFeed:
        """`parse` without blocking the event loop; feeds wait their turn in a queue."""
        with self._state_lock:
            if self._closed:
                raise RuntimeError("ParseWorker is closed")
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="feed-parser"
                )
            executor = self._executor
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            executor,
            lambda: self.parse(body, headers, url, timeout=timeout, changes=changes, known=known),
        )

    def close(self) -> None:
        """Stop the worker process (politely, then by force). Idempotent."""
        with self._state_lock:
            if self._closed:
                return
            self._closed = True
            executor, self._executor = self._executor, None
        with self._lock:  # after the parse in progress, if any
            process, send = self._process, self._send
            if send is not None and process is not None and process.poll() is None:
                try:
                    send.send(None)
                    process.wait(timeout=2)
                except (OSError, ValueError, subprocess.TimeoutExpired):
                    pass
            self._kill()
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default_worker: ParseWorker | None = None
_default_lock = threading.Lock()
_atexit_registered = False


def _worker() -> ParseWorker:
    global _default_worker, _atexit_registered
    with _default_lock:
        if _default_worker is None:
            _default_worker = ParseWorker()
            if not _atexit_registered:
                _atexit_registered = True
                atexit.register(close)
        return _default_worker


def start_worker_soon() -> None:
    """Start the shared parser process on a thread of its own, without waiting for it.

    A poll that knows feeds are due calls this before loading the fetcher, the poller
    and the judges: the worker's start (a fresh interpreter importing feedparser, ~0.2 s
    of the other core) then overlaps that work instead of holding up the first feed's
    parse. A start that fails here is tried again, and reported, by the first parse.
    """
    worker = _worker()

    def start() -> None:
        with contextlib.suppress(ParseError, RuntimeError):  # RuntimeError: closed since
            worker.start()

    threading.Thread(target=start, name="feed-parser-start", daemon=True).start()


def shutdown_worker() -> None:
    """Alias of `close`, the name the CLI and poller use."""
    close()


def close() -> None:
    """Stop the shared parser process (call on shutdown; also runs at exit). Idempotent.

    A later parse starts a new one.
    """
    global _default_worker
    with _default_lock:
        worker, _default_worker = _default_worker, None
    if worker is not None:
        worker.close()


async def parse_feed(
    body: bytes,
    headers: Mapping[str, str],
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    changes: bool = False,
    known: bytes | None = None,
) -> ParsedFeed:
    """Parse a fetched feed in the shared worker process, at most `timeout` seconds.

    `headers` are the response headers (Content-Type gives the charset, Content-Location
    the base for relative links); `url` is the final URL, the fallback base.
    With `changes`, only the items that changed since `known` (see `parse_changes`).
    Raises ParseError: not a feed (HTML page, invalid XML without entries), or too slow.
    """
    return await _worker().parse_async(
        body, headers, url, timeout=timeout, changes=changes, known=known
    )


def parse_feed_bytes(
    body: bytes,
    headers: Mapping[str, str] | None = None,
    url: str = "",
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> ParsedFeed:
    """`parse_feed` for synchronous callers (the CLI reading a file), same limits."""
    return _worker().parse(body, headers or {}, url, timeout=timeout)
