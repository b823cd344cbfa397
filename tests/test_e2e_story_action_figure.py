"""`layoffbot tag` on an employer's action and, days later, commentary that quotes the
action's headcount in its own words (issue 16, session 18b): one story; the employer's
other news that week, quoting no figure of the action, a story of its own. The real
process, a real SQLite file, no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items

ITEMS = [
    ("plan", "Tue, 02 May 2023 10:55",
     "Job cuts may intensify as IBM plans to use AI to replace 30% of back office jobs",
     "IBM plans to use artificial intelligence (AI) to replace 7,800 jobs over the next five "
     "years, CEO Arvind Krishna said in an interview, sparking fears of widespread job losses "
     "across industries."),
    ("stock", "Sun, 07 May 2023 04:23",
     "IBM stock: analysts see 300 points of upside as AI bets pay off",
     "Analysts weigh what the pivot to AI means for the shares."),
    ("take", "Mon, 08 May 2023 04:23",
     "IBM believes 7,800 members of its staff could be replaced by AI",
     "Though not the PC Gamer staff. Not yet, anyway."),
]  # fmt: skip


def test_commentary_quoting_an_actions_headcount_is_the_actions_story(tmp_path: Path) -> None:
    got = tag_items(tmp_path, ITEMS)
    story = {key: got[key]["story"] for key in got}
    assert got["plan"]["headcount"] == 7800  # (from the text)
    assert got["take"]["kind"] == "analysis"  # what the tagger makes of the take
    assert story["take"] == story["plan"]
    assert story["stock"] != story["plan"]
