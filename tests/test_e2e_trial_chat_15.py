"""Trial (chat, session 15): a Slack HR admin's and a Discord moderator's first hour,
each rough edge driven through a real `layoffbot` process against the fake platforms."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e import BotProcess, assert_no_traceback, bot_env, bots, cli_ok
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_slack import connected_bot, slash_payload

__all__ = ["bots"]  # a fixture, used by name


def _slash(slack: FakeSlackThread, text: str) -> str:
    count = len(slack.fake.responses)
    slack.send_envelope("slash_commands", slash_payload(slack.fake, text))
    slack.wait_for(lambda: len(slack.fake.responses) > count)
    return str(slack.fake.responses[count])


def test_slack_follow_follows_and_a_slip_in_it_names_the_command(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """`/layoffs follow TikTok` answered "No stories yet about follow TikTok ... Did you
    mean TikTok?" and followed nothing; `/layoffs folow klarna` (no story yet) answered
    "No stories yet about folow klarna" with no word of the command meant."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        followed = _slash(slack, "follow TikTok")
        slip = _slash(slack, "folow klarna")
        following = _slash(slack, "following")
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
