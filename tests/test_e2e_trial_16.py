"""Trial, session 16: rough edges earlier trials left, each driven through a real
`layoffbot` process (console at a pty, `layoffbot ask`, or the fake Slack and Discord)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import BotProcess, assert_no_traceback, bots, news_item, rss
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_slack import connected_bot

__all__ = ["bots"]  # a fixture, used by name

NOW = datetime.now(UTC)
_TS = itertools.count(1)


def _dm_event(slack: FakeSlackThread, text: str, user: str = "U1") -> None:
    ts = f"{next(_TS)}.0"
    channel = "D" + user.removeprefix("U")
    event = {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
    }
    envelope = {"team_id": "T1", "api_app_id": "A1", "event": event, "type": "event_callback"}
    slack.send_envelope("events_api", envelope | {"event_id": f"Ev{ts}", "event_time": 1})


def test_slack_feeds_add_in_a_dm_says_at_once_that_it_is_checking_the_feed(
    tmp_path: Path, bots: list[BotProcess], server: FeedServer
) -> None:
    """In the DM with the bot, `feeds add` of a slow feed showed nothing for the seconds
    its fetch took (a slash command's acknowledgement says "Checking the feed first"),
    then "Feed added"."""
    old = news_item("Acme opens an office in Lisbon", "lisbon", "An office.", NOW)
    server.route("/slow.xml", body=rss("Slow", [old]), delay=4)
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        _dm_event(slack, "feeds add " + server.url("/slow.xml"))
        slack.wait_for(lambda: len([p for p in slack.fake.posted if p.channel == "D1"]) >= 2)
        bot.stop()
    note, answer = [p for p in slack.fake.posted if p.channel == "D1"]
    assert "Checking the feed first" in note.text, note
    assert answer.at - note.at > 1, (note, answer)
    assert "Feed added" in answer.text + str(answer.blocks), answer
    assert_no_traceback(bot.output)
