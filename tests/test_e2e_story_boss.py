"""`layoffbot tag` on one boss's interview headlined by two outlets three days apart (issue
#16, story recall): 'IBM CEO says working from home won't get you anywhere' and 'IBM chief
says employees' careers could suffer ... if they work from home' were two stories, as an
employer's plain news told again beyond the next day is. Both report the boss's words and
share their subject: one story. Headlines from real coverage (fresh-commentary.jsonl); a
real SQLite file; no network."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e import bot_env, cli

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
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>{when} GMT</pubDate><description>{title}.</description></item>"
        for key, when, title in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Tech</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def test_a_bosss_interview_retold_three_days_later_is_one_story(tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(_feed(), encoding="utf-8")
    proc = cli("tag", str(feed), "--format", "jsonl", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    got = {r["link"].rsplit("/", 1)[-1]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert [got[k]["companies"][:1] for k, _, _ in ITEMS] == [["IBM"]] * len(ITEMS)
    assert got["said"]["story"] == got["told"]["story"]
