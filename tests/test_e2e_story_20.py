"""The real `layoffbot` process polls two feeds served from 127.0.0.1 carrying one event
worded by each its own way (issue #16, session 20): an outlet's headline on SaaStr's
founder replacing his sales team with AI agents, and a Reddit post of it the same day that
retells the headline whole, names no employer the tagger takes, and carries Reddit's footer
('submitted by /u/NAME [link] [comments]'). Until session 20 the post was a story of its own
(an employer's action beside an unnamed one worded alike was never joined), and two Reddit
posts of the same days were joined by the footer's words alone. `/layoffs SaaStr` now
shows one story of two sources; an unrelated Reddit post of the same day stays apart.
Headlines from real January 2026 coverage (tests/data/eval/fresh-2026.tune.jsonl)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e import rss
from tests.feedserver import FeedServer
from tests.test_e2e_feeds import PRIVATE_OK, layoffbot

FOOTER = (
    'submitted by <a href="https://www.reddit.com/user/{0}"> /u/{0} </a> <br/> <span><a '
    'href="https://news.example/{1}">[link]</a></span> &#32; <span><a '
    'href="https://www.reddit.com/r/technology/comments/{1}/">[comments]</a></span>'
)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as feeds:
        yield feeds


def test_an_outlets_headline_and_a_reddit_post_retelling_it_are_one_story_of_two_sources(
    tmp_path: Path, server: FeedServer
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    outlet = {
        "title": "'Godfather of SaaS' Says He Replaced Most of His Sales Team With AI Agents",
        "link": "https://tech.example/saastr-ai-agents",
        "description": "Jason Lemkin, the founder of SaaStr, the world's largest community of "
        "business-to-business founders, says SaaStr will stop hiring humans in sales.",
        "published": now - timedelta(hours=6),
    }
    post = {
        "title": "The 'Godfather of SaaS' says he replaced most of his sales team with AI "
        "agents: 'We're done with hiring humans'",
        "link": "https://www.reddit.com/r/technology/comments/1q5saas/",
        "description": FOOTER.format("Significant-Path-953", "1q5saas"),
        "published": now - timedelta(hours=3),
    }
    other_post = {
        "title": "The simplest way to build AI agents in 2026",
        "link": "https://www.reddit.com/r/programming/comments/1q8agents/",
        "description": FOOTER.format("Minute-Conference-33", "1q8agents"),
        "published": now - timedelta(hours=2),
    }
    server.route("/tech.xml", body=rss("Tech Desk", [outlet]))
    server.route("/reddit.xml", body=rss("r/technology", [post, other_post]))
    for path in ("/tech.xml", "/reddit.xml"):
        added = layoffbot("feeds", "add", server.url(path), tmp_path=tmp_path, env=PRIVATE_OK)
        assert added.returncode == 0, added.stdout + added.stderr
    polled = layoffbot("poll", "--once", "--all", tmp_path=tmp_path, env=PRIVATE_OK)
    assert polled.returncode == 0, polled.stdout + polled.stderr
    answer = layoffbot("ask", "/layoffs SaaStr", tmp_path=tmp_path)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert "Stories: 1 |" in answer.stdout and "2 sources" in answer.stdout, answer.stdout
    assert "simplest way" not in answer.stdout, answer.stdout
