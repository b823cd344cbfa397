"""Trial, session 13, second round, driven through a real `layoffbot` process: hints on
Discord in the form its slash commands take, `digest quiet` with the digest off, several
feeds in one `feeds add`, and a search of only stopwords (unit level:
tests/test_trial_13b.py)."""

from __future__ import annotations

import signal
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.discord.fake_discord import MANAGE_GUILD
from tests.e2e import assert_no_traceback, bot_process, cli, discord_env, news_item, rss
from tests.feedserver import FeedServer
from tests.test_e2e_discord import FakeDiscordThread, _add_primed_feed, _stored_items


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
    assert "/layoffs unsubscribe company:Klarna where:here to stop." in alert, alert
    assert "/layoffs subscribe company:<company> [where:here]" in empty, empty
    assert "/layoffs unsubscribe company:Klarna where:here to stop." in followed, followed
    assert "is off" in quiet and "/layoffs digest action:on" in quiet, quiet
    for said in (alert, empty, followed, quiet):
        assert "unsubscribe Klarna here" not in said and "digest on)" not in said, said
    assert_no_traceback(bot.stderr + bot.stdout)
