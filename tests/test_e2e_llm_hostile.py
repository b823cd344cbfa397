"""A hostile LLM endpoint (LAYOFFBOT_LLM_URL) against the real `layoffbot` process.

Session 12's attack: httpx's timeouts are per read, so an endpoint that answers a byte at
a time, in its headers or its body, held each call (and the poll judging with it) for
hours whatever LAYOFFBOT_LLM_TIMEOUT_SECONDS said. The test failed before the fix.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e import bot_env, cli, dated_rss

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 99999\r\n\r\n"


@contextmanager
def _dribbling_endpoint(part: str) -> Iterator[str]:
    """A chat endpoint on 127.0.0.1 sending a byte every 0.2 s: of its headers (`headers`)
    or, after whole headers, of a body that never ends (`body`)."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def dribble(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            data = HEADERS[:-4] + b"\r\nX-Pad: " + b"a" * 99999 if part == "headers" else b""
            if part == "body":
                conn.sendall(HEADERS)
            i = 0
            while not stop.is_set():
                try:
                    conn.sendall(data[i : i + 1] if part == "headers" else b" ")
                except OSError:
                    return
                i += 1
                time.sleep(0.2)

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=dribble, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/v1"
    finally:
        stop.set()
        server.close()


@pytest.mark.parametrize("part", ["headers", "body"])
def test_an_llm_endpoint_answering_a_byte_at_a_time_costs_its_timeout_not_hours(
    tmp_path: Path, part: str
) -> None:
    """Each call ends at LAYOFFBOT_LLM_TIMEOUT_SECONDS, and the item is judged by the rules."""
    feed = tmp_path / "feed.xml"
    story = (
        "acme",
        "Acme to cut 300 support jobs as AI chatbot takes over",
        "Acme said its AI chatbot now does the work of 300 agents, who will be laid off.",
    )
    feed.write_text(dated_rss([story], "Fri, 04 Dec 2026 12:00:00 GMT"))
    with _dribbling_endpoint(part) as url:
        env = bot_env(
            tmp_path,
            LAYOFFBOT_LLM_URL=url,
            LAYOFFBOT_LLM_MODEL="fake-model",
            LAYOFFBOT_LLM_TIMEOUT_SECONDS="2",
        )
        done = cli("tag", str(feed), tmp_path=tmp_path, env=env, timeout=90)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("reason=timed out after 2 s") == 2, done.stderr
    assert '"kind": "layoff"' in done.stdout, done.stdout
