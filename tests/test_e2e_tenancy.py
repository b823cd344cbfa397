"""Tenancy through the real process and the real slack-bolt code: one `layoffbot run`
installed in two Slack workspaces (T1, T2) over Socket Mode against the fake Slack.

T1's manager adds a feed of its own whose Acme story links to a phishing page; the
operator's feed reports the same Acme event. Nothing T2 is shown (command replies,
alerts by direct message, its digest) may carry T1's link or title; T1 sees its story.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e import (
    STOP_WITHIN,
    assert_no_traceback,
    bot_env,
    bot_process,
    cli,
    rss,
    start_bot,
)
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlack, FakeSlackThread, connect_dm_event
from tests.test_e2e_slack import connected_bot, slash_payload

NOW = datetime.now(UTC)
EVIL_LINK = "https://evil.example/acme-verify-your-account"
EVIL_TITLE = "Acme to cut 500 jobs as AI takes over support - verify your account"
REAL_LINK = "https://news.example/acme-500"
REAL_TITLE = "Acme to cut 500 customer support jobs as AI assistant takes over"
WORKSPACES = {"T1": ("C1", "U1"), "T2": ("C2", "U2")}


def _acme(title: str, link: str, hours: int) -> dict[str, object]:
    return {
        "title": title,
        "link": link,
        "description": f"{title}. The company said its AI assistant now handles support.",
        "published": NOW - timedelta(hours=hours),
    }


OLD = {
    "title": "Globex opens a new office in Lisbon",
    "link": "https://news.example/globex-lisbon",
    "description": "Globex is hiring.",
    "published": NOW - timedelta(days=20),
}


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with FeedServer() as server:
        server.route("/operator.xml", body=rss("Operator", [OLD]))
        server.route("/t1.xml", body=rss("T1 news", [{**OLD, "link": OLD["link"] + "?t1"}]))
        yield server


class Workspace:
    """A member of one workspace typing `/layoffs ...` in its channel."""

    def __init__(self, slack: FakeSlackThread, team: str) -> None:
        self.slack, self.team = slack, team
        self.channel, self.user = WORKSPACES[team]
        self.count = 0

    def say(self, text: str, *, user: str | None = None) -> str:
        self.count += 1
        name = f"{self.team}-{self.count}"
        fake = self.slack.fake
        payload = slash_payload(
            fake, text, channel=self.channel, user=user or self.user, team=self.team, response=name
        )
        self.slack.send_envelope("slash_commands", payload)
        self.slack.wait_for(lambda: any(r["_url"] == name for r in fake.responses), timeout=20)
        return json.dumps([r for r in fake.responses if r["_url"] == name])


def test_one_workspaces_feed_never_reaches_the_other_workspace(
    tmp_path: Path, feeds: FeedServer
) -> None:
    env = bot_env(tmp_path)
    added = cli("feeds", "add", feeds.url("/operator.xml"), tmp_path=tmp_path, env=env)
    assert added.returncode == 0, added.stderr
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack, managers="U1,U2", timeout=20)
        try:
            t1, t2 = Workspace(slack, "T1"), Workspace(slack, "T2")
            assert "Feed added" in t1.say(f"feeds add {feeds.url('/t1.xml')}")
            for member in (t1, t2):
                assert "Subscribed" in member.say("subscribe Acme")
                assert "Daily digest on" in member.say("digest on")

            # The same event, in T1's feed (phishing link) and in the operator's.
            feeds.route("/t1.xml", body=rss("T1 news", [_acme(EVIL_TITLE, EVIL_LINK, 2)]))
            feeds.route("/operator.xml", body=rss("Op", [OLD, _acme(REAL_TITLE, REAL_LINK, 3)]))
            polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
            assert polled.returncode == 0, polled.stdout + polled.stderr
            fake = slack.fake
            slack.wait_for(lambda: {p.channel for p in fake.posted} >= {"D1", "D2"}, timeout=30)

            seen_by_t2 = [
                t2.say(text)
                for text in ("latest", "search acme", "acme", "trends 7d", "feeds list")
            ]
            assert "I have not seen that link" in t2.say(f"why {EVIL_LINK}")
            assert "Why" in t2.say(f"why {REAL_LINK}")
            t2.say("digest now")
            t1.say("digest now")
            slack.wait_for(lambda: {p.channel for p in fake.posted} >= {"C1", "C2"}, timeout=30)
            seen_by_t2 += [
                p.text + json.dumps(p.blocks) for p in fake.posted if p.channel in ("D2", "C2")
            ]
            for text in seen_by_t2:
                assert EVIL_LINK not in text and "verify your account" not in text, text
            assert any(REAL_LINK in text for text in seen_by_t2)

            seen_by_t1 = t1.say("latest") + "".join(
                p.text + json.dumps(p.blocks) for p in fake.posted if p.channel in ("D1", "C1")
            )
            assert EVIL_LINK in seen_by_t1
            alerts_t1 = [p for p in fake.posted if p.channel == "D1"]
            assert len(alerts_t1) == 1, [p.text for p in alerts_t1]  # one event, one alert
            assert bot.stop() < STOP_WITHIN
        finally:
            bot.kill()
    assert_no_traceback(bot.output)


# ----------------------------------------------------------------- two Discord servers
def test_one_servers_feed_never_reaches_the_other_server(tmp_path: Path, feeds: FeedServer) -> None:
    from tests.discord.fake_discord import MANAGE_GUILD
    from tests.test_e2e_discord import FakeDiscordThread

    env = bot_env(tmp_path, LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES="true")
    added = cli("feeds", "add", feeds.url("/operator.xml"), tmp_path=tmp_path, env=env)
    assert added.returncode == 0, added.stderr
    with FakeDiscordThread() as discord:
        fake = discord.fake
        g1, c1 = fake.guild_id, fake.channel_id
        g2, c2 = "1100000000000000002", "1200000000000000002"
        fake.guilds[g2] = [c2]
        fake.channels[c2] = g2
        users = {g1: "2000000000000000001", g2: "2000000000000000002"}
        env |= {"DISCORD_TOKEN": "fake-token", "LAYOFFBOT_DISCORD_API_URL": fake.api_url}
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, timeout=30)

            def say(guild: str, sub: str, **options: str) -> str:
                channel = c1 if guild == g1 else c2
                payload = fake.command_interaction(
                    sub,
                    options,
                    permissions=MANAGE_GUILD,
                    user_id=users[guild],
                    channel_id=channel,
                    guild_id=guild,
                )
                discord.call(fake.interact(payload))
                bot.wait_for(f"/layoffs {sub}", lambda: bool(fake.followups_for(payload)), 20)
                return json.dumps([f.json for f in fake.followups_for(payload)])

            assert "Feed added" in say(g1, "feeds", action="add", url=feeds.url("/t1.xml"))
            for guild in (g1, g2):
                assert "Acme" in say(guild, "subscribe", company="Acme")
            feeds.route("/t1.xml", body=rss("T1 news", [_acme(EVIL_TITLE, EVIL_LINK, 2)]))
            feeds.route("/operator.xml", body=rss("Op", [OLD, _acme(REAL_TITLE, REAL_LINK, 3)]))
            polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
            assert polled.returncode == 0, polled.stdout + polled.stderr
            bot.wait_for("two alerts", lambda: len(fake.messages) >= 2, timeout=30)

            seen_by_g2 = [
                say(g2, "latest"),
                say(g2, "search", words="acme"),
                say(g2, "company", company="Acme"),
            ]
            assert "I have not seen that link" in say(g2, "why", link=EVIL_LINK)
            dm_g2 = [m for m in fake.messages if m["channel_id"] != fake._dm_by_user.get(users[g1])]
            seen_by_g2 += [json.dumps(m) for m in dm_g2]
            for text in seen_by_g2:
                assert EVIL_LINK not in text and "verify your account" not in text, text
            assert any(REAL_LINK in text for text in seen_by_g2)
            assert EVIL_LINK in say(g1, "latest")
            bot.stop(signal.SIGTERM)
    assert_no_traceback(bot.stderr + bot.stdout)


KLARNA = {
    "title": "Klarna to cut 700 customer service roles as AI assistant takes over",
    "link": "https://news.example/klarna-700",
    "description": "Klarna said its AI assistant now does the work of 700 agents.",
    "published": NOW - timedelta(hours=1),
}


def test_two_workspaces_adding_the_same_feed_each_get_its_stories(
    tmp_path: Path, feeds: FeedServer
) -> None:
    """Through the real process: T1 and T2 add the same feed, T2 also adds one of the
    operator's. Before, the URL was fetched once and its stories filed for one
    workspace only: the other never saw them."""
    env = bot_env(tmp_path)
    added = cli("feeds", "add", feeds.url("/operator.xml"), tmp_path=tmp_path, env=env)
    assert added.returncode == 0, added.stderr
    feeds.route("/shared.xml", body=rss("Shared", [{**OLD, "link": OLD["link"] + "?s"}]))
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack, managers="U1,U2", timeout=20)
        try:
            t1, t2 = Workspace(slack, "T1"), Workspace(slack, "T2")
            for member in (t1, t2):
                assert "Feed added" in member.say(f"feeds add {feeds.url('/shared.xml')}")
            # The operator's feed is read for every workspace already: nothing to add.
            assert "Feed already read" in t2.say(f"feeds add {feeds.url('/operator.xml')}")
            feeds.route("/shared.xml", body=rss("Shared", [_acme(REAL_TITLE, REAL_LINK, 2)]))
            feeds.route("/operator.xml", body=rss("Op", [OLD, KLARNA]))
            polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
            assert polled.returncode == 0, polled.stdout + polled.stderr
            for member in (t1, t2):
                latest = member.say("latest")
                assert REAL_LINK in latest and KLARNA["link"] in latest, (member.team, latest)
            assert bot.stop() < STOP_WITHIN
        finally:
            bot.kill()
    assert_no_traceback(bot.output)


def test_share_to_channel_runs_only_lookups_in_the_real_process(tmp_path: Path) -> None:
    """A Share click carrying `digest off` (from a manager) changes nothing and posts
    nothing; a lookup's click is posted in the channel."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack, timeout=20)
        try:
            t1 = Workspace(slack, "T1")
            assert "Daily digest on" in t1.say("digest on")
            fake = slack.fake

            def click(value: str, name: str) -> str:
                payload = {
                    "type": "block_actions",
                    "team": {"id": "T1"},
                    "user": {"id": "U1", "team_id": "T1"},
                    "channel": {"id": "C1"},
                    "response_url": fake.response_url(name),
                    "actions": [{"type": "button", "action_id": "layoffs_share", "value": value}],
                }
                slack.send_envelope("interactive", payload)
                slack.wait_for(lambda: any(r["_url"] == name for r in fake.responses), 20)
                return json.dumps([r for r in fake.responses if r["_url"] == name])

            assert "Only lookups" in click("digest off", "share-1")
            assert "Daily digest: on" in t1.say("digest settings")
            assert fake.posted == []
            click("trends 7d", "share-2")
            slack.wait_for(lambda: any(p.channel == "C1" for p in fake.posted), timeout=20)
            assert bot.stop() < STOP_WITHIN
        finally:
            bot.kill()
    assert_no_traceback(bot.output)


