"""The terminal adapter: prints deliveries and new stories, reads commands at a prompt.

What `make run` shows when no Slack or Discord credentials are set. Commands typed here
run as a channel manager, as on a self-hosted bot the operator owns the terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import re
import sys
import tempfile
import threading
from pathlib import Path
from typing import TextIO

from bot.errors import TransientDeliveryError
from bot.models import Command, DeliveryReceipt, Feed, Image, Message, Story, Target
from bot.ports import CoreApp
from bot.render import clean, to_text

CONSOLE_CHANNEL = "terminal"
CONSOLE_WORKSPACE = "local"
STILL_WORKING = 2.0  # seconds before a typed command still running says so
# The prompt reads lines as the terminal sends them, with no line editing: an arrow key
# (Up to repeat a command, Left to fix a typo), Home, End or Delete arrives as an escape
# sequence in the line. Up then Enter looked up a company "[A"; Left, then a fix, ran the
# fix typed at the end of the line ('tiktok [D [D'). Such a line is not run (trial 17).
_EDITING_KEY = re.compile(r"\x1b(?:\[[0-9;]*[A-Za-z~]|O[A-Za-z])")
NO_EDITING_KEYS = (
    "Not run: arrow keys and other editing keys do not work at this prompt (they were typed "
    "into the command as text). Type the command again in full; Backspace corrects a typo."
)

# Typed alone at the prompt, as in a shell: the screen is cleared (home, erase the screen,
# then the scrollback). A company of that name is asked for as `/layoffs clear`.
CLEAR_WORDS = ("clear", "cls")
CLEAR_SCREEN = "\x1b[H\x1b[2J\x1b[3J"


class ConsoleAdapter:
    name = "console"

    def __init__(
        self,
        *,
        output: TextIO | None = None,
        input_stream: TextIO | None = None,
        interactive: bool = True,
        chart_dir: Path = Path("data/charts"),
        until_closed: bool = False,
    ) -> None:
        """`until_closed`: a message for an output whose reader has gone (a closed pipe,
        `layoffbot ask ... | head`) counts as shown, the way the reader chose, rather than
        failing (to be retried by whichever process prints the console next);
        `output_closed` then says so."""
        self.output = output or sys.stdout
        # A terminal closed under the bot is no terminal any more (its calls fail, then
        # the output goes nowhere): what is printed after that was never shown.
        self._on_terminal = _is_terminal(self.output)
        self.until_closed = until_closed
        self.output_closed = False
        self.input = input_stream or sys.stdin
        self.interactive = interactive
        self.chart_dir = chart_dir
        self._ids = itertools.count(1)
        self._app: CoreApp | None = None
        self._reader: asyncio.Task[None] | None = None
        self._typed: str | None = None  # the command typed at the prompt, while it runs
        self._lines: asyncio.Queue[str] | None = None  # lines typed, not yet run
        self.closed = asyncio.Event()

    def target(self) -> Target:
        return Target("console", channel_id=CONSOLE_CHANNEL, workspace_id=CONSOLE_WORKSPACE)

    async def start(self, app: CoreApp) -> None:
        self._app = app
        if self.interactive:
            self._print("Type /layoffs help for commands, quit to stop.")
            self._reader = asyncio.create_task(self._read_loop())

    async def stop(self) -> None:
        if self._typed is not None:
            # Ctrl-C while `feeds add` of a slow feed ran: the command stops with the bot,
            # and the user was not told it had not finished.
            self._print(
                f"Stopped before it finished: {clean(self._typed)[:80]}"
                " (run it again after the restart to be sure it took effect)."
            )
        for text in self._waiting():
            # Typed while another command ran ("commands typed now run after it"): a
            # `subscribe` queued behind a slow `feeds add` vanished at Ctrl-C unnamed.
            self._print(
                f"Not run, the bot stopped first: {clean(text)[:80]} (type it again after the restart)."
            )
        if self._reader is not None:
            self._reader.cancel()
            self._reader = None
        self.closed.set()

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        self._show(message)
        if self._on_terminal and not _is_terminal(self.output):
            # Counted as shown, an alert printed into a closed window was lost: it waits
            # for the next console instead (the outbox retries it).
            raise TransientDeliveryError("the terminal was closed: not shown")
        return DeliveryReceipt(message_id=f"console-{next(self._ids)}")

    def story_found(self, story: Story) -> None:
        """Print a newly found story (called after each poll's new stories)."""
        t = story.tags
        flag = "AI" if t.ai_cause else "  "
        who = story.company or "?"
        size = (
            f"{t.headcount:,} jobs"
            if t.headcount is not None
            else (f"{t.percent:g}% of staff" if t.percent is not None else t.headcount_text)
        )
        # The size beside the company, apart from the headline: after it, it read as the
        # headline's last words ("... take over 500 jobs 500 jobs").
        if size:
            who = f"{who} ({size})"
        kind = t.kind.value.replace("_", " ")  # 'hiring freeze', as replies say it
        self._print(f"[new] {flag} {kind:<13} {who}: {story.headline}")

    def stories_found(self, stories: list[Story]) -> None:
        """Print each new story of a poll (the pipeline's `on_new_stories`)."""
        for story in stories:
            self.story_found(story)

    def notice(self, text: str) -> None:
        """A line about the bot's own state (offline, back online)."""
        self._print(text)

    def feed_problem(self, feed: Feed, problem: str) -> None:
        if feed.disabled:  # and how it is polled again: the reason alone did not say
            from bot.hints import enable_hint

            problem = f"{problem}; {enable_hint(feed.url, feed.workspace or '')}"
        self._print(f"[feed] {feed.name}: {problem} ({feed.url})")

    def _waiting(self) -> list[str]:
        """The commands typed but not yet started, taken off the queue."""
        waiting: list[str] = []
        while self._lines is not None and not self._lines.empty():
            text = self._lines.get_nowait().strip()
            if text and text.lower() not in ("quit", "exit", "/quit"):
                waiting.append(text)
        return waiting

    async def run_command(self, text: str) -> Message:
        assert self._app is not None, "start() first"
        command = Command(
            text=text,
            platform="console",
            user_id="console",
            channel_id=CONSOLE_CHANNEL,
            workspace_id=CONSOLE_WORKSPACE,
            is_manager=True,
            is_direct=False,
        )
        reply = await self._app.handle(command)
        self._show(reply)
        return reply

    async def _read_loop(self) -> None:
        lines: asyncio.Queue[str] = asyncio.Queue()
        self._lines = lines
        _start_reader(self.input, asyncio.get_running_loop(), lines)
        while True:
            line = await lines.get()
            if not line:  # end of input: keep running, just stop reading
                if _is_terminal(self.input):  # Ctrl-D: say so, or later commands vanish
                    self._print("End of input: commands are no longer read. Ctrl-C stops.")
                return
            if not line.endswith("\n") and _is_terminal(self.input):
                # Ctrl-D pressed on a half-typed line: not a command the user sent.
                self._print(f"Not run (no Enter before Ctrl-D): {clean(line.strip())[:80]}")
                continue
            text = line.strip()
            if not text:
                continue
            if text.lower() in ("quit", "exit", "/quit"):
                self.closed.set()
                return
            if _EDITING_KEY.search(text):
                self._print(NO_EDITING_KEYS)
                continue
            if text.lower() in CLEAR_WORDS:
                self._clear_screen()
                continue
            try:
                await self._run_typed(text)
            except Exception as exc:  # the prompt must survive anything
                self._print(f"Sorry, that failed: {exc}")

    async def _run_typed(self, text: str) -> None:
        """Run a command typed at the prompt; one still running after STILL_WORKING
        seconds (`feeds add` waits up to the fetch limit on a slow feed) says so once:
        the terminal sat silent, and commands typed meanwhile seemed to be ignored."""
        task = asyncio.ensure_future(self.run_command(text))
        self._typed = text
        try:
            done, _ = await asyncio.wait({task}, timeout=STILL_WORKING)
            if not done:
                self._print(f"Working on it: {clean(text)[:80]} (commands typed now run after it)")
            await task
        finally:
            self._typed = None
            # Stopped while waiting (`asyncio.wait` does not cancel what it waits for):
            # the command ends with the prompt, not on its own after "Stopped before".
            task.cancel()

    def _show(self, message: Message) -> None:
        self._print(to_text(message))
        if message.image is not None:
            self._print(save_chart(self.chart_dir, message.image))

    def _clear_screen(self) -> None:
        """`clear` typed at the prompt, as in the shell: the screen cleared, not a lookup
        of a company "Clear" (new-user trial, session 20); `/layoffs clear` still looks
        one up. Output that is no terminal (a pipe, a log) has no screen to clear."""
        if self.output_closed or not _is_terminal(self.output):
            return
        with contextlib.suppress(OSError, ValueError):
            self.output.write(CLEAR_SCREEN)
            self.output.flush()

    def _print(self, text: str) -> None:
        if self.output_closed:
            return
        try:
            # Feed names and headlines stored before control characters were dropped at parse.
            self.output.write(clean(text) + "\n")
            self.output.flush()
        except BrokenPipeError:
            if not self.until_closed:
                raise
            self.output_closed = True


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def _start_reader(
    stream: TextIO, loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str]
) -> None:
    """Read lines in a daemon thread and hand them to the loop; "" means end of input.

    Not `asyncio.to_thread`: a thread of the loop's default executor blocked in a read
    keeps `asyncio.run` (and so the process) from ending until a line arrives, which is
    how Ctrl-C once did nothing. A daemon thread is simply left behind at exit. The real
    stdin is read with `os.read` on its descriptor, not through `sys.stdin`'s buffer, so
    the interpreter never waits at exit for the buffer's lock that this thread holds.
    """

    def hand_over(line: str) -> bool:
        try:
            loop.call_soon_threadsafe(lines.put_nowait, line)
        except RuntimeError:  # the loop is closed: the bot is stopping
            return False
        return True

    def read_fd(fd: int) -> None:
        pending = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                if pending:
                    hand_over(pending.decode("utf-8", "replace"))
                hand_over("")
                return
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                if not hand_over(line.decode("utf-8", "replace") + "\n"):
                    return

    def read_stream() -> None:
        while True:
            try:
                line = stream.readline()
            except (OSError, ValueError):
                line = ""
            if not hand_over(line) or not line:
                return

    fd: int | None = None
    if stream is sys.stdin:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            fd = stream.fileno()
    target = (lambda: read_fd(fd)) if fd is not None else read_stream
    threading.Thread(target=target, name="console-input", daemon=True).start()


def _write_new_file(path: Path, data: bytes) -> None:
    """Write `data` to a new file of ours, then rename it to `path`: the names are
    predictable (`layoffs-trends-30d-YYYYMMDD.png`), so in a shared chart folder a
    symlink or someone else's file planted under one was written through (a symlink to
    any file of the bot's user had it overwritten with the PNG). A rename replaces the
    link, never its target."""
    fd, part = tempfile.mkstemp(dir=path.parent, prefix=".layoffs-chart-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise


def save_chart(chart_dir: Path, image: Image) -> str:
    """Write a reply's chart next to the database; the line to show for it. A folder the
    bot cannot write costs the file, never the reply: the line names the setting."""
    path = chart_dir / image.filename
    try:
        chart_dir.mkdir(parents=True, exist_ok=True)
        _write_new_file(path, image.data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return (
            f"(chart not saved: cannot write to {chart_dir}: {reason};"
            " set LAYOFFBOT_CHART_DIR to a folder you can write)"
        )
    return f"(chart saved to {path})"
