"""Trial 15 follow-ups, driven through real `layoffbot` processes: a merged story's
headline says what its tags say."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.e2e import cli_ok, news_item
from tests.feedserver import FeedServer
from tests.test_e2e_trial_14 import NOW, _fresh, _polled


def test_a_merged_storys_headline_is_an_item_of_its_kind(
    tmp_path: Path, server: FeedServer
) -> None:
    """A same-day 'Klarna to cut 2,000 jobs' joined the longer 'Klarna freezes hiring ...':
    the lookup showed "Klarna freezes hiring…" beside "Kind: Layoff | Jobs: 2,000 jobs"."""
    freeze = "Klarna freezes hiring as AI takes over customer service work"
    lead = (
        "Klarna has stopped recruiting across the company, its chief executive said, as the "
        "payments firm leans on an AI assistant that handles most customer service chats. "
    )
    env = _polled(
        tmp_path,
        server,
        [
            news_item(freeze, "freeze", lead * 4, NOW - timedelta(hours=3)),
            _fresh("Klarna to cut 2,000 jobs as AI takes over customer service", "cut", 1),
        ],
    )
    shown = cli_ok(env, tmp_path, "ask", "/layoffs klarna")
    assert "Stories: 1 |" in shown, shown  # one story, as in the trial
    assert "Kind: Layoff | Jobs: 2,000 jobs" in shown, shown
    # the story's headline line, linking its item (the freeze may still be quoted below it)
    assert "Klarna to cut 2,000 jobs as AI takes over customer service <https://" in shown, shown
    assert f"{freeze} <https://" not in shown, shown
