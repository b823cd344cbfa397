"""The feed parser's time limit through the real `layoffbot tag` (session 20): it is of the
parse worker's CPU time, so a big but honest feed is not cut off because the machine is
busy, while a parse that spins is still stopped at the limit (feeds/parse.py)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, cli


def _feed(tmp_path: Path, items: str) -> Path:
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>News</title><link>https://news.example/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    return feed


def test_a_feed_parsed_on_a_busy_machine_is_not_cut_off(tmp_path: Path) -> None:
    # The worker kept off the CPU for 3 s (LAYOFFBOT_TEST_PARSE_STALL: it sleeps, as a
    # process waiting for a core on a loaded machine) against a limit of 1 s: the parse
    # itself needs a few milliseconds of CPU, and every item is tagged.
    items = "".join(
        f"<item><title>{escape(f'Acme Unit {i} cuts {10 + i} jobs')}</title>"
        f"<link>https://news.example/{i}</link><guid>k{i}</guid>"
        "<pubDate>Wed, 02 Jul 2025 13:20:00 GMT</pubDate>"
        f"<description>{escape(f'The company said {10 + i} roles go.')}</description></item>"
        for i in range(40)
    )
    env = bot_env(tmp_path, LAYOFFBOT_TEST_PARSE_TIMEOUT="1", LAYOFFBOT_TEST_PARSE_STALL="3")
    done = cli("tag", str(_feed(tmp_path, items)), tmp_path=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stdout + done.stderr)
    links = [json.loads(line)["link"] for line in done.stdout.splitlines()]
    assert sorted(links) == sorted(f"https://news.example/{i}" for i in range(40))


def test_a_parse_that_spins_still_stops_at_the_limit(tmp_path: Path) -> None:
    # feedparser's author regex backtracks for minutes on 200 KB of one letter: the worker
    # is ended once it has used the limit's CPU time, and the command says why.
    items = f"<item><title>x</title><author>{'A' * 200_000}</author></item>"
    env = bot_env(tmp_path, LAYOFFBOT_TEST_PARSE_TIMEOUT="1")
    feed = _feed(tmp_path, items)
    done = cli("tag", str(feed), tmp_path=tmp_path, env=env)
    assert done.returncode == 1
    assert f"{feed}: parsing took longer than 1 s" in done.stderr
    assert_no_traceback(done.stdout + done.stderr)
