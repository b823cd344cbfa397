"""`layoffbot tag` on two Hacker News links of one day (bot.feed_boilerplate, issue 16,
session 17): hnrss' description is its fields only ("Article URL: ... Comments URL: ...
Points: ... # Comments: ..."), and the story rules comparing openings counted those words
as shared: two commentary links with one headline word in common ('jobs') were one story.
The fields are cut before openings and summaries are taken: two stories, and neither
summary shows them. Headlines, links and descriptions from real hnrss items
(tests/data/eval/fresh-2022.tune.jsonl f22-160, real-dev.tune.jsonl real-124), in hnrss'
HTML, put on one day; a real SQLite file; no network."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import tag_items


def _hn(url: str, item: int, points: int, comments: int) -> str:
    thread = f"https://news.ycombinator.com/item?id={item}"
    return (
        f'<p>Article URL: <a href="{url}">{url}</a></p><hr><p>Comments URL: '
        f'<a href="{thread}">{thread}</a></p><p>Points: {points}</p><p># Comments: {comments}</p>'
    )


WSJ = (
    "wsj", "Wed, 29 Mar 2023 09:10", "Laid off tech workers quickly find new jobs",
    _hn("https://www.wsj.com/articles/laid-off-tech-workers-quickly-find-new-jobs-11672097730", 34161528, 9, 1),
)  # fmt: skip
BLOOMBERG = (
    "bloomberg", "Wed, 29 Mar 2023 14:41", "$335,000 Pay for ‘AI Whisperer’ Jobs Appears in Red-Hot Market",
    _hn("https://www.bloomberg.com/news/articles/2023-03-29/ai-chatgpt-related-prompt-engineer-jobs-pay-up-to-335-000", 35357978, 35, 30),
)  # fmt: skip


def test_two_hacker_news_links_of_one_day_are_two_stories(tmp_path: Path) -> None:
    got = tag_items(tmp_path, [WSJ, BLOOMBERG], channel="Hacker News: Front Page")
    assert got["wsj"]["story"] != got["bloomberg"]["story"], got
    for item in got.values():
        assert "URL" not in item["summary"] and "Points" not in item["summary"], item
