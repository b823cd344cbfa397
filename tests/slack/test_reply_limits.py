"""Session 17 (platforms): an ephemeral reply too long for Slack's `response_url`.

A slash command's `response_url` takes 5 posts; the adapter keeps one spare, so a reply
is at most 4 messages. `latest 25` of stories with long headlines and a few sources each
rendered as 5, and the fifth (stories 21-25) was dropped without a word, under a header
still saying "Latest 25 stories"."""

from __future__ import annotations

import json

from adapters.slack import SlackAdapter
from adapters.slack.replies import MAX_REPLY_MESSAGES, reply_messages
from adapters.slack.translate import render_messages
from bot.models import Kind, Message, Section, StoryLink
from tests.slack.fake_slack import FakeCore, FakeSlack
from tests.slack.test_adapter import _no_proxy, core, fake, http_adapter, slash

__all__ = ["_no_proxy", "core", "fake", "http_adapter"]  # fixtures, used by name


def _story(n: int) -> Section:
    headline = f"Company{n} cuts {100 + n} jobs as it turns to AI, " + "says a long headline " * 10
    return Section(
        heading=headline,
        url=f"https://news.example/story-{n}",
        text=f"Company{n} will cut {100 + n} jobs, replacing support staff with AI. " * 3,
        context="3 sources",
        kind=Kind.LAYOFF,
        links=tuple(
            StoryLink(headline, f"https://news.example/{n}/{i}/" + "slug-" * 20, "Wire")
            for i in range(3)
        ),
    )


def _latest(count: int) -> Message:
    stories = tuple(_story(n) for n in range(count))
    return Message(title=f"Latest {count} stories", sections=stories, shareable=True)


def test_a_reply_that_fits_is_rendered_whole() -> None:
    message = _latest(5)
    assert reply_messages(message) == render_messages(message, max_blocks=49)


async def test_a_reply_of_more_messages_than_slack_takes_says_how_many_stories_are_left_out(
    http_adapter: SlackAdapter, fake: FakeSlack, core: FakeCore
) -> None:
    core.replies["latest 25"] = _latest(25)
    assert len(render_messages(core.replies["latest 25"])) > MAX_REPLY_MESSAGES
    assert await slash(http_adapter, fake, "latest 25") == 200
    await fake.wait_for(lambda: len(fake.responses) >= MAX_REPLY_MESSAGES)
    await fake.wait_for(lambda: "Share to channel" in json.dumps(fake.responses[-1]), 2)
    assert len(fake.responses) == MAX_REPLY_MESSAGES
    shown = json.dumps(fake.responses, ensure_ascii=False)
    count = sum(shown.count(f"https://news.example/story-{n}|") > 0 for n in range(25))
    left = 25 - count
    assert f"…and {left} more {'story' if left == 1 else 'stories'} not shown" in shown
    assert "Share to channel posts them all" in shown
    assert 0 < count < 25