def test_a_slack_connect_guest_sees_no_private_feed_and_changes_nothing(
    tmp_path: Path, feeds: FeedServer
) -> None:
    """Through the real process: in T1's channel shared with organisation T9, T9's admin
    (UEXT; the slash command carries T1, users.info says T9) looks news up from the
    operator's feeds only and can set nothing up; T1's plain member (U3) follows by DM
    but cannot set the channel's alerts; T1's manager (U1) can."""
    env = bot_env(tmp_path)
    added = cli("feeds", "add", feeds.url("/operator.xml"), tmp_path=tmp_path, env=env)
    assert added.returncode == 0, added.stderr
    users = {"UEXT": {"team_id": "T9", "is_admin": True}, "U3": {"team_id": "T1"}}
    with FakeSlackThread(FakeSlack(users=users)) as slack:
        bot = connected_bot(tmp_path, slack, timeout=20)
        try:
            t1 = Workspace(slack, "T1")
            assert "Feed added" in t1.say(f"feeds add {feeds.url('/t1.xml')}")
            feeds.route("/t1.xml", body=rss("T1 news", [_acme(EVIL_TITLE, EVIL_LINK, 2)]))
            feeds.route("/operator.xml", body=rss("Op", [OLD, _acme(REAL_TITLE, REAL_LINK, 3)]))
            polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
            assert polled.returncode == 0, polled.stdout + polled.stderr
            assert EVIL_LINK in t1.say("latest")

            guest = [t1.say(text, user="UEXT") for text in ("latest", "acme", "search acme")]
            assert all(EVIL_LINK not in t for t in guest) and REAL_LINK in guest[0]
            for text in ("subscribe Acme", "subscribe Acme here", "digest on", "feeds list"):
                told = t1.say(text, user="UEXT")
                assert "from another organisation" in told and "t1.xml" not in told, told
            slack.send_envelope("events_api", connect_dm_event("T1", "UEXT", "T9", "latest", "1.5"))
            slack.wait_for(lambda: any(p.channel == "DUEXT" for p in slack.fake.posted), 20)
            dm = [p.text + json.dumps(p.blocks) for p in slack.fake.posted if p.channel == "DUEXT"]
            assert EVIL_LINK not in dm[0] and REAL_LINK in dm[0]

            assert "Not allowed" in t1.say("subscribe Acme here", user="U3")
            assert "Subscribed" in t1.say("subscribe Acme", user="U3")
            assert "Subscribed" in t1.say("subscribe Acme here")
            listing = t1.say("subscriptions", user="U3")
            assert "By direct message" in listing and "In this channel" in listing
            assert bot.stop() < STOP_WITHIN
        finally:
            bot.kill()
    assert_no_traceback(bot.output)


