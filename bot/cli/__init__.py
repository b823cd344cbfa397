"""The `layoffbot` command: the composition root.

This package is the one place that wires feeds/, the core and adapters/ together
(`runtime.build_runtime`); its modules turn options into calls and results into terminal
output, one module per group of commands:

- `terminal`: the Typer apps, consoles, settings, logs and the store as a person meets them;
- `runtime`: the core's parts for one process, the same for every command;
- `run`: `layoffbot run`; `news`: tag, eval, poll, ask, db upgrade; `feeds`: the global
  feed list; `discord`: the invite link.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import sys

from bot.cli.status import CLOSED_PIPE_STATUS, CTRL_C_STATUS

# Nothing slow before the guard below: `typing` took ~40 ms to load there, and a Ctrl-C
# pressed in that time (just after `make run` said `layoffbot run`) ended in a traceback
# (session 20's new user). Its names are for the annotations alone.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

try:  # a Ctrl-C while they load (the first ~0.5 s) ended in a traceback (session 18)
    from bot.cli import discord, feeds, news, run  # noqa: F401  (they register their commands)
    from bot.cli.chosen import only_the_command_run
    from bot.cli.deferred import defer
    from bot.cli.terminal import StdoutClosed, app, close_stores, database_hint
    from bot.errors import DatabaseUnavailable
except KeyboardInterrupt:
    raise SystemExit(CTRL_C_STATUS) from None

# The chat commands (bot.commands.table) that are no `layoffbot` command: a new user who
# read `/layoffs latest` typed `layoffbot latest` and was told only "No such command".
# Named here, not read from the table: that import would cost every command's start.
CHAT_ONLY = frozenset(
    ("company", "latest", "search", "trends", "subscribe", "unsubscribe", "subscriptions")
    + ("digest", "why", "help")
)


def main() -> None:
    # The collector is paused while the command loads what it uses and resumes once the
    # store is loaded (`terminal.store_class`): see there why.
    gc.disable()
    defer()  # importlib.metadata, until something reads it (bot.cli.deferred)
    _write_to_nowhere_when_closed()
    _replace_what_cannot_be_encoded()
    sys.stdout = _Output(sys.stdout)
    sys.stderr = _ErrorOutput(sys.stderr)
    _chat_command_hint(sys.argv[1:])
    try:
        with only_the_command_run(app, sys.argv[1:]):
            app()
    except OutputLost as exc:
        _stop_writing(exc)
    except StdoutClosed:
        _send_nowhere()
        raise SystemExit(CLOSED_PIPE_STATUS) from None
    except DatabaseUnavailable as exc:
        # The database failed under a command (a full disk, a lock held too long, a
        # server gone): one line saying so, not a page of traceback (`feeds add`).
        sys.stderr.write(f"layoffbot: {exc}{database_hint(str(exc))}\n")
        raise SystemExit(1) from None


def _chat_command_hint(args: list[str]) -> None:
    """`layoffbot latest 5`: say how to run it (`layoffbot ask '/layoffs latest 5'`)."""
    if not args or args[0] not in CHAT_ONLY:
        return
    import shlex

    typed = shlex.quote(" ".join(["/layoffs", *args]))
    sys.stderr.write(
        f"layoffbot: '{args[0]}' is a /layoffs command (Slack, Discord, the console of"
        f" `layoffbot run`); here, run it with: layoffbot ask {typed}\n"
        "layoffbot --help lists this program's own commands.\n"
    )
    raise SystemExit(2)


def command() -> None:
    """The `layoffbot` process (`python -m bot` and the installed script): `main`, then
    an exit that skips the interpreter's teardown.

    Once a command has returned, everything it did is done: its store is closed, its
    worker processes ended, the threads it started joined. Python would still free every
    object and module one by one before exiting (0.1-0.2 s of CPU after a poll of 200
    feeds, as much as the poll's slowest stages). `_end` does what that exit must keep
    (join the threads left, run the atexit hooks, which flush the logs, flush stdout and
    stderr) and ends the process with the command's exit status. `main` itself returns
    as before, for a program that calls it and goes on."""
    sys.unraisablehook = _redeliver_ctrl_c
    try:
        main()
    except SystemExit as exc:
        _end(exc)
        raise
    except KeyboardInterrupt:
        # Pressed before the command's own Ctrl-C handling took over (Typer building the
        # command from its signature, ~0.1 s after the imports): a page of Typer's
        # traceback (session 20's new user, Ctrl-C just after `make run` started). Ended
        # as a shell ends a command stopped by Ctrl-C.
        _end(SystemExit(CTRL_C_STATUS))
        raise SystemExit(CTRL_C_STATUS) from None
    _end(SystemExit(0))


def _end(stop: SystemExit) -> None:
    """Exit now with `stop`'s status; returns (for Python's own exit) when that status
    is a message to print, or when stdout cannot be flushed (a pipe closed early)."""
    import atexit
    import threading

    status = 0 if stop.code is None else stop.code
    if not isinstance(status, int) or threading.current_thread() is not threading.main_thread():
        return
    # What Python's exit does first, in its order: wait for the threads that are not
    # daemons (concurrent.futures' pools stop theirs here), then the atexit hooks.
    pressed = _quiet_ctrl_c()
    getattr(threading, "_shutdown", lambda: None)()
    close_stores()
    atexit._run_exitfuncs()
    if pressed:
        status = CTRL_C_STATUS
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OutputLost as exc:
        _stop_writing(exc)
    except StdoutClosed:  # the last of the output, for a reader gone (`| head`)
        _send_nowhere()
        status = CLOSED_PIPE_STATUS
    except OSError:
        return
    os._exit(status)


def _redeliver_ctrl_c(unraisable: Any) -> None:
    """A Ctrl-C that lands in code Python cannot raise from (a garbage collector's weakref
    or `__del__` callback) is printed as "Exception ignored ... KeyboardInterrupt" with a
    traceback and lost: the command goes on as if no key was pressed. It is sent again, so
    the command's own code meets it, as it meets any other Ctrl-C."""
    if unraisable.exc_type is KeyboardInterrupt:
        import signal

        signal.raise_signal(signal.SIGINT)
        return
    sys.__unraisablehook__(unraisable)


