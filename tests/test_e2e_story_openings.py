"""`layoffbot tag` twice on one database (issue 16, session 15): Engadget's 'ByteDance's
latest layoffs have reportedly gutted the publisher of Marvel Snap' (a layoff), then
GameSpot's 'Marvel Snap Publisher Suffers Layoffs, Could Shut Down - Report' (commentary)
the same day, in a later poll. Their openings tell the same facts (TikTok's parent
ByteDance, its Nuverse gaming arm, hundreds of jobs, according to Reuters), but the store
used to keep only the first item's extractive summary, and the second was compared with
that: two stories. The story's digest now keeps each item's opening, read by the rules that
compare openings: one story. Headlines and texts from real coverage
(tests/data/eval/fresh-stories-2.tune.jsonl, November 2023), dates kept; a real SQLite
file; no network. Plain news of another employer that day stays apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e import tag_items

ENGADGET = (
    "engadget", "Mon, 27 Nov 2023 10:15",
    "ByteDance's latest layoffs have reportedly gutted the publisher of Marvel Snap",
    'According to Reuters and Bloomberg, TikTok\'s parent company ByteDance is winding down its gaming arm, including the Nuverse brand, with "hundreds" of jobs likely to be affected. This spells yet more trouble for the Chinese tech giant following the layoffs in its VR division, Pico, earlier this month (Meta says hi, apparently).',
)  # fmt: skip
GAMESPOT = (
    "gamespot", "Mon, 27 Nov 2023 15:23",
    "Marvel Snap Publisher Suffers Layoffs, Could Shut Down - Report",
    "It looks like TikTok's parent company, ByteDance, will be shutting down several projects within its Nuverse gaming arm. Nuverse has most notably published Marvel Snap, as well as some other games such as Ragnarok X: Next Generation and One Piece: Blood Routes. According to Reuters, ByteDance has reportedly told employees to stop working on unreleased games by December, which would impact hundreds of employees.",
)  # fmt: skip
OTHER = (
    "other", "Mon, 27 Nov 2023 16:40",
    "Ubisoft's new Assassin's Creed game gets a release date",
    "Ubisoft said on Monday that its next Assassin's Creed game will be released in spring, with a reveal planned for December.",
)  # fmt: skip


def _tag(tmp_path: Path, entries: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    return tag_items(tmp_path, entries, channel="Games")


def test_a_take_filed_after_the_layoff_joins_it_on_their_openings(tmp_path: Path) -> None:
    first = _tag(tmp_path, [ENGADGET])["engadget"]
    later = _tag(tmp_path, [GAMESPOT, OTHER])  # a later poll: the layoff read from the store
    assert first["kind"] == "layoff", first
    assert later["gamespot"]["kind"] == "analysis", later
    assert later["gamespot"]["story"] == first["story"], (first, later)
    assert later["other"]["story"] != first["story"], later


def test_the_same_two_in_one_poll_are_one_story(tmp_path: Path) -> None:
    got = _tag(tmp_path, [ENGADGET, GAMESPOT])
    assert got["engadget"]["story"] == got["gamespot"]["story"], got
