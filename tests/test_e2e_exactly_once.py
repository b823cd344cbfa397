"""`layoffbot run` posts a delivery once even when the platform's answer to the post is lost.

A real process on a real SQLite database, Slack faked on 127.0.0.1: `/layoffs digest now`
plans the digest, the fake Slack posts it and then drops the connection before answering.
Before, slack_sdk repeated the post at once (its connection-error retry), so the channel
got the digest twice. Now the outbox retries (after its backoff), the adapter finds the
post by its metadata in conversations.history, records it as the receipt and posts
nothing more.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from pathlib import Path

from tests.discord.fake_discord import MANAGE_GUILD
from tests.e2e import (
    STOP_WITHIN,
    BotProcess,
    assert_no_traceback,
    bot_process,
    bots,
    discord_env,
)
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_discord import (
    FakeDiscordThread,
    _add_primed_feed,
    _stored_items,
    feed_server,
)
from tests.test_e2e_slack import connected_bot, slash_payload

__all__ = ["bots", "feed_server"]  # fixtures, used by name


def _deliveries(db: Path) -> list[tuple[str, str, int, str | None]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT key, state, attempts, receipt FROM deliveries"))


def test_a_digest_whose_answer_slack_lost_is_posted_once(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    with FakeSlackThread() as slack:
        fake = slack.fake
        fake.lose()  # the first post's answer never arrives
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.send_envelope("slash_commands", slash_payload(fake, "digest now"))
        slack.wait_for(lambda: fake.lost, timeout=20)
        db = tmp_path / "bot.db"
        bot.wait_for(
            "every delivery sent",
            lambda: bool(_deliveries(db)) and all(r[1] == "sent" for r in _deliveries(db)),
            timeout=40,
        )
        time.sleep(1.0)  # time enough for a repeat to show, were there one
        rows = _deliveries(db)
        posts = [p for p in fake.posted if p.channel == "C1"]
        assert bot.stop() < STOP_WITHIN
    assert [r[1] for r in rows] == ["sent"] * len(rows) and rows, (rows, bot.output)
    assert len(posts) == len(rows), [p.text for p in posts]
    assert {json.loads(r[3])["message_id"] for r in rows if r[3]} == {p.ts for p in posts}
    assert fake.calls_to("conversations.history"), "the retry never looked"
    assert_no_traceback(bot.output)


def test_a_discord_digest_whose_answer_was_lost_is_posted_once(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Discord's nonce is off (the retry came after Discord's few-minute window): before,
    the retry posted the digest's first message again; now it finds it by its marker."""
    _add_primed_feed(tmp_path, feed_server.url("/feed.xml"))
    with FakeDiscordThread() as discord:
        fake = discord.fake
        fake.nonce_window = 0.0
        fake.lose()  # the first message's answer never arrives
        env = discord_env(tmp_path, fake)
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            bot.wait_for("the feed polled", lambda: _stored_items(tmp_path) == 2)
            payload = fake.command_interaction(
                "digest", {"action": "now"}, permissions=MANAGE_GUILD
            )
            discord.call(fake.interact(payload))
            bot.wait_for("a lost answer", lambda: bool(fake.lost))
            db = tmp_path / "bot.db"
            bot.wait_for(
                "every delivery sent",
                lambda: bool(_deliveries(db)) and all(r[1] == "sent" for r in _deliveries(db)),
                timeout=40,
            )
            time.sleep(1.0)  # time enough for a repeat to show, were there one
            rows = _deliveries(db)
            bot.stop(signal.SIGTERM)
    posted = [m for m in fake.messages if m["channel_id"] == fake.channel_id]
    embeds = [json.dumps(m["embeds"], sort_keys=True) for m in posted]
    assert len(set(embeds)) == len(embeds), "a digest message was posted twice"
    assert len(posted) == len(rows) >= 3, (len(posted), rows)
    assert {json.loads(r[3])["message_id"] for r in rows if r[3]} == {m["id"] for m in posted}
    assert fake.lost[0] in {m["id"] for m in posted}
    assert_no_traceback(bot.stderr + bot.stdout)
