"""`layoffbot tag` on a day's takes on one event (issue 16, session 15): The Guardian's
'German publisher Axel Springer says journalists could be replaced by AI' and CNN's 'The
owner of Insider and Politico tells journalists: AI is coming for your jobs' share one
headline word, but their openings tell the same facts: one story; so are two outlets'
reports of one complaint against Sega, one tagging the employer. Plain news of another
event that day with a word in common stays apart. Headlines and opening texts from real
coverage (tests/data/eval/fresh-commentary.jsonl, March 2023), dates kept; a real SQLite
file; no network. On main the two takes were two stories."""

from __future__ import annotations

import json
import subprocess
from html import escape
from pathlib import Path
from typing import Any

from tests.e2e import bot_env, cli

ITEMS = [
    ("guardian", "Wed, 01 Mar 2023 01:23",
     "German publisher Axel Springer says journalists could be replaced by AI",
     "Owner of Politico urges focus on investigative journalism and original commentary, as company prepares for job cuts at German papers Die Welt and Bild Journalists are at risk of being replaced by artificial intelligence systems like ChatGPT, the CEO of German media group Axel Springer has said."),
    ("cnn", "Wed, 01 Mar 2023 14:33",
     "The owner of Insider and Politico tells journalists: AI is coming for your jobs",
     "One of Europe's biggest media groups has warned journalists that artificial intelligence (AI) could steal their jobs, and has provided tips for how reporters can avoid the chop."),
    ("strike", "Wed, 01 Mar 2023 16:10",
     "Journalists at a regional daily walk out as AI tools arrive in the newsroom",
     "Reporters at a regional paper voted to strike over pay and staffing on Monday."),
]  # fmt: skip


SEGA = [
    ("kotaku", "Wed, 15 Nov 2023 18:00",
     "Workers Accuses Sega Of Threatening Mass Layoffs Over Unionizing",
     "Workers at Sega of America say the publisher behind Persona, Yakuza, and more beloved gaming franchises is trying to lay them off as retaliation for unionizing. A new unfair labor practice filed by the Communications Workers of America accuses Sega of forcing employees into a meeting where they were told their jobs"),
    ("engadget", "Thu, 16 Nov 2023 14:00",
     "Sega faces unfair labor practice complaint for planned mass layoff of union members",
     'Workers at Sega of America are accusing the video game company of "bad faith bargaining with workers" for its plan to lay off dozens of temporary workers. The publisher known for franchises that include Sonic the Hedgehog and Yakuza is now facing an unfair labor practice complaint filed by the Communications Workers of America (CWA).'),
]  # fmt: skip


def _feed(entries: list[tuple[str, str, str, str]]) -> str:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>https://news.example/{key}</link>"
        f"<guid>{key}</guid><pubDate>{when}:00 GMT</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for key, when, title, text in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Media</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def _layoffbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = cli(*args, tmp_path=tmp_path, env=bot_env(tmp_path, COLUMNS="200"))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


def _tag(tmp_path: Path, entries: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    feed = tmp_path / "feed.rss"
    feed.write_text(_feed(entries), encoding="utf-8")
    proc = _layoffbot(tmp_path, "tag", str(feed), "--format", "jsonl")
    return {r["link"].rsplit("/", 1)[-1]: r for r in map(json.loads, proc.stdout.splitlines())}


def test_two_takes_on_one_statement_the_same_day_are_one_story(tmp_path: Path) -> None:
    got = _tag(tmp_path, ITEMS)
    assert got["guardian"]["kind"] == got["cnn"]["kind"] == "analysis", got
    assert got["guardian"]["story"] == got["cnn"]["story"], got
    assert got["strike"]["story"] != got["guardian"]["story"], got


def test_one_employers_news_told_alike_by_two_outlets_is_one_story(tmp_path: Path) -> None:
    """Kotaku's and Engadget's reports of one complaint against Sega (fresh-stories-2,
    November 2023): the employer named in both headlines, the openings alike beyond it."""
    got = _tag(tmp_path, SEGA)
    assert got["kotaku"]["kind"] == got["engadget"]["kind"] == "other", got
    assert got["kotaku"]["story"] == got["engadget"]["story"], got
