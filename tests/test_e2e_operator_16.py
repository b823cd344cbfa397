"""An operator's restarts and second processes, driven through the real `layoffbot`
process (session 16's upgrade and restart trial)."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from tests.e2e import assert_no_traceback, bot_env, bot_process, cli, cli_ok, quiet_for
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlack, FakeSlackThread
from tests.test_e2e_discord import _add_primed_feed, _stored_items, feed_server
from tests.test_e2e_exactly_once import _deliveries
from tests.test_e2e_slack import connected_bot, slash_payload

__all__ = ["feed_server"]  # a fixture, used by name


def test_a_second_run_on_one_postgresql_database_says_it_stands_by(
    tmp_path: Path, pg_schema: str
) -> None:
    # Both said "polling 2 feeds every 15 min"; only the leader polls and plans digests.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    env_a = bot_env(tmp_path / "a", LAYOFFBOT_DATABASE_URL=pg_schema)
    env_b = bot_env(tmp_path / "b", LAYOFFBOT_DATABASE_URL=pg_schema)
    with bot_process(tmp_path / "a", env_a, "run", "--no-console") as first:
        first.wait_for_lines("Ctrl-C to stop", timeout=30)
        with bot_process(tmp_path / "b", env_b, "run", "--no-console") as second:
            second.wait_for_lines("Ctrl-C to stop", timeout=30)
            assert "polling 0 feeds every 15 min" in first.stdout, first.output
            assert (
                "standing by: another layoffbot process on this database polls the feeds"
                " and plans the digests; this one answers commands and delivers, and takes"
                " over if that one stops" in second.stdout
            ), second.output
            assert "polling" not in second.stdout
    assert_no_traceback(first.output + second.output)


def test_a_digest_cut_by_kill_9_is_resumed_at_restart_at_once_and_posted_once(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # The run killed while Slack held the digest's answer kept its claim on the digest
    # for the claim's whole lease: the restarted bot posted it 2 minutes later, and said
    # nothing of it meanwhile.
    _add_primed_feed(tmp_path, feed_server.url("/feed.xml"))
    db = tmp_path / "bot.db"
    with FakeSlackThread() as slack:
        fake = slack.fake
        fake.lose_hang = 8.0  # the answer does not come before the first run is killed
        first = connected_bot(tmp_path, slack)
        try:
            first.wait_for("the feed polled", lambda: _stored_items(tmp_path) == 2, timeout=30)
            fake.lose(hang=True)  # the digest's first post is made, its answer held
            slack.send_envelope("slash_commands", slash_payload(fake, "digest now"))
            slack.wait_for(lambda: fake.lost, timeout=20)
        finally:
            first.kill()  # kill -9 while it waits for Slack's answer
        cut = [k for k, state, _, _ in _deliveries(db) if state != "sent"]
        assert cut and cut[0].startswith("digest:slack:C1:"), _deliveries(db)
        started = time.monotonic()
        second = connected_bot(tmp_path, slack)
        try:
            second.wait_for(
                "the digest sent",
                lambda: all(row[1] == "sent" for row in _deliveries(db)),
                timeout=20,  # was the claim's lease, 2 minutes
            )
            took = time.monotonic() - started
            time.sleep(quiet_for(1))  # time enough for a repeat to show, were there one
        finally:
            second.stop()
    assert (
        f"layoffbot: resuming 1 message the last run (pid {first.proc.pid}) was sending"
        f" when it stopped: {cut[0]}." in second.stderr
    ), second.output
    rows = _deliveries(db)
    posts = [p for p in fake.posted if p.channel == "C1"]
    assert len(posts) == len(rows) >= 3, ([p.text for p in posts], rows, took)
    assert json.loads(dict((r[0], r[3]) for r in rows)[cut[0]])["message_id"] == fake.lost[0]
    assert_no_traceback(second.output)


def test_a_run_on_postgresql_names_the_claims_it_must_wait_out(
    tmp_path: Path, pg_schema: str
) -> None:
    # On PostgreSQL a restart cannot tell a killed run's claims from a live process's:
    # it waits their lease out, and now says so instead of nothing.
    from datetime import UTC, datetime, timedelta

    from bot.store import Store
    from bot.store.tables import deliveries

    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=pg_schema)
    cli_ok(env, tmp_path, "db", "upgrade")
    now = datetime.now(UTC)
    store = Store.open(pg_schema, migrate=False)
    try:
        with store.tx() as conn:
            conn.execute(
                deliveries.insert(),
                [
                    {
                        "key": f"digest:slack:C1:2026-12-06{part}",
                        "platform": "slack",
                        "target": "{}",
                        "message": "{}",
                        "source": "digest",
                        "next_attempt": now,
                        "created_at": now,
                        "claimed_by": "gone-host:4242",
                        "claimed_until": now + timedelta(minutes=2),
                    }
                    for part in ("", ":story:acme-2026-12")
                ],
            )
    finally:
        store.close()
    with bot_process(tmp_path, env, "run", "--no-console") as bot:
        bot.wait_for_lines("Ctrl-C to stop", timeout=30)
    assert "event=deliveries_claimed_elsewhere by=gone-host:4242 count=2 until=" in bot.stderr, (
        bot.output
    )
    assert "if it stopped, they are sent when its claim expires" in bot.stderr
    assert_no_traceback(bot.output)


class _SlowSlack(FakeSlack):
    """Slack taking 2.5 s to answer each post: a digest's sweep outlasts the 5 s tick."""

    async def _api(self, request: Any) -> Any:
        if request.match_info["method"] == "chat.postMessage":
            await asyncio.sleep(2.5)
        return await super()._api(request)


