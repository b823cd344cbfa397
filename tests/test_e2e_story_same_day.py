"""`layoffbot tag` on Microsoft's July 2025 gaming round and, the next day, Kotaku's 'Xbox
Invites Developers To AI Roundtable The Same Day It Does Mass Layoffs' (issue 16, session
16): the roundtable is the headline's news, the round only dates it, so it is a story of
its own though the tagger takes it for Xbox's layoff. Headlines and opening texts from real
coverage (tests/data/eval/fresh-2025.tune.jsonl), dates kept; a real SQLite file; no
network. On main the roundtable was filed in the round's story."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e import tag_items

ITEMS = [
    ("ign", "Wed, 02 Jul 2025 13:04",
     "Microsoft Makes Significant Layoffs Across Gaming Division, Xbox Boss Phil Spencer Confirms in Memo to Staff",
     "Microsoft has today made significant layoffs to its gaming division, per a memo sent to staff by Xbox boss Phil Spencer and reviewed by IGN."),
    ("kotaku-round", "Wed, 02 Jul 2025 13:20",
     "Microsoft Cutting 9,100 Jobs As Latest Mass Layoff Hits Xbox Beginning With Candy Crush Maker King",
     "Reports and rumors of massive layoffs at Xbox have been building since late last month, and the first blood has now been spilled. Bloomberg reports that Candy Crush maker King is cutting 200 employees, or roughly 10 percent of its 2,000-person headcount."),
    ("roundtable", "Thu, 03 Jul 2025 17:45",
     "Xbox Invites Developers To AI Roundtable The Same Day It Does Mass Layoffs",
     "Yesterday was awful for people who work at Microsoft and the gaming industry in general. Thousands at the company either saw colleagues laid off or were laid off themselves, while outside observers watched as more game developers and projects were put on the chopping block."),
]  # fmt: skip


def _tag(tmp_path: Path, entries: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    return tag_items(tmp_path, entries, channel="Games")


def test_an_event_the_cuts_only_date_is_a_story_of_its_own(tmp_path: Path) -> None:
    got = _tag(tmp_path, ITEMS)
    assert got["ign"]["story"] == got["kotaku-round"]["story"], got
    assert got["roundtable"]["story"] != got["ign"]["story"], got
