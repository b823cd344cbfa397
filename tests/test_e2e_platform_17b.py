"""Session 17 (platform trial, second pass): what the trial left, each fix driven
through a real `layoffbot` process."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import BotProcess, assert_no_traceback, bot_env, bot_process, bots, tag_items
from tests.slack.fake_slack import FakeSlackThread, app_mention_event
from tests.test_e2e_slack import connected_bot, slash_payload

__all__ = ["bots"]  # a fixture, used by name


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


def _acme_story(tmp_path: Path) -> None:
    when = (datetime.now(UTC) - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M")
    text = "Acme Corp will cut 500 jobs, replacing support staff with AI, it said on Monday."
    tag_items(tmp_path, [("acme", when, "Acme Corp cuts 500 jobs as AI replaces support", text)])


def test_slack_a_mention_in_a_channel_is_answered_in_its_thread(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """ "@layoffbot acme" in a channel got no reply: no app_mention event, no listener."""
    _acme_story(tmp_path)
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.fake.users["UOUT"] = {"team_id": "T2"}
        mention = app_mention_event("<@UBOT> acme", user="U2", ts="1700000005.000500")
        slack.send_envelope("events_api", mention)
        slack.wait_for(lambda: slack.fake.posted, 20)
        guest = app_mention_event(
            "<@UBOT> subscribe Acme", user="UOUT", user_team="T2", ts="1700000006.000600"
        )
        slack.send_envelope("events_api", guest)
        slack.wait_for(lambda: len(slack.fake.posted) >= 2, 20)
        bot.stop()
    answer, refused = slack.fake.posted[:2]
    assert answer.channel == "C1" and answer.thread_ts == "1700000005.000500", answer
    assert "Acme Corp cuts 500 jobs" in answer.text, answer
    assert refused.thread_ts == "1700000006.000600", refused
    assert "another organisation" in refused.text, refused
    assert_no_traceback(bot.output)


def _mentions_answered(
    tmp_path: Path, bots: list[BotProcess], mentions: list[dict[str, object]]
) -> list[str]:
    """The text of the bot's answers to these app_mention bodies, in order."""
    with FakeSlackThread() as slack:
        slack.fake.users["UOUT"] = {"team_id": "T2"}
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        for n, body in enumerate(mentions, 1):
            slack.send_envelope("events_api", body)
            slack.wait_for(lambda n=n: len(slack.fake.posted) >= n, 20)
        bot.stop()
    assert_no_traceback(bot.output)
    return [str(p.text) + str(p.blocks) for p in slack.fake.posted]


def test_slack_a_leading_mention_of_someone_else_gets_a_hint_not_a_company_lookup(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """ "@layoffbot @bob latest" (and "<@U999> latest" by DM) was answered "No stories
    yet about <@U999> latest"."""
    (said,) = _mentions_answered(
        tmp_path, bots, [app_mention_event("<@UBOT> <@U999> latest", user="U2")]
    )
    assert "starts with a mention" in said and "/layoffs latest" in said, said
    assert "No stories" not in said and "U999" not in said, said


def test_slack_a_guests_lookup_of_an_unknown_company_suggests_no_subscribe(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """A Slack Connect guest asking about a company with no stories was told "To be told
    when there is one: /layoffs subscribe Zyxcorp", which guests are refused."""
    guest, member = _mentions_answered(
        tmp_path,
        bots,
        [
            app_mention_event("<@UBOT> Zyxcorp", user="UOUT", user_team="T2", ts="1700000007.1"),
            app_mention_event("<@UBOT> Zyxcorp", user="U2", ts="1700000008.1"),
        ],
    )
    assert "No stories yet about Zyxcorp" in guest and "subscribe" not in guest, guest
    assert "/layoffs subscribe Zyxcorp" in member, member


def test_slack_a_digest_paused_for_a_missing_scope_resumes_once_the_scope_is_granted(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """A digest paused for `missing_scope` stayed paused after the admin added the scope
    and reinstalled the app; now the scopes read at (re)connect resume it, logged, and
    the channel is told once."""
    _acme_story(tmp_path)
    with FakeSlackThread() as slack:
        fake = slack.fake
        fake.scopes = [s for s in fake.scopes if s != "chat:write"]
        fake.fail("chat.postMessage", times=1, error="missing_scope")
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.send_envelope("slash_commands", slash_payload(fake, "digest now"))
        bot.wait_for_lines(r"event=delivery_failed", timeout=20)
        fake.scopes.append("chat:write")  # added under OAuth & Permissions, reinstalled
        slack.run(fake.drop_connection)
        bot.wait_for_lines(r"event=scope_resumed", timeout=30)
        slack.wait_for(lambda: any("Resumed" in p.text for p in fake.posted), 20)
        slack.run(fake.drop_connection)  # a second reconnect resumes and says nothing more
        bot.wait_for_lines(r"connected over Socket Mode", count=3, timeout=30)
        slack.send_envelope("slash_commands", slash_payload(fake, "digest settings"))
        slack.wait_for(lambda: len(fake.responses) >= 2, 20)
        bot.stop()
    told = [p for p in fake.posted if "Resumed" in p.text]
    assert len(told) == 1 and told[0].channel == "C1", fake.posted
    blocks = json.dumps(told[0].blocks)
    assert "chat:write" in blocks and "digest resumed in this channel" in blocks, blocks
    settings = json.dumps(fake.responses[-1])
    assert "paused" not in settings, settings
    assert len([line for _, line in bot.lines if "event=scope_resumed" in line]) == 1
    assert_no_traceback(bot.output)
