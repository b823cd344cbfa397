"""`layoffbot` with Discord, run as a user runs it: a real process, real signals, a real
SQLite database, and Discord played by the fake (tests/discord/fake_discord.py) served from
a thread, or by a closed port on 127.0.0.1 (offline).

Issue 12, bug 9 (Discord part): offline the bot still starts and retries in the background,
one log line per failed attempt and no traceback; a rejected token is said once; a bad
`discord invite --client-id` is one line. Bug 3 on Discord: `/layoffs digest now` posts.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sqlite3
import threading
import time
from collections.abc import Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.store import Store
from bot.tenancy import tenant_key
from tests.discord.fake_discord import MANAGE_GUILD, FakeDiscord
from tests.e2e import (
    STOP_WITHIN,
    assert_no_traceback,
    bot_env,
    bot_process,
    cli,
    closed_port,
    discord_env,
    news_item,
    patience,
    rss,
)
from tests.feedserver import FeedServer

T = TypeVar("T")

APP_ID_TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAwMQ.fake.token"  # a bot token's shape (app id in base64)


def _feed(now: datetime) -> str:
    """Two recent job-cut stories, dated relative to now so they are always announceable."""
    items = [
        (
            "Klarna to cut 700 customer service roles as AI assistant takes over",
            "https://e2e-discord.example/klarna",
            "Klarna said its AI assistant now does the work of 700 customer service agents.",
        ),
        (
            "Duolingo replaces 100 contract translators with AI",
            "https://e2e-discord.example/duolingo",
            "Duolingo cut about 100 contractors as it shifts translation work to AI.",
        ),
    ]
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{format_datetime(now - timedelta(hours=i + 1))}</pubDate>"
        f"<description>{text}</description></item>"
        for i, (title, link, text) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>E2E Discord feed</title><link>https://e2e-discord.example/</link>"
        f"{body}</channel></rss>"
    )


# ----------------------------------------------------------------------------- helpers


class FakeDiscordThread:
    """The fake Discord on its own event loop in a thread, for a `layoffbot` subprocess."""

    def __init__(self) -> None:
        self.fake = FakeDiscord()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> FakeDiscordThread:
        self._thread.start()
        self.call(self.fake.start())
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.call(self.fake.close())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 10) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(patience(timeout))


def _stored_items(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "bot.db") as db:
        count: int = db.execute("SELECT count(*) FROM items").fetchone()[0]
    return count


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        server.route("/feed.xml", body=_feed(datetime.now(UTC)).encode())
        yield server


def _add_primed_feed(tmp_path: Path, url: str) -> None:
    """The feed as the default feeds are added: announced from the first poll."""
    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    store.add_feed(url, "E2E Discord feed")
    store.mark_primed(url)


def discord_company_reply(tmp_path: Path, feed: str | bytes, company: str) -> str:
    """The bot's Discord reply to `/layoffs company <company>` after one poll of `feed`
    (served from 127.0.0.1, announced from its first poll), as the fake API received it."""
    with FeedServer() as server:
        server.route("/feed.xml", body=feed)
        _add_primed_feed(tmp_path, server.url("/feed.xml"))
        with FakeDiscordThread() as discord:
            fake = discord.fake
            env = bot_env(
                tmp_path, DISCORD_TOKEN="fake-token", LAYOFFBOT_DISCORD_API_URL=fake.api_url
            )
            with bot_process(tmp_path, env) as bot:
                bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
                bot.wait_for("the feed polled", lambda: _stored_items(tmp_path) == 1)
                payload = fake.command_interaction("company", {"company": company})
                discord.call(fake.interact(payload))
                bot.wait_for("the reply", lambda: bool(fake.followups_for(payload)))
                bot.stop(signal.SIGTERM)
    return " ".join(str(c.json) for c in fake.followups_for(payload))


# ------------------------------------------------------------------------------- tests


def test_offline_start_keeps_running_retries_in_one_line_each_and_stops_on_sigterm(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Discord unreachable: the bot starts, polls its feeds, logs one line per failed
    connection attempt (what, what to check, when it retries) and stops on SIGTERM."""
    port = closed_port()
    url = feed_server.url("/feed.xml")
    _add_primed_feed(tmp_path, url)
    env = bot_env(
        tmp_path,
        DISCORD_TOKEN=APP_ID_TOKEN,
        LAYOFFBOT_DISCORD_API_URL=f"http://127.0.0.1:{port}/api/v10",
        LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES="true",
    )
    failed = re.compile(r"^.*Cannot connect to Discord: .*$", re.MULTILINE)
    with bot_process(tmp_path, env) as bot:
        bot.wait_for("3 failed attempts", lambda: len(failed.findall(bot.stderr)) >= 3)
        bot.wait_for("the feed polled", lambda: _stored_items(tmp_path) == 2)
        assert bot.proc.poll() is None  # still running
        elapsed = bot.stop(signal.SIGTERM)
        assert bot.proc.returncode == 0, bot.stderr
    stderr = bot.stderr
    assert_no_traceback(stderr + bot.stdout)
    lines = failed.findall(stderr)
    for line in lines:
        assert f"cannot reach 127.0.0.1:{port} (connection refused)" in line
        assert "Check that LAYOFFBOT_DISCORD_API_URL" in line
        assert re.search(r"Retrying in \d+(\.\d+)? s \(attempt \d+ failed\)\.$", line)
    waits = [float(m) for m in re.findall(r"Retrying in (\d+(?:\.\d+)?) s", stderr)]
    assert waits[:3] == [1, 2, 4]  # backoff, not a tight loop
    assert len(feed_server.requests_for("/feed.xml")) >= 1
    assert "layoffbot stopped." in bot.stdout
    assert elapsed < STOP_WITHIN


