"""Feeds as a user manages them: the real process (`feeds import`, the console's
`/layoffs feeds add`), feeds served from 127.0.0.1.

Found by trying the bot as a user: an OPML outline without a feed URL (a reader's entry
that kept only the site's `htmlUrl`, or `xmlUrl=""`) was dropped without a word, and
feeds already in the list were counted in 'Imported 0 new feed(s) of N' without being
named: the user could not tell what became of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import BotTerminal, assert_no_traceback, bot_env, bot_process, cli, rss
from tests.feedserver import FeedServer

ITEM = {
    "title": "Klarna to cut 700 customer service roles as AI assistant takes over",
    "link": "https://desk.example/klarna",
    "description": "Klarna said its AI assistant now does the work of 700 agents.",
    "published": datetime(2025, 1, 14, 8, tzinfo=UTC),
}


def test_feeds_import_names_each_outline_without_a_feed_url_and_counts_every_outline(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path)
    with FeedServer() as server:
        server.route("/a.xml", body=rss("Desk A", [ITEM]))
        server.route("/b.xml", body=rss("Desk B", [ITEM]))
        first = cli("feeds", "add", server.url("/a.xml"), tmp_path=tmp_path, env=env)
        assert first.returncode == 0, first.stdout + first.stderr
        opml = tmp_path / "reader.opml"
        opml.write_text(
            '<opml version="2.0"><body><outline text="News">'
            f'<outline text="Desk A" type="rss" xmlUrl="{server.url("/a.xml")}"/>'
            f'<outline text="Desk B" type="rss" xmlUrl="{server.url("/b.xml")}"/>'
            '<outline text="The Guardian" type="rss" htmlUrl="https://www.theguardian.com"/>'
            '<outline text="Blank" type="rss" xmlUrl="  "/>'
            "</outline></body></opml>"
        )
        proc = cli("feeds", "import", str(opml), tmp_path=tmp_path, env=env)
    assert_no_traceback(proc.stdout + proc.stderr)
    assert proc.returncode == 0, proc.stderr
    assert "skipped outline 'The Guardian': it has no feed URL (xmlUrl)" in proc.stderr
    assert "skipped outline 'Blank': it has no feed URL (xmlUrl)" in proc.stderr
    assert "Imported 1 new feed(s) of 4; 1 already in the list; 2 skipped." in proc.stdout, (
        proc.stdout
    )


def test_the_console_refuses_feed_adds_past_the_hourly_attempts_with_when_to_retry(
    tmp_path: Path,
) -> None:
    """Every `feeds add` fetches the URL to check it; a URL that fails is never stored, so
    the feed cap never stopped a workspace trying URL after URL."""
    from bot.commands.context import FEED_ADDS_PER_HOUR

    with FeedServer() as server:
        server.route("/page.html", body=b"<html><body>Hi</body></html>", content_type="text/html")
        page = server.url("/page.html")
        term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
        try:
            term.expect("Ctrl-C to stop", timeout=60)
            for n in range(FEED_ADDS_PER_HOUR):
                reply = term.command(f"/layoffs feeds add {page}?n={n}", until="looks like")
                assert "Feed not added" in reply, reply
            refused = term.command(f"/layoffs feeds add {page}?n=last", until="min.")
            fetched = len(server.requests_for("/page.html"))
            term.ctrl_c()
            assert term.wait(10) == 0
        finally:
            term.close()
    assert f"The console has tried to add {FEED_ADDS_PER_HOUR} feeds" in refused, refused
    assert "Try again in 60 min." in refused, refused
    assert fetched == FEED_ADDS_PER_HOUR


def test_adding_a_feed_the_workspace_already_reads_says_so_without_fetching_it(
    tmp_path: Path,
) -> None:
    """'/layoffs feeds add' of a global feed, or of the workspace's own feed a second time,
    answered 'Feed added' each time: a second copy of a global feed counted against the
    workspace's cap, and the user could not tell that nothing had changed."""
    env = bot_env(tmp_path)
    with FeedServer() as server:
        server.route("/a.xml", body=rss("Desk A", [ITEM]))
        server.route("/b.xml", body=rss("Desk B", [ITEM]))
        a, b = server.url("/a.xml"), server.url("/b.xml")
        assert cli("feeds", "add", a, tmp_path=tmp_path, env=env).returncode == 0
        first = cli("ask", f"/layoffs feeds add {b}", tmp_path=tmp_path, env=env)
        assert "Feed added" in first.stdout, first.stdout
        fetched = len(server.requests_for("/a.xml")) + len(server.requests_for("/b.xml"))
        global_again = cli("ask", f"/layoffs feeds add {a}", tmp_path=tmp_path, env=env)
        own_again = cli(
            "ask",
            f"/layoffs feeds add {b.upper().replace('/B.XML', '/b.xml')}",
            tmp_path=tmp_path,
            env=env,
        )
        assert len(server.requests_for("/a.xml")) + len(server.requests_for("/b.xml")) == fetched
    assert "Feed already read" in global_again.stdout, global_again.stdout
    assert "one of the global feeds" in global_again.stdout, global_again.stdout
    assert "The console already reads it." in own_again.stdout, own_again.stdout
    listing = cli("ask", "/layoffs feeds list", tmp_path=tmp_path, env=env).stdout
    assert "The console's feeds (1)" in listing, listing


def test_a_feed_url_typed_without_its_scheme_is_refused_with_the_url_to_try(
    tmp_path: Path,
) -> None:
    """'feeds add example.com:8080/rss' was refused as '(got example.com://)', a scheme the
    user never typed, and 'www.example.com' with no hint of what to type instead."""
    for typed, meant in (
        ("www.example.com", "https://www.example.com"),
        ("example.com:8080/rss", "https://example.com:8080/rss"),
        ("feed://example.com/rss", "https://example.com/rss"),
    ):
        done = cli("feeds", "add", typed, tmp_path=tmp_path)
        assert_no_traceback(done.stdout + done.stderr)
        assert done.returncode == 1, done.stdout
        assert f"did you mean {meant}?" in done.stderr, done.stderr
        assert "example.com://" not in done.stderr, done.stderr


def test_feeds_list_on_a_database_without_feeds_says_how_to_add_one(tmp_path: Path) -> None:
    """It printed the borders of an empty table."""
    done = cli("feeds", "list", tmp_path=tmp_path)
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 0, done.stderr
    assert "No feeds yet. Add one: layoffbot feeds add URL" in done.stdout, done.stdout
    assert "┏" not in done.stdout, done.stdout


def test_feeds_import_of_a_feed_file_says_to_add_it(tmp_path: Path) -> None:
    """'feeds import feed.rss' said only 'the root element is <rss>, not <opml>'."""
    feed = tmp_path / "feed.rss"
    feed.write_bytes(rss("Desk A", [ITEM]))
    done = cli("feeds", "import", str(feed), tmp_path=tmp_path)
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode == 1
    assert "it is a feed itself: layoffbot feeds add URL adds one" in done.stderr, done.stderr


def test_run_without_any_feed_says_to_add_one_instead_of_a_first_poll(tmp_path: Path) -> None:
    """With LAYOFFBOT_DEFAULT_FEEDS=false, `layoffbot run` said "the first poll is
    starting; new stories are shown as feeds are read" with no feed to read."""
    env = bot_env(tmp_path)  # no default feeds
    with bot_process(tmp_path, env, "run", "--console") as bot:
        bot.wait_for_lines(r"Ctrl-C to stop", timeout=60)
        said = bot.output
        bot.stop()
    assert "there are no feeds to poll: add one with /layoffs feeds add <url>" in said, said
    assert "first poll is starting" not in said, said
