"""`layoffbot tag` on an employer's cuts and an outlet's item on them tagged with no
employer (issue #16, story pair recall on real coverage): 'Tim Sweeney on Layoffs at Epic',
linking epicgames.com, the day after 'Epic Games is laying off 16% of its staff', and
"McDonald's Shuts All U.S. Offices Ahead of Layoffs, And They Might Just Change Their Menu",
read as commentary, beside the WSJ's report, were each filed as a story of their own.
Headlines from real 2023 coverage (tests/data/eval/fresh-stories.jsonl); a real SQLite
file; no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import news_item, rss, tag_by_slug

T0 = datetime(2023, 9, 28, 12, tzinfo=UTC)
M0 = datetime(2023, 4, 3, 8, tzinfo=UTC)


def test_items_naming_the_employer_its_tags_left_out_join_its_cuts(tmp_path: Path) -> None:
    items = [
        news_item("Epic Games is laying off 16% of its staff", "epic", "Bloomberg reports.", T0),
        news_item(
            "Tim Sweeney on Layoffs at Epic",
            "sweeney",
            "Article URL: https://www.epicgames.com/site/de/news/layoffs-at-epic",
            T0 + timedelta(hours=22),
        ),
        news_item(
            "WSJ: McDonald's to close offices briefly ahead of layoffs",
            "wsj",
            "A report says McDonald's has closed its U.S. offices for a few days.",
            M0,
        ),
        news_item(
            "McDonald's Shuts All U.S. Offices Ahead of Layoffs, And They Might Just Change "
            "Their Menu",
            "menu",
            "It's a sad day in America, my friends.",
            M0 + timedelta(hours=6),
        ),
        # Commentary naming the employer further on is a take of its own.
        news_item(
            "Dorsey's Job Cuts at Block Arouse Suspicions of AI-Washing",
            "washing",
            "Analysts doubt the stated reason.",
            T0 + timedelta(hours=3),
        ),
        news_item("Block cuts 4,000 jobs citing AI", "block", "Fintech company Block.", T0),
    ]
    got = tag_by_slug(tmp_path, rss("Business", items).decode())
    # Since session 12 'Layoffs at Epic' names Epic Games itself (judge-company-12); the
    # McDonald's pair is the one whose tags still leave the employer out.
    assert got["sweeney"]["companies"] == ["Epic Games"] == got["epic"]["companies"]
    assert got["sweeney"]["story"] == got["epic"]["story"]
    assert got["menu"]["story"] == got["wsj"]["story"]
    assert got["washing"]["story"] != got["block"]["story"]
    assert len({got[k]["story"] for k in ("epic", "wsj", "block")}) == 3