def test_a_rejected_token_is_said_once_and_the_bot_keeps_running_until_sigint(
    tmp_path: Path,
) -> None:
    with FakeDiscordThread() as discord:
        env = bot_env(
            tmp_path,
            DISCORD_TOKEN="MTAwMDAwMDAwMDAwMDAwMDAwMQ.wrong.token",
            LAYOFFBOT_DISCORD_API_URL=discord.fake.api_url,
        )
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("the rejection", lambda: "DISCORD_TOKEN was rejected" in bot.stderr)
            time.sleep(2)  # long enough for retries, if any were made
            assert bot.proc.poll() is None
            bot.stop(signal.SIGINT)
            assert bot.proc.returncode == 0, bot.stderr
        assert len(discord.fake.calls_to("GET", "/users/@me")) == 1  # not retried
    stderr = bot.stderr
    assert_no_traceback(stderr + bot.stdout)
    [line] = [x for x in stderr.splitlines() if "DISCORD_TOKEN" in x]
    assert "level=ERROR" in line
    assert "https://discord.com/developers/applications" in line and "restart" in line
    assert "wrong.token" not in stderr  # the token itself is never logged


def test_a_token_pasted_with_bot_in_front_is_named_at_start_and_by_invite(
    tmp_path: Path,
) -> None:
    """`DISCORD_TOKEN=Bot MTAw...` (copied as an Authorization header) went out as 'Bot Bot
    ...'; Discord refused it and the bot told the user to reset a token that was good."""
    env = bot_env(tmp_path, DISCORD_TOKEN="Bot MTAwMDAwMDAwMDAwMDAwMDAwMQ.good.token")
    for args in (("run", "--no-console"), ("discord", "invite")):
        proc = cli(*args, tmp_path=tmp_path, env=env, timeout=60)
        assert proc.returncode != 0, proc.stdout + proc.stderr
        assert "layoffbot running" not in proc.stdout
        assert "DISCORD_TOKEN starts with 'Bot ': set the token alone" in proc.stderr, proc.stderr
        assert "good.token" not in proc.stdout + proc.stderr
        assert_no_traceback(proc.stdout + proc.stderr)


