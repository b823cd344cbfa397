"""Trial (chat, session 15): a Slack HR admin's and a Discord moderator's first hour,
each rough edge driven through a real `layoffbot` process against the fake platforms."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import (
    BotProcess,
    assert_no_traceback,
    bot_env,
    bot_process,
    bots,
    cli_ok,
    discord_env,
    news_item,
    rss,
)
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_discord import FakeDiscordThread
from tests.test_e2e_slack import connected_bot, slash

__all__ = ["bots"]  # a fixture, used by name

NOW = datetime.now(UTC)


def test_slack_follow_follows_and_a_slip_in_it_names_the_command(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """`/layoffs follow TikTok` answered "No stories yet about follow TikTok ... Did you
    mean TikTok?" and followed nothing; `/layoffs folow klarna` (no story yet) answered
    "No stories yet about folow klarna" with no word of the command meant."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        followed, slip, following = (
            str(slash(slack, text)[0]) for text in ("follow TikTok", "folow klarna", "following")
        )
        bot.stop()
    assert "Following TikTok" in followed and "by direct message" in followed, followed
    assert "Did you mean the command /layoffs subscribe klarna?" in slip, slip
    assert "TikTok" in following and "topic" not in following, following
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("SELECT company FROM subscriptions").fetchall()
    assert rows == [("TikTok",)], rows
    assert_no_traceback(bot.output)


def test_console_unfollow_stops_what_follow_started(tmp_path: Path) -> None:
    env = bot_env(tmp_path)
    assert "Following Klarna" in cli_ok(env, tmp_path, "ask", "/layoffs follow Klarna")
    stopped = cli_ok(env, tmp_path, "ask", "/layoffs unfollow Klarna")
    assert "No more alerts about Klarna" in stopped, stopped


def test_discord_feeds_in_a_dm_names_no_server(tmp_path: Path, server: FeedServer) -> None:
    """In the DM with the bot, `/layoffs feeds` said "This server's feeds (0). A manager
    can add one: /layoffs feeds action:add url:<url>": there is no server there, and feeds
    add is refused in a DM."""
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env = discord_env(tmp_path, fake)
        old = news_item("Acme opens an office in Lisbon", "lisbon", "An office.", NOW)
        server.route("/wire.xml", body=rss("Wire", [old]))
        cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            payload = fake.command_interaction("feeds", {"action": "list"}, dm=True)
            discord.call(fake.interact(payload))
            bot.wait_for("the reply", lambda: bool(fake.followups_for(payload)))
            bot.stop()
    shown = " ".join(str(c.json["embeds"]) for c in fake.followups_for(payload))
    assert "Global feeds (1)" in shown, shown
    assert "This server's feeds" not in shown and "action:add" not in shown, shown
    assert "A direct message belongs to no server" in shown, shown
    assert_no_traceback(bot.stderr + bot.stdout)


def test_discord_failing_a_reply_is_one_warning_line_and_the_member_gets_the_apology(
    tmp_path: Path,
) -> None:
    """Discord answering 500 to every try of a reply logged "/layoffs company failed"
    at ERROR with a traceback, as if the bot's bug. (discord.py waits 16 s over its five
    tries.)"""
    with FakeDiscordThread() as discord:
        fake = discord.fake
        with bot_process(tmp_path, discord_env(tmp_path, fake)) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            fake.fail("POST", r"/webhooks/.*", 500, times=5)
            payload = fake.command_interaction("company", {"company": "Klarna"})
            discord.call(fake.interact(payload))
            bot.wait_for("the apology", lambda: bool(fake.followups_for(payload)), 60)
            bot.stop()
    [apology] = fake.followups_for(payload)
    assert "Sorry" in str(apology.json.get("content")), apology.json
    assert_no_traceback(bot.stderr + bot.stdout)
    assert "level=ERROR" not in bot.stderr, bot.stderr
    failed = [line for line in bot.stderr.splitlines() if "could not answer" in line]
    assert len(failed) == 1 and "Discord answered 500" in failed[0], bot.stderr


def test_slack_feeds_add_says_at_once_that_it_is_checking_the_feed(
    tmp_path: Path, bots: list[BotProcess], server: FeedServer
) -> None:
    """`/layoffs feeds add` of a slow feed showed nothing for the ~10 s its fetch took
    (Slack shows nothing between a command and its answer), then "Feed added"."""
    old = news_item("Acme opens an office in Lisbon", "lisbon", "An office.", NOW)
    server.route("/slow.xml", body=rss("Slow", [old]), delay=3)
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slash(slack, "feeds add " + server.url("/slow.xml"))
        bot.stop()
    [ack] = [a for a in slack.fake.acks if "payload" in a]
    assert "Checking the feed first" in str(ack["payload"]), ack
    assert "Feed added" in str(slack.fake.responses[0]), slack.fake.responses
    assert_no_traceback(bot.output)


def test_slack_digest_on_in_a_dm_between_people_says_nothing_can_be_posted_there(
    tmp_path: Path, bots: list[BotProcess], server: FeedServer
) -> None:
    """`/layoffs digest on` typed in a direct message between two people (the bot is no
    member there and cannot be invited) answered "Daily digest on ... posted in this
    channel", and nothing was ever posted; in the DM with the bot it is posted. Share to
    channel there said "Invite me first: /invite @layoffbot"."""
    klarna = news_item("Klarna cuts 700 jobs as AI takes over", "klarna", "Klarna cut 700.", NOW)
    server.route("/wire.xml", body=rss("Wire", [klarna]))
    cli_ok(bot_env(tmp_path), tmp_path, "feeds", "add", server.url("/wire.xml"))
    with FakeSlackThread() as slack:
        slack.fake.others_dms.add("D77")
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        answers = []
        for channel in ("D77", "D1"):
            dm = {"channel_name": "directmessage"}
            answers.append(str(slash(slack, "digest on", channel=channel, extra=dm)[0]))
        count = len(slack.fake.responses)
        click = {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": "U1", "team_id": "T1"},
            "channel": {"id": "D77"},
            "response_url": slack.fake.response_url("share"),
            "actions": [{"type": "button", "action_id": "layoffs_share", "value": "klarna"}],
        }
        slack.send_envelope("interactive", click)
        slack.wait_for(lambda: len(slack.fake.responses) > count)
        shared = str(slack.fake.responses[count])
        bot.stop()
    assert "direct message I am not part of" in shared and "/invite" not in shared, shared
    between_people, with_the_bot = answers
    assert "I am not in this conversation, so nothing can be posted here" in between_people
    assert "/invite" not in between_people, between_people
    assert "Daily digest on" in with_the_bot and "not in this" not in with_the_bot, with_the_bot
    assert_no_traceback(bot.output)
