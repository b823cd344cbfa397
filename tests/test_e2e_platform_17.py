"""Session 17 (platforms): Slack and Discord as a workspace admin and members use them,
each fix driven through a real `layoffbot` process against the fake platforms."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord

from tests.discord.fake_discord import MANAGE_GUILD
from tests.e2e import (
    BotProcess,
    assert_no_traceback,
    bot_process,
    bots,
    discord_env,
    tag_items,
)
from tests.slack.fake_slack import FakeSlackThread, connect_dm_event
from tests.test_e2e_discord import FakeDiscordThread
from tests.test_e2e_slack import connected_bot, slash, slash_payload

__all__ = ["bots"]  # a fixture, used by name

COMPANIES = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Wonka",
    "Cyberdyne",
    "Soylent",
    "Tyrell",
    "Aperture",
    "Oscorp",
    "Massive",
    "Dunder",
    "Pied",
    "Gringotts",
    "Monarch",
    "Nakatomi",
    "Virtucon",
    "Zorg",
    "Duff",
    "Krusty",
    "Sirius",
]


def _busy_day(tmp_path: Path) -> None:
    """25 stories of the last hours, each from 3 outlets under long headlines."""
    start = datetime.now(UTC) - timedelta(hours=3)
    entries = []
    for n, name in enumerate(COMPANIES):
        when = (start + timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M")
        for outlet in range(3):
            slug = f"{name.lower()}-{outlet}-" + "layoffs-and-artificial-intelligence-" * 3
            title = (
                f"{name} Corp to cut {1000 + n} jobs as it turns to AI, report {outlet} says, "
                "in a long headline on the restructuring plan, the severance terms, the "
                "offices affected and what the chief executive told staff in a memo"
            )
            text = (
                f"{name} Corp will cut {1000 + n} jobs, replacing customer service staff "
                "with AI chatbots, the company said on Tuesday."
            )
            entries.append((slug, when, title, text))
    tag_items(tmp_path, entries)


def test_slack_latest_25_too_long_for_one_reply_says_how_many_stories_it_left_out(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """`/layoffs latest 25` of a busy day needed 5 messages; Slack's response_url takes 5
    posts and the bot keeps one spare, so the fifth (the last stories) was dropped with no
    word, under a header saying "Latest 25 stories"."""
    _busy_day(tmp_path)
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.send_envelope("slash_commands", slash_payload(slack.fake, "latest 25"))
        slack.wait_for(lambda: "Share to channel" in json.dumps(slack.fake.responses), 30)
        bot.stop()
    replies = slack.fake.responses
    assert len(replies) == 4, len(replies)
    shown = json.dumps(replies, ensure_ascii=False)
    count = sum(f"Corp to cut {1000 + n} jobs" in shown for n in range(25))
    assert 0 < count < 25, count
    left = 25 - count
    assert f"…and {left} more {'story' if left == 1 else 'stories'} not shown" in shown
    assert_no_traceback(bot.output)


def test_slack_a_storys_kind_is_shown_once(tmp_path: Path, bots: list[BotProcess]) -> None:
    """Each story read "Kind: Layoff" in its fields and "Layoff · 1 source" under them."""
    when = (datetime.now(UTC) - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M")
    text = "Acme Corp will cut 500 jobs, replacing support staff with AI, it said on Monday."
    tag_items(tmp_path, [("acme", when, "Acme Corp cuts 500 jobs as AI replaces support", text)])
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slash(slack, "acme", timeout=20)
        bot.stop()
    blocks = slack.fake.responses[0]["blocks"]
    fields = [f["text"] for b in blocks for f in b.get("fields", [])]
    contexts = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    assert "*Kind*\nLayoff" in fields, fields
    assert "Layoff" not in contexts, contexts
    assert_no_traceback(bot.output)


def test_discord_a_digest_set_up_in_a_channel_the_bot_cannot_see_says_what_to_allow(
    tmp_path: Path,
) -> None:
    """In a channel the bot's role cannot see, `digest action:on` answered "Daily digest
    on", `action:now` "Digest on its way", and nothing came; `digest settings` said only
    "paused: Discord 403 (code 50001): Missing Access"."""
    when = (datetime.now(UTC) - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M")
    text = "Acme Corp will cut 500 jobs, replacing support staff with AI, it said on Monday."
    tag_items(tmp_path, [("acme", when, "Acme Corp cuts 500 jobs as AI replaces support", text)])
    hidden = discord.Permissions.all_channel().value & ~discord.Permissions(view_channel=True).value
    with FakeDiscordThread() as chat:
        fake = chat.fake
        fake.no_access.add(fake.channel_id)
        with bot_process(tmp_path, discord_env(tmp_path, fake)) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            asked = []
            for action in ("on", "now", "settings"):
                payload = fake.command_interaction(
                    "digest", {"action": action}, permissions=MANAGE_GUILD, app_permissions=hidden
                )
                chat.call(fake.interact(payload))
                bot.wait_for(action, lambda p=payload: bool(fake.followups_for(p)), 20)
                asked.append(payload)
                if action == "now":
                    bot.wait_for("the refused post", lambda: "Missing Access" in bot.stderr, 20)
            bot.stop()
    on, now, settings = (str(fake.followups_for(p)[0].json["embeds"]) for p in asked)
    for reply in (on, now):
        assert "Nothing can be posted here yet" in reply and "View Channel" in reply, reply
    assert "paused" in settings and "allow it View Channel and Send Messages" in settings
    assert_no_traceback(bot.stderr + bot.stdout)


def test_discord_timezone_autocomplete_offers_what_digest_on_reads(tmp_path: Path) -> None:
    """`PST` or `Bangalore` in the timezone option were offered nothing (the zone database
    names neither, the command takes both); `+2` was offered Etc/GMT+2, two hours behind
    UTC. The zone picked is the one the digest then uses."""
    with FakeDiscordThread() as chat:
        fake = chat.fake
        with bot_process(tmp_path, discord_env(tmp_path, fake)) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            offered = {}
            for typed in ("PST", "Bangalore", "+2"):
                payload = fake.command_interaction(
                    "digest",
                    {"action": "on", "timezone": typed},
                    permissions=MANAGE_GUILD,
                    focused="timezone",
                )
                chat.call(fake.interact(payload))
                bot.wait_for(typed, lambda p=payload: bool(fake.callbacks_for(p)), 20)
                choices = fake.callbacks_for(payload)[0]["data"]["choices"]
                offered[typed] = [c["value"] for c in choices]
            picked = fake.command_interaction(
                "digest",
                {"action": "on", "time": "08:00", "timezone": offered["PST"][0]},
                permissions=MANAGE_GUILD,
            )
            chat.call(fake.interact(picked))
            bot.wait_for("the reply", lambda: bool(fake.followups_for(picked)), 20)
            bot.stop()
    assert offered["PST"][:1] == ["America/Los_Angeles"], offered
    assert offered["Bangalore"][:1] == ["Asia/Kolkata"], offered
    assert not any(zone.startswith("Etc/") for zone in offered["+2"]), offered
    reply = str(fake.followups_for(picked)[0].json["embeds"])
    assert "08:00 America/Los_Angeles" in reply, reply  # the footer, not markdown
    assert_no_traceback(bot.stderr + bot.stdout)


def test_slack_without_users_read_members_are_not_told_they_are_from_elsewhere(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """An app set up by hand without the users:read scope: every member, its admins too,
    was told "You are in this channel from another organisation" and could not subscribe;
    the log had a line per command that did not name the scope."""
    with FakeSlackThread() as slack:
        slack.fake.users["U2"] = {"is_admin": True}
        slack.fake.fail("users.info", times=1000, error="missing_scope")
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        for user, text in (("U2", "digest on"), ("U3", "subscribe Acme")):
            slash(slack, text, user=user, timeout=20)
        bot.stop()
    for reply in map(json.dumps, slack.fake.responses):
        assert "Slack would not tell me whether you belong to this workspace" in reply, reply
        assert "another organisation" not in reply, reply
    lines = [line for _, line in bot.lines if "users.info" in line]
    assert len(lines) == 1 and "users:read" in lines[0], lines
    assert_no_traceback(bot.output)


def test_slack_a_digest_refused_for_a_missing_scope_says_which_scope_to_add(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """An app set up without chat:write: `digest settings` read "paused: slack:
    missing_scope", naming no scope and nothing to do."""
    when = (datetime.now(UTC) - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M")
    text = "Acme Corp will cut 500 jobs, replacing support staff with AI, it said on Monday."
    tag_items(tmp_path, [("acme", when, "Acme Corp cuts 500 jobs as AI replaces support", text)])
    with FakeSlackThread() as slack:
        slack.fake.fail("chat.postMessage", times=1000, error="missing_scope")
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.send_envelope("slash_commands", slash_payload(slack.fake, "digest now"))
        bot.wait_for_lines(r"event=delivery_failed", timeout=20)
        slack.send_envelope("slash_commands", slash_payload(slack.fake, "digest settings"))
        slack.wait_for(lambda: len(slack.fake.responses) >= 2, 20)
        bot.stop()
    settings = json.dumps(slack.fake.responses[-1])
    assert "paused" in settings and "lacks the chat:write scope" in settings, settings
    assert_no_traceback(bot.output)


def test_slack_a_dm_naming_the_bot_first_answers_the_command(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """ "@layoffbot acme" in the bot's Messages tab, as one names it in a channel, was
    answered "No stories yet about <@UBOT> acme"."""
    when = (datetime.now(UTC) - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M")
    text = "Acme Corp will cut 500 jobs, replacing support staff with AI, it said on Monday."
    tag_items(tmp_path, [("acme", when, "Acme Corp cuts 500 jobs as AI replaces support", text)])
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        dm = connect_dm_event("T1", "U1", "T1", "<@UBOT> acme", "1700000001.000100")
        slack.send_envelope("events_api", dm)
        slack.wait_for(lambda: slack.fake.posted, 20)
        bot.stop()
    answer = slack.fake.posted[0]
    assert answer.channel == "DU1", answer
    assert "Acme Corp cuts 500 jobs" in answer.text and "No stories" not in answer.text, answer
    assert_no_traceback(bot.output)


def test_discord_a_digest_where_no_thread_can_be_started_says_stories_get_none(
    tmp_path: Path,
) -> None:
    """Where the bot's role may not create threads, a digest's stories come without any
    (docs/discord.md), while `digest action:now` says "each story gets its own thread";
    setting the digest up said nothing of it."""
    can_post = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
    with FakeDiscordThread() as chat:
        fake = chat.fake
        with bot_process(tmp_path, discord_env(tmp_path, fake)) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            payload = fake.command_interaction(
                "digest", {"action": "on"}, permissions=MANAGE_GUILD, app_permissions=can_post.value
            )
            chat.call(fake.interact(payload))
            bot.wait_for("the reply", lambda: bool(fake.followups_for(payload)), 20)
            bot.stop()
    reply = str(fake.followups_for(payload)[0].json["embeds"])
    assert "Stories get no threads here" in reply and "Create Public Threads" in reply, reply
    assert_no_traceback(bot.stderr + bot.stdout)
