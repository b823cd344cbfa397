"""Session 10's new-user and attacker trial, replayed on the real `layoffbot` process:
feeds served from 127.0.0.1, `feeds add`, `ask` and `poll` as a user types them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, cli_ok, news_item, rss
from tests.feedserver import FeedServer
from tests.test_e2e_trial_9 import _acme_filed_silently


def test_the_digest_shows_a_grown_story_as_the_new_coverage_its_alert_led_with(
    tmp_path: Path, server: FeedServer
) -> None:
    # Trial: the alert led with "Acme to close Dublin ... 250 jobs" while the digest, in
    # the same minute, listed the story under the silent first read's "Acme cuts 1,200 jobs".
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    first, _ = _acme_filed_silently(tmp_path, server, env)
    dublin = news_item(
        "Acme to close Dublin support centre, 250 jobs go to AI",
        "acme-dublin",
        "Acme will close its Dublin support centre; 250 jobs go to AI.",
        datetime.now(UTC) + timedelta(seconds=5),
    )
    server.route("/search.xml", body=rss("AI layoffs", [dublin, first]))
    assert "1 new item" in cli_ok(env, tmp_path, "poll", "--once", "--all")
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    digest = shown[shown.index("AI layoffs digest") :]
    thread = digest[digest.index("== Acme ==") :]
    assert thread.index(str(dublin["title"])) < thread.index("The story so far: Acme cuts 1,200")
    assert "Jobs: 250 jobs" in thread.split("The story so far")[0], thread
