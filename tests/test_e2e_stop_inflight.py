"""A command in flight when `layoffbot run` stops (Ctrl-C, SIGTERM): the real process, real
signals, the fake Discord and Slack, and a slow feed on 127.0.0.1 for `feeds add`.

Chat trial 15: stopped while `/layoffs feeds add` checked a slow feed, a Discord member kept
seeing "thinking..." with no answer, and the feed was silently not added. Now a command
gets a few seconds to finish and answer; past them it is answered with bot.inflight's
CUT_BY_STOP, and the stop still takes only a few seconds.
"""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.inflight import CUT_BY_STOP, FINISH_SECONDS, REPLY_SECONDS
from tests.discord.fake_discord import MANAGE_GUILD
from tests.e2e import (
    BotProcess,
    assert_no_traceback,
    bot_process,
    bots,
    discord_env,
    news_item,
    rss,
)
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_discord import FakeDiscordThread
from tests.test_e2e_slack import connected_bot, slash_payload

__all__ = ["bots"]  # a fixture, used by name

NOW = datetime.now(UTC)
# The grace and the replies, and the adapters' own bounded close, with room for a loaded
# machine: well under what a member would take for a hang.
PROMPT_STOP = FINISH_SECONDS + REPLY_SECONDS + 8.0


def _slow_feed(server: FeedServer, delay: float) -> str:
    body = rss("Slow", [news_item("Acme to cut 300 jobs", "a", "", NOW)])
    server.route("/feed.xml", body=body, delay=delay)
    return server.url("/feed.xml")


def _feeds_add_on_discord(
    tmp_path: Path, feed_delay: float, warm: bool = False
) -> tuple[str, float, BotProcess]:
    """`/layoffs feeds add` of a feed answering after `feed_delay` s, SIGINT once the
    interaction is deferred: what the member was finally shown, and how long the stop took.
    `warm`: a quick feed is added first, so the grace measures the command's steady work
    rather than its first use (the judgement's vocabularies loading, on a loaded machine)."""
    with FeedServer() as server, FakeDiscordThread() as discord:
        url = _slow_feed(server, feed_delay)
        fake = discord.fake
        with bot_process(tmp_path, discord_env(tmp_path, fake)) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            if warm:
                _add_quick_feed(server, discord, bot)
            payload = fake.command_interaction(
                "feeds", {"action": "add", "url": url}, permissions=MANAGE_GUILD
            )
            discord.call(fake.interact(payload))
            bot.wait_for("thinking...", lambda: bool(fake.callbacks_for(payload)))
            bot.wait_for("the feed asked", lambda: bool(server.requests_for("/feed.xml")))
            took = bot.stop(signal.SIGINT)
        shown = " ".join(str(c.json) for c in fake.followups_for(payload))
    return shown, took, bot


def _add_quick_feed(server: FeedServer, discord: FakeDiscordThread, bot: BotProcess) -> None:
    body = rss("Quick", [news_item("Initech to cut 40 jobs", "q", "", NOW)])
    server.route("/quick.xml", body=body)
    fake = discord.fake
    payload = fake.command_interaction(
        "feeds", {"action": "add", "url": server.url("/quick.xml")}, permissions=MANAGE_GUILD
    )
    discord.call(fake.interact(payload))
    bot.wait_for("the quick feed's answer", lambda: bool(fake.followups_for(payload)), 60)


def test_discord_feeds_add_cut_by_ctrl_c_is_answered_and_the_stop_is_prompt(
    tmp_path: Path,
) -> None:
    shown, took, bot = _feeds_add_on_discord(tmp_path, feed_delay=30)
    assert CUT_BY_STOP in shown, shown
    assert took < PROMPT_STOP, (took, bot.output)
    assert bot.proc.returncode == 0, bot.output
    assert "layoffbot stopped." in bot.output
    assert_no_traceback(bot.output)


def test_discord_feeds_add_that_finishes_within_the_grace_gets_its_own_answer(
    tmp_path: Path,
) -> None:
    # The feed answers 0.5 s after it is asked, when the stop comes: the rest of the 3 s
    # grace is the command's own work (parse, judge, store), which a loaded machine had
    # pushed past it at 1.0 s.
    shown, took, bot = _feeds_add_on_discord(tmp_path, feed_delay=0.5, warm=True)
    assert CUT_BY_STOP not in shown, shown
    assert "Slow" in shown or "added" in shown.lower(), shown
    assert took < PROMPT_STOP, (took, bot.output)
    assert_no_traceback(bot.output)


def test_slack_feeds_add_cut_by_sigterm_is_answered_through_response_url(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    with FeedServer() as server, FakeSlackThread() as slack:
        url = _slow_feed(server, 30)
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.send_envelope("slash_commands", slash_payload(slack.fake, f"feeds add {url}"))
        bot.wait_for("the feed asked", lambda: bool(server.requests_for("/feed.xml")))
        started = time.monotonic()
        took = bot.stop(signal.SIGTERM)
        replies = " ".join(str(r) for r in slack.fake.responses)
    assert CUT_BY_STOP in replies, (replies, bot.output)
    assert took < PROMPT_STOP, (took, time.monotonic() - started, bot.output)
    assert bot.proc.returncode == 0, bot.output
    assert_no_traceback(bot.output)


def test_a_second_ctrl_c_during_the_grace_still_ends_the_process_at_once(
    tmp_path: Path,
) -> None:
    with FeedServer() as server, FakeDiscordThread() as discord:
        url = _slow_feed(server, 30)
        fake = discord.fake
        with bot_process(tmp_path, discord_env(tmp_path, fake)) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            payload = fake.command_interaction(
                "feeds", {"action": "add", "url": url}, permissions=MANAGE_GUILD
            )
            discord.call(fake.interact(payload))
            bot.wait_for("the feed asked", lambda: bool(server.requests_for("/feed.xml")))
            bot.proc.send_signal(signal.SIGINT)
            time.sleep(0.5)  # a person's second Ctrl-C, within the grace
            took = bot.stop(signal.SIGINT)
    assert took < 2.0, (took, bot.output)
    assert bot.proc.returncode == 128 + signal.SIGINT, bot.output
    assert "stopping now, without waiting" in bot.output
