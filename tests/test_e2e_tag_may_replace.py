"""`layoffbot tag` on an employer saying its robots could replace workers some day:
no cut is decided (spec v2: the employer's statement about AI and its workforce is
`analysis`), so no layoff and no headcount; the employer's decided replacement of staff by
chatbots stays a layoff. Headlines written for the test; a real SQLite file; no network."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e import bot_env, cli

ITEMS = [
    (
        "robots",
        "Tue, 04 Nov 2025 08:00:00 GMT",
        "Pellworth could replace 60,000 warehouse workers with robots, CEO says",
        "Internal documents show Pellworth expects robots to do the work of 60,000 people by 2033.",
    ),
    (
        "chatbots",
        "Wed, 05 Nov 2025 08:00:00 GMT",
        "Pellworth replaces 400 support staff with chatbots",
        "Pellworth has laid off 400 customer support staff, replacing them with AI chatbots.",
    ),
]


def test_robots_that_could_replace_workers_are_no_layoff(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example/{key}</link><guid>{key}</guid>"
        f"<pubDate>{when}</pubDate><description>{lead}</description></item>"
        for key, when, title, lead in ITEMS
    )
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>News</title>'
        f"<link>https://news.example/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    proc = cli("tag", str(feed), "--format", "jsonl", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    got = {r["link"].rsplit("/", 1)[-1]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert got["robots"]["kind"] != "layoff"
    assert got["robots"]["headcount"] is None
    assert (got["chatbots"]["kind"], got["chatbots"]["headcount"]) == ("layoff", 400)
