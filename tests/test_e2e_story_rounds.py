"""`layoffbot tag` and `layoffbot ask` on one day's coverage of an employer's two rounds
(issue #16, a user trial): 'Block lays off another 500 engineers', published the day of
Block's 4,000-job story, was filed into it and the story kept showing 4,000 jobs. Another
round with a figure far from the story's is a story of its own, even the same day; the
round told again joins its story, and a reaction to it is news of its own. Headlines written for the test; a real SQLite file; no
network."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.e2e import bot_env, cli

ITEMS = [
    ("first", "08", "Block to cut 4,000 jobs in restructuring"),
    ("another", "11", "Block lays off another 500 engineers"),
    ("explainer", "13", "Block's 4,000 layoffs: what we know"),
    ("confirms", "15", "Block confirms 4,000 cuts"),
    ("reaction", "17", "Former Block employees slam the CEO for his decision to lay off 4,000"),
]


def _feed() -> str:
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>Tue, 01 Dec 2026 {hour}:00:00 GMT</pubDate><description>{title}."
        "</description></item>"
        for key, hour, title in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Business</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def _layoffbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = cli(*args, tmp_path=tmp_path, env=bot_env(tmp_path, COLUMNS="200"))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


def test_another_round_the_same_day_is_its_own_story_and_the_round_told_again_joins(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(_feed(), encoding="utf-8")
    proc = _layoffbot(tmp_path, "tag", str(feed), "--format", "jsonl")
    got = {r["link"].rsplit("/", 1)[-1]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert [got[k]["companies"][:1] for k, _, _ in ITEMS] == [["Block"]] * len(ITEMS)
    assert (got["first"]["headcount"], got["another"]["headcount"]) == (4000, 500)
    assert got["explainer"]["story"] == got["confirms"]["story"] == got["first"]["story"]
    assert got["another"]["story"] != got["first"]["story"]
    # Someone's reaction to the cuts is news of its own, not one more report of them.
    assert got["reaction"]["story"] not in (got["first"]["story"], got["another"]["story"])


BOUND_ITEMS = [
    # (key, outlet, date, headline, opening)
    (
        "plus",
        "gazette",
        "Tue, 04 Nov 2025 08:00:00 GMT",
        "Northwind Logistics to lay off 200-plus workers at its Ohio warehouses",
        "Northwind Logistics will lay off 200-plus workers at its Ohio warehouses, the "
        "company said on Monday.",
    ),
    (
        "exact",
        "ledger",
        "Thu, 13 Nov 2025 11:00:00 GMT",
        "Northwind Logistics cutting 230 jobs in Ohio",
        "Northwind Logistics is cutting 230 jobs at two Ohio warehouses, a state filing shows.",
    ),
]


def _tag_outlets(tmp_path: Path, entries: list[tuple[str, str, str, str, str]]) -> dict[str, Any]:
    """`layoffbot tag` on a feed of (key, outlet, date, headline, opening): records by key."""
    items = "".join(
        f"<item><title>{title}</title><link>https://{outlet}.example/{key}</link>"
        f"<guid>{key}</guid><pubDate>{when}</pubDate><description>{lead}</description>"
        f"<source url='https://{outlet}.example/'>{outlet}</source></item>"
        for key, outlet, when, title, lead in entries
    )
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>News</title>'
        f"<link>https://news.example/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    proc = _layoffbot(tmp_path, "tag", str(feed), "--format", "jsonl")
    return {r["link"].rsplit("/", 1)[-1]: r for r in map(json.loads, proc.stdout.splitlines())}


def test_one_outlets_200_plus_and_anothers_230_are_one_story(tmp_path: Path) -> None:
    """'200-plus' is at least 200 (v2: 200); another outlet's exact 230 nine days later is
    the same cut counted precisely, not a larger second round."""
    got = _tag_outlets(tmp_path, BOUND_ITEMS)
    assert (got["plus"]["headcount"], got["exact"]["headcount"]) == (200, 230)
    assert (got["plus"]["headcount_at_least"], got["exact"]["headcount_at_least"]) == (True, False)
    assert got["plus"]["story"] == got["exact"]["story"]


def test_staff_angry_about_pay_after_the_layoffs_is_other_news_not_a_second_round(
    tmp_path: Path,
) -> None:
    """People's reaction to cuts made (v2: other), its lead retelling the cuts and their
    count: no layoff of 4,200, and not one more report of the round."""
    got = _tag_outlets(
        tmp_path,
        [
            (
                "cuts",
                "wire",
                "Tue, 14 Jan 2025 08:00:00 GMT",
                "Pellworth to lay off 4,200 employees",
                "Pellworth will lay off 4,200 employees, about 8% of its workforce.",
            ),
            (
                "angry",
                "tabloid",
                "Tue, 04 Mar 2025 09:00:00 GMT",
                "Pellworth staff angry about CEO's bonus after 4,200 layoffs",
                "Pellworth laid off 4,200 employees in January. Staff are now sharing memes "
                "about the chief executive's bonus.",
            ),
        ],
    )
    assert (got["cuts"]["kind"], got["cuts"]["headcount"]) == ("layoff", 4200)
    assert (got["angry"]["kind"], got["angry"]["headcount"]) == ("other", None)
    assert got["angry"]["story"] != got["cuts"]["story"]
