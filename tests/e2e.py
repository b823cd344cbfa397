"""Drive the real `layoffbot` process the way a person does: in a terminal (a pty), with
keystrokes and Ctrl-C, or as a service whose output goes to a pipe, on a real database,
against feeds and chat platforms served from 127.0.0.1.

The one set of process helpers every end-to-end test uses:
- `bot_env()`: the environment of a user on a fresh machine.
- `cli()`: one non-interactive command, output captured.
- `BotTerminal`: `python -m bot ...` as the session leader of a new pty, so Ctrl-C typed
  into the terminal reaches it as SIGINT through the line discipline, exactly as in a shell.
- `BotProcess` / `bot_process()`: a long-running command (`layoffbot run`) with stdout and
  stderr piped and read line by line as they come, stopped by signals.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import signal
import socket
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.feedserver import FeedServer

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def patience(seconds: float) -> float:
    """A deadline of `seconds` on a quiet machine, stretched for a busy one. The helpers'
    waits (and the fake platforms' threads') apply it to the timeouts they are given: pass
    the seconds a quiet machine needs, with room.

    The suite runs three tests at a time on two cores, and CI runners and developers'
    machines do other work: at a load average of 13 on 2 cores `layoffbot run` took 22 s
    to say it was running (for 2 s of CPU) and tests that waited 15 s for it
    failed. So the factor is the machine's load per core (what a process waits for a core),
    at least 3; LAYOFFBOT_TEST_PATIENCE pins it (1: the bare deadlines). Waits end as soon
    as what they wait for happens: only a failing wait takes longer."""
    return seconds * _stretch(floor=3.0)


def quiet_for(seconds: float) -> float:
    """A quiet period that says a process has finished printing, stretched by load like
    `patience` but without its floor of 3: a quiet period is always waited in full
    (the new user's session waited 2.1 s after each of its ~30 replies on a quiet
    machine, half of its time)."""
    return seconds * _stretch(floor=1.0)


def _stretch(floor: float) -> float:
    """LAYOFFBOT_TEST_PATIENCE if set, else the load per core, at least `floor`."""
    pinned = os.environ.get("LAYOFFBOT_TEST_PATIENCE")
    if pinned:
        return float(pinned)
    return max(floor, os.getloadavg()[0] / (os.cpu_count() or 1))


def until_outbox_sent(db: Path) -> None:
    """Wait until every delivery in the SQLite database `db` is sent: a second copy of an
    alert would be a second delivery, so once none is left there is none to come (a
    fixed 6 s sleep, past the dispatcher's next round, did the same slower)."""
    import sqlite3

    deadline = time.monotonic() + patience(20)
    while time.monotonic() < deadline:
        with sqlite3.connect(db) as conn:
            (left,) = conn.execute(
                "SELECT count(*) FROM deliveries WHERE state != 'sent'"
            ).fetchone()
        if not left:
            return
        time.sleep(0.2)
    raise AssertionError("deliveries were never all sent")


# Seconds a stopped bot may take to exit: a bound against a stop that hangs (a worker or a
# connection not closed), not a measure of speed (~1 s when quiet, ~1.5 s at a load of 13).
STOP_WITHIN = 60.0


def _a_zone_where_it_is_just_after_midnight() -> str:
    """A fixed-offset zone whose local time is now between 00:00 and 02:00: a digest at
    noon there is ~10-12 hours away and later *today*. (Twelve hours ahead in UTC fell
    earlier the same day after noon UTC, and a digest time already passed today is
    posted at start.)"""
    hour = datetime.now(UTC).hour
    offset = 1 - hour if hour <= 13 else 25 - hour  # UTC+offset, within -12..+11
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"  # the Etc names flip the sign


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a user on a fresh machine: their own database (`bot.db` in
    `tmp_path`), no .env, no proxies, no platform credentials, no default feeds unless
    asked for."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env = {k: v for k, v in env.items() if not k.startswith(("LAYOFFBOT_", "SLACK_", "DISCORD_"))}
    env |= {
        "LAYOFFBOT_DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "LAYOFFBOT_ENV_FILE": os.devnull,
        "LAYOFFBOT_DEFAULT_FEEDS": "false",
        "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true",
        # Workspaces' own feeds are served from 127.0.0.1 too (a test of the guard on
        # them leaves this out: see without_workspace_private_addresses).
        "LAYOFFBOT_TEST_WORKSPACE_PRIVATE_ADDRESSES": "true",
        # The daily digest ~10-12 hours from now, later today: a scheduled digest never
        # races what a test asks for (at 09:00 UTC, the default, it would post at start
        # whenever tests run later in the day). A test about the scheduled digest sets its
        # own time and zone.
        "LAYOFFBOT_DIGEST_TIME": "12:00",
        "LAYOFFBOT_DIGEST_TIMEZONE": _a_zone_where_it_is_just_after_midnight(),
        "PYTHONPATH": str(ROOT),
        "COLUMNS": "120",
        "TERM": "xterm",
    }
    env.update(extra)
    return env


def cli(
    *args: str, tmp_path: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`layoffbot ARGS` with output captured (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env or bot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def discord_env(tmp_path: Path, fake: Any) -> dict[str, str]:
    """`bot_env` for a bot that talks to the fake Discord `fake` (its API on 127.0.0.1)
    and reads feeds from local test servers."""
    return bot_env(
        tmp_path,
        DISCORD_TOKEN="fake-token",
        LAYOFFBOT_DISCORD_API_URL=fake.api_url,
        LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES="true",
    )


def cli_ok(env: dict[str, str], tmp_path: Path, *args: str) -> str:
    """`layoffbot ARGS`'s output, checked to succeed without a traceback."""
    done = cli(*args, tmp_path=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_no_traceback(done.stdout + done.stderr)
    return done.stdout


def tag_items(
    tmp_path: Path, entries: list[tuple[str, str, str, str]], channel: str = "News"
) -> dict[str, Any]:
    """`layoffbot tag --format jsonl` over an RSS file of (key, 'Wed, 02 Jul 2025 13:20',
    title, text) entries, each item's link ending in its key: the tags by key."""
    from html import escape

    items = "".join(
        f"<item><title>{escape(title)}</title><link>https://news.example/{key}</link>"
        f"<guid>{key}</guid><pubDate>{when}:00 GMT</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for key, when, title, text in entries
    )
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{channel}</title><link>https://news.example/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    proc = cli("tag", str(feed), "--format", "jsonl", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return {r["link"].rsplit("/", 1)[-1]: r for r in map(json.loads, proc.stdout.splitlines())}


def _become_terminal_session() -> None:  # runs in the child between fork and exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class BotTerminal:
    """`layoffbot ARGS` running in a terminal of its own."""

    def __init__(
        self, *args: str, tmp_path: Path, env: dict[str, str], stderr: Path | None = None
    ) -> None:
        """`stderr`: a file stderr is redirected to (`2>FILE`), instead of the terminal."""
        self.master, slave = pty.openpty()
        with contextlib.ExitStack() as files:
            err = files.enter_context(stderr.open("wb")) if stderr is not None else slave
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", *args],
                cwd=tmp_path,
                env=env,
                stdin=slave,
                stdout=slave,
                stderr=err,
                preexec_fn=_become_terminal_session,
                close_fds=True,
            )
        os.close(slave)
        self._buffer = ""
        self._lock = threading.Lock()
        self._hanging_up = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(self.master,), daemon=True)
        self._reader.start()

    def _read(self, master: int) -> None:
        import select

        while not self._hanging_up.is_set():
            # Never blocked in a read: a descriptor closed under a read stays open (the
            # terminal would not hang up) until the read returns.
            if not select.select([master], [], [], 0.1)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._received(chunk)

    def _received(self, chunk: bytes) -> None:
        """What one read brought, under the lock: kept as text, escape sequences cut."""
        self._buffer += ANSI.sub("", chunk.decode("utf-8", "replace"))

    @property
    def output(self) -> str:
        with self._lock:
            return self._buffer.replace("\r\n", "\n")

    def expect(self, text: str | re.Pattern[str], timeout: float = 30, start: int = 0) -> int:
        """Wait until the output (from `start`) shows `text`; returns the offset after it."""
        timeout = patience(timeout)
        deadline = time.monotonic() + timeout
        while True:
            out = self.output
            if isinstance(text, str):
                at = out.find(text, start)
                if at >= 0:
                    return at + len(text)
            else:
                m = text.search(out, start)
                if m:
                    return m.end()
            if time.monotonic() > deadline or self.proc.poll() is not None:
                if self.proc.poll() is not None:
                    time.sleep(0.2)  # the last output may still be in the pty
                    out = self.output
                    if isinstance(text, str) and out.find(text, start) >= 0:
                        return out.find(text, start) + len(text)
                raise AssertionError(
                    f"did not see {text!r} within {timeout} s "
                    f"(exit code {self.proc.poll()}); output:\n{self.output[-4000:]}"
                )
            time.sleep(0.05)

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def command(self, line: str, until: str | re.Pattern[str], timeout: float = 30) -> str:
        """Type a command and return what it printed, up to and including `until`."""
        start = len(self.output)
        self.type(line)
        end = self.expect(until, timeout, start=start)
        return self.output[start:end]

    def reply(self, line: str, quiet: float = 0.7, timeout: float = 30) -> str:
        """Type a command and return its whole reply: what it printed from its title
        (`== ... ==`) until the terminal stayed quiet for `quiet` seconds (stretched by
        load, `quiet_for`: a busy machine pauses a process for longer in a reply)."""
        start = len(self.output)
        self.type(line)
        self.expect("== ", timeout, start=start)
        deadline = time.monotonic() + patience(timeout)
        quiet = quiet_for(quiet)
        seen = len(self.output)
        settled_at = time.monotonic()
        while time.monotonic() - settled_at < quiet and time.monotonic() < deadline:
            time.sleep(0.05)
            now = len(self.output)
            if now != seen:
                seen, settled_at = now, time.monotonic()
        return self.output[start:]

    def ctrl_c(self) -> None:
        os.write(self.master, b"\x03")

    def signal(self, sig: int = signal.SIGTERM) -> None:
        self.proc.send_signal(sig)

    def hang_up(self) -> None:
        """Close the terminal (its window shut, the ssh session dropped): the kernel
        sends SIGHUP to the process, and its reads and writes on the terminal fail."""
        self._hanging_up.set()
        self._reader.join(5)
        master, self.master = self.master, -1  # never closed twice (its number reused)
        with contextlib.suppress(OSError):
            os.close(master)

    def wait(self, timeout: float) -> int:
        """The exit code; fails the test (and kills the process) if it does not end in time."""
        timeout = patience(timeout)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(
                f"layoffbot did not stop within {timeout} s; output:\n{self.output[-4000:]}"
            ) from None
        # Its last lines may still be in the pty: the reader ends once it has read them all
        # (the terminal's last writer gone, the read fails). A loaded machine once returned
        # the exit code before 'layoffbot stopped.' was read.
        self._reader.join(patience(2))
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def close(self) -> None:
        # The reader stopped before its descriptor is closed: its number, reused by the next
        # terminal's pty, was read by this one's reader (the next `run` showed no output).
        self.kill()
        self.hang_up()


class BotProcess:
    """`layoffbot ARGS` with stdout and stderr piped, each line recorded as it comes."""

    def __init__(
        self, *args: str, tmp_path: Path, env: dict[str, str], stdin: int = subprocess.DEVNULL
    ) -> None:
        """`stdin=subprocess.PIPE` for a process `type` writes commands to."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=tmp_path,
            env=env,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # (time read, line) of both streams in the order they were read; and per stream.
        self.lines: list[tuple[float, str]] = []
        self._streams: dict[str, list[str]] = {"stdout": [], "stderr": []}
        self._changed = threading.Condition()
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self._readers = [
            threading.Thread(target=self._read, args=(stream, name), daemon=True)
            for stream, name in ((self.proc.stdout, "stdout"), (self.proc.stderr, "stderr"))
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: IO[str], name: str) -> None:
        for line in stream:
            with self._changed:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self._streams[name].append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def output(self) -> str:
        """stdout and stderr together, as a terminal would show them."""
        with self._changed:
            return "\n".join(line for _, line in self.lines)

    @property
    def stdout(self) -> str:
        with self._changed:
            return "\n".join(self._streams["stdout"])

    @property
    def stderr(self) -> str:
        with self._changed:
            return "\n".join(self._streams["stderr"])

    def _reading(self) -> bool:
        return self.proc.poll() is None or any(r.is_alive() for r in self._readers)

    def wait_for_lines(self, pattern: str, count: int = 1, timeout: float = 15.0) -> list[float]:
        """Wait until `count` lines match `pattern`; the times they were read."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + patience(timeout)
        with self._changed:
            while True:
                hits = [t for t, line in self.lines if regex.search(line)]
                if len(hits) >= count:
                    return hits[:count]
                left = deadline - time.monotonic()
                if left <= 0 or not self._reading():
                    raise AssertionError(
                        f"wanted {count} line(s) matching {pattern!r}; output:\n{self.output}"
                    )
                self._changed.wait(min(left, 0.2))

    def type(self, line: str) -> None:
        """Write `line` and a newline to the process's stdin (started with stdin=PIPE)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def wait_for(self, what: str, predicate: Callable[[], bool], timeout: float = 15) -> None:
        """Wait until `predicate()` holds (checked every 50 ms); fails naming `what`."""
        timeout = patience(timeout)
        deadline = time.monotonic() + timeout
        while not predicate():
            if self.proc.poll() is not None:
                self._join()
                pytest.fail(
                    f"layoffbot exited ({self.proc.returncode}) before {what}:\n{self.output}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} within {timeout:g} s; output:\n{self.output}")
            time.sleep(0.05)

    def stop(self, sig: int = signal.SIGTERM) -> float:
        """Send `sig`; the seconds until the process exited (killed after STOP_WITHIN)."""
        started = time.monotonic()
        self.proc.send_signal(sig)
        try:
            self.proc.wait(STOP_WITHIN)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(
                f"layoffbot did not stop within {STOP_WITHIN} s of {sig!r}; output:\n{self.output}"
            ) from None
        self._join()
        return time.monotonic() - started

    def wait(self, timeout: float) -> int:
        """The exit code; fails the test (and kills the process) if it does not end in time."""
        try:
            code = self.proc.wait(patience(timeout))
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"layoffbot kept running; output:\n{self.output}") from None
        self._join()
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._join()

    def _join(self) -> None:
        for reader in self._readers:
            reader.join(5)


@contextlib.contextmanager
def bot_process(
    tmp_path: Path, env: dict[str, str] | None = None, *args: str
) -> Iterator[BotProcess]:
    """`layoffbot run` (or `layoffbot ARGS`) for the length of a `with`; killed at its end."""
    bot = BotProcess(*(args or ("run",)), tmp_path=tmp_path, env=env or bot_env(tmp_path))
    try:
        yield bot
    finally:
        bot.kill()


@pytest.fixture
def bots() -> Iterator[list[BotProcess]]:
    """Processes a test started (append them), killed at its end if still running."""
    started: list[BotProcess] = []
    yield started
    for bot in started:
        bot.kill()


def start_bot(tmp_path: Path, extra: dict[str, str] | None = None) -> BotProcess:
    """`layoffbot run` in `bot_env(tmp_path)` plus `extra`; the caller stops or kills it."""
    return BotProcess("run", tmp_path=tmp_path, env=bot_env(tmp_path, **(extra or {})))


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on: connecting is refused at once (offline)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text and "╭" not in text and 'File "' not in text, text


def tag_by_slug(tmp_path: Path, feed_xml: str) -> dict[str, dict[str, Any]]:
    """`layoffbot tag FEED --format jsonl` on `feed_xml`, which must succeed without a
    traceback: each record keyed by the last part of its link."""
    feed = tmp_path / "feed.rss"
    feed.write_text(feed_xml, encoding="utf-8")
    proc = cli("tag", str(feed), "--format", "jsonl", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return {r["link"].rsplit("/", 1)[-1]: r for r in map(json.loads, proc.stdout.splitlines())}


def dated_rss(items: list[tuple[str, str, str]], when: str, channel: str = "News") -> str:
    """An RSS document of (slug, title, description) items, all published `when` (an
    RFC 822 date), each linked at https://news.example/<slug>: for `tag_by_slug`."""
    body = "".join(
        f"<item><title>{title}</title><link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>{when}</pubDate><description>{text}</description></item>"
        for key, title, text in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{channel}</title><link>https://news.example/</link>{body}</channel></rss>"
    )


def shown_at(env: dict[str, str], when: datetime, *, date_only: bool = False) -> str:
    """`when` as the bot run with `env` shows it where no channel chose a zone: in the
    default digest zone (bot.timeutil: every date is the reader's), e.g. '2026-12-05' or
    '2026-12-05 00:30 Etc/GMT-1'."""
    from bot.timeutil import reader_zone, shown_date, shown_time

    tz = reader_zone(None, env.get("LAYOFFBOT_DIGEST_TIMEZONE"))
    return shown_date(when, tz) if date_only else shown_time(when, tz)


def news_item(title: str, slug: str, description: str, published: datetime) -> dict[str, object]:
    """One item for `rss`, linked at https://news.example/<slug>."""
    link = f"https://news.example/{slug}"
    return {"title": title, "link": link, "description": description, "published": published}


def wire_item(slug: str, title: str, description: str, hours: int) -> dict[str, object]:
    """One item for `rss`, linked at https://wire.example/<slug>, published `hours` ago."""
    return {
        "title": title,
        "link": f"https://wire.example/{slug}",
        "description": description,
        "published": datetime.now(UTC) - timedelta(hours=hours),
    }


def digest_of_news(tmp_path: Path, server: FeedServer, items: list[dict[str, object]]) -> str:
    """The console's `/layoffs digest now` once `items` came in at a wire feed whose first
    poll (one item 40 days old) was its backlog, not news."""
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    old = wire_item("old", "Acme Widgets posts record sales", "Acme sold more widgets.", 24 * 40)
    server.route("/wire.xml", body=rss("Wire", [old]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    cli_ok(env, tmp_path, "poll", "--once", "--all")  # the feed's backlog: not news
    server.route("/wire.xml", body=rss("Wire", [*items, old]))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    return cli_ok(env, tmp_path, "ask", "/layoffs digest now")


def rss(title: str, items: list[dict[str, object]]) -> bytes:
    """An RSS 2.0 document; each item: title, link, description, published (datetime),
    optional guid and source."""
    from email.utils import format_datetime
    from xml.sax.saxutils import escape

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>https://feed.example/</link>",
    ]
    for it in items:
        published = it["published"]
        parts.append(
            "<item>"
            f"<title>{escape(str(it['title']))}</title>"
            f"<link>{escape(str(it['link']))}</link>"
            f"<guid>{escape(str(it.get('guid', it['link'])))}</guid>"
            f"<pubDate>{format_datetime(published)}</pubDate>"  # type: ignore[arg-type]
            f"<description>{escape(str(it.get('description', '')))}</description>"
            + (
                f"<source url='https://src.example'>{escape(str(it['source']))}</source>"
                if it.get("source")
                else ""
            )
            + "</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")
