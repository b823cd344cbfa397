"""Session 18's leftovers from the last trial, each driven through a real `layoffbot`
process: `eval` of `-` and of a named pipe, digest settings at noon and midnight, full-width
search words, and on Discord and Slack the digest time option's description, company
autocomplete's order and a channel alert's footer (unit level: tests/test_polish_18.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
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
    discord_env,
    news_item,
    rss,
)
from tests.test_e2e_discord import FakeDiscordThread
from tests.test_e2e_slack import connected_bot, slash

__all__ = ["bots"]  # a fixture, used by name

LABELLED = (
    '{"title": "Acme cuts 100 jobs as AI takes over support", "link": "https://n.example/a",'
    ' "description": "Acme cut 100 support jobs, saying AI now does the work.",'
    ' "labels": {"kind": "layoff", "ai_cause": true, "companies": ["Acme"], "headcount": 100,'
    ' "percent": null, "functions": ["customer_support"], "story": "acme"}}\n'
)


def test_eval_reads_standard_input_and_refuses_a_named_pipe_no_program_writes_to(
    tmp_path: Path,
) -> None:
    """`layoffbot eval -` looked for a file named '-' ("no such file"), and `eval PIPE`
    with no program writing to it hung silently until Ctrl-C; `tag` read both."""
    env = bot_env(tmp_path)
    piped = subprocess.run(
        [sys.executable, "-m", "bot", "eval", "-"],
        input=LABELLED,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.returncode == 0, piped.stdout + piped.stderr
    assert "items                  1" in piped.stdout and "score: " in piped.stdout, piped.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "eval", "-"],
        input="not json\n",
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "standard input:1: not JSON" in bad.stderr, bad.stderr
    pipe = tmp_path / "labels.pipe"
    os.mkfifo(pipe)
    started = time.monotonic()
    done = cli("eval", str(pipe), tmp_path=tmp_path, env=env, timeout=60)
    assert time.monotonic() - started < 40
    assert done.returncode == 2, done.stdout + done.stderr
    assert "waiting up to 10 s for a program to write to it" in done.stderr, done.stderr
    assert "named pipe and no program opened it for writing in 10 s" in done.stderr
    for said in (piped, bad, done):
        assert_no_traceback(said.stdout + said.stderr)


def test_digest_settings_say_noon_and_midnight(tmp_path: Path) -> None:
    """After `digest on noon` the settings said "Time: 12:00 UTC", the reply "12:00 noon"."""
    env = bot_env(tmp_path)
    for typed, shown in (("noon", "12:00 noon"), ("midnight", "00:00 midnight")):
        on = cli("ask", f"/layoffs digest on {typed} UTC", tmp_path=tmp_path, env=env)
        assert f"every day at {shown} (UTC)" in on.stdout, on.stdout + on.stderr
        settings = cli("ask", "/layoffs digest settings", tmp_path=tmp_path, env=env)
        assert f"Time: {shown} UTC |" in settings.stdout, settings.stdout + settings.stderr
        assert_no_traceback(settings.stdout + settings.stderr)


def _feed(tmp_path: Path, *titles: str) -> Path:
    now = datetime.now(UTC)
    items = [news_item(t, t.split()[0].lower(), t + ".", now) for t in titles]
    path = tmp_path / "feed.xml"
    path.write_bytes(rss("Desk", items))
    return path


def test_search_with_full_width_letters_finds_what_plain_letters_do(tmp_path: Path) -> None:
    """`/layoffs search ＡＩ` (an East-Asian keyboard's letters) found nothing."""
    env = bot_env(tmp_path)
    feed = _feed(tmp_path, "Klarna cuts 700 jobs as AI assistant takes over customer service")
    tagged = cli("tag", str(feed), tmp_path=tmp_path, env=env)
    assert tagged.returncode == 0, tagged.stderr
    for typed in ("search ＡＩ ａｓｓｉｓｔａｎｔ", "search ai assistant"):
        found = cli("ask", f"/layoffs {typed}", tmp_path=tmp_path, env=env)
        assert "1 story matching" in found.stdout and "Klarna cuts 700" in found.stdout, (
            found.stdout + found.stderr
        )
    lookup = cli("ask", "/layoffs ｋｌａｒｎａ", tmp_path=tmp_path, env=env).stdout
    assert "== Klarna: recent job actions ==" in lookup, lookup


def _option(synced: list[dict[str, Any]], sub: str, name: str) -> dict[str, Any]:
    [layoffs] = [c for c in synced if c["name"] == "layoffs"]
    [command] = [o for o in layoffs["options"] if o["name"] == sub]
    [option] = [o for o in command.get("options", []) if o["name"] == name]
    return option


def test_discord_describes_the_digest_time_as_typed_and_completes_prefixes_first(
    tmp_path: Path,
) -> None:
    """Discord described `time` as "HH:MM (24-hour)" though '9am' and 'noon' are taken;
    company autocomplete put 'Mailchimp' (containing 'ai') before 'Scale AI'; a channel's
    alert told every member "/layoffs unsubscribe ... where:here to stop", which only
    managers may run."""
    env_plain = bot_env(tmp_path)
    feed = _feed(
        tmp_path,
        "Scale AI cuts 200 jobs as it leans on automation",
        "Airbnb lays off 300 support staff as AI handles customer questions",
        "Mailchimp cuts 100 jobs, citing AI",
    )
    assert cli("tag", str(feed), tmp_path=tmp_path, env=env_plain).returncode == 0
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env = discord_env(tmp_path, fake)
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            payload = fake.command_interaction("company", {"company": "ai"}, focused="company")
            discord.call(fake.interact(payload))
            bot.wait_for("the choices", lambda: bool(fake.callbacks_for(payload)))
            [callback] = fake.callbacks_for(payload)
            follow = fake.command_interaction(
                "subscribe", {"company": "Klarna", "where": "here"}, permissions=MANAGE_GUILD
            )
            discord.call(fake.interact(follow))
            bot.wait_for("the reply", lambda: bool(fake.followups_for(follow)))
            news = _feed(tmp_path, "Klarna cuts 700 jobs as AI assistant takes over")
            assert cli("tag", str(news), tmp_path=tmp_path, env=env_plain).returncode == 0
            bot.wait_for(
                "the channel's alert",
                lambda: any("New at Klarna" in str(m["embeds"]) for m in fake.messages),
            )
            bot.stop(signal.SIGTERM)
    choices = [c["value"] for c in callback["data"]["choices"]]
    assert choices[:3] == ["Airbnb", "Scale AI", "Mailchimp"], choices
    synced = fake.synced["global"]
    time_option = _option(synced, "digest", "time")["description"]
    assert "24-hour" not in time_option and "8am" in time_option, time_option
    assert "noon" in time_option, time_option
    zone_option = _option(synced, "digest", "timezone")["description"]
    assert "London" in zone_option and "IANA" not in zone_option, zone_option
    alert = " ".join(str(m["embeds"]) for m in fake.messages if "New at Klarna" in str(m))
    assert (
        "a channel manager can stop it with /layoffs unsubscribe company:Klarna where:here."
        in alert
    ), alert
    assert "where:here to stop" not in alert, alert
    assert_no_traceback(bot.stderr + bot.stdout)


def test_a_slack_channel_alert_says_a_channel_manager_can_stop_it(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    from tests.test_e2e_slack import FakeSlackThread

    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        fake = slack.fake
        answered = slash(slack, "subscribe Klarna here")
        assert "Following Klarna" in json.dumps(answered), fake.responses
        news = _feed(tmp_path, "Klarna cuts 700 jobs as AI assistant takes over")
        assert cli("tag", str(news), tmp_path=tmp_path, env=bot_env(tmp_path)).returncode == 0
        slack.wait_for(lambda: any("New at Klarna" in p.text for p in fake.posted), timeout=30)
        bot.stop()
    [alert] = [p for p in fake.posted if "New at Klarna" in p.text]
    shown = json.dumps(alert.blocks, ensure_ascii=False) + alert.text
    assert "a channel manager can stop it with /layoffs unsubscribe Klarna here." in shown, shown
    assert_no_traceback(bot.stderr + bot.stdout)


def test_a_local_feed_at_the_console_with_the_operators_setting_on_is_sent_to_the_cli(
    tmp_path: Path,
) -> None:
    """With LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true set, `/layoffs feeds add` of a local
    feed at the console was told to set it; `layoffbot feeds add` beside the running bot
    is what adds it."""
    from tests.e2e import BotTerminal
    from tests.feedserver import FeedServer

    env = bot_env(tmp_path)
    del env["LAYOFFBOT_TEST_WORKSPACE_PRIVATE_ADDRESSES"]  # as on a user's machine
    with FeedServer() as server:
        server.route(
            "/feed.xml", body=rss("Desk", [news_item("Acme news", "a", "A.", datetime.now(UTC))])
        )
        url = server.url("/feed.xml")
        term = BotTerminal("run", tmp_path=tmp_path, env=env)
        try:
            term.expect("Ctrl-C to stop", timeout=60)
            said = term.reply(f"/layoffs feeds add {url}")
            added = cli("feeds", "add", url, tmp_path=tmp_path, env=env)
            term.ctrl_c()
            assert term.wait(20) == 0
        finally:
            term.close()
    assert "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES opens the operator's own feeds" in said, said
    assert "add it with layoffbot feeds add URL" in said and "set LAYOFFBOT_" not in said, said
    assert added.returncode == 0 and "Added Desk" in added.stdout, added.stdout + added.stderr
    assert_no_traceback(term.output)


def test_a_local_feed_disabled_without_the_setting_says_how_to_bring_it_back(
    tmp_path: Path,
) -> None:
    """Polled without LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES, the operator's local feed was
    disabled saying "set ...=true"; set, it stayed disabled, saying the same."""
    from bot.store import Store
    from tests.feedserver import FeedServer

    with FeedServer() as server:
        server.route(
            "/feed.xml", body=rss("Desk", [news_item("Acme", "a", "A.", datetime.now(UTC))])
        )
        url = server.url("/feed.xml")
        Store.open(f"sqlite:///{tmp_path}/bot.db").add_feed(url, "Desk")
        off = bot_env(tmp_path, LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES="false")
        refused = cli("poll", "--once", "--all", tmp_path=tmp_path, env=off)
        on = bot_env(tmp_path)
        enabled = cli("feeds", "enable", url, tmp_path=tmp_path, env=on)
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=on)
    said = refused.stdout + refused.stderr
    assert "Desk: disabled: refused: 127.0.0.1 is a loopback address" in said, said
    assert f"; layoffbot feeds enable {url} polls it again" in said, said
    assert enabled.returncode == 0, enabled.stdout + enabled.stderr
    assert polled.returncode == 0 and "Desk" in polled.stdout, polled.stdout + polled.stderr
    assert "disabled" not in polled.stdout, polled.stdout
    for done in (refused, enabled, polled):
        assert_no_traceback(done.stdout + done.stderr)


def test_a_bad_digest_zone_setting_is_said_in_plain_words(tmp_path: Path) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_DIGEST_TIMEZONE="Mars/Phobos")
    done = cli("ask", "/layoffs latest", tmp_path=tmp_path, env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "invalid setting: LAYOFFBOT_DIGEST_TIMEZONE: unknown time zone 'Mars/Phobos'" in (
        done.stderr
    ), done.stderr
    assert "Value error" not in done.stderr, done.stderr
    assert_no_traceback(done.stdout + done.stderr)


def test_unsubscribe_at_the_console_names_the_subscription_it_missed(tmp_path: Path) -> None:
    """`subscribe Klarna here`, then `unsubscribe Klarna`: "Not subscribed to Klarna.
    Subscribed: nothing." while the console channel's alerts went on."""
    env = bot_env(tmp_path)
    assert cli("ask", "/layoffs subscribe Klarna here", tmp_path=tmp_path, env=env).returncode == 0
    done = cli("ask", "/layoffs unsubscribe klarna", tmp_path=tmp_path, env=env)
    assert "The console (`here`) follows Klarna: /layoffs unsubscribe Klarna here stops" in (
        done.stdout
    ), done.stdout + done.stderr
    assert_no_traceback(done.stdout + done.stderr)


def test_feeds_add_of_a_word_says_it_is_not_a_link(tmp_path: Path) -> None:
    done = cli("feeds", "add", "notaurl", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "'notaurl' is not a link" in done.stderr and "https://notaurl" not in done.stderr, (
        done.stderr
    )
    assert_no_traceback(done.stdout + done.stderr)


def test_ctrl_c_while_run_starts_ends_it_without_a_traceback_or_a_running_banner(
    tmp_path: Path,
) -> None:
    """Ctrl-C in the first half second printed a KeyboardInterrupt traceback (the command
    was still loading); a little later, "layoffbot running ...; Ctrl-C to stop." came after
    the Ctrl-C, as if it had not been pressed."""
    from tests.e2e import BotTerminal

    for delay in (0.2, 0.4, 0.8):
        term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
        try:
            time.sleep(delay)
            term.ctrl_c()
            assert term.wait(60) in (0, 130), term.output
            time.sleep(0.3)  # what it wrote last is still on its way through the terminal
        finally:
            term.close()
        if "init_import_site" in term.output:
            continue  # Python's own start-up, before any of the bot's code (a busy machine)
        assert_no_traceback(term.output)
        assert "KeyboardInterrupt" not in term.output, term.output
        pressed = term.output.find("^C")
        if pressed >= 0:
            assert "Ctrl-C to stop" not in term.output[pressed:], term.output
