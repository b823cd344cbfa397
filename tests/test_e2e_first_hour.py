"""The first hour of a new user, bug by bug: each test drives the real `layoffbot`
process (a terminal where a person would use one) on a real SQLite database, with feeds
served from 127.0.0.1, and failed before its fix."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import BotTerminal, bot_env, cli, rss
from tests.e2e_filed import file_an_ai_story
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)
OLD_NEWS = {
    "title": "Dropbox lays off 500 employees, citing AI era shift",
    "link": "https://news.example/dropbox-2023",
    "description": "Dropbox cut 16% of its staff as it refocused on AI.",
    "published": NOW - timedelta(days=700),
}
FRESH_NEWS = {
    "title": "Klarna to cut 700 customer service jobs as AI assistant takes over",
    "link": "https://news.example/klarna-700",
    "description": "Klarna said its AI assistant now does the work of 700 agents.",
    "published": NOW - timedelta(hours=2),
}


def _primed_feed(tmp_path: Path, server: FeedServer, env: dict[str, str]) -> None:
    """A feed added and polled once (its first poll is silent), then new items arrive."""
    server.route("/feed.xml", body=rss("Local news", [OLD_NEWS]))
    assert cli("feeds", "add", server.url("/feed.xml"), tmp_path=tmp_path, env=env).returncode == 0
    first = cli("poll", "--once", tmp_path=tmp_path, env=env)
    assert first.returncode == 0, first.stdout + first.stderr


def _publish(server: FeedServer, *items: dict[str, object]) -> None:
    server.route("/feed.xml", body=rss("Local news", [OLD_NEWS, *items]))


# ---------------------------------------------------------------- bug 3: digest now
def test_digest_now_in_the_terminal_posts_the_digest_and_says_so(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path)
    _primed_feed(tmp_path, server, env)
    _publish(server, FRESH_NEWS)
    assert cli("poll", "--once", "--all", tmp_path=tmp_path, env=env).returncode == 0
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        # The reply and the digest, in either order: the outbox may post the digest before
        # the console prints the command's reply.
        start = len(term.output)
        term.command("/layoffs digest now", until="Digest on its way", timeout=30)
        term.expect("AI layoffs digest", timeout=30, start=start)
        term.expect("Klarna", timeout=15, start=start)
        assert "Sorry" not in term.output[start:]
        term.ctrl_c()
        assert term.wait(5) == 0
    finally:
        term.close()


def test_digest_now_through_ask_prints_the_digest(tmp_path: Path, server: FeedServer) -> None:
    env = bot_env(tmp_path)
    _primed_feed(tmp_path, server, env)
    _publish(server, FRESH_NEWS)
    assert cli("poll", "--once", "--all", tmp_path=tmp_path, env=env).returncode == 0
    asked = cli("ask", "/layoffs digest now", tmp_path=tmp_path, env=env)
    assert asked.returncode == 0, asked.stderr
    assert "Digest on its way" in asked.stdout
    assert "AI layoffs digest" in asked.stdout and "Klarna" in asked.stdout, asked.stdout
    assert "Sorry" not in asked.stdout + asked.stderr
    # Printed means delivered: asking again prints one digest (the window so far, which
    # `digest now` leaves to the daily digest), not the first one a second time besides.
    again = cli("ask", "/layoffs digest now", tmp_path=tmp_path, env=env)
    assert again.stdout.count("AI layoffs digest") == 1, again.stdout


def test_the_digest_links_each_analysis_headline_to_its_own_article(
    tmp_path: Path, server: FeedServer
) -> None:
    """The digest's commentary listed a story's headline from one article and, below it,
    the link of another (the story's oldest) under that other article's title."""
    env = bot_env(tmp_path)
    _primed_feed(tmp_path, server, env)
    older = {
        "title": "Cost-cutting, AI drive October layoff surge: Challenger",
        "link": "https://cfo.example/challenger",
        "source": "CFO Dive",
        "published": NOW - timedelta(hours=3),
    }
    newer = {
        "title": "October Challenger Report: 153,074 Job Cuts on Cost-Cutting & AI",
        "link": "https://challenger.example/october",
        "source": "Challenger, Gray & Christmas",
        "published": NOW - timedelta(hours=2),
    }
    _publish(server, FRESH_NEWS, newer, older)
    assert cli("poll", "--once", "--all", tmp_path=tmp_path, env=env).returncode == 0
    digest = cli("ask", "/layoffs digest now", tmp_path=tmp_path, env=env).stdout
    part = digest.split("Analysis and commentary", 1)[1].split("\n\n", 1)[0]
    bullets = re.findall(r"^  • (.+)$", part, re.M)
    links = re.findall(r"^  - (.+) \([^)]*\): \S+$", part, re.M)
    assert bullets and links == bullets, digest


# ------------------------------------------------------------ bug 4: poll plans alerts
def test_poll_once_plans_the_alerts_that_the_running_bot_then_delivers(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path)
    _primed_feed(tmp_path, server, env)
    sub = cli("ask", "/layoffs subscribe Klarna", tmp_path=tmp_path, env=env)
    assert sub.returncode == 0 and "Subscribed" in sub.stdout, sub.stdout + sub.stderr
    _publish(server, FRESH_NEWS)
    polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert polled.returncode == 0 and "1 new" in polled.stdout, polled.stdout
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("New at Klarna", timeout=60)
        term.ctrl_c()
        assert term.wait(5) == 0
    finally:
        term.close()


def test_tag_into_the_database_plans_alerts_too(tmp_path: Path) -> None:
    env = bot_env(tmp_path)
    assert cli("ask", "/layoffs subscribe Klarna", tmp_path=tmp_path, env=env).returncode == 0
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss("File", [FRESH_NEWS]))
    tagged = cli("tag", str(feed), tmp_path=tmp_path, env=env)
    assert tagged.returncode == 0, tagged.stderr
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("New at Klarna", timeout=60)
        term.ctrl_c()
        assert term.wait(5) == 0
    finally:
        term.close()


# ------------------------------------------------------ bug 5: old news is not new
def test_old_items_of_a_long_feed_are_stored_but_never_announced(
    tmp_path: Path, server: FeedServer
) -> None:
    env = bot_env(tmp_path)
    long_feed = [
        {
            "title": f"Vendor{i} lays off {100 + i} workers as AI automates support",
            "link": f"https://news.example/old-{i}",
            "description": f"Vendor{i} said AI chatbots now answer customer questions.",
            "published": NOW - timedelta(days=30 + i * 2),
        }
        for i in range(300)
    ]
    server.route("/long.xml", body=rss("Long feed", long_feed))
    assert cli("feeds", "add", server.url("/long.xml"), tmp_path=tmp_path, env=env).returncode == 0
    assert cli("ask", "/layoffs subscribe Vendor250", tmp_path=tmp_path, env=env).returncode == 0
    for _ in range(2):  # 200 items a poll: the second poll gets the rest of the backlog
        assert cli("poll", "--once", "--all", tmp_path=tmp_path, env=env).returncode == 0
    server.route("/long.xml", body=rss("Long feed", [*long_feed, FRESH_NEWS]))
    assert cli("poll", "--once", "--all", tmp_path=tmp_path, env=env).returncode == 0

    digest = cli("ask", "/layoffs digest now", tmp_path=tmp_path, env=env)
    assert "Klarna" in digest.stdout, digest.stdout
    assert "Vendor" not in digest.stdout, digest.stdout
    searched = cli("ask", "/layoffs search Vendor250", tmp_path=tmp_path, env=env)
    assert "Vendor250" in searched.stdout, searched.stdout  # stored and searchable
    why = cli("ask", "/layoffs why https://news.example/old-250", tmp_path=tmp_path, env=env)
    assert "never announced" in why.stdout and "days before it was first seen" in why.stdout, (
        why.stdout
    )
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        term.command("/layoffs subscriptions", until="Vendor250", timeout=30)
        term.ctrl_c()
        assert term.wait(5) == 0
        assert "New at Vendor" not in term.output
    finally:
        term.close()


def test_tag_reports_every_item_as_jsonl(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss("File", [FRESH_NEWS, OLD_NEWS]))
    tagged = cli("tag", str(feed), tmp_path=tmp_path)
    records = [json.loads(line) for line in tagged.stdout.splitlines()]
    assert [r["link"] for r in records] == [FRESH_NEWS["link"], OLD_NEWS["link"]]


# ------------------------------------------- bug 7: subscribe resolves like a query
def test_subscribe_follows_the_company_a_typo_means_and_unsubscribe_removes_it(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path)
    data = Path(__file__).parent / "data" / "judgement"
    amazon = {
        "title": "Amazon to cut 14,000 corporate jobs as it leans on AI",
        "link": "https://wire.example/amazon",
        "description": "Amazon said AI lets it run leaner.",
        "published": NOW - timedelta(days=1),
    }
    (tmp_path / "wire.xml").write_bytes(rss("Wire", [amazon]))
    for feed in (str(tmp_path / "wire.xml"), str(data / "jn-portuguese.rss")):
        assert cli("tag", feed, tmp_path=tmp_path, env=env).returncode == 0

    sub = cli("ask", "/layoffs subscribe amazn", tmp_path=tmp_path, env=env)
    assert "Following Amazon" in sub.stdout and "Subscribed" in sub.stdout, sub.stdout
    listed = cli("ask", "/layoffs subscriptions", tmp_path=tmp_path, env=env)
    assert "Amazon" in listed.stdout and "Amazn" not in listed.stdout, listed.stdout
    unsub = cli("ask", "/layoffs unsubscribe Amazon", tmp_path=tmp_path, env=env)
    assert "Unsubscribed from Amazon" in unsub.stdout, unsub.stdout
    listed = cli("ask", "/layoffs subscriptions", tmp_path=tmp_path, env=env)
    assert "No subscriptions" in listed.stdout, listed.stdout

    unknown = cli("ask", "/layoffs subscribe Initech", tmp_path=tmp_path, env=env)
    assert "No stories match Initech yet" in unknown.stdout, unknown.stdout
    typo = cli("ask", "/layoffs Amazn", tmp_path=tmp_path, env=env)
    assert "Amazon" in typo.stdout and not re.search(r"\b[A-Z] or [A-Z]\b", typo.stdout)


# ------------------------------------------------------------------ output quality
def test_piped_output_keeps_long_links_whole_and_tables_readable(tmp_path: Path) -> None:
    env = bot_env(tmp_path)
    long_link = "https://news.example/" + "ai-layoffs-" * 12 + "klarna-700?utm_source=rss"
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss("File", [{**FRESH_NEWS, "link": long_link}]))
    table = cli("tag", str(feed), "--format", "table", tmp_path=tmp_path, env=env)
    header = next(line for line in table.stdout.splitlines() if "kind" in line)
    assert all(col in header for col in ("kind", "AI", "company", "jobs", "story", "title"))
    assert "Klarna to cut 700 customer service jobs" in table.stdout
    latest = cli("ask", "/layoffs latest", tmp_path=tmp_path, env=env)
    assert long_link in latest.stdout, latest.stdout
    why = cli("ask", f"/layoffs why {long_link}", tmp_path=tmp_path, env=env)
    assert "Decision" in why.stdout, why.stdout


def test_charts_are_saved_next_to_the_database_not_where_the_command_runs(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = bot_env(tmp_path)
    file_an_ai_story(tmp_path, env)
    asked = cli("ask", "/layoffs trends 30d", tmp_path=elsewhere, env=env)
    assert asked.returncode == 0, asked.stderr
    charts = list((tmp_path / "charts").glob("*.png"))
    assert charts and str(charts[0]) in asked.stdout
    assert not (elsewhere / "data").exists()


def test_a_story_headline_links_to_the_article_it_is_from(tmp_path: Path) -> None:
    """A story of two articles took its headline from one and its link from the other
    (the oldest): the headline opened a different outlet's article."""
    env = bot_env(tmp_path)
    feed = tmp_path / "feed.xml"
    older = {
        "title": (
            "Dow says it will cut 4,500 jobs, shifting emphasis to artificial intelligence "
            "and automation"
        ),
        "link": "https://cbs.example/dow",
        "source": "CBS News",
        "published": NOW - timedelta(hours=3),
    }
    newer = {
        "title": "Dow to cut about 4,500 jobs as emphasis shifts to AI and automation",
        "link": "https://houston.example/dow",
        "source": "Houston Public Media",
        "published": NOW - timedelta(hours=2),
    }
    feed.write_bytes(rss("File", [newer, older]))
    assert cli("tag", str(feed), tmp_path=tmp_path, env=env).returncode == 0
    shown = cli("ask", "/layoffs dow", tmp_path=tmp_path, env=env)
    assert "2 sources" in shown.stdout, shown.stdout
    heading = re.search(r"^(Dow .+) <(\S+)>$", shown.stdout, re.M)
    assert heading, shown.stdout
    title, url = heading.groups()
    own_link = rf"^  - {re.escape(title)} \([^)]*\): {re.escape(url)}$"
    assert re.search(own_link, shown.stdout, re.M), shown.stdout
