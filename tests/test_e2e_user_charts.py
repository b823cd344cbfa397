"""A chart folder the bot cannot write (LAYOFFBOT_CHART_DIR under a file, a read-only
disk), seen from the real process. Found by trying the bot as a user: the trends reply
was printed, then "Sorry, that failed: [Errno 20] Not a directory" in the console, and a
traceback from `layoffbot ask`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.e2e import BotProcess, BotTerminal, assert_no_traceback, bot_env, cli
from tests.e2e_filed import file_an_ai_story


def _unwritable_chart_dir(tmp_path: Path) -> str:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the chart folder would go\n")
    return str(blocker / "charts")


def test_console_trends_with_an_unwritable_chart_folder_says_where_and_why(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_CHART_DIR=_unwritable_chart_dir(tmp_path))
    file_an_ai_story(tmp_path, env)  # with none, trends draws no chart
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        shown = term.command("/layoffs trends", until="LAYOFFBOT_CHART_DIR", timeout=30)
        assert "Sorry" not in shown, shown
        assert "chart not saved" in shown, shown
        after = term.reply("/layoffs help")  # the prompt goes on
        assert "/layoffs latest" in after, after
        term.ctrl_c()
        assert term.wait(15) == 0
    finally:
        term.close()
    assert_no_traceback(term.output)


def test_ask_trends_with_an_unwritable_chart_folder_prints_the_reply_and_one_line(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_CHART_DIR=_unwritable_chart_dir(tmp_path))
    file_an_ai_story(tmp_path, env)
    done = cli("ask", "/layoffs trends", tmp_path=tmp_path, env=env)
    assert_no_traceback(done.stdout + done.stderr)
    assert "AI-attributed job cuts" in done.stdout
    assert "LAYOFFBOT_CHART_DIR" in done.stdout + done.stderr


def test_the_running_bot_deletes_charts_saved_over_a_month_ago_and_nothing_else(
    tmp_path: Path,
) -> None:
    # Found in the user trial: every `/layoffs trends` left a PNG in data/charts/ for
    # ever (~88 MB a year). Slack and Discord upload the bytes, never the file.
    env = bot_env(tmp_path)
    file_an_ai_story(tmp_path, env)
    asked = cli("ask", "/layoffs trends 30d", tmp_path=tmp_path, env=env)
    assert "(chart saved to" in asked.stdout, asked.stdout + asked.stderr
    charts = tmp_path / "charts"
    [today] = list(charts.iterdir())
    six_weeks_ago = time.time() - 42 * 86400
    for name in ("layoffs-trends-90d-20251001.png", "team-photo.png"):
        (charts / name).write_bytes(b"\x89PNG")
        os.utime(charts / name, (six_weeks_ago, six_weeks_ago))
    bot = BotProcess("run", "--no-console", tmp_path=tmp_path, env=env)
    try:
        bot.wait_for_lines(r"event=charts_pruned count=1 ", timeout=60)
    finally:
        bot.stop()
    assert sorted(p.name for p in charts.iterdir()) == sorted([today.name, "team-photo.png"])
    assert_no_traceback(bot.output)


def test_the_running_bot_deletes_a_chart_half_written_by_a_crash_but_not_one_being_written(
    tmp_path: Path,
) -> None:
    """A crash mid-write leaves `.layoffs-chart-*.part` (adapters.console._write_new_file),
    which the 30-day pruning never matched: it stayed for ever. A fresh one may be another
    process's chart being written: it is left alone."""
    env = bot_env(tmp_path)
    charts = tmp_path / "charts"
    charts.mkdir()
    stale, fresh = charts / ".layoffs-chart-k3x9_a1q.part", charts / ".layoffs-chart-zz81.part"
    an_hour_ago = time.time() - 3600
    for path in (stale, fresh, charts / ".notes.part"):
        path.write_bytes(b"\x89PN")
        if path != fresh:
            os.utime(path, (an_hour_ago, an_hour_ago))
    bot = BotProcess("run", "--no-console", tmp_path=tmp_path, env=env)
    try:
        bot.wait_for_lines(r"event=charts_pruned count=1 ", timeout=60)
    finally:
        bot.stop()
    assert sorted(p.name for p in charts.iterdir()) == sorted([fresh.name, ".notes.part"])
    assert_no_traceback(bot.output)