def _uninstall(slack: FakeSlackThread, n: int) -> None:
    slack.send_envelope(
        "events_api",
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "event": {"type": "app_uninstalled", "event_ts": f"170000000{n}.000100"},
            "type": "event_callback",
            "event_id": f"EvUninstall{n}",
            "event_time": 1700000000 + n,
        },
    )


def test_a_removed_workspace_resumes_when_back_and_is_deleted_after_the_period(
    tmp_path: Path, feeds: FeedServer
) -> None:
    """Through the real process: T1 sets up a digest, channel alerts and a feed; the app
    is uninstalled (everything pauses), reinstalled (the first command resumes it all),
    uninstalled again; 31 days later (the removal's time moved back in the database) the
    running bot deletes T1's data once, and says so in one log line."""
    import sqlite3

    env = bot_env(tmp_path)
    slack_env = {
        "LAYOFFBOT_DATABASE_URL": env["LAYOFFBOT_DATABASE_URL"],
        "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true",
        "SLACK_BOT_TOKEN": "xoxb-e2e",
        "SLACK_APP_TOKEN": "xapp-e2e",
        "LAYOFFBOT_MANAGERS": "U1",
    }
    database = str(tmp_path / "bot.db")

    def count(sql: str) -> int:
        with sqlite3.connect(database) as db:
            return int(db.execute(sql).fetchone()[0])

    with FakeSlackThread() as slack:
        slack_env["LAYOFFBOT_SLACK_API_URL"] = slack.fake.api_url
        bot = start_bot(tmp_path, slack_env)
        try:
            bot.wait_for_lines(r"slack: connected over Socket Mode", timeout=20)
            t1 = Workspace(slack, "T1")
            assert "Feed added" in t1.say(f"feeds add {feeds.url('/t1.xml')}")
            assert "Daily digest on" in t1.say("digest on")
            assert "Subscribed" in t1.say("subscribe Acme here")
            _uninstall(slack, 1)
            bot.wait_for_lines(r"event=workspace_removed .*workspace=T1", timeout=20)
            assert count("SELECT count(*) FROM subscriptions WHERE disabled") == 1
            assert "Daily digest: on" in t1.say("digest settings")
            bot.wait_for_lines(r"event=workspace_back platform=slack workspace=T1", timeout=20)
            assert count("SELECT count(*) FROM subscriptions WHERE disabled") == 0
            assert count("SELECT count(*) FROM feeds WHERE disabled") == 0
            _uninstall(slack, 2)
            bot.wait_for_lines(r"event=workspace_removed .*workspace=T1", count=2, timeout=20)
            assert bot.stop() < STOP_WITHIN
        finally:
            bot.kill()
        assert "removed_workspace_deleted" not in bot.output
        long_ago = (datetime.now(UTC) - timedelta(days=31)).isoformat()
        with sqlite3.connect(database) as db:
            db.execute("UPDATE meta SET value = ? WHERE key = 'removed:slack:T1'", (long_ago,))
        bot = start_bot(tmp_path, slack_env)
        try:
            bot.wait_for_lines(r"event=removed_workspace_deleted platform=slack workspace=T1")
            assert bot.stop() < STOP_WITHIN
        finally:
            bot.kill()
    for table, where in (
        ("subscriptions", "workspace_id = 'T1'"),
        ("digests", "workspace_id = 'T1'"),
        ("feeds", "workspace = 'slack:T1'"),
        ("meta", "key LIKE 'removed:%'"),
    ):
        assert count(f"SELECT count(*) FROM {table} WHERE {where}") == 0, table
    assert count("SELECT count(*) FROM feeds") == 0  # the operator added none here
    assert_no_traceback(bot.output)


