"""Trial, session 13: the bot used as its users use it on their first and second day (an HR
team and a journalist on Slack, a community on Discord, someone at the console), each rough
edge found driven through a real `layoffbot` process."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
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
    until_outbox_sent,
)
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_discord import FakeDiscordThread
from tests.test_e2e_slack import connected_bot, direct_message, slash

__all__ = ["bots"]  # a fixture, used by name


def test_digest_on_with_a_space_before_pm_is_read_as_discord_reads_it(tmp_path: Path) -> None:
    """`/layoffs digest on 8:30 pm` was refused ("“pm” is neither a time ...") and
    `digest on 7:15 am America/New_York` said "Too many words", where Discord's time
    option takes "8:30 pm"; a city of two words ('New York') was refused too."""
    env = bot_env(tmp_path)
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest on 8:30 pm")
    assert "every day at 20:30" in shown, shown
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest on 7:15 am New York")
    assert "every day at 07:15 (America/New_York)" in shown, shown
    settings = cli_ok(env, tmp_path, "ask", "/layoffs digest settings")
    assert "Time: 07:15 America/New_York" in settings, settings
    # Places the zone database does not name, and an abbreviation of several zones.
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest on 9am Bangalore")
    assert "every day at 09:00 (Asia/Kolkata)" in shown, shown
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest on 9am São Paulo")
    assert "every day at 09:00 (America/Sao_Paulo)" in shown, shown
    refused = cli(*("ask", "/layoffs digest on 9am IST"), tmp_path=tmp_path, env=env)
    assert "India's, Ireland's or Israel's" in refused.stdout, refused.stdout


def test_a_question_to_the_bot_looks_up_the_company_it_names(tmp_path: Path) -> None:
    """ "what about amazon?" answered "No stories yet about What About Amazon? ... Did you
    mean Amazon?"; a name in quotes was echoed in two pairs (“for ““Klarna”””)."""
    shown = cli_ok(bot_env(tmp_path), tmp_path, "ask", "what about amazon?")
    assert "No stories yet about Amazon ==" in shown, shown
    assert "What About" not in shown and "/layoffs subscribe Amazon" in shown, shown
    quoted = cli_ok(bot_env(tmp_path), tmp_path, "ask", "/layoffs subscribe “Klarna”")
    assert "Following Klarna ==" in quoted and "““" not in quoted, quoted


