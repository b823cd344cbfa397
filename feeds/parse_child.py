"""The parse worker's side of feeds.parse: what the `python -c` child runs.

A module of its own so that the child imports only the parser and what it needs to talk
to its parent (a pipe), not feeds.parse's asyncio, threads and subprocess management:
~50 ms less of the child's start, which a poll waits for before its first parse.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from bot.collector import collect_less_often
from bot.errors import ParseError
from feeds.document import ParseFunc, load_parser
from feeds.incremental import parse_changes

TEST_STALL_ENV = "LAYOFFBOT_TEST_PARSE_STALL"


def _limit_memory(limit: int | None) -> None:
    if not limit:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not on this OS
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY and hard < limit:
        limit = hard
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


@contextlib.contextmanager
def _within(seconds: float | None) -> Iterator[None]:
    """The parse, ended by SIGPROF (this process's end: see _worker_entry) once it has
    used `seconds` of CPU time. Time spent waiting for a core on a busy machine is not
    counted: an honest feed is not cut off because other processes ran."""
    if seconds is None or seconds <= 0:
        yield
        return
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _stall() -> None:
    """Test-only (TEST_STALL_ENV): the worker sleeps before a feed's parse, off the CPU,
    as a worker kept waiting for a core on a busy machine."""
    stall = os.environ.get(TEST_STALL_ENV)
    if stall:
        time.sleep(float(stall))


def _worker_entry() -> None:
    """Entry point of the worker process (`python -c ...`, see ParseWorker._ensure_started).

    argv holds the two pipe descriptors. The first message is the parent's sys.path (so
    a test's parse function can be imported), the second the parse function and limits.
    """
    # Started in a process group of its own (ParseWorker._ensure_started), so a Ctrl-C
    # at the terminal never reaches it; this is for a SIGINT sent to it by pid. Out of the
    # terminal's foreground group, a write to stderr under `stty tostop` would stop it:
    # SIGTTOU ignored lets it write.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    # The CPU limit's timer (see _within): its signal ends the process, even in C code.
    signal.signal(signal.SIGPROF, signal.SIG_DFL)
    incoming = Connection(int(sys.argv[1]), writable=False)
    outgoing = Connection(int(sys.argv[2]), readable=False)
    try:
        for entry in incoming.recv():
            if entry not in sys.path:
                sys.path.append(entry)
        parse, memory_limit = incoming.recv()
    except (EOFError, OSError):
        return
    _limit_memory(memory_limit)
    load_parser()  # before "ready": the first feed's time limit is for parsing it
    collect_less_often()  # the parser's modules frozen; a feed's parse makes thousands
    try:
        outgoing.send(("ready", os.getpid()))
    except OSError:  # the parent ended (or was killed) while this one started
        return
    _serve(incoming, outgoing, parse)


def _serve(incoming: Connection, outgoing: Connection, parse: ParseFunc) -> None:
    """The worker's loop: one request in, one answer out, until told to stop."""
    while True:
        try:
            request = incoming.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        body, headers, url, changes, known, limit = request
        answer: tuple[str, Any]
        try:
            _stall()
            with _within(limit):
                if changes:
                    answer = ("ok", parse_changes(body, headers, url, known, parse))
                else:
                    answer = ("ok", parse(body, headers, url))
        except ParseError as exc:
            answer = ("error", str(exc))
        except MemoryError:
            answer = ("error", "not a feed: parsing it needs too much memory")
        except RecursionError:
            answer = ("error", "not a feed: nested too deeply to parse")
        except Exception as exc:  # a feedparser bug must not end the worker
            answer = ("error", f"parser failed: {type(exc).__name__}: {str(exc)[:200]}")
        del request, body
        try:
            outgoing.send(answer)
        except MemoryError:
            outgoing.send(("error", "not a feed: parsing it needs too much memory"))
        except (BrokenPipeError, OSError):
            return
