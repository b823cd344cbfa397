"""`layoffbot tag` on an employer's plan and, 20 days on, its cuts (issue #16, story
recall): a story is dated by its first item, and one outlet naming the cut part its own
way ('former VFX studio' beside 'Weta Digital') was filed as cuts in another part 20 days
after the plan, a story of its own. The day the cuts are covered, it is that coverage.
Headlines from real coverage (fresh-stories.jsonl); a real SQLite file; no network."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import news_item, rss, tag_by_slug

ITEMS = [
    ("plan", "09 Nov 2023 23:19", "Unity is probably going to do layoffs"),
    ("likely", "10 Nov 2023 11:12", 'Unity "likely" to announce layoffs to cut costs'),
    ("cuts", "29 Nov 2023 05:20", "Unity To Lay Off 265 Employees At Weta Digital"),
    (
        "studio",
        "29 Nov 2023 14:23",
        "Unity lays off 265 employees at Peter Jackson's former VFX studio",
    ),
]


def _feed() -> str:
    return rss(
        "Games",
        [
            news_item(
                title,
                key,
                f"{title}.",
                datetime.strptime(when, "%d %b %Y %H:%M").replace(tzinfo=UTC),
            )
            for key, when, title in ITEMS
        ],
    ).decode()


def test_a_part_named_otherwise_the_day_of_the_cuts_joins_the_plans_story(
    tmp_path: Path,
) -> None:
    got = tag_by_slug(tmp_path, _feed())
    assert [got[k]["companies"][:1] for k, _, _ in ITEMS] == [["Unity"]] * len(ITEMS)
    assert len({got[k]["story"] for k, _, _ in ITEMS}) == 1
