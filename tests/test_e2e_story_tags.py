"""A story's figure as a user reads it, whatever order its items came in (issue 16).

The real `layoffbot` process polls two feeds served from 127.0.0.1: a regional outlet's
item about 61 Colorado jobs arrives first, nine outlets saying 4,000 come in the next
poll. `/layoffs Block` shows one story of ten sources with the company-wide 4,000.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e import rss
from tests.feedserver import FeedServer
from tests.test_e2e_feeds import PRIVATE_OK, layoffbot

OUTLETS = ["Reuters", "CNBC", "Bloomberg", "The Verge", "TechCrunch", "AP", "BBC", "FT", "WSJ"]


# What each feed carries when it is added (a feed with no items is refused).
BEFORE = {
    "title": "Snow expected across the Front Range this weekend",
    "link": "https://denver.example/snow",
    "description": "Forecasters expect up to a foot of snow.",
    "published": datetime(2025, 1, 4, 8, 0, tzinfo=UTC),
}


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as feeds:
        feeds.route("/local.xml", body=rss("Denver Desk", [BEFORE]))
        feeds.route("/wire.xml", body=rss("Wire", [BEFORE | {"link": "https://wire.example/snow"}]))
        yield feeds


def _poll(tmp_path: Path) -> str:
    proc = layoffbot("poll", "--once", "--all", tmp_path=tmp_path, env=PRIVATE_OK)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_a_local_figure_first_still_shows_the_company_wide_figure(
    tmp_path: Path, server: FeedServer
) -> None:
    for path in ("/local.xml", "/wire.xml"):
        added = layoffbot("feeds", "add", server.url(path), tmp_path=tmp_path, env=PRIVATE_OK)
        assert added.returncode == 0, added.stdout + added.stderr
    now = datetime.now(UTC).replace(microsecond=0)
    local = {
        "title": "Block to cut 61 jobs in Colorado, WARN notice shows",
        "link": "https://denver.example/block-61",
        "description": "Block will lay off 61 workers in Colorado, according to a WARN notice.",
        "published": now - timedelta(hours=3),
        "source": "Denver Post",
    }
    server.route("/local.xml", body=rss("Denver Desk", [BEFORE, local]))
    assert "1 new item" in _poll(tmp_path)
    wire = [
        {
            "title": f"Block to lay off nearly 4,000 employees as Dorsey bets on AI ({outlet})",
            "link": f"https://wire.example/block-{n}",
            "description": "Jack Dorsey's Block will cut nearly 4,000 jobs, saying AI tools "
            "let smaller teams do more.",
            "published": now - timedelta(hours=2, minutes=n),
            "source": outlet,
        }
        for n, outlet in enumerate(OUTLETS)
    ]
    server.route("/wire.xml", body=rss("Wire", wire))  # the snow item gone: only news
    assert "9 new items" in _poll(tmp_path)
    answer = layoffbot("ask", "/layoffs Block", tmp_path=tmp_path)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert "10 sources" in answer.stdout, answer.stdout
    assert "Jobs cut or not filled (where stated): 4,000 |" in answer.stdout, answer.stdout
    assert "Jobs: 4,000 jobs" in answer.stdout and "Jobs: 61" not in answer.stdout
