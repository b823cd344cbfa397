"""A new user's rough edges (session 20's trial): trends with nothing to chart, the
operator's feeds at the operator's own console, `clear` typed at the prompt."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from typing import Any

from adapters.console import CLEAR_SCREEN, ConsoleAdapter
from adapters.discord.translate import render
from adapters.slack.translate import render_messages
from bot.models import Command, Message
from bot.render import to_text
from bot.store import Store
from tests.conftest import StoryFactory
from tests.conftest_social import NOW, cmd, make_app


async def test_trends_with_nothing_recorded_say_so_in_a_line_and_draw_no_chart(
    store: Store, make_story: StoryFactory
) -> None:
    app = make_app(store)
    fresh = await app.handle(cmd("trends 30d"))
    assert fresh.image is None and not fresh.is_error
    said = to_text(fresh)
    assert "No AI-attributed layoffs or hiring freezes recorded in the last 30 days yet." in said
    assert "/layoffs trends 1y looks back a year." in said, said
    assert "Per week" not in said and "Top companies" not in said, said
    # Slack's blocks and Discord's embeds carry the line and no image.
    blocks = [b for page in render_messages(fresh) for b in page]
    assert not any(b.get("type") == "image" for b in blocks), blocks
    assert "recorded in the last 30 days yet" in str(blocks)
    embeds = [e for page in render(fresh) for e in page]
    assert all(e.image.url is None for e in embeds)
    assert "recorded in the last 30 days yet" in str([e.description for e in embeds])
    # Job actions none of them put down to AI: said so, still no chart.
    make_story("Acme", ai_cause=False, published=NOW - timedelta(days=2))
    other = await app.handle(cmd("trends 7d"))
    assert other.image is None
    assert "1 layoff or hiring freeze in this period, none attributed to AI." in to_text(other)
    # Data again: the chart and the summary as before.
    make_story("Acme", published=NOW - timedelta(days=1))
    charted = await app.handle(cmd("trends 7d"))
    assert charted.image is not None and "AI-attributed stories: 1" in to_text(charted)


async def test_operator_feeds_are_managed_at_the_console_and_never_from_chat(
    store: Store,
) -> None:
    url = "https://news.example/feed.xml"
    store.add_feed(url, "News")
    app = make_app(store)
    for text in (f"feeds enable {url}", f"feeds remove {url}"):
        refused = await app.handle(cmd(text))  # a Slack workspace's manager
        said = to_text(refused)  # the operator's command, in full
        assert refused.is_error and f"the operator {text.split()[1]}s those" in said, said
        assert f"(layoffbot {text})." in said, said
    assert [f.url for f in store.list_feeds("")] == [url]
    console = {"platform": "console", "workspace": "local", "user": "console", "channel": "t"}
    enabled = await app.handle(cmd(f"feeds enable {url}", **console))
    assert not enabled.is_error and "Feed already enabled" in to_text(enabled), to_text(enabled)
    removed = await app.handle(cmd(f"feeds remove {url}", **console))
    assert not removed.is_error, to_text(removed)
    assert f"No longer reading {url}, one of the global feeds" in to_text(removed)
    assert store.list_feeds("") == []


class _Core:
    def __init__(self) -> None:
        self.asked: list[str] = []

    async def handle(self, command: Command) -> Message:
        self.asked.append(command.text)
        return Message(title=f"Reply to {command.text}")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_clear_typed_at_the_prompt_clears_the_screen_and_slash_layoffs_clear_looks_up() -> (
    None
):
    out = _Terminal()
    typed = io.StringIO("clear\nCLS\n/layoffs clear\nquit\n")
    adapter = ConsoleAdapter(output=out, input_stream=typed, interactive=True)
    core: Any = _Core()
    await adapter.start(core)
    await asyncio.wait_for(adapter.closed.wait(), timeout=10)
    await adapter.stop()
    assert core.asked == ["/layoffs clear"]
    assert out.getvalue().count(CLEAR_SCREEN) == 2, out.getvalue()
    piped = io.StringIO()  # no screen to clear: nothing written
    adapter = ConsoleAdapter(output=piped, input_stream=io.StringIO("clear\nquit\n"))
    await adapter.start(core)
    await asyncio.wait_for(adapter.closed.wait(), timeout=10)
    await adapter.stop()
    assert CLEAR_SCREEN not in piped.getvalue() and core.asked == ["/layoffs clear"]
