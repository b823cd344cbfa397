"""Trial, session 15: a journalist and an HR admin in their first hour, and an attacker;
each wrong or misleading answer found is driven here through real `layoffbot` processes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e import BotProcess, assert_no_traceback, bot_env, bots, cli, cli_ok, start_bot
from tests.feedserver import FeedServer
from tests.test_e2e_trial_10 import quiet_digest_planned
from tests.test_e2e_trial_14 import _fresh, _polled

__all__ = ["bots"]  # a fixture, used by name


def test_a_digest_time_later_today_after_a_quiet_start_brings_todays_digest(
    tmp_path: Path, server: FeedServer, bots: list[BotProcess]
) -> None:
    """The console's digest was skipped at the first start (its time past, nothing new);
    an HR admin moved it to a minute or two later with new stories waiting and was told
    "Today's was already planned, so the new time starts tomorrow": nothing had been
    posted that day, and no digest came."""
    quiet_digest_planned(tmp_path, bots)
    _polled(tmp_path, server, [_fresh("Globex cuts 300 call-centre jobs, citing AI", "g", 1)])
    env = bot_env(tmp_path)
    local = datetime.now(UTC).astimezone(ZoneInfo(env["LAYOFFBOT_DIGEST_TIMEZONE"]))
    at = local + timedelta(minutes=1 if local.second < 30 else 2)  # a minute still to come
    shown = cli_ok(env, tmp_path, "ask", f"/layoffs digest on {at:%H:%M}")
    assert f"Next digest: {at:%a %d %b %H:%M}" in shown and "already" not in shown, shown
    bot = start_bot(tmp_path)
    bots.append(bot)
    bot.wait_for("today's digest", lambda: "AI layoffs digest" in bot.stdout, timeout=240)
    assert "Globex" in bot.stdout.split("AI layoffs digest", 1)[1], bot.stdout
    bot.stop()
    assert_no_traceback(bot.output)


def test_a_hiring_pause_and_a_smaller_layoff_the_same_day_are_two_stories(
    tmp_path: Path, server: FeedServer
) -> None:
    """A journalist's feed brought IBM's hiring pause for 7,800 roles, then 1,200 HR jobs
    cut: one story, 'IBM to pause hiring for 7,800 roles ... Kind: Layoff | Jobs: 7,800',
    its alert 'New coverage of a story first seen ...'."""
    env = _polled(
        tmp_path,
        server,
        [
            _fresh("IBM cuts 1,200 HR jobs as AI chatbot AskHR takes over", "hr", 1),
            _fresh("IBM to pause hiring for 7,800 roles that AI could replace", "pause", 3),
        ],
    )
    shown = cli_ok(env, tmp_path, "ask", "/layoffs ibm")
    assert "Stories: 2 |" in shown, shown
    assert "Kind: Hiring freeze | Jobs: 7,800 jobs" in shown, shown
    assert "Kind: Layoff | Jobs: 1,200 jobs" in shown, shown


def test_subscribe_says_which_company_a_typed_name_matched_beside_it(
    tmp_path: Path, server: FeedServer
) -> None:
    """`/layoffs subscribe tik tok` at the console ended "... (the terminal running
    `layoffbot run`). (the company that matches “tik tok”)", a note after the sentence."""
    env = _polled(
        tmp_path, server, [_fresh("TikTok to cut 500 content moderators as AI takes over", "t", 1)]
    )
    shown = cli_ok(env, tmp_path, "ask", "/layoffs subscribe tik tok")
    assert "at TikTok (the company that matches “tik tok”), AI-cited or not, will be" in shown
    assert "`layoffbot run`). (the company" not in shown, shown


def test_a_link_after_layoffs_is_not_looked_up_as_a_company(tmp_path: Path) -> None:
    """A journalist pasted a feed's address after /layoffs: "No stories yet about
    Https://techcrunch.com/tag/layoffs/feed/"."""
    env = bot_env(tmp_path)
    shown = cli_ok(env, tmp_path, "ask", "/layoffs https://techcrunch.com/tag/layoffs/feed/")
    assert shown.startswith("== That is a link, not a company =="), shown
    assert "/layoffs feeds add https://techcrunch.com/tag/layoffs/feed/ reads it" in shown
    assert "Https" not in shown, shown


def test_a_digest_zone_typed_as_an_offset_with_minutes_says_to_name_a_place(
    tmp_path: Path,
) -> None:
    """An HR admin in India typed 'UTC+5:30': "neither a time like 09:00 nor a time zone
    like Europe/Berlin", where 'GMT+2' is told to name a place instead."""
    env = bot_env(tmp_path)
    for typed in ("UTC+5:30", "+0530"):
        done = cli("ask", f"/layoffs digest on 09:00 {typed}", tmp_path=tmp_path, env=env)
        assert f"“{typed}” is a fixed offset: name a place instead" in done.stdout, done
        assert_no_traceback(done.stdout + done.stderr)


def test_a_slash_typed_for_the_space_after_layoffs_is_the_command(
    tmp_path: Path, server: FeedServer
) -> None:
    """`/layoffs/tiktok` was looked up as a company "/layoffs/tiktok", and the reply
    offered `/layoffs subscribe /layoffs/tiktok`."""
    env = _polled(
        tmp_path, server, [_fresh("TikTok to cut 500 content moderators as AI takes over", "t", 1)]
    )
    shown = cli_ok(env, tmp_path, "ask", "/layoffs/tiktok")
    assert shown.startswith("== TikTok: recent job actions =="), shown


def test_a_search_for_layoffs_finds_the_stories_saying_lays_off_or_laid_off(
    tmp_path: Path, server: FeedServer
) -> None:
    """A journalist's `/layoffs search AI layoffs` found 1 of 9 AI layoff stories: the
    others' headlines and summaries said 'lays off' or 'laid off'."""
    env = _polled(
        tmp_path,
        server,
        [
            _fresh("Acme Corp lays off 200 engineers, blames AI", "acme", 1),
            _fresh("Inside Dropline's AI layoffs", "dropline", 2),
            _fresh("Bank opens a new branch in Leeds", "bank", 3),
        ],
    )
    shown = cli_ok(env, tmp_path, "ask", "/layoffs search AI layoffs")
    assert "2 stories matching “AI layoffs”" in shown, shown
    assert "Acme Corp lays off 200 engineers" in shown and "Dropline" in shown, shown