def test_a_sweep_through_a_slow_platform_logs_no_skipped_job_every_tick(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # apscheduler said "Execution of job Scheduler.sweep ... skipped: maximum number of
    # running instances reached (1)", a WARNING every 5 s while the sweep lasted.
    _add_primed_feed(tmp_path, feed_server.url("/feed.xml"))
    db = tmp_path / "bot.db"
    with FakeSlackThread(_SlowSlack()) as slack:
        bot = connected_bot(tmp_path, slack)
        try:
            bot.wait_for("the feed polled", lambda: _stored_items(tmp_path) == 2, timeout=30)
            slack.send_envelope("slash_commands", slash_payload(slack.fake, "digest now"))
            bot.wait_for(
                "the digest sent",
                lambda: len(_deliveries(db)) >= 3 and all(r[1] == "sent" for r in _deliveries(db)),
                timeout=40,
            )
        finally:
            bot.stop()
        posts = [p for p in slack.fake.posted if p.channel == "C1"]
    assert len(posts) == len(_deliveries(db)), [p.text for p in posts]
    assert "maximum number of running instances" not in bot.output, bot.output
    assert_no_traceback(bot.output)


def test_an_upgrade_under_a_running_older_bot_is_refused_and_changes_nothing(
    tmp_path: Path,
) -> None:
    # `git pull`, then `make run` in a second terminal: its `db upgrade` migrated the
    # database under the older bot still running on it. Here the running bot is this
    # version on a database set back to revision 0010 under it (what an older bot's
    # database is); an older bot holds the same locks.
    from alembic import command

    from bot.store.base import make_engine
    from bot.store.migrate import alembic_config, head_revision, revision_at

    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="false")
    url = env["LAYOFFBOT_DATABASE_URL"]
    with bot_process(tmp_path, env, "run", "--no-console") as older:
        older.wait_for_lines("Ctrl-C to stop", timeout=30)
        engine = make_engine(url)
        try:
            command.downgrade(alembic_config(engine), "0010")
        finally:
            engine.dispose()
        for args in (("db", "upgrade"), ("ask", "/layoffs latest")):
            refused = cli(*args, tmp_path=tmp_path, env=env)
            assert refused.returncode == 2, refused.stdout + refused.stderr
            assert (
                f"a `layoffbot run` (pid {older.proc.pid}) of an older layoffbot is using"
                f" {tmp_path / 'bot.db'}, at schema revision 0010; this one would upgrade it"
                f" to {head_revision()} under that run. Stop it first" in refused.stderr
            ), refused.stderr
            assert_no_traceback(refused.stdout + refused.stderr)
        assert revision_at(url) == "0010"
        older.stop()
    upgraded = cli_ok(env, tmp_path, "db", "upgrade")
    assert f"from schema revision 0010 to {head_revision()}" in upgraded
