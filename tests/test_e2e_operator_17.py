"""A `layoffbot run` killed on PostgreSQL: what it owed goes out within seconds, once;
a console-only standby says when it takes over. Driven through real `layoffbot run`
processes (operator findings left by session 16).

On PostgreSQL a standby or a restart waited out a killed process's claims, 2 minutes,
before sending the rest of a digest; and a standby taking over printed nothing.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.store import Store
from tests.e2e import BotProcess, assert_no_traceback, bot_env, patience, quiet_for
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_discord import feed_server
from tests.test_e2e_slack import slash_payload

__all__ = ["feed_server"]  # a fixture, used by name

TAKES_OVER = (
    "layoffbot: the process that polled the feeds stopped: this one takes over,"
    " polling the feeds and planning the digests."
)


def _add_primed_feed(url: str, feed: str) -> None:
    store = Store.open(url)
    try:
        store.add_feed(feed, "E2E feed")
        store.mark_primed(feed)
    finally:
        store.close()


def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def _deliveries(url: str) -> list[tuple[object, ...]]:
    return _query(url, "SELECT key, state, claimed_by, receipt FROM deliveries ORDER BY id")


def _slack_run(tmp_path: Path, url: str, api_url: str) -> BotProcess:
    tmp_path.mkdir(exist_ok=True)
    env = bot_env(
        tmp_path,
        LAYOFFBOT_DATABASE_URL=url,
        LAYOFFBOT_LEADER_CHECK_SECONDS="1",
        SLACK_BOT_TOKEN="xoxb-e2e",
        SLACK_APP_TOKEN="xapp-e2e",
        LAYOFFBOT_SLACK_API_URL=api_url,
        LAYOFFBOT_MANAGERS="U1",
    )
    bot = BotProcess("run", tmp_path=tmp_path, env=env)
    bot.wait_for_lines(r"slack: connected over Socket Mode", timeout=30)
    bot.wait_for_lines("Ctrl-C to stop", timeout=30)
    return bot


def test_a_leader_killed_mid_digest_on_postgresql_is_taken_over_in_seconds_posting_once(
    tmp_path: Path, pg_schema: str, feed_server: FeedServer
) -> None:
    _add_primed_feed(pg_schema, feed_server.url("/feed.xml"))
    with FakeSlackThread() as slack:
        fake = slack.fake
        fake.lose_hang = 60.0  # the first post is made; its answer never comes back
        leader = _slack_run(tmp_path / "a", pg_schema, fake.api_url)
        standby: BotProcess | None = None
        try:
            leader.wait_for(
                "the feed polled",
                lambda: _query(pg_schema, "SELECT count(*) FROM items")[0][0] == 2,
                timeout=30,
            )
            leaders_socket = fake._ws
            standby = _slack_run(tmp_path / "b", pg_schema, fake.api_url)
            assert "standing by" in standby.stdout, standby.output
            # The fake pushes envelopes to the socket that connected last: the command
            # goes to the leader, which plans the digest and sends it itself. (Slack's
            # client gives up on an answer after 30 s: all that follows is well within.)
            fake._ws = leaders_socket
            fake.lose(hang=True)
            slack.send_envelope("slash_commands", slash_payload(fake, "digest now"))
            slack.wait_for(lambda: fake.lost, timeout=20)
            # The leader lives, waiting for Slack: its claims are never taken (the
            # standby sweeps every 5 s). Not stretched by load: Slack's client gives up
            # 30 s after the post, and the leader then retries it on its own.
            time.sleep(6)
            owed = _deliveries(pg_schema)
            assert len(owed) >= 3 and all(row[1] == "pending" for row in owed), owed
            assert {str(row[2]).split("#")[0] for row in owed if row[2]} == {
                f"{_host()}:{leader.proc.pid}"
            }, (owed, leader.output, standby.output)
            assert len([p for p in fake.posted if p.channel == "C1"]) == 1
            leader.kill()  # kill -9, Slack still holding the first post's answer
            killed = time.monotonic()
            standby.wait_for(
                "the digest sent",
                lambda: all(row[1] == "sent" for row in _deliveries(pg_schema)),
                timeout=20,  # was the claim's lease: 2 minutes
            )
            took = time.monotonic() - killed
            standby.wait_for_lines(TAKES_OVER, timeout=10)
            time.sleep(quiet_for(2))  # time enough for a repeat to show, were there one
        finally:
            leader.kill()
            if standby is not None:
                standby.stop()
    rows = _deliveries(pg_schema)
    posts = [p for p in fake.posted if p.channel == "C1"]
    assert len(posts) == len(rows), ([p.text for p in posts], rows)
    first = json.loads(str(rows[0][3]))
    assert first["message_id"] == fake.lost[0], rows  # found, not posted again
    assert took < patience(15), took
    assert_no_traceback(leader.output + standby.output)


def test_a_restart_after_a_kill_on_postgresql_resumes_at_once_and_says_so(
    tmp_path: Path, pg_schema: str, feed_server: FeedServer
) -> None:
    _add_primed_feed(pg_schema, feed_server.url("/feed.xml"))
    with FakeSlackThread() as slack:
        fake = slack.fake
        fake.lose_hang = 60.0
        first = _slack_run(tmp_path / "a", pg_schema, fake.api_url)
        try:
            first.wait_for(
                "the feed polled",
                lambda: _query(pg_schema, "SELECT count(*) FROM items")[0][0] == 2,
                timeout=30,
            )
            fake.lose(hang=True)
            slack.send_envelope("slash_commands", slash_payload(fake, "digest now"))
            slack.wait_for(lambda: fake.lost, timeout=20)
        finally:
            first.kill()
        started = time.monotonic()
        second = _slack_run(tmp_path / "a", pg_schema, fake.api_url)
        try:
            second.wait_for(
                "the digest sent",
                lambda: all(row[1] == "sent" for row in _deliveries(pg_schema)),
                timeout=20,
            )
            took = time.monotonic() - started
            time.sleep(quiet_for(1))
        finally:
            second.stop()
    assert (
        f"layoffbot: resuming 1 message {_host()}:{first.proc.pid} was sending when it stopped."
        in second.stderr
    ), second.output
    rows = _deliveries(pg_schema)
    assert len([p for p in fake.posted if p.channel == "C1"]) == len(rows) >= 3, rows
    assert took < patience(30), took
    assert_no_traceback(second.output)


def test_a_console_standby_says_when_it_takes_over_from_a_killed_leader(
    tmp_path: Path, pg_schema: str
) -> None:
    runs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        env = bot_env(
            tmp_path / name, LAYOFFBOT_DATABASE_URL=pg_schema, LAYOFFBOT_LEADER_CHECK_SECONDS="1"
        )
        run = BotProcess("run", tmp_path=tmp_path / name, env=env, stdin=subprocess.PIPE)
        runs.append(run)
        run.wait_for_lines("Ctrl-C to stop", timeout=30)
    leader, standby = runs
    try:
        assert "standing by" in standby.stdout, standby.output
        assert TAKES_OVER not in standby.stdout
        leader.kill()
        hits = standby.wait_for_lines(TAKES_OVER, timeout=10)
        assert hits
    finally:
        leader.kill()
        standby.stop()
    assert_no_traceback(standby.output)


def _host() -> str:
    import socket

    return socket.gethostname()