@pytest.mark.parametrize(
    "client_id", ["abc", "", "-5", "0", "99999999999999999999999", "12 34", "[red]x"]
)
def test_discord_invite_with_a_bad_client_id_is_one_clear_line(
    tmp_path: Path, client_id: str
) -> None:
    proc = cli("discord", "invite", "--client-id", client_id, tmp_path=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert line.startswith("layoffbot: --client-id: ")
    assert "Application ID" in line and "https://discord.com/developers/applications" in line
    assert_no_traceback(proc.stderr)


def test_discord_invite_with_a_good_client_id_prints_the_link(tmp_path: Path) -> None:
    proc = cli("discord", "invite", "--client-id", " 1000000000000000001 ", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith(
        "https://discord.com/oauth2/authorize?client_id=1000000000000000001&"
    )


def test_digest_now_on_discord_posts_the_digest_and_says_so(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    _add_primed_feed(tmp_path, feed_server.url("/feed.xml"))
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env = discord_env(tmp_path, fake)
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            bot.wait_for("the feed polled", lambda: _stored_items(tmp_path) == 2)
            payload = fake.command_interaction(
                "digest", {"action": "now"}, permissions=MANAGE_GUILD
            )
            discord.call(fake.interact(payload))
            bot.wait_for("the reply", lambda: bool(fake.followups_for(payload)))
            bot.wait_for(
                "the digest in the channel",
                lambda: sum(m["channel_id"] == fake.channel_id for m in fake.messages) >= 3,
            )
            bot.stop(signal.SIGTERM)
        [reply] = fake.followups_for(payload)
    text = str(reply.json)
    assert "Sorry" not in text
    assert re.search(r"digest", text, re.I) and re.search(r"post", text, re.I), text
    posted = [m for m in fake.messages if m["channel_id"] == fake.channel_id]
    bodies = " ".join(str(m["embeds"]) for m in posted)
    assert "Klarna" in bodies and "Duolingo" in bodies
    assert_no_traceback(bot.stderr + bot.stdout)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"DISCORD_SHARD_IDS": "0"}, "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT"),
        (
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "0,5"},
            "DISCORD_SHARD_IDS must be between 0 and DISCORD_SHARD_COUNT - 1 (1); got 0,5",
        ),
    ],
)
def test_inconsistent_shard_settings_are_one_line_and_exit_2(
    tmp_path: Path, settings: dict[str, str], expected: str
) -> None:
    env = bot_env(
        tmp_path,
        DISCORD_TOKEN=APP_ID_TOKEN,
        LAYOFFBOT_DISCORD_API_URL=f"http://127.0.0.1:{closed_port()}/api/v10",
        **settings,
    )
    proc = cli("run", tmp_path=tmp_path, env=env, timeout=60)
    assert proc.returncode == 2, proc.stderr
    [line] = [x for x in proc.stderr.splitlines() if "DISCORD_SHARD" in x]
    assert line.startswith(f"layoffbot: {expected}")
    assert_no_traceback(proc.stderr + proc.stdout)