def test_a_discord_channels_alerts_need_manage_server_like_its_digest(tmp_path: Path) -> None:
    """Through the real process and discord.py: a member without Manage Server cannot
    set the channel's alerts (`where:here`) but follows by DM; a manager sets them."""
    from tests.discord.fake_discord import MANAGE_GUILD
    from tests.test_e2e_discord import FakeDiscordThread

    env = bot_env(tmp_path)
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env |= {"DISCORD_TOKEN": "fake-token", "LAYOFFBOT_DISCORD_API_URL": fake.api_url}
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, timeout=30)

            def say(sub: str, permissions: int = 0, **options: str) -> str:
                payload = fake.command_interaction(sub, options, permissions=permissions)
                discord.call(fake.interact(payload))
                bot.wait_for(f"/layoffs {sub}", lambda: bool(fake.followups_for(payload)), 20)
                return json.dumps([f.json for f in fake.followups_for(payload)])

            refused = say("subscribe", company="Acme", where="here")
            assert "Only server managers" in refused or "Not allowed" in refused, refused
            assert "Following Acme" in say("subscribe", company="Acme", where="me")
            assert "Following Acme" in say("subscribe", MANAGE_GUILD, company="Acme", where="here")
            listing = say("subscriptions")
            assert "By direct message" in listing and "In this channel" in listing, listing
            bot.stop(signal.SIGTERM)
    assert_no_traceback(bot.stderr + bot.stdout)