def test_slack_unsubscribe_in_a_channel_says_the_channels_alerts_go_on(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """`/layoffs unsubscribe Duolingo` (the user's DM alerts) in a channel that follows
    Duolingo too answered "No more alerts about it here." while the channel's went on."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        for text in ("subscribe Duolingo", "subscribe Duolingo here", "unsubscribe Duolingo"):
            slash(slack, text)
        bot.stop()
    reply = str(slack.fake.responses[-1])
    assert "No more alerts about Duolingo by direct message." in reply, reply
    assert "This channel still follows Duolingo" in reply, reply
    assert "about it here" not in reply, reply
    assert_no_traceback(bot.output)


def test_here_in_a_slack_dm_follows_once_and_alerts_once(
    tmp_path: Path, bots: list[BotProcess], server: FeedServer
) -> None:
    """In a DM, `subscribe Duolingo` then `subscribe Duolingo here` (a channel: the DM
    itself) posted each Duolingo alert twice in the one conversation."""
    now = datetime.now(UTC)
    old = news_item("Acme opens an office in Lisbon", "lisbon", "A new office.", now)
    server.route("/wire.xml", body=rss("Wire", [old]))
    env = bot_env(tmp_path)
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        first = direct_message(slack, "subscribe Duolingo")
        here = direct_message(slack, "subscribe Duolingo here")
        assert "by direct message" in first and "Already subscribed" in here, here
        duo = news_item(
            "Duolingo cuts 10% of contractors as AI takes over translation",
            "duo",
            "Duolingo cut about 10% of its contractors as it relies on AI for translations.",
            now + timedelta(seconds=5),
        )
        server.route("/wire.xml", body=rss("Wire", [duo, old]))
        cli_ok(env, tmp_path, "poll", "--all")
        slack.wait_for(lambda: any("New at Duolingo" in p.text for p in slack.fake.posted), 30)
        until_outbox_sent(tmp_path / "bot.db")
        time.sleep(0.5)  # the last post on its way to the fake
        bot.stop()
    alerts = [p for p in slack.fake.posted if "New at Duolingo" in p.text]
    assert [p.channel for p in alerts] == ["D1"], alerts
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("SELECT company, channel_id FROM subscriptions").fetchall()
    assert rows == [("Duolingo", "")], rows
    assert_no_traceback(bot.output)


def _discord_reply(tmp_path: Path, *commands: tuple[str, dict[str, Any], bool]) -> list[str]:
    """The embeds the bot answered each (subcommand, options, in a DM) with on Discord,
    from a member who may manage the server."""
    replies = []
    with FakeDiscordThread() as discord:
        fake = discord.fake
        with bot_process(tmp_path, discord_env(tmp_path, fake)) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            for sub, options, dm in commands:
                payload = fake.command_interaction(sub, options, permissions=MANAGE_GUILD, dm=dm)
                discord.call(fake.interact(payload))
                bot.wait_for("the reply", lambda p=payload: bool(fake.followups_for(p)))
                replies.append(" ".join(str(c.json["embeds"]) for c in fake.followups_for(payload)))
            bot.stop()
    assert_no_traceback(bot.stderr + bot.stdout)
    return replies


def test_a_discord_dm_answers_as_a_dm_not_as_a_servers_channel(tmp_path: Path) -> None:
    """In the DM with the bot, `subscribe company:IBM where:here` was refused ("Only
    members with Manage Server ...") though the DM is the member's own; `digest
    action:on` told a member who has Manage Server that only such members may change
    "this channel's digest", and `digest action:settings` that "A manager can turn it
    on" there, which nobody can."""
    here, on, settings = _discord_reply(
        tmp_path,
        ("subscribe", {"company": "IBM", "where": "here"}, True),
        ("digest", {"action": "on"}, True),
        ("digest", {"action": "settings"}, True),
    )
    assert "Not allowed" not in here and "posted by direct message" in here, here
    assert "Manage Server can" not in on and "belongs to no server" in on, on
    assert "A manager can turn it on" not in settings, settings
    assert "No digest in a direct message" in settings, settings
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("SELECT company, channel_id FROM subscriptions").fetchall()
        digests = db.execute("SELECT count(*) FROM digests").fetchone()[0]
    assert rows == [("IBM", "")] and digests == 0, (rows, digests)


def test_a_file_named_on_the_command_line_that_is_not_there_is_said_in_words(
    tmp_path: Path,
) -> None:
    """`layoffbot feeds import feeds.opml` and `layoffbot tag feed.xml` of a file not
    there printed "[Errno 2] No such file or directory: 'feeds.opml'"; a folder, "[Errno
    21] Is a directory" (and `eval` "cannot read it (IsADirectoryError)")."""
    env = bot_env(tmp_path)
    for args, shown in (
        (("feeds", "import", "feeds.opml"), "feeds.opml: no such file"),
        (("tag", "feed.xml"), "feed.xml: no such file"),
        (("feeds", "import", "."), ".: that is a folder, not a file"),
        (("eval", "."), ".: that is a folder, not a file"),
    ):
        done = cli(*args, tmp_path=tmp_path, env=env)
        assert done.returncode != 0, done
        assert shown in done.stderr and "Errno" not in done.stderr, done.stderr
        assert_no_traceback(done.stdout + done.stderr)


def test_the_console_help_names_no_channel(tmp_path: Path) -> None:
    """`/layoffs help` at the console said "`here` in this channel (managers)" and "This
    channel's daily digest", where its replies say "printed at the console"."""
    shown = cli_ok(bot_env(tmp_path), tmp_path, "ask", "/layoffs help")
    assert "this channel" not in shown.lower(), shown
    assert "The console's daily digest" in shown, shown


def test_digest_off_twice_says_the_second_time_that_nothing_changed(tmp_path: Path) -> None:
    """A second `digest off` said "No more daily digests at the console" again."""
    env = bot_env(tmp_path)
    cli_ok(env, tmp_path, "ask", "/layoffs digest on")
    first = cli_ok(env, tmp_path, "ask", "/layoffs digest off")
    second = cli_ok(env, tmp_path, "ask", "/layoffs digest off")
    assert "No more daily digests at the console." in first, first
    assert "was already off: nothing changed" in second, second


def test_slack_digest_in_a_channel_without_the_bot_says_to_invite_it(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """`digest on` and `subscribe IBM here` in a private channel the bot is not in said
    all was set; the first post failed and paused the digest, and `digest settings` said
    only "paused: slack: not_in_channel"."""
    with FakeSlackThread() as slack:
        slack.fake.not_in_channels.add("C9")
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        replies = []
        for text in ("digest on", "subscribe IBM here", "digest now", "digest settings"):
            slash(slack, text, channel="C9")
            if text == "digest now":  # its post fails: the digest is paused
                bot.wait_for_lines("event=delivery_failed", timeout=15)
            replies.append(str(slack.fake.responses[-1]))
        bot.stop()
    on, here, now, settings = replies
    for reply in (on, here, now):
        assert "I am not in this channel" in reply and "/invite @layoffbot" in reply, reply
    assert "not_in_channel (the bot is not in the channel: /invite @layoffbot)" in settings
    assert_no_traceback(bot.output)


def test_a_slack_dm_followed_as_a_channel_before_is_stopped_by_unsubscribe(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """A DM followed with `here` before it meant the user's own (a subscription of the
    DM as a channel) is stopped by `unsubscribe` there, with the user's own."""
    from bot.companies import company_key
    from bot.store import Store

    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    for channel in ("", "D1"):
        store.subscribe(
            platform="slack",
            workspace_id="T1",
            user_id="U1",
            channel_id=channel,
            company="Duolingo",
            company_key=company_key("Duolingo"),
            now=datetime.now(UTC),
            limit=100,
        )
    store.close()
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        answer = direct_message(slack, "unsubscribe Duolingo")
        bot.stop()
    assert "Unsubscribed from Duolingo" in answer, answer
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("SELECT count(*) FROM subscriptions").fetchone()[0] == 0
    assert_no_traceback(bot.output)


def test_digest_on_after_its_time_says_a_quiet_day_is_skipped(tmp_path: Path) -> None:
    """`digest on` after its time said "Next digest: today's, within a minute"; with
    nothing new and quiet days skipped, nothing came, and nothing said why."""
    env = bot_env(tmp_path)
    skipped = cli_ok(env, tmp_path, "ask", "/layoffs digest on 00:00")
    assert "(00:00 midnight has passed; skipped if nothing is new)" in skipped, skipped
    cli_ok(env, tmp_path, "ask", "/layoffs digest quiet on")
    posted = cli_ok(env, tmp_path, "ask", "/layoffs digest on 00:00")
    assert "(00:00 midnight has passed)" in posted, posted


def test_discord_unsubscribe_says_the_channels_alerts_go_on_in_discord_options(
    tmp_path: Path,
) -> None:
    """`unsubscribe company:Klarna` (the member's DMs) in a channel following Klarna said
    "No more alerts about it here" while the channel's went on."""
    *_, stopped = _discord_reply(
        tmp_path,
        ("subscribe", {"company": "Klarna"}, False),
        ("subscribe", {"company": "Klarna", "where": "here"}, False),
        ("unsubscribe", {"company": "Klarna"}, False),
    )
    assert "No more alerts about Klarna by direct message." in stopped, stopped
    assert "unsubscribe company:Klarna where:here stops its alerts" in stopped, stopped
