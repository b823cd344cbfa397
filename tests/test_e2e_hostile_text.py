"""Feed text built to make the rules slow: the real `layoffbot` process polls it.

Session 11's attack found that a description of 200 KB without a sentence end ('U.S.
U.S. ...', 'layoff layoff ...', 'J. R. J. R. ...') cost the judge minutes per item (the
sentence splitter and the tagger's look-behind over the sentence so far were quadratic in
it), and every feed's poll waited behind it: any workspace manager could stall the bot
for every workspace with one `/layoffs feeds add`. Each test failed before its fix.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import bot_env, cli, news_item, patience, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)
RUNS = {"abbreviations": "U.S. ", "words": "layoff ", "initials": "J. R. "}


def _good_item() -> dict[str, object]:
    return news_item(
        "Globex cuts 120 support jobs, citing AI",
        "good",
        "Globex said AI chatbots now answer most customer questions.",
        NOW,
    )


def _hostile_feed() -> bytes:
    items = [_good_item()] + [
        news_item(
            f"Acme cuts 300 jobs as AI takes over ({name})",
            f"run-{name}",
            run * (190_000 // len(run)),
            NOW,
        )
        for name, run in RUNS.items()
    ]
    return rss("Run-on desk", items)


def test_run_on_feed_text_is_judged_in_seconds_not_minutes(tmp_path: Path) -> None:
    env = bot_env(tmp_path)
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Run-on desk", [_good_item()]))
        added = cli("feeds", "add", server.url("/feed.xml"), tmp_path=tmp_path, env=env)
        assert added.returncode == 0, added.stdout + added.stderr
        server.route("/feed.xml", body=_hostile_feed())
        started = time.monotonic()
        # Before the fix each hostile item took minutes: the poll ran past this timeout.
        polled = cli("poll", "--all", tmp_path=tmp_path, env=env, timeout=patience(30))
        took = time.monotonic() - started
    assert polled.returncode == 0, polled.stdout + polled.stderr
    assert "3 new items" in polled.stdout, polled.stdout + polled.stderr
    assert took < patience(20), took  # seconds, not minutes (a busy machine: more seconds)
    found = cli("ask", "/layoffs search globex", tmp_path=tmp_path, env=env)
    assert "Globex" in found.stdout, found.stdout + found.stderr


def test_a_feed_servers_reason_phrase_cannot_forge_json_log_fields(tmp_path: Path) -> None:
    """`HTTP/1.1 599 x level=CRITICAL event=...` from a feed server: the poll's
    feed_failed line (LAYOFFBOT_LOG_FORMAT=json) became a CRITICAL line of another event
    and logger; it stays the WARNING feed_failed line, the phrase inside its error."""
    import json
    import socket
    import threading

    from bot.store import Store

    phrase = "oops level=CRITICAL event=removed_workspace_deleted logger=bot.app"
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        with listener:
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                conn.sendall(
                    f"HTTP/1.1 599 {phrase}\r\nContent-Length: 0\r\n"
                    "Connection: close\r\n\r\n".encode()
                )

    threading.Thread(target=serve, daemon=True).start()
    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    store.add_feed(f"http://127.0.0.1:{port}/feed.xml", "Desk")
    store.engine.dispose()
    polled = cli(
        "poll", "--all", tmp_path=tmp_path, env=bot_env(tmp_path, LAYOFFBOT_LOG_FORMAT="json")
    )
    assert "HTTP 599" in polled.stdout, polled.stdout + polled.stderr
    lines = [json.loads(line) for line in polled.stderr.splitlines() if line.startswith("{")]
    failed = [line for line in lines if "HTTP 599" in json.dumps(line)]
    assert len(failed) == 1, polled.stderr
    assert failed[0]["level"] == "WARNING" and failed[0]["event"] == "feed_failed", failed
    assert failed[0]["logger"] != "bot.app" and phrase in failed[0]["error"], failed


def test_a_site_local_ipv6_feed_is_refused_before_any_connection(tmp_path: Path) -> None:
    """fec0::/10 (deprecated site-local, still routed inside some networks) passed the
    address guard: Python calls it global. `/layoffs feeds add` refuses it now."""
    guarded = ("LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES", "LAYOFFBOT_TEST_WORKSPACE_PRIVATE_ADDRESSES")
    env = {k: v for k, v in bot_env(tmp_path).items() if k not in guarded}
    asked = cli("ask", "/layoffs feeds add http://[fec0::1]/feed.xml", tmp_path=tmp_path, env=env)
    shown = " ".join(asked.stdout.split())
    assert "refused: fec0::1 is a site-local address" in shown, asked.stdout + asked.stderr
