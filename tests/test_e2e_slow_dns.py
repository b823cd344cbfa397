"""A workspace's feeds on names whose name server never answers cannot time out the
operator's feeds (session 14 attack), through the real `layoffbot poll`.

A name lookup cannot be cancelled: it holds its resolver thread until the system's
resolver gives up, past the fetch's deadline. A workspace's 30 feeds on names under one
such domain held all 8 resolver threads, and the operator's feed polled with them timed
out waiting for one. The slow name server is simulated in the bot's own process by a
`sitecustomize` that slows `socket.getaddrinfo` for names under slow.test.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.store import Store
from tests.e2e import ROOT, assert_no_traceback, bot_env, cli, news_item, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)
SLOW_SECONDS = 6  # past the 2 s fetch deadline, as a silent name server is past 20 s

HOOK = f"""
import socket, time

_real = socket.getaddrinfo


def _getaddrinfo(host, port, *args, **kwargs):
    if str(host).endswith(".slow.test"):
        time.sleep({SLOW_SECONDS})  # the name server never answers; the resolver gives up
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    if host == "good.test":
        host = "127.0.0.1"
    return _real(host, port, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo
"""


def test_feeds_on_a_silent_name_server_do_not_time_out_the_operators_feed(
    tmp_path: Path,
) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(HOOK)
    env = bot_env(
        tmp_path,
        PYTHONPATH=f"{hooks}:{ROOT}",
        LAYOFFBOT_FETCH_TIMEOUT_SECONDS="2",
    )
    with FeedServer() as server:
        good = f"http://good.test:{server.port}/feed.xml"
        first = news_item("Globex opens an office", "globex-office", "Globex is hiring.", NOW)
        server.route("/feed.xml", body=rss("Operator desk", [first]))
        added = cli("feeds", "add", good, tmp_path=tmp_path, env=env)
        assert added.returncode == 0, added.stdout + added.stderr
        store = Store.open(f"sqlite:///{tmp_path}/bot.db")
        try:
            for i in range(30):  # never polled: due before the operator's feed
                store.add_feed(f"http://h{i}.slow.test/feed.xml", f"Slow {i}", "discord:666")
        finally:
            store.close()
        fresh = news_item(
            "Initech cuts 120 support jobs, citing AI",
            "initech-120",
            "Initech said AI chatbots now answer most customer questions.",
            NOW,
        )
        server.route("/feed.xml", body=rss("Operator desk", [fresh, first]))
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env, timeout=300)
    out = polled.stdout + polled.stderr
    assert_no_traceback(out)
    lines = [line for line in polled.stdout.splitlines() if line.startswith("Operator desk")]
    assert lines and "1 new item" in lines[0], out  # it was "error: timed out after 2 s"
    assert "Slow 0: error" in polled.stdout, out  # the slow names fail on their own
