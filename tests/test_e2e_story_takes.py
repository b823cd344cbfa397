"""`layoffbot tag` on a day's takes on one event (issue 16, session 15): The Guardian's
'German publisher Axel Springer says journalists could be replaced by AI' and CNN's 'The
owner of Insider and Politico tells journalists: AI is coming for your jobs' share one
headline word, but their openings tell the same facts: one story. Plain news of another
event that day with a word in common stays apart. Headlines and opening texts from real
coverage (tests/data/eval/fresh-commentary.jsonl, March 2023), dates kept; a real SQLite
file; no network. On main the two takes were two stories."""

from __future__ import annotations

import json
import subprocess
from html import escape
from pathlib import Path

from tests.e2e import bot_env, cli

ITEMS = [
    ("guardian", "01:23",
     "German publisher Axel Springer says journalists could be replaced by AI",
     "Owner of Politico urges focus on investigative journalism and original commentary, as company prepares for job cuts at German papers Die Welt and Bild Journalists are at risk of being replaced by artificial intelligence systems like ChatGPT, the CEO of German media group Axel Springer has said."),
    ("cnn", "14:33",
     "The owner of Insider and Politico tells journalists: AI is coming for your jobs",
     "One of Europe's biggest media groups has warned journalists that artificial intelligence (AI) could steal their jobs, and has provided tips for how reporters can avoid the chop."),
    ("strike", "16:10",
     "Journalists at a regional daily walk out as AI tools arrive in the newsroom",
     "Reporters at a regional paper voted to strike over pay and staffing on Monday."),
]  # fmt: skip


def _feed() -> str:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>https://news.example/{key}</link>"
        f"<guid>{key}</guid><pubDate>Wed, 01 Mar 2023 {hour}:00 GMT</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for key, hour, title, text in ITEMS
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


def test_two_takes_on_one_statement_the_same_day_are_one_story(tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(_feed(), encoding="utf-8")
    proc = _layoffbot(tmp_path, "tag", str(feed), "--format", "jsonl")
    got = {r["link"].rsplit("/", 1)[-1]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert got["guardian"]["kind"] == got["cnn"]["kind"] == "analysis", got
    assert got["guardian"]["story"] == got["cnn"]["story"], got
    assert got["strike"]["story"] != got["guardian"]["story"], got
