"""Attack session 19, through the real `layoffbot` process: what a hostile feed or user
found that earlier sessions had not.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, bot_process, cli, cli_ok, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)


def _item(title: str, slug: str, hours: int) -> dict[str, object]:
    return {
        "title": title,
        "link": f"https://news.example/{slug}",
        "description": f"{title}. The company said AI now does the work.",
        "published": NOW - timedelta(hours=hours),
    }


def test_an_item_with_an_absurd_job_count_costs_neither_its_feed_nor_its_other_items(
    tmp_path: Path, server: FeedServer, database_url: str
) -> None:
    """'999,999,999,999,999,999,999 workers' overflowed the database's integer: the whole
    feed failed at every poll ("unexpected error: Python int too large to convert to
    SQLite INTEGER"; PostgreSQL's integer ends at 2,147,483,647), its real news lost with
    it. No employer cuts more than MAX_HEADCOUNT jobs: such a figure is no headcount."""
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=database_url)
    old = _item("Initech opens an office in Lisbon", "old", 24 * 40)
    server.route("/wire.xml", body=rss("Wire", [old]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    absurd = [
        _item("Hooli lays off 999,999,999,999,999,999,999 workers as AI replaces support", "a", 2),
        _item("Globex to cut 3,000,000,000 jobs as AI takes over", "b", 2),
        _item("Vandelay lays off 99999999999999999999999k staff, citing AI", "c", 2),
        _item("Umbrella cuts 250% of its workforce as AI takes over", "d", 2),
        _item("Initrode lays off nine" + " hundred" * 10 + " workers, citing AI", "e", 2),
    ]
    real = _item("Acme cuts 300 support jobs as AI chatbot takes over", "real", 1)
    server.route("/wire.xml", body=rss("Wire", [real, *absurd, old]))
    for _ in range(2):  # the second poll finds nothing new, and no failure either
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
        assert polled.returncode == 0, polled.stdout + polled.stderr
        assert "error" not in polled.stdout.lower(), polled.stdout
        assert_no_traceback(polled.stdout + polled.stderr)
    listed = cli_ok(env, tmp_path, "feeds", "list")
    assert "failing" not in listed and "too large" not in listed, listed
    latest = cli_ok(env, tmp_path, "ask", "/layoffs latest 10")
    assert "Acme cuts 300 support jobs" in latest and "Jobs: 300 jobs" in latest, latest
    stories = {block.split(" ", 1)[0]: block for block in latest.split("\n\n")[1:]}
    for name in ("Hooli", "Globex", "Vandelay", "Umbrella", "Initrode"):  # shown, no figure
        assert "Jobs: not stated" in stories[name], stories[name]


def _raw_item(title: str, slug: str, *, link: str = "", guid: str = "") -> bytes:
    published = format_datetime(NOW - timedelta(hours=2))
    return (
        f"<item><title>{title}</title><link>{link or 'https://news.example/' + slug}</link>"
        f"<guid>{guid or slug}</guid><pubDate>{published}</pubDate>"
        f"<description>{title}. The company said AI now does the work.</description></item>"
    ).encode()


def test_character_references_no_character_has_cost_neither_the_feed_nor_its_items(
    tmp_path: Path, server: FeedServer, database_url: str
) -> None:
    """feedparser raised on a reference to a UTF-16 surrogate ('&#55357;&#56832;': an emoji
    as some sites write it), to a code point past U+10FFFF or of too many digits, and
    PostgreSQL refuses a NUL ('&#0;' in an item's link or guid): each failed the whole
    feed at every poll. Now the pair is its emoji, the others are U+FFFD or dropped."""
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=database_url)
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        b"<title>Wire</title><link>https://news.example/</link>"
    )
    old = _raw_item("Initech opens an office in Lisbon", "old").replace(
        format_datetime(NOW - timedelta(hours=2)).encode(),
        format_datetime(NOW - timedelta(days=40)).encode(),
    )
    server.route("/wire.xml", body=head + old + b"</channel></rss>")
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    wide = head.replace(b"UTF-8", b"UTF-16").replace(b"Wire", b"Wide")  # served in UTF-16
    server.route("/wide.xml", body=(wide + old + b"</channel></rss>").decode().encode("utf-16"))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wide.xml"))
    items = [
        _raw_item("Acme cuts 300 support jobs as AI chatbot takes over", "real"),
        _raw_item("Hooli lays off 200 staff as AI takes over &#55357;&#56832;", "pair"),
        _raw_item("Globex lays off 120 staff as AI takes over &#xDC00;", "lone"),
        _raw_item("Vandelay lays off 90 staff as AI takes over &#x110000;", "past"),
        _raw_item("Umbrella lays off 80 staff as AI takes over &#99999999999999999999;", "long"),
        _raw_item(
            "Soylent lays off 70 staff as AI takes over", "nul", link="https://x.example/a&#0;"
        ),
        _raw_item("Wonka lays off 60 staff as AI takes over", "g", guid="g&#0;1"),
    ]
    server.route("/wire.xml", body=head + b"".join(items) + old + b"</channel></rss>")
    in_utf16 = _raw_item("Initrode lays off 40 staff as AI takes over &#xD83D;&#xDE00;", "wide")
    server.route(
        "/wide.xml", body=(wide + in_utf16 + old + b"</channel></rss>").decode().encode("utf-16")
    )
    polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert polled.returncode == 0, polled.stdout + polled.stderr
    assert "7 new items" in polled.stdout and "error" not in polled.stdout, polled.stdout
    assert "Wide: 1 new item" in polled.stdout, polled.stdout
    assert_no_traceback(polled.stdout + polled.stderr)
    latest = cli_ok(env, tmp_path, "ask", "/layoffs latest 10")
    assert "Hooli lays off 200 staff as AI takes over \U0001f600" in latest, latest
    assert "Initrode lays off 40 staff as AI takes over \U0001f600" in latest, latest
    for name in ("Acme", "Globex", "Vandelay", "Umbrella", "Soylent", "Wonka"):
        assert f"{name} " in latest, latest
    assert "\ufffd" in latest.split("Globex")[1] and "x.example/a" not in latest


def test_a_busy_servers_retry_after_is_a_wait_of_at_most_a_day_whatever_it_says(
    tmp_path: Path, server: FeedServer
) -> None:
    """A 503's Retry-After of '²' or 5,000 digits read "unexpected error: invalid literal
    for int()" with a traceback in the log, and one of 99999999999 seconds had the feed
    next polled in the year 5195: a server's passing trouble silenced its feed for good."""
    env = bot_env(tmp_path)
    waits = ["99999999999", "\u00b2", "9" * 5000, "Mon, 01 Jan 9999999999999999999 00:00:00 GMT"]
    old = _item("Initech opens an office in Lisbon", "old", 24 * 40)
    for n, wait in enumerate(waits):
        server.route(f"/f{n}.xml", body=rss(f"Feed {n}", [old]))
        cli_ok(env, tmp_path, "feeds", "add", server.url(f"/f{n}.xml"))
        server.route(f"/f{n}.xml", status=503, body=b"busy", headers={"Retry-After": wait})
    polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert polled.returncode == 0, polled.stdout + polled.stderr
    assert polled.stdout.count("error: HTTP 503 Service Unavailable") == len(waits), polled.stdout
    assert "unexpected" not in polled.stdout and "feed_poll_crashed" not in polled.stderr
    assert_no_traceback(polled.stdout + polled.stderr)
    with sqlite3.connect(tmp_path / "bot.db") as db:
        next_polls = [row[0] for row in db.execute("SELECT next_poll FROM feeds")]
    latest = datetime.now(UTC) + timedelta(days=1, minutes=5)
    for when in next_polls:
        assert datetime.fromisoformat(when).replace(tzinfo=UTC) < latest, next_polls


def test_control_characters_in_a_discord_option_are_read_as_in_typed_text(
    tmp_path: Path, database_url: str
) -> None:
    """Typed text lost its control characters, a Discord option kept them: `why` with a
    NUL in its link reached PostgreSQL, which refused it ("something went wrong" and a
    traceback in the log), and `unsubscribe company:<NUL>` answered "Not subscribed to
    by direct message"."""
    from tests.discord.fake_discord import MANAGE_GUILD
    from tests.test_e2e_discord import FakeDiscordThread

    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=database_url)
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env |= {"DISCORD_TOKEN": "fake-token", "LAYOFFBOT_DISCORD_API_URL": fake.api_url}
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, timeout=30)

            def say(sub: str, **options: str) -> str:
                payload = fake.command_interaction(sub, options, permissions=MANAGE_GUILD)
                discord.call(fake.interact(payload))
                bot.wait_for(f"/layoffs {sub}", lambda: bool(fake.followups_for(payload)), 20)
                return json.dumps([f.json for f in fake.followups_for(payload)])

            assert "I have not seen that link" in say("why", link="https://x.example/a\x00")
            assert "Following Klarna" in say("subscribe", company="Kla\x00rna\u200b")
            assert "Which company?" in say("unsubscribe", company="\x00\u200b")
            told = say("digest", action="on", time="08:00", timezone="Europe/Berlin\x00")
            assert "Daily digest on" in told and "Europe/Berlin" in told, told
            bot.stop(signal.SIGTERM)
    assert "went wrong" not in bot.stdout + bot.stderr
    assert_no_traceback(bot.stderr + bot.stdout)


