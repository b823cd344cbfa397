"""Files named on the command line (`layoffbot tag FEED`, `feeds import OPML`), read as a
command-line user expects (`eval LABELS` too): '-' is standard input; a regular file, a device and a pipe a
program writes to (`<(curl ...)`, /dev/stdin) are read; a named pipe no program opens
for writing is refused after a wait, with why. `layoffbot tag PIPE` with no writer hung
silently until Ctrl-C (trial 17b): opening a pipe for reading waits for its writer."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import threading
from pathlib import Path
from typing import BinaryIO

from bot.errors import PipeWithoutWriter

# How long a named pipe is waited on for a program to open it for writing. One started
# just before (`cat feed > pipe &`) opens it at once; none in 10 s is none at all.
PIPE_WAIT_SECONDS = 10.0


def open_input(name: str, *, wait: float = PIPE_WAIT_SECONDS, what: str = "the feed") -> BinaryIO:
    """The named file open for reading in binary ('-': standard input, left open by the
    caller's `with`, as the shell owns it). Raises OSError, `PipeWithoutWriter` included.
    `what` the file holds, for the prompt at a terminal ('the labelled set')."""
    if name == "-":
        if sys.stdin.isatty():
            print(f"Reading {what} from the terminal: paste it, then Ctrl-D.", file=sys.stderr)
        return os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    path = Path(name)
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = 0  # path.open says what is wrong with it
    if stat.S_ISFIFO(mode):
        return _open_pipe(path, wait)
    return path.open("rb")


def _open_pipe(path: Path, wait: float) -> BinaryIO:
    """Opened in a thread, since it waits for a writer; none by `wait`: a writer of our own
    ends the wait (the thread's open returns, and the file is closed) and it is refused."""
    opened: list[BinaryIO] = []
    failed: list[OSError] = []

    def open_it() -> None:
        try:
            opened.append(path.open("rb"))
        except OSError as exc:
            failed.append(exc)

    opener = threading.Thread(target=open_it, name="open-pipe", daemon=True)
    opener.start()
    opener.join(min(0.5, wait))
    if opener.is_alive():  # said at once, not after the wait: nothing looked stuck
        print(
            f"{path}: a named pipe; waiting up to {wait:.0f} s for a program to write to it…",
            file=sys.stderr,
        )
        opener.join(max(0.0, wait - 0.5))
    if opener.is_alive():
        with contextlib.suppress(OSError):  # a reader waits, so this open does not
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        opener.join(1)
        for file in opened:
            file.close()
        raise PipeWithoutWriter(wait)
    if failed:
        raise failed[0]
    return opened[0]
