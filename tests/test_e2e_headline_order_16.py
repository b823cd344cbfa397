"""Trial 16, through real `layoffbot` processes: a story's headline is the same whatever
order its items come in (bot/store/headline.py).

Two bots read the same five Klarna items from a feed each, one poll at a time, in opposite
orders. The first saw its story turn a hiring freeze and then a layoff again: kept item by
item, its headline was the short layoff item that came last, while the second showed the
longest layoff item ("Klarna job cuts" against "Klarna to cut 2,000 jobs as AI takes over
support" in the store's test).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.e2e import bot_env, cli_ok, news_item, rss
from tests.feedserver import FeedServer
from tests.test_e2e_trial_14 import NOW

LONG = "Klarna to cut 2,000 jobs as its AI assistant takes over customer support"
_SUPPORT = (
    "Klarna will cut about 2,000 jobs, its chief executive said, as the payments company's AI "
    "assistant now handles most of its customer support chats. "
)
_FREEZE = (
    "Klarna has stopped recruiting across the company, its chief executive said, as the "
    "payments firm leans on an AI assistant that handles most customer service chats. "
)
ITEMS = [
    news_item(LONG, "cut", _SUPPORT * 3, NOW - timedelta(hours=6)),
    news_item(
        "Klarna freezes hiring as AI takes over customer service work",
        "freeze",
        _FREEZE * 5,
        NOW - timedelta(hours=5),
    ),
    news_item(
        "Klarna pauses hiring across the company as its AI assistant grows",
        "pause",
        _FREEZE * 6,
        NOW - timedelta(hours=4),
    ),
    news_item("Klarna cuts 2,000 jobs over AI", "cuts", "", NOW - timedelta(hours=3)),
    news_item(
        "Klarna job cuts: 2,000 roles go as AI handles support",
        "job-cuts",
        "Klarna is cutting 2,000 jobs.",
        NOW - timedelta(hours=2),
    ),
]


def _headline_after(tmp_path: Path, server: FeedServer, name: str, polls: list[list[int]]) -> str:
    """A bot reading feed `name`, one poll per list of ITEMS' indexes (each poll's feed
    holds those items and the ones before): its lookup of Klarna."""
    home = tmp_path / name
    home.mkdir()
    env = bot_env(home)
    path = f"/{name}.xml"
    seed = news_item("Bank opens a branch", f"seed-{name}", "", NOW - timedelta(days=3))
    server.route(path, body=rss(name, [seed]))
    cli_ok(env, home, "feeds", "add", server.url(path))  # its first (silent) read
    shown: list[dict[str, object]] = [seed]
    for poll in polls:
        shown = [ITEMS[i] for i in poll] + shown
        server.route(path, body=rss(name, shown))
        cli_ok(env, home, "poll", "--once", "--all")
    return cli_ok(env, home, "ask", "/layoffs klarna")


def test_two_feeds_giving_the_items_in_opposite_orders_show_the_same_headline(
    tmp_path: Path, server: FeedServer
) -> None:
    # a layoff story, turned a hiring freeze by the two freeze items, a layoff again
    ahead = _headline_after(tmp_path, server, "ahead", [[0], [1], [2], [3], [4]])
    # the short layoff items first: a layoff story all along
    behind = _headline_after(tmp_path, server, "behind", [[4], [3], [2], [1], [0]])
    for shown in (ahead, behind):
        assert "Stories: 1 |" in shown, shown
        assert "Kind: Layoff | Jobs: 2,000 jobs" in shown, shown
        assert f"{LONG} <https://" in shown, shown  # the story's headline line
