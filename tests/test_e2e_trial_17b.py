"""Trial, session 17 (second): rough edges the first trial of the session left, each
driven through a real `layoffbot` process (console at a pty, `layoffbot ask`, the fake
Slack, or `layoffbot tag`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import (
    BotProcess,
    BotTerminal,
    assert_no_traceback,
    bot_env,
    bots,
    cli,
    news_item,
    rss,
)
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_slack import connected_bot, says

__all__ = ["bots"]  # a fixture, used by name


def test_digest_on_noon_at_the_console_is_taken_and_said_unambiguously(tmp_path: Path) -> None:
    """`digest on noon`, `digest on midnight`, '9.30pm' were refused ("not a time of day"),
    and '09:00ish' was answered "Did you mean 09:00 (09:00)?"."""
    term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        for typed, said in [
            ("digest on noon UTC", "every day at 12:00 noon (UTC)"),
            ("digest on at midnight Europe/Berlin", "every day at 00:00 midnight (Europe/Berlin)"),
            ("digest on 9.30pm", "every day at 21:30 (Europe/Berlin)"),
            ("digest on 21h", "every day at 21:00 (Europe/Berlin)"),
        ]:
            shown = term.reply(f"/layoffs {typed}")
            assert said in shown and "not a time" not in shown, shown
        once = term.reply("/layoffs digest on 09:00ish")
        assert "Did you mean 09:00?" in once and "(09:00)" not in once, once
        term.ctrl_c()
        assert term.wait(10) == 0
    finally:
        term.close()
    assert_no_traceback(term.output)


def test_slack_digest_on_12_noon_is_taken(tmp_path: Path, bots: list[BotProcess]) -> None:
    """Slack shares the console's parser: '12 noon' and '12am' are taken there too."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        shown = says(slack, "digest on 12 noon London")
        assert "every day at 12:00 noon (Europe/London)" in shown, shown
        shown = says(slack, "digest on 12am")
        assert "every day at 00:00 midnight (Europe/London)" in shown, shown
        bot.stop()
    assert_no_traceback(bot.stderr + bot.stdout)


def test_latest_with_full_width_digits_is_read_as_its_number(tmp_path: Path) -> None:
    """`latest ２５`, as an East-Asian keyboard types it, was "not a number of stories"."""
    env = bot_env(tmp_path)
    for typed in ("latest ２５", "ｌａｔｅｓｔ ３", "trends ３０ｄ"):
        done = cli("ask", f"/layoffs {typed}", tmp_path=tmp_path, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "needs a fix" not in done.stdout and "not a number" not in done.stdout, done.stdout
    assert (
        "every day at 09:00"
        in cli("ask", "/layoffs digest on ９ａｍ", tmp_path=tmp_path, env=env).stdout
    )


def test_subscribe_energy_follows_energy_not_a_made_up_plural(tmp_path: Path) -> None:
    """`subscribe energy` followed "Energys" (energy + s, a listed name of its own), unsaid."""
    env = bot_env(tmp_path)
    done = cli("ask", "/layoffs subscribe energy", tmp_path=tmp_path, env=env)
    assert done.returncode == 0 and "== Following Energy ==" in done.stdout, done.stdout
    assert "Energys" not in done.stdout, done.stdout
    assert "no company I list is called that: it is followed as typed" in done.stdout
    listed = cli("ask", "/layoffs subscriptions", tmp_path=tmp_path, env=env).stdout
    assert "• Energy\n" in listed and "Energys" not in listed, listed
    plural = cli("ask", "/layoffs subscribe Amazons", tmp_path=tmp_path, env=env).stdout
    assert "Did you mean Amazon? To follow it instead" in plural, plural
    assert_no_traceback(done.stdout + done.stderr)


def test_a_feed_redirecting_to_cloud_metadata_is_refused_with_private_addresses_allowed(
    tmp_path: Path,
) -> None:
    """With LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true (bot_env sets it), a feed on 127.0.0.1
    redirecting to 169.254.169.254 was followed there; the LAN feed itself still works."""
    env = bot_env(tmp_path)
    with FeedServer() as server:
        item = news_item("Acme cuts 10 jobs", "acme", "Acme cut 10 jobs.", datetime.now(UTC))
        server.route("/feed.xml", body=rss("Desk", [item]))
        server.redirect("/meta.xml", "http://169.254.169.254/latest/meta-data/iam/")
        server.redirect("/gcp.xml", "http://metadata.google.internal/computeMetadata/v1/")
        for path in ("/meta.xml", "/gcp.xml"):
            refused = cli("feeds", "add", server.url(path), tmp_path=tmp_path, env=env)
            out = refused.stdout + refused.stderr
            assert refused.returncode != 0, out
            assert (
                "metadata endpoint, never a feed's" in out
                or "cloud metadata address, never a feed's" in out
            ), out
            assert "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES does not open it" in out, out
            assert_no_traceback(out)
        direct = cli("feeds", "add", "http://[fd00:ec2::254]/", tmp_path=tmp_path, env=env)
        assert "cloud metadata address, never a feed's" in direct.stderr + direct.stdout, direct
        added = cli("feeds", "add", server.url("/feed.xml"), tmp_path=tmp_path, env=env)
        assert added.returncode == 0, added.stdout + added.stderr


def test_tag_of_a_named_pipe_with_no_writer_says_why_instead_of_hanging(tmp_path: Path) -> None:
    """`layoffbot tag PIPE` with no program writing to PIPE waited forever, silently; `-`
    was looked for as a file. A pipe a program writes to, and `-`, are read."""
    import os
    import subprocess
    import sys
    import time

    env = bot_env(tmp_path)
    pipe = tmp_path / "feed.pipe"
    os.mkfifo(pipe)
    started = time.monotonic()
    done = cli("tag", str(pipe), tmp_path=tmp_path, env=env, timeout=60)
    assert time.monotonic() - started < 40
    assert done.returncode == 1, done.stdout + done.stderr
    assert "waiting up to 10 s for a program to write to it" in done.stderr, done.stderr
    assert "named pipe and no program opened it for writing in 10 s" in done.stderr
    assert_no_traceback(done.stdout + done.stderr)
    item = news_item(
        "Acme cuts 100 jobs as AI takes over support",
        "acme",
        "Acme cut 100 jobs.",
        datetime.now(UTC),
    )
    feed = rss("Desk", [item])
    piped = subprocess.run(
        [sys.executable, "-m", "bot", "tag", "-"],
        input=feed,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert piped.returncode == 0, piped.stderr
    assert b'"title": "Acme cuts 100 jobs as AI takes over support"' in piped.stdout, piped.stdout
