"""Issue 13's low findings, as an attacker or a user meets them: the real `layoffbot`
process (subprocess, real SQLite database in tmp_path, feeds and platform fakes on
127.0.0.1). Each test failed before its fix.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import bot_env, cli, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)


def _story(title: str, link: str, description: str = "") -> dict[str, object]:
    return {"title": title, "link": link, "description": description, "published": NOW}


def test_a_redirect_to_javascript_is_a_clear_feed_error_every_poll_not_a_crash(
    tmp_path: Path,
) -> None:
    """httpx raises InvalidURL (no HTTPError) while building a redirect to `javascript:`;
    it used to escape as `feed_poll_crashed` with a traceback on every poll."""
    with FeedServer() as server:
        server.route(
            "/feed.xml", body=rss("Desk", [_story("Acme cuts 10 jobs", "https://a.example/1")])
        )
        server.route("/bad.xml", body=rss("Bad", [_story("Initech cuts 5", "https://b.example/1")]))
        env = bot_env(tmp_path)
        for path in ("/feed.xml", "/bad.xml"):
            added = cli("feeds", "add", server.url(path), tmp_path=tmp_path, env=env)
            assert added.returncode == 0, added.stderr
        server.redirect("/feed.xml", "javascript:alert(1)")
        server.redirect("/bad.xml", "http://[::1")
        for _ in range(2):
            polled = cli("poll", "--all", tmp_path=tmp_path, env=env)
            out = polled.stdout + polled.stderr
            assert "Traceback" not in out and "feed_poll_crashed" not in out, out
            assert "unexpected error" not in out, out
            assert "redirected to an invalid URL" in out, out
        assert (
            "redirected to an unusable URL"
            in cli("feeds", "list", tmp_path=tmp_path, env=env).stdout + out
        )
