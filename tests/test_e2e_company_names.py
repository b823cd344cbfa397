"""Company names as users type them: the real `layoffbot` process on a real SQLite
database. A headline's typographic apostrophe ('Levi’s') is stored as the keyboard's one,
so every spelling a user types finds the same company."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import bot_env, cli, cli_ok, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)
LEVIS = {
    "title": "Levi’s to cut 700 corporate jobs as it leans on AI tools",
    "link": "https://wire.example/levis",
    "description": "The jeans maker said it will cut 700 corporate jobs, as AI tools take "
    "over some of the work.",
    "published": NOW - timedelta(days=1),
}


def test_a_brand_with_a_typographic_apostrophe_is_found_however_it_is_typed(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path)
    (tmp_path / "wire.xml").write_bytes(rss("Wire", [LEVIS]))
    tagged = cli("tag", str(tmp_path / "wire.xml"), "--format", "jsonl", tmp_path=tmp_path, env=env)
    assert tagged.returncode == 0, tagged.stdout + tagged.stderr
    assert '"companies": ["Levi\'s"]' in tagged.stdout, tagged.stdout
    for text in ("/layoffs levi's", "/layoffs Levi’s", "/layoffs levis", "/layoffs Levi Strauss"):
        asked = cli("ask", text, tmp_path=tmp_path, env=env)
        assert asked.returncode == 0, asked.stderr
        assert "Levi's: recent job actions" in asked.stdout or "Levi's (for" in asked.stdout, (
            text,
            asked.stdout,
        )


def test_following_twitter_brings_the_alert_for_x_formerly_twitter_under_one_name(
    tmp_path: Path, server: FeedServer
) -> None:
    """'X, formerly Twitter' was tagged Twitter while `subscribe Twitter` answered X (or
    the reverse, by which name the store held first): users see and follow one company,
    X, whichever name they type; the tag keeps the name the item wrote (the labels')."""
    env = bot_env(tmp_path, LAYOFFBOT_CONSOLE="true")
    old = {
        "title": "Twitter lays off 10% of its staff",
        "link": "https://wire.example/twitter-old",
        "description": "Twitter cut about 200 jobs.",
        "published": NOW - timedelta(days=40),
    }
    new = {
        "title": "X, formerly Twitter, lays off 1,000 engineers as it leans on AI",
        "link": "https://wire.example/x-formerly-twitter",
        "description": "X, the social network formerly known as Twitter, said it will cut "
        "1,000 engineering jobs as AI tools take over some of the coding.",
        "published": NOW - timedelta(hours=2),
    }
    server.route("/wire.xml", body=rss("Wire", [old]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    followed = cli_ok(env, tmp_path, "ask", "/layoffs subscribe twitter")
    assert "Following X" in followed and "Following Twitter" not in followed, followed
    again = cli_ok(env, tmp_path, "ask", "/layoffs subscribe X")
    assert "Already subscribed to X" in again, again
    listed = cli_ok(env, tmp_path, "ask", "/layoffs subscriptions")
    assert "• X" in listed and "Twitter" not in listed, listed

    server.route("/wire.xml", body=rss("Wire", [new, old]))
    cli_ok(env, tmp_path, "poll", "--once", "--all")
    day = cli_ok(env, tmp_path, "ask", "/layoffs digest now")
    assert day.count("== New at X: layoff") == 1, day
    assert "Company: X |" in day and "Company: Twitter" not in day, day
    assert "You follow X:" in day, day

    (tmp_path / "new.xml").write_bytes(rss("Wire", [new]))
    tagged = cli_ok(env, tmp_path, "tag", str(tmp_path / "new.xml"), "--format", "jsonl")
    assert '"companies": ["Twitter"' in tagged, tagged
