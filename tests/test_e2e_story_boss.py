"""`layoffbot tag` on one boss's interview headlined by two outlets three days apart (issue
#16, story recall): 'IBM CEO says working from home won't get you anywhere' and 'IBM chief
says employees' careers could suffer ... if they work from home' were two stories, as an
employer's plain news told again beyond the next day is. Both report the boss's words and
share their subject: one story. Headlines from real coverage (fresh-commentary.jsonl); a
real SQLite file; no network."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from pathlib import Path

from tests.e2e import news_item, rss, tag_by_slug

ITEMS = [
    (
        "said",
        "Fri, 05 May 2023 11:01:00",
        "IBM CEO says working from home won't get you anywhere",
    ),
    (
        "told",
        "Mon, 08 May 2023 04:00:00",
        "IBM chief says employees' careers could suffer and promotions may be harder to "
        "achieve if they work from home",
    ),
]


def _feed() -> str:
    return rss(
        "Tech",
        [
            news_item(title, key, f"{title}.", parsedate_to_datetime(f"{when} GMT"))
            for key, when, title in ITEMS
        ],
    ).decode()


def test_a_bosss_interview_retold_three_days_later_is_one_story(tmp_path: Path) -> None:
    got = tag_by_slug(tmp_path, _feed())
    assert [got[k]["companies"][:1] for k, _, _ in ITEMS] == [["IBM"]] * len(ITEMS)
    assert got["said"]["story"] == got["told"]["story"]