def test_a_member_who_left_a_server_gets_none_of_its_alerts_by_dm(
    tmp_path: Path, feeds: FeedServer
) -> None:
    """A member who followed Acme in a server kept getting, by DM, the server's own feeds'
    Acme stories after leaving it (or being removed): its members' alerts go to members."""
    from tests.discord.fake_discord import MANAGE_GUILD
    from tests.test_e2e_discord import FakeDiscordThread

    env = bot_env(tmp_path, LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES="true")
    with FakeDiscordThread() as discord:
        fake = discord.fake
        guild, channel = fake.guild_id, fake.channel_id
        stays, leaves = "2000000000000000001", "2000000000000000002"
        env |= {"DISCORD_TOKEN": "fake-token", "LAYOFFBOT_DISCORD_API_URL": fake.api_url}
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, timeout=30)

            def say(user: str, sub: str, **options: str) -> str:
                payload = fake.command_interaction(
                    sub,
                    options,
                    permissions=MANAGE_GUILD,
                    user_id=user,
                    channel_id=channel,
                    guild_id=guild,
                )
                discord.call(fake.interact(payload))
                bot.wait_for(f"/layoffs {sub}", lambda: bool(fake.followups_for(payload)), 20)
                return json.dumps([f.json for f in fake.followups_for(payload)])

            assert "Feed added" in say(stays, "feeds", action="add", url=feeds.url("/t1.xml"))
            for user in (stays, leaves):
                assert "Acme" in say(user, "subscribe", company="Acme")
            fake.departed.add((guild, leaves))
            feeds.route("/t1.xml", body=rss("T1 news", [_acme(REAL_TITLE, REAL_LINK, 2)]))
            polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
            assert polled.returncode == 0, polled.stdout + polled.stderr
            bot.wait_for("the member's alert", lambda: len(fake.messages) >= 1, timeout=30)
            bot.wait_for_lines(r"no longer a member of server", timeout=30)
            dms = {m["channel_id"] for m in fake.messages}
            assert dms == {fake._dm_by_user[stays]}, fake.messages
            assert leaves not in fake._dm_by_user  # not even a DM channel opened
            bot.stop(signal.SIGTERM)
    assert_no_traceback(bot.stderr + bot.stdout)


