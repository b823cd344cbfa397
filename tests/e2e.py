"""Drive the real `layoffbot` process the way a person does: in a terminal (a pty), with
keystrokes and Ctrl-C, on a real database, against feeds served from 127.0.0.1.

`BotTerminal` spawns `python -m bot ...` as the session leader of a new pty, so Ctrl-C
typed into the terminal reaches it as SIGINT through the line discipline, exactly as
in a shell. `cli()` runs one non-interactive command (stdout not a terminal).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import signal
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a user on a fresh machine: their own database, no .env, no
    proxies, no default feeds unless asked for."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env = {k: v for k, v in env.items() if not k.startswith(("LAYOFFBOT_", "SLACK_", "DISCORD_"))}
    env |= {
        "LAYOFFBOT_DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "LAYOFFBOT_ENV_FILE": os.devnull,
        "LAYOFFBOT_DEFAULT_FEEDS": "false",
        "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true",
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


def _become_terminal_session() -> None:  # runs in the child between fork and exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class BotTerminal:
    """`layoffbot ARGS` running in a terminal of its own."""

    def __init__(self, *args: str, tmp_path: Path, env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=tmp_path,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            preexec_fn=_become_terminal_session,
            close_fds=True,
        )
        os.close(slave)
        self._buffer = ""
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._buffer += ANSI.sub("", chunk.decode("utf-8", "replace"))

    @property
    def output(self) -> str:
        with self._lock:
            return self._buffer.replace("\r\n", "\n")

    def expect(self, text: str | re.Pattern[str], timeout: float = 30, start: int = 0) -> int:
        """Wait until the output (from `start`) shows `text`; returns the offset after it."""
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
        (`== ... ==`) until the terminal stayed quiet for `quiet` seconds."""
        start = len(self.output)
        self.type(line)
        self.expect("== ", timeout, start=start)
        deadline = time.monotonic() + timeout
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

    def wait(self, timeout: float) -> int:
        """The exit code; fails the test (and kills the process) if it does not end in time."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(
                f"layoffbot did not stop within {timeout} s; output:\n{self.output[-4000:]}"
            ) from None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def close(self) -> None:
        self.kill()
        with contextlib.suppress(OSError):
            os.close(self.master)


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
