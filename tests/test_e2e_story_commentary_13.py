"""`layoffbot tag` on a feed of commentary and other news naming one thing (issue 16,
session 13): two outlets' takes on one game's AI voices, and on one studio's leads let go,
are one story each though their headlines share few words, and the two stories stay
apart. Headlines and opening texts from real coverage (tests/data/eval/real-dev.tune.jsonl:
PC Gamer, Eurogamer, October 2023; tests/data/eval/fresh-2025.tune.jsonl: IGN, Kotaku,
July 2025), dates kept; a real SQLite file; no network. On main each take was a story of
its own: they never met as candidates."""

from __future__ import annotations

import json
import subprocess
from html import escape
from pathlib import Path

from tests.e2e import bot_env, cli

ITEMS = [
    ("finals-1", "Mon, 30 Oct 2023",
     "The Finals uses AI text-to-speech because it can produce lines 'in just a matter of hours rather than months', baffles actual voice actors",
     '"Why the f**k do AI voice people act like hiring voice actors is some kind of arcane ritual."'),
    ("finals-2", "Tue, 31 Oct 2023",
     "The Finals criticised by actors and designers for use of AI commentator voiceovers",
     "Forthcoming team shooter The Finals has been criticised for using AI for its commentator voiceovers. Developed by Embark Studios, comprising former DICE employees, it's currently in open beta."),
    ("subnautica-1", "Wed, 02 Jul 2025",
     "Subnautica 2 Developer's Entire Leadership Team Replaced in Shock Move",
     "Former Striking Distance CEO, Steve Papoutsis, is joining Subnautica 2 developer Unknown Worlds as CEO amid the shock announcement that the previous leadership team — Ted Gill, Charlie Cleveland, and Max McGuire — have been replaced \"effective immediately.\""),
    ("subnautica-2", "Wed, 02 Jul 2025",
     "Subnautica 2 Development Leads Let Go By Publisher In Dramatic Shakeup",
     "Unknown Worlds' Subnautica 2 is due to release into early access soon, which makes the news that its development team's bosses have just been apparently ousted even more shocking. Charlie Cleveland, the director and lead programmer on the original Subnautica, is gone, along with Unknown Worlds CEO Ted Gill."),
]  # fmt: skip


def _feed() -> str:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>https://news.example/{key}</link>"
        f"<guid>{key}</guid><pubDate>{day} 12:00:00 GMT</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for key, day, title, text in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Games</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def _layoffbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = cli(*args, tmp_path=tmp_path, env=bot_env(tmp_path, COLUMNS="200"))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


def test_takes_on_one_named_thing_are_one_story(tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(_feed(), encoding="utf-8")
    proc = _layoffbot(tmp_path, "tag", str(feed), "--format", "jsonl")
    got = {
        r["link"].rsplit("/", 1)[-1]: r["story"] for r in map(json.loads, proc.stdout.splitlines())
    }
    assert got["finals-1"] == got["finals-2"]
    assert got["subnautica-1"] == got["subnautica-2"]
    assert got["finals-1"] != got["subnautica-1"]
