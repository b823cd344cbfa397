"""One feed typed two ways is one feed, seen from the real `layoffbot feeds` commands.

Found by trying the bot as a user: `HTTP://host/feed.xml` and `http://host/feed.xml#top`
were each added as a new feed beside http://host/feed.xml, and all three were polled.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, cli, rss
from tests.feedserver import FeedServer


def test_a_feed_url_differing_only_in_case_or_fragment_is_already_there(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    item = {
        "title": "Acme cuts 100 jobs as AI takes over",
        "link": "https://e2e.example/acme",
        "published": datetime.now(UTC),
    }
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Acme news", [item]))
        url = server.url("/feed.xml")
        env = bot_env(tmp_path)
        first = cli("feeds", "add", url, tmp_path=tmp_path, env=env)
        assert first.returncode == 0, first.stderr
        for variant in (url.replace("http://", "HTTP://"), url + "#latest"):
            again = cli("feeds", "add", variant, tmp_path=tmp_path, env=env)
            assert_no_traceback(again.stdout + again.stderr)
            assert "Already there" in again.stdout, again.stdout + again.stderr
        listing = cli("feeds", "export", tmp_path=tmp_path, env=env).stdout
    assert listing.count("xmlUrl=") == 1, listing


def test_a_feed_is_removed_and_enabled_by_the_url_it_was_added_with(tmp_path: Path) -> None:
    """`feeds add HTTP://host/feed.xml#top` stored http://host/feed.xml; `feeds remove` (and
    `enable`) with the very URL typed to add it answered 'No such feed', on the command
    line and in chat."""
    from datetime import UTC, datetime

    item = {
        "title": "Acme cuts 100 jobs as AI takes over",
        "link": "https://e2e.example/acme",
        "published": datetime.now(UTC),
    }
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Acme news", [item]))
        typed = server.url("/feed.xml").replace("http://", "HTTP://") + "#top"
        env = bot_env(tmp_path)
        assert cli("feeds", "add", typed, tmp_path=tmp_path, env=env).returncode == 0
        enable = cli("feeds", "enable", typed, tmp_path=tmp_path, env=env)
        assert "is already enabled; nothing to do" in enable.stdout, enable.stdout + enable.stderr
        removed = cli("feeds", "remove", typed, tmp_path=tmp_path, env=env)
        assert removed.returncode == 0, removed.stdout + removed.stderr
        in_chat = cli("ask", f"/layoffs feeds add {typed}", tmp_path=tmp_path, env=env)
        assert "Feed added" in in_chat.stdout, in_chat.stdout + in_chat.stderr
        gone = cli("ask", f"/layoffs feeds remove {typed}", tmp_path=tmp_path, env=env)
        assert "Feed removed" in gone.stdout, gone.stdout + gone.stderr
        listing = cli("feeds", "export", tmp_path=tmp_path, env=env).stdout
    assert "xmlUrl=" not in listing, listing
