"""`subscribe` of a name typed otherwise ('tik tok') says which company it matched beside
the company's name, not after the sentence: at the console it read "... printed at the
console (the terminal running `layoffbot run`). (the company that matches “tik tok”)"
(trial 15)."""

from __future__ import annotations

from typing import Any

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
