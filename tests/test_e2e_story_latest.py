"""`layoffbot tag` on an employer's plan and, 20 days on, its cuts (issue #16, story
recall): a story is dated by its first item, and one outlet naming the cut part its own
way ('former VFX studio' beside 'Weta Digital') was filed as cuts in another part 20 days
after the plan, a story of its own. The day the cuts are covered, it is that coverage.
Headlines from real coverage (fresh-stories.jsonl); a real SQLite file; no network."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e import bot_env, cli

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
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>Thu, {when}:00 GMT</pubDate><description>{title}.</description></item>"
        for key, when, title in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Games</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def test_a_part_named_otherwise_the_day_of_the_cuts_joins_the_plans_story(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(_feed(), encoding="utf-8")
    proc = cli("tag", str(feed), "--format", "jsonl", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    got = {r["link"].rsplit("/", 1)[-1]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert [got[k]["companies"][:1] for k, _, _ in ITEMS] == [["Unity"]] * len(ITEMS)
    assert len({got[k]["story"] for k, _, _ in ITEMS}) == 1
