"""Session 17 (platform trial, second pass): what the trial left, each fix driven
through a real `layoffbot` process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, bot_process, tag_items


def test_run_without_feeds_on_a_database_with_stories_does_not_say_it_has_no_news(
    tmp_path: Path,
) -> None:
    """`layoffbot run` with 0 feeds said "The database has no news yet" though
    `layoffbot tag` had stored stories."""
    when = (datetime.now(UTC) - timedelta(hours=2)).strftime("%a, %d %b %Y %H:%M")
    tag_items(tmp_path, [("acme", when, "Acme to cut 300 jobs", "Acme will cut 300 jobs.")])
    with bot_process(tmp_path, bot_env(tmp_path), "run", "--console") as bot:
        bot.wait_for_lines(r"Ctrl-C to stop", timeout=60)
        said = bot.output
        bot.stop()
    assert "no news yet" not in said, said
    assert (
        "The database holds news, but there are no feeds to poll, so no new stories will "
        "come: add one with /layoffs feeds add <url>"
    ) in said, said
