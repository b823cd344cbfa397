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
