"""Trial 15 follow-ups, driven through real `layoffbot` processes: a merged story's
headline says what its tags say; a search for job cuts finds 'cut ... jobs' stories."""

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
    found = cli_ok(env, tmp_path, "ask", "/layoffs search job cuts")  # and so is it found
    assert "Klarna to cut 2,000 jobs as AI takes over customer service <https://" in found, found


def test_search_job_cuts_finds_the_stories_cutting_jobs(tmp_path: Path, server: FeedServer) -> None:
    """Trial 15 reported `/layoffs search job cuts` (and `cuts`) missing 'Klarna to cut
    2,000 jobs': not reproduced on this tree, the stemmed words find it; kept as a guard."""
    env = _polled(
        tmp_path,
        server,
        [
            _fresh("Klarna to cut 2,000 jobs as AI handles customer service", "klarna", 1),
            _fresh("Globex is cutting 300 call-centre jobs, citing AI", "globex", 2),
            _fresh("Initech announces job cuts in its AI push", "initech", 3),
            _fresh("Retailer's price cuts lift sales as jobs data looms", "price", 4),
        ],
    )
    for query in ("job cuts", "cuts"):
        shown = cli_ok(env, tmp_path, "ask", f"/layoffs search {query}")
        assert "Klarna to cut 2,000 jobs" in shown, shown
        assert "Globex is cutting 300" in shown, shown
        assert "Initech announces job cuts" in shown, shown
