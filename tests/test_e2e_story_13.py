"""`layoffbot tag` on a feed of one year's coverage of three employers (issue 16, session
13): the story forms `fresh-stories-2.tune` showed main getting wrong. A plan reported five
weeks before its cuts is one story with them; GitHub's own cuts three weeks after
Microsoft's round are a story of their own; a town hall after Meta's cuts is news of its own.
Headlines from that set's real 2023 coverage (rumca-js/RSS-Link-Database-2023), dates kept;
a real SQLite file; no network."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e import bot_env, cli

ITEMS = [
    ("ms-plan", "Tue, 17 Jan 2023", "Microsoft is set to cut 5% of its workforce - or 11,000 roles"),
    ("ms-confirms", "Wed, 18 Jan 2023", "Microsoft CEO Satya Nadella confirms plan to lay off 10,000 workers"),
    ("github", "Thu, 09 Feb 2023", "GitHub to Layoff 10%"),
    ("github-2", "Fri, 10 Feb 2023", "Github To Layoff 10% Of Global Workforce In Latest Tech Cuts"),
    ("meta-feb", "Sat, 11 Feb 2023", "Meta reportedly plans more job cuts"),
    ("meta-mar", "Tue, 07 Mar 2023", "Meta Reportedly Plans Another Round of Layoffs"),
    ("meta-cut", "Tue, 14 Mar 2023", "Facebook-owner Meta to cut 10,000 staff"),
    ("meta-hall", "Fri, 17 Mar 2023", "Zuckerberg grilled at staff meeting after Meta layoff announcement"),
    ("cruise-plan", "Wed, 08 Nov 2023", "Cruise is reportedly planning to lay off employees after weeks of crises"),
    ("cruise-cut", "Thu, 14 Dec 2023", "Cruise slashes 24% of self-driving car workforce in sweeping layoffs"),
]  # fmt: skip


def _feed() -> str:
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>{day} 12:00:00 GMT</pubDate><description>{title}.</description></item>"
        for key, day, title in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Tech</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def _layoffbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = cli(*args, tmp_path=tmp_path, env=bot_env(tmp_path, COLUMNS="200"))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


def test_plans_join_their_cuts_and_a_units_own_cuts_and_a_town_hall_stay_apart(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(_feed(), encoding="utf-8")
    proc = _layoffbot(tmp_path, "tag", str(feed), "--format", "jsonl")
    got = {
        r["link"].rsplit("/", 1)[-1]: r["story"] for r in map(json.loads, proc.stdout.splitlines())
    }
    assert got["ms-plan"] == got["ms-confirms"]
    assert got["github"] == got["github-2"] != got["ms-plan"]
    assert got["meta-feb"] == got["meta-mar"] == got["meta-cut"]
    assert got["meta-hall"] != got["meta-cut"]
    assert got["cruise-plan"] == got["cruise-cut"]
