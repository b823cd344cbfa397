"""Following a unit and its parent on the real `layoffbot` process (console, feeds on
127.0.0.1): `subscribe LinkedIn` answered "Following Microsoft" and alerted on every
Microsoft story without a word of why (polish, session 15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, cli_ok, news_item, rss
from tests.feedserver import FeedServer


def _alerts(shown: str) -> dict[str, str]:
    """Each alert printed, by its title."""
    parts = shown.split("== New at ")[1:]
    return {p.split(" ==", 1)[0]: p for p in parts}


def test_a_units_follower_hears_of_the_unit_and_the_parents_follower_is_told_why(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    now = datetime.now(UTC)
    old = news_item(
        "Acme cuts 1,200 jobs", "acme", "Acme is cutting 1,200 jobs.", now - timedelta(hours=3)
    )
    server.route("/search.xml", body=rss("AI layoffs", [old]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/search.xml"))  # read silently
    followed = cli_ok(env, tmp_path, "ask", "/layoffs subscribe LinkedIn")
    assert "== Following LinkedIn ==" in followed, followed
    assert "Microsoft's other news alerts only when it names LinkedIn" in followed, followed
    cli_ok(env, tmp_path, "ask", "/layoffs subscribe Meta here")
    news = [
        news_item(
            "Microsoft to cut 6,000 jobs in new round of layoffs",
            "msft",
            "Microsoft is cutting about 6,000 jobs, around 3% of its workforce, it said.",
            now,
        ),
        news_item(
            "Instagram lays off 60 recruiters",
            "insta",
            "Instagram, the Meta-owned app, is laying off 60 recruiters, the company said.",
            now - timedelta(minutes=5),
        ),
        news_item(
            "LinkedIn lays off 300 engineers",
            "lnkd",
            "LinkedIn is laying off 300 engineers in California, it said in a filing.",
            now - timedelta(minutes=9),
        ),
        old,
    ]
    server.route("/search.xml", body=rss("AI layoffs", news))
    assert "3 new items" in cli_ok(env, tmp_path, "poll", "--once", "--all")
    alerts = _alerts(cli_ok(env, tmp_path, "ask", "/layoffs digest now"))
    # Microsoft's own story is not LinkedIn's news; LinkedIn's is, as itself.
    assert sorted(alerts) == ["Instagram, part of Meta: layoff", "LinkedIn: layoff"], alerts
    assert (
        "You follow LinkedIn: /layoffs unsubscribe LinkedIn to stop." in alerts["LinkedIn: layoff"]
    ), alerts
    # The footer says who follows, and how to stop, once.
    meta = alerts["Instagram, part of Meta: layoff"]
    assert "The console follows Meta: /layoffs unsubscribe Meta here to stop." in meta, meta
    assert "(`here`)" not in meta, meta
    # Following the parent too widens the one subscription, and says so.
    wider = cli_ok(env, tmp_path, "ask", "/layoffs subscribe Microsoft")
    assert "Microsoft's alerts include LinkedIn's stories" in wider, wider
    assert "Microsoft to cut 6,000 jobs" in wider, wider
    listed = cli_ok(env, tmp_path, "ask", "/layoffs subscriptions")
    assert "Microsoft" in listed and "LinkedIn" not in listed, listed


def test_a_typo_of_a_unit_is_offered_not_met_with_silence(
    tmp_path: Path, server: FeedServer
) -> None:
    """`/layoffs instagam` answered "No stories yet about Instagam" and offered to follow
    the typo; now it offers Instagram, and finds its stories once there are some."""
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    before = cli_ok(env, tmp_path, "ask", "/layoffs instagam")
    assert "Did you mean Instagram?" in before, before
    assert "/layoffs subscribe Instagram" in before and "subscribe Instagam" not in before
    now = datetime.now(UTC)
    old = news_item("Acme cuts 1,200 jobs", "acme", "Acme cuts 1,200 jobs.", now)
    server.route("/news.xml", body=rss("AI layoffs", [old]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/news.xml"))
    insta = news_item(
        "Instagram lays off 60 recruiters",
        "insta",
        "Instagram, the Meta-owned app, is laying off 60 recruiters, the company said.",
        now,
    )
    server.route("/news.xml", body=rss("AI layoffs", [insta, old]))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    found = cli_ok(env, tmp_path, "ask", "/layoffs instagam")
    assert "== Instagram (for “instagam”)" in found, found
    assert "Instagram lays off 60 recruiters" in found, found