def _quiet_ctrl_c() -> list[int]:
    """Once the command's work is done, a Ctrl-C lets the rest of the exit (closing the
    store, flushing the logs) finish and ends the process with CTRL_C_STATUS (130), with
    no KeyboardInterrupt raised inside that teardown (a traceback at the end of a command
    that succeeded); a second Ctrl-C ends it at once. The signals pressed, for the status."""
    import signal

    pressed: list[int] = []

    def on_ctrl_c(signum: int, _frame: object) -> None:
        if pressed:
            os._exit(CTRL_C_STATUS)
        pressed.append(signum)

    signal.signal(signal.SIGINT, on_ctrl_c)
    return pressed


class OutputLost(Exception):
    """Standard output refused a write (a full disk, `> /dev/full`, an I/O error)."""


class _Output:
    """sys.stdout as the commands write to it: a write the system refuses ends the command
    with one line on stderr naming the reason (what was stored stays stored), rather than an
    OSError traceback. A closed pipe (`| head`) ends it quietly (`StdoutClosed`).

    A terminal closed under the command (its window shut, an ssh session dropped) answers
    every write with EIO: that is no failure of the command but a hang-up, which the
    kernel also signals (SIGHUP, a clean stop for `run`). What the command still prints
    goes nowhere, and it ends as it would have (`run` exited 1 with "cannot write the
    output to stdout: Input/output error" instead of stopping as SIGHUP has it)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._terminal = _is_terminal(stream)

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            if self._hung_up(exc):
                return len(text)
            raise self._failed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            if not self._hung_up(exc):
                raise self._failed(exc) from None

    def _hung_up(self, exc: OSError) -> bool:
        """Whether `exc` is the terminal this stream was on gone; if so, every stream of the
        process that was on a terminal writes to nowhere from now on."""
        if exc.errno != errno.EIO or not self._terminal:
            return False
        terminal_closed()
        return True

    def _failed(self, exc: OSError) -> Exception:
        return _lost(exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _ErrorOutput(_Output):
    """sys.stderr: nowhere once its terminal is closed; any other failure as before."""

    def _failed(self, exc: OSError) -> Exception:
        return exc


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def terminal_closed() -> None:
    """The controlling terminal hung up: stdout and stderr, where they were on it, now
    write to nowhere (what is still buffered for them included, so the exit's flush is
    no traceback either)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.__stdout__, sys.__stderr__):
            if stream is None:
                continue
            try:
                fd = stream.fileno()
            except (OSError, ValueError):
                continue
            if _on_hung_up_terminal(fd):
                os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _on_hung_up_terminal(fd: int) -> bool:
    """A descriptor on a terminal that hung up: the terminal's calls on it fail with EIO
    (a terminal still open answers; a file, a pipe, /dev/null say they are no terminal)."""
    import termios

    try:
        termios.tcgetattr(fd)
    except termios.error as exc:
        return bool(exc.args and exc.args[0] == errno.EIO)
    return False


def _lost(exc: OSError) -> StdoutClosed | OutputLost:
    return StdoutClosed() if exc.errno == errno.EPIPE else OutputLost(exc.strerror or str(exc))


def _stop_writing(exc: OutputLost) -> None:
    """Say why on stderr, send what is still buffered for stdout nowhere (it cannot be
    written; flushing it at exit would be a second traceback), and exit 1."""
    _send_nowhere()
    try:
        sys.stderr.write(f"layoffbot: cannot write the output to stdout: {exc}\n")
        sys.stderr.flush()
    except OSError:
        pass
    raise SystemExit(1)


def _send_nowhere() -> None:
    """What is still buffered for stdout (and anything printed later) goes nowhere: it
    cannot be written, and flushing it at exit would be a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    os.close(devnull)


def _write_to_nowhere_when_closed() -> None:
    """Started with stdout or stderr closed (`layoffbot run >&-`, some service managers),
    Python leaves it None: what would be printed there is dropped, rather than every line
    being an AttributeError traceback."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  (for the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _replace_what_cannot_be_encoded() -> None:
    """On a terminal or pipe that is not UTF-8 (PYTHONIOENCODING=ascii, a Latin-1 locale),
    a character it cannot show becomes '?' instead of a UnicodeEncodeError traceback in
    the middle of a reply: a company's name or a headline may hold any character."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


__all__ = ["app", "command", "main"]
