"""Names and links typed where a company goes. `subscribe` of a name typed otherwise ('tik tok') says which company it matched beside
the company's name, not after the sentence: at the console it read "... printed at the
console (the terminal running `layoffbot run`). (the company that matches “tik tok”)"
(trial 15)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.render import to_text
from bot.store import Store
from tests.conftest_social import cmd, make_app


async def test_the_match_note_stands_beside_the_company(store: Store, make_story: Any) -> None:
    make_story("TikTok", headcount=500)
    text = to_text(await make_app(store).handle(cmd("subscribe tik tok")))
    assert "at TikTok (the company that matches “tik tok”), AI-cited or not," in text, text
    assert ".) (the company" not in text and "”)\n" not in text, text
    again = to_text(await make_app(store).handle(cmd("subscribe tik tok")))
    assert "Already subscribed to TikTok (the company that matches “tik tok”)" in again, again


async def test_a_link_after_layoffs_says_which_commands_take_a_link(store: Store) -> None:
    """`/layoffs https://techcrunch.com/tag/layoffs/feed/` (a journalist pasting a feed or
    a story's link) answered "No stories yet about Https://techcrunch.com/…" (trial 15)."""
    for pasted, link in (
        ("https://techcrunch.com/tag/layoffs/feed/", "https://techcrunch.com/tag/layoffs/feed/"),
        ("<https://x.example/a|x.example/a>", "https://x.example/a"),  # as Slack sends it
    ):
        text = to_text(await make_app(store).handle(cmd(pasted)))
        assert text.startswith("== That is a link, not a company =="), text
        assert f"/layoffs why {link} says why" in text, text
        assert f"/layoffs feeds add {link} reads it" in text, text
        assert "Https" not in text and "subscribe" not in text, text


@pytest.mark.parametrize("typed", ["/layoffs/tiktok", "/Layoffs/ tiktok", "layoffs/tiktok"])
async def test_a_slash_after_layoffs_is_a_space(store: Store, make_story: Any, typed: str) -> None:
    """'/layoffs/tiktok' answered "No stories yet about /layoffs/tiktok ... /layoffs
    subscribe /layoffs/tiktok" (trial 15)."""
    make_story("TikTok", headcount=500)
    text = to_text(await make_app(store).handle(cmd(typed)))
    assert text.startswith("== TikTok: recent job actions =="), text


def test_code_marks_are_no_company_names_and_marks_of_real_names_are() -> None:
    from bot.commands.subscriptions import code_marks, followable

    assert code_marks("' OR 1=1 --") == ["=", "--"]
    assert code_marks("<script>alert(1)</script>") == ["<", ">"]
    assert code_marks("a; DROP TABLE x /* y */") == [";", "/*", "*/"]
    for name in ("AT&T", "Yahoo!", "3M", "H&M", 'Toys "R" Us', "343 Industries", "E*Trade"):
        assert code_marks(name) == [] and followable(name), name
    assert not followable("<script>")