def test_a_discord_member_reads_that_the_bot_left_the_server_not_a_workspace(
    tmp_path: Path,
) -> None:
    """After a server removed the bot, its member's DM list of follows said "paused: the
    bot was removed from this workspace": Slack's word, stored with the pause."""
    from tests.test_e2e_discord import FakeDiscordThread

    env = bot_env(tmp_path)
    with FakeDiscordThread() as discord:
        fake = discord.fake
        env |= {"DISCORD_TOKEN": "fake-token", "LAYOFFBOT_DISCORD_API_URL": fake.api_url}
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, timeout=30)

            def say(sub: str, *, dm: bool = False, **options: str) -> str:
                where = {"dm": True} if dm else {"guild_id": fake.guild_id}
                payload = fake.command_interaction(
                    sub, options, channel_id=None if dm else fake.channel_id, **where
                )
                discord.call(fake.interact(payload))
                bot.wait_for(f"/layoffs {sub}", lambda: bool(fake.followups_for(payload)), 20)
                return json.dumps([f.json for f in fake.followups_for(payload)])

            assert "Acme" in say("subscribe", company="Acme")
            guild = fake.guild_id
            discord.call(fake.dispatch("GUILD_DELETE", {"id": guild}, guild_id=guild))
            bot.wait_for_lines(r"event=workspace_removed", timeout=20)
            listed = say("subscriptions", dm=True)
            bot.stop(signal.SIGTERM)
    assert "the bot was removed from this server" in listed, listed
    assert "workspace" not in listed, listed
    assert_no_traceback(bot.stderr + bot.stdout)


def test_a_workspace_manager_cannot_add_a_private_feed_though_the_operators_may(
    tmp_path: Path, feeds: FeedServer
) -> None:
    """Trial 14: LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES, set for the operator's own internal
    feed, let every workspace manager's `feeds add` reach 127.0.0.1 (and 169.254.169.254),
    and the refusal told managers to set it. Now the operator's feed is added, the
    manager's refused in words for them: no setting only the operator can change."""
    unguarded = {"LAYOFFBOT_TEST_WORKSPACE_PRIVATE_ADDRESSES": "false"}
    env = bot_env(tmp_path, **unguarded)
    added = cli("feeds", "add", feeds.url("/operator.xml"), tmp_path=tmp_path, env=env)
    assert added.returncode == 0, added.stdout + added.stderr
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack, timeout=20, **unguarded)
        try:
            said = Workspace(slack, "T1").say(f"feeds add {feeds.url('/t1.xml')}")
        finally:
            bot.stop()
    assert "Feed not added" in said, said
    assert "127.0.0.1 is a loopback address: this workspace's feeds must be on the public" in said
    assert "LAYOFFBOT_" not in said, said
    assert feeds.requests_for("/t1.xml") == []