def test_ask_and_feeds_read_bytes_that_are_no_utf8_as_the_console_does(
    tmp_path: Path, database_url: str
) -> None:
    """`layoffbot ask "/layoffs subscribe Café"` typed in a Latin-1 terminal: the byte
    0xE9 is no UTF-8, Python's argv holds a lone surrogate for it, and neither database
    stores one: "Sorry, something went wrong". The console reads such a byte as U+FFFD."""
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=database_url)
    latin1 = os.fsdecode(b"Zq caf\xe9")  # what Python makes of the terminal's bytes
    followed = cli_ok(env, tmp_path, "ask", f"/layoffs subscribe {latin1}")
    assert "Following Zq caf\ufffd" in followed, followed
    listed = cli_ok(env, tmp_path, "ask", "/layoffs subscriptions")
    assert "Zq caf\ufffd" in listed, listed
    unseen = cli_ok(env, tmp_path, "ask", "/layoffs why " + os.fsdecode(b"https://x.example/\xe9"))
    assert "I have not seen that link" in unseen, unseen
    for verb in ("remove", "enable"):  # a traceback (UnicodeEncodeError) before
        done = cli(
            "feeds", verb, os.fsdecode(b"https://x.example/\xe9"), tmp_path=tmp_path, env=env
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert "No such feed in the global list: https://x.example/\ufffd" in done.stderr
        assert_no_traceback(done.stdout + done.stderr)


def test_a_zone_named_under_right_or_posix_is_the_zone_itself(tmp_path: Path) -> None:
    """The system's zone files under `right/` count leap seconds, which Python misreads:
    `digest on 08:00 right/Europe/Berlin` was taken, shown as that, and put Berlin at
    +02:00 in December (the digest an hour off). `posix/` and `right/` name the zone."""
    env = bot_env(tmp_path)
    for typed in ("right/Europe/Berlin", "posix/Europe/Berlin"):
        told = cli_ok(env, tmp_path, "ask", f"/layoffs digest on 08:00 {typed}")
        assert "every day at 08:00 (Europe/Berlin)" in told and "right/" not in told, told
        assert "posix/" not in told, told
    refused = cli("ask", "/layoffs digest on 08:00 right/Mars", tmp_path=tmp_path, env=env)
    assert "“right/Mars” is neither a time" in refused.stdout, refused.stdout