def test_dm_alerts_followed_in_a_server_are_stopped_from_the_dm_they_arrive_in(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A DM alert ends "/layoffs unsubscribe company:Klarna to stop". A DM belongs to no server, so
    typed there it answered "Not subscribed to Klarna by direct message ... nothing" (and
    `subscriptions` "No subscriptions") while the alerts kept coming."""
    now = datetime.now(UTC)
    duolingo = news_item(
        "Duolingo replaces 100 contract translators with AI", "duolingo", "Duolingo cut 100.", now
    )
    klarna = news_item(
        "Klarna to cut 700 customer service roles as AI assistant takes over",
        "klarna",
        "Klarna said its AI assistant now does the work of 700 customer service agents.",
        now,
    )
    feed_server.route("/feed.xml", body=rss("News", [duolingo]))
    _add_primed_feed(tmp_path, feed_server.url("/feed.xml"))
    user = "2000000000000000001"
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env = discord_env(tmp_path, fake)

        def ask(sub: str, options: dict[str, str | int], *, dm: bool) -> str:
            payload = fake.command_interaction(sub, options, user_id=user, dm=dm)
            discord.call(fake.interact(payload))
            bot.wait_for("the reply", lambda: bool(fake.followups_for(payload)))
            return " ".join(str(c.json) for c in fake.followups_for(payload))

        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            bot.wait_for("the feed polled", lambda: _stored_items(tmp_path) == 1)
            assert "Following Klarna" in ask("subscribe", {"company": "Klarna"}, dm=False)
            feed_server.route("/feed.xml", body=rss("News", [duolingo, klarna]))
            polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
            assert polled.returncode == 0, polled.stdout + polled.stderr
            bot.wait_for("the DM alert", lambda: fake.dm_channel_of(user) is not None)
            dm = fake.dm_channel_of(user)
            bot.wait_for("the DM alert", lambda: any(m["channel_id"] == dm for m in fake.messages))
            listed = ask("subscriptions", {}, dm=True)
            stopped = ask("unsubscribe", {"company": "Klarna"}, dm=True)
            after = ask("subscriptions", {}, dm=True)
            bot.stop(signal.SIGTERM)
    alert = " ".join(str(m["embeds"]) for m in fake.messages if m["channel_id"] == dm)
    # As Discord's slash command takes it (typed words cannot be given there: trial 13).
    assert "/layoffs unsubscribe company:Klarna to stop" in alert, alert
    assert "Klarna" in listed and "No subscriptions" not in listed, listed
    assert "Unsubscribed from Klarna" in stopped, stopped
    assert "No subscriptions" in after, after
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("SELECT count(*) FROM subscriptions").fetchone()[0] == 0
    assert_no_traceback(bot.stderr + bot.stdout)


def test_refusals_and_usage_speak_discord_not_slack(tmp_path: Path) -> None:
    """A member without Manage Server was told to "Ask a workspace admin"; a wrong command
    was shown Slack's typed form ("Usage: /layoffs feeds list | add <url> ..."), which
    Discord's options cannot take."""
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env = bot_env(tmp_path, DISCORD_TOKEN="fake-token", LAYOFFBOT_DISCORD_API_URL=fake.api_url)
        replies = []
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            for options, permissions in (
                ({"action": "on", "time": "8am"}, 0),
                ({"action": "on", "time": "25:99"}, MANAGE_GUILD),
            ):
                payload = fake.command_interaction("digest", options, permissions=permissions)
                discord.call(fake.interact(payload))
                bot.wait_for("the reply", lambda p=payload: bool(fake.followups_for(p)))
                shown = [
                    e["description"] for c in fake.followups_for(payload) for e in c.json["embeds"]
                ]
                replies.append(" ".join(shown).replace("\\", ""))  # as Discord shows it
            bot.stop(signal.SIGTERM)
    refused, wrong = replies
    assert "Only members with Manage Server can change this channel" in refused, refused
    assert "workspace" not in refused, refused
    assert "25:99" in wrong and "action:on|off|now|settings|quiet" in wrong, wrong
    assert "Example: /layoffs digest action:on time:08:30 timezone:Europe/Berlin" in wrong, wrong
    assert "[HH:MM]" not in wrong, wrong
    assert_no_traceback(bot.stderr + bot.stdout)


def _type_lon_in_digest_timezone(tmp_path: Path, answer_delay: float) -> tuple[Any, Any]:
    """Type 'Lon' in `digest`'s timezone option, stop the bot once Discord has the choices
    (answering them after `answer_delay` s): the stopped bot and its autocomplete callback."""
    with FakeDiscordThread() as discord:
        fake = discord.fake
        fake.callback_delay = answer_delay
        env = bot_env(tmp_path, DISCORD_TOKEN="fake-token", LAYOFFBOT_DISCORD_API_URL=fake.api_url)
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            payload = fake.command_interaction(
                "digest", {"action": "on", "timezone": "Lon"}, focused="timezone"
            )
            discord.call(fake.interact(payload))
            bot.wait_for("the choices", lambda: bool(fake.callbacks_for(payload)))
            bot.stop(signal.SIGTERM)  # fails the test if the stop hangs (STOP_WITHIN)
    [callback] = fake.callbacks_for(payload)
    return bot, callback


def test_timezone_autocomplete_offers_the_city_typed_first(tmp_path: Path) -> None:
    """Typing 'Lon' in digest's timezone offered America/Blanc-Sablon and America/Miquelon
    before Europe/London."""
    bot, callback = _type_lon_in_digest_timezone(tmp_path, answer_delay=0.0)
    values = [c["value"] for c in callback["data"]["choices"]]
    assert values.index("Europe/London") < values.index("America/Blanc-Sablon"), values
    assert_no_traceback(bot.stderr + bot.stdout)


def test_a_stop_while_an_autocomplete_answer_is_in_flight_logs_one_line(tmp_path: Path) -> None:
    """Stopped while Discord had not yet answered an autocomplete, the bot printed
    discord.py's whole traceback (seen only under load in the suite)."""
    bot, _ = _type_lon_in_digest_timezone(tmp_path, answer_delay=3.0)
    assert "layoffbot stopped." in bot.stdout + bot.stderr
    assert_no_traceback(bot.stderr + bot.stdout)


def test_unsubscribe_autocomplete_offers_what_is_followed(tmp_path: Path) -> None:
    """`unsubscribe`'s company offered the companies of stored stories: one followed before
    any story named it (OpenAI) was never offered, the stories' ones always were."""
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env = bot_env(tmp_path, DISCORD_TOKEN="fake-token", LAYOFFBOT_DISCORD_API_URL=fake.api_url)
        choices = []
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            for options in ({"company": "OpenAI"}, {"company": "Oracle", "where": "here"}):
                payload = fake.command_interaction("subscribe", options, permissions=MANAGE_GUILD)
                discord.call(fake.interact(payload))
                bot.wait_for("the reply", lambda p=payload: bool(fake.followups_for(p)))
            for options in ({"company": "o"}, {"company": "", "where": "here"}):
                payload = fake.command_interaction("unsubscribe", options, focused="company")
                discord.call(fake.interact(payload))
                bot.wait_for("the choices", lambda p=payload: bool(fake.callbacks_for(p)))
                [callback] = fake.callbacks_for(payload)
                choices.append([c["value"] for c in callback["data"]["choices"]])
            bot.stop(signal.SIGTERM)
    assert choices == [["OpenAI"], ["Oracle"]], choices
    assert_no_traceback(bot.stderr + bot.stdout)


def _a_servers_feed_refused_by_the_address_guard(tmp_path: Path, guild_id: str) -> None:
    """A feed of the server's own whose host now resolves to a private address: its
    last poll failed with the guard's refusal (feeds/guard.py), as the poller stores it."""
    from feeds.guard import WORKSPACE_HINT

    url = "https://feeds.example/private.xml"
    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    store.add_feed(url, "Intranet feed", tenant_key("discord", guild_id))
    error = f"refused: feeds.example resolves to 10.0.0.7{WORKSPACE_HINT}"
    now = datetime.now(UTC)  # not due again while the test runs
    store.record_poll(url, now=now, next_poll=now + timedelta(days=1), ok=False, error=error)


def test_help_and_feeds_on_discord_say_server_and_the_console_says_neither(
    tmp_path: Path,
) -> None:
    """Discord's help said "The news feeds this workspace reads" and its feeds list
    "This workspace's feeds": Discord calls it a server. The console is neither: its
    feeds are the console's (bot.commands.surface.in_own_words). A server's failing feed
    quoted the address guard's refusal as stored, "this workspace's feeds must be ..."."""
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env = bot_env(tmp_path, DISCORD_TOKEN="fake-token", LAYOFFBOT_DISCORD_API_URL=fake.api_url)
        _a_servers_feed_refused_by_the_address_guard(tmp_path, fake.guild_id)
        replies = []
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            for name, options in (("help", {}), ("feeds", {"action": "list"})):
                payload = fake.command_interaction(name, options, permissions=MANAGE_GUILD)
                discord.call(fake.interact(payload))
                bot.wait_for("the reply", lambda p=payload: bool(fake.followups_for(p)))
                replies.append(" ".join(str(c.json) for c in fake.followups_for(payload)))
            bot.stop(signal.SIGTERM)
    helped, listed = replies
    assert "The news feeds this server reads" in helped, helped
    assert "This server's feeds (1)" in listed, listed
    assert "failing (1x):" in listed and "this server's feeds must be on the public" in listed
    assert "workspace" not in helped + listed
    for words in ("help", "feeds list"):
        shown = cli("ask", words, tmp_path=tmp_path, env=bot_env(tmp_path)).stdout
        assert "workspace" not in shown and "server" not in shown, shown
    assert "The console's feeds (0)" in shown, shown
    assert_no_traceback(bot.stderr + bot.stdout)
