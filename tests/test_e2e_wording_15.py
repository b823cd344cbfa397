"""Wording, session 15: near-miss commands and a DM's words found by the session's
trials, driven through real `layoffbot` processes."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import BotProcess, assert_no_traceback, bot_env, bots, cli
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_slack import connected_bot, slash

__all__ = ["bots"]  # a fixture, used by name


def _ask(tmp_path: Path, text: str) -> str:
    asked = cli("ask", text, tmp_path=tmp_path, env=bot_env(tmp_path))
    assert_no_traceback(asked.stdout + asked.stderr)
    return asked.stdout


def test_digest_time_names_digest_on_and_changes_nothing(tmp_path: Path) -> None:
    """`/layoffs digest time 10:00` answered only with the usage message; the user meant
    `digest on 10:00`."""
    shown = _ask(tmp_path, "/layoffs digest time 10:00")
    assert "Did you mean `/layoffs digest on 10:00`?" in shown, shown
    assert "No digest at the console" in _ask(tmp_path, "/layoffs digest settings")


def test_trends_takes_months_and_weeks_and_says_what_works(tmp_path: Path) -> None:
    """`/layoffs trends 2 weeks` and `trends 3m` were refused: "“2 weeks” is not a period"."""
    assert "AI-attributed job cuts, last 90 days" in _ask(tmp_path, "/layoffs trends 3 months")
    assert "AI-attributed job cuts, last 7 days" in _ask(tmp_path, "/layoffs trends 1w")
    shown = _ask(tmp_path, "/layoffs trends 2 weeks")
    assert "“2 weeks” is not a period trends shows: 7d (a week), 30d (a month), 90d" in shown


def test_slack_digest_on_in_the_dm_with_the_bot_says_this_conversation(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """A digest turned on in the Slack DM with the bot "is posted in this channel"."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slash(slack, "digest on 10:00", channel="D1", extra={"channel_name": "directmessage"})
        bot.stop()
    answer = str(slack.fake.responses[0])
    assert "is posted in this conversation every day at 10:00" in answer, answer
    assert "in this channel" not in answer, answer
    assert_no_traceback(bot.output)


def test_subscriptions_list_company2_before_company10(tmp_path: Path) -> None:
    """`/layoffs subscriptions` listed "Company10" before "Company2" (and "Zeta" before
    "eBay")."""
    for company in ("Company10", "Zeta", "Company2", "eBay"):
        assert "Following" in _ask(tmp_path, f"/layoffs subscribe {company}")
    shown = _ask(tmp_path, "/layoffs subscriptions")
    names = [line.strip("• ").strip() for line in shown.splitlines() if "•" in line]
    assert names == ["Company2", "Company10", "eBay", "Zeta"], shown
