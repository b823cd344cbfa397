"""Trial, session 13, second round, driven through a real `layoffbot` process: hints on
Discord in the form its slash commands take, `digest quiet` with the digest off, several
feeds in one `feeds add`, and a search of only stopwords (unit level:
tests/test_trial_13b.py)."""

from __future__ import annotations

import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.discord.fake_discord import MANAGE_GUILD
from tests.e2e import (
    BotProcess,
    assert_no_traceback,
    bot_env,
    bot_process,
    bots,
    cli,
    cli_ok,
    discord_env,
    news_item,
    rss,
    start_bot,
)
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_discord import FakeDiscordThread, _add_primed_feed, _stored_items
from tests.test_e2e_slack import slash

__all__ = ["bots"]  # a fixture, used by name


def test_discord_alerts_and_replies_say_commands_as_discord_options(tmp_path: Path) -> None:
    """A channel's alert on Discord ended "/layoffs unsubscribe Klarna here to stop.", an
    empty subscriptions list said "/layoffs subscribe <company> [here]", and `digest
    action:quiet quiet:on` with no digest answered as if one would post."""
    now = datetime.now(UTC)
    duolingo = news_item("Duolingo replaces 100 translators with AI", "duo", "Cut 100.", now)
    klarna = news_item(
        "Klarna to cut 700 customer service roles as AI assistant takes over",
        "klarna",
        "Klarna said its AI assistant now does the work of 700 customer service agents.",
        now,
    )
    with FeedServer() as server, FakeDiscordThread() as discord:
        server.route("/feed.xml", body=rss("News", [duolingo]))
        _add_primed_feed(tmp_path, server.url("/feed.xml"))
        fake = discord.fake
        env = discord_env(tmp_path, fake)

        def ask(sub: str, options: dict[str, Any]) -> str:
            payload = fake.command_interaction(sub, options, permissions=MANAGE_GUILD)
            discord.call(fake.interact(payload))
            bot.wait_for("the reply", lambda: bool(fake.followups_for(payload)))
            return " ".join(str(c.json) for c in fake.followups_for(payload))

        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            bot.wait_for("the feed polled", lambda: _stored_items(tmp_path) == 1)
            empty = ask("subscriptions", {})
            quiet = ask("digest", {"action": "quiet", "quiet": "on"})
            followed = ask("subscribe", {"company": "Klarna", "where": "here"})
            server.route("/feed.xml", body=rss("News", [duolingo, klarna]))
            polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
            assert polled.returncode == 0, polled.stdout + polled.stderr
            bot.wait_for(
                "the channel's alert",
                lambda: any("New at Klarna" in str(m["embeds"]) for m in fake.messages),
            )
            bot.stop(signal.SIGTERM)
    alert = " ".join(str(m["embeds"]) for m in fake.messages if "New at Klarna" in str(m))
    assert "can stop it with /layoffs unsubscribe company:Klarna where:here." in alert, alert
    assert "/layoffs subscribe company:<company> [where:here]" in empty, empty
    assert "/layoffs unsubscribe company:Klarna where:here to stop." in followed, followed
    assert "is off" in quiet and "/layoffs digest action:on" in quiet, quiet
    for said in (alert, empty, followed, quiet):
        assert "unsubscribe Klarna here" not in said and "digest on)" not in said, said
    assert_no_traceback(bot.stderr + bot.stdout)


def test_slack_feeds_add_of_two_feeds_adds_each_and_says_so(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """`/layoffs feeds add URL1 URL2` was refused: "takes one feed address; got 2 words"."""
    now = datetime.now(UTC)
    with FeedServer() as server, FakeSlackThread() as slack:
        server.route("/a.xml", body=rss("Wire A", [news_item("A", "a", "A.", now)]))
        server.route("/b.xml", body=rss("Wire B", [news_item("B", "b", "B.", now)]))
        server.route("/page", body=b"<html>no feed</html>", content_type="text/html")
        bot = start_bot(
            tmp_path,
            {
                "SLACK_BOT_TOKEN": "xoxb-e2e",
                "SLACK_APP_TOKEN": "xapp-e2e",
                "LAYOFFBOT_SLACK_API_URL": slack.fake.api_url,
                "LAYOFFBOT_MANAGERS": "U1",
                "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true",
            },
        )
        bots.append(bot)
        bot.wait_for_lines(r"slack: connected over Socket Mode", timeout=15)
        page = server.url("/page")
        urls = " ".join([server.url("/a.xml"), server.url("/b.xml"), page])
        slash(slack, f"feeds add {urls}", timeout=30)
        bot.stop()
    reply = str(slack.fake.responses[-1])
    assert "2 of 3 feeds added" in reply, reply
    assert "Feed added: Wire A" in reply and "Feed added: Wire B" in reply, reply
    assert "Feed not added: " + page in reply, reply
    with sqlite3.connect(tmp_path / "bot.db") as db:
        names = db.execute("SELECT name FROM feeds WHERE workspace != ''").fetchall()
    assert sorted(n for (n,) in names) == ["Wire A", "Wire B"], names
    assert_no_traceback(bot.output)


def test_a_search_of_only_common_words_says_so_at_the_console(tmp_path: Path) -> None:
    """`/layoffs search the` listed whatever held "the"."""
    env = bot_env(tmp_path)
    done = cli("ask", "/layoffs search the", tmp_path=tmp_path, env=env)
    shown = done.stdout
    assert_no_traceback(done.stdout + done.stderr)
    assert "Nothing to search for" in shown and "only common words" in shown, shown
    assert "/layoffs search customer service" in shown, shown


def test_digest_quiet_with_the_digest_off_says_it_is_off_at_the_console(tmp_path: Path) -> None:
    env = bot_env(tmp_path)
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest quiet on")
    assert "the daily digest at the console is off" in shown, shown
    assert "(/layoffs digest on)" in shown, shown
