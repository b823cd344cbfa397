"""Feed management as a user meets it: the real `layoffbot` process on a real database.

Every test runs `python -m bot ...` in a subprocess against a SQLite file in tmp_path,
with feeds served from 127.0.0.1 by tests/feedserver.py (hence
LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true for the operator's feeds and the test-only
LAYOFFBOT_TEST_WORKSPACE_PRIVATE_ADDRESSES=true for the console workspace's, except where
the refusal itself is tested).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feedserver import FeedServer

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Layoffs Desk</title><link>https://desk.example/</link>
<item><title>Klarna to cut 700 customer service roles as AI assistant takes over</title>
<link>https://desk.example/klarna</link><guid>k1</guid>
<pubDate>Tue, 14 Jan 2025 08:00:00 GMT</pubDate>
<description>Klarna said its AI assistant now does the work of 700 agents.</description></item>
</channel></rss>"""

HTML = b"""<!DOCTYPE html>
<html><head><title>Layoffs Desk</title></head><body><p>Read our news.</p></body></html>"""

OPERATOR_PRIVATE_OK = {"LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true"}
PRIVATE_OK = {**OPERATOR_PRIVATE_OK, "LAYOFFBOT_TEST_WORKSPACE_PRIVATE_ADDRESSES": "true"}


def layoffbot(
    *args: str,
    tmp_path: Path,
    env: dict[str, str] | None = None,
    unset: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run `layoffbot ARGS` as a user would; `unset` drops variables from its environment."""
    full_env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    full_env = {k: v for k, v in full_env.items() if not k.startswith("LAYOFFBOT_")}
    full_env |= {
        "LAYOFFBOT_DATABASE_URL": f"sqlite:///{tmp_path}/feeds.db",
        "LAYOFFBOT_ENV_FILE": os.devnull,
        "LAYOFFBOT_DEFAULT_FEEDS": "false",
        "COLUMNS": "200",
    }
    full_env |= env or {}
    for name in unset:
        full_env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def exported(tmp_path: Path) -> str:
    """The global feed list as OPML: one line per feed, never wrapped."""
    proc = layoffbot("feeds", "export", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def one_line_refusal(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and "created a new, empty database" not in line  # said once, first time
    ]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as feeds:
        feeds.route("/feed.xml", body=RSS)
        feeds.route("/page.html", body=HTML, content_type="text/html; charset=utf-8")
        yield feeds


def dead_url() -> str:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/feed.xml"


# ------------------------------------------------------------------ feeds add checks
def test_feeds_add_refuses_an_html_page_and_adds_nothing(
    tmp_path: Path, server: FeedServer
) -> None:
    line = one_line_refusal(
        layoffbot("feeds", "add", server.url("/page.html"), tmp_path=tmp_path, env=PRIVATE_OK)
    )
    assert "HTML" in line
    assert server.url("/page.html") not in exported(tmp_path)


def test_feeds_add_refuses_a_404_and_adds_nothing(tmp_path: Path, server: FeedServer) -> None:
    line = one_line_refusal(
        layoffbot("feeds", "add", server.url("/missing.xml"), tmp_path=tmp_path, env=PRIVATE_OK)
    )
    assert "404" in line
    assert server.url("/missing.xml") not in exported(tmp_path)


def test_feeds_add_refuses_an_unreachable_host_and_a_bad_url(tmp_path: Path) -> None:
    dead = dead_url()
    line = one_line_refusal(layoffbot("feeds", "add", dead, tmp_path=tmp_path, env=PRIVATE_OK))
    assert "connection refused" in line
    bad = one_line_refusal(layoffbot("feeds", "add", "not a url", tmp_path=tmp_path))
    assert "URL" in bad
    assert "<outline" not in exported(tmp_path)


def test_feeds_add_checks_a_real_feed_and_names_it_after_its_title(
    tmp_path: Path, server: FeedServer
) -> None:
    url = server.url("/feed.xml")
    proc = layoffbot("feeds", "add", url, tmp_path=tmp_path, env=PRIVATE_OK)
    assert proc.returncode == 0, proc.stderr
    assert "Added Layoffs Desk" in proc.stdout
    assert 'text="Layoffs Desk"' in exported(tmp_path)
    # Its current items are stored (silently), like the console's `feeds add`.
    klarna = layoffbot("ask", "/layoffs klarna", tmp_path=tmp_path)
    assert "700" in klarna.stdout, klarna.stdout
    again = layoffbot("feeds", "add", url, tmp_path=tmp_path, env=PRIVATE_OK)
    assert again.returncode == 0 and "Already there: Layoffs Desk" in again.stdout


def test_feeds_import_checks_each_feed_and_skips_the_broken_ones(
    tmp_path: Path, server: FeedServer
) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        f'<outline text="Good" xmlUrl="{server.url("/feed.xml")}"/>'
        f'<outline text="Page" xmlUrl="{server.url("/page.html")}"/>'
        f'<outline text="Gone" xmlUrl="{server.url("/missing.xml")}"/>'
        "</body></opml>"
    )
    proc = layoffbot("feeds", "import", str(opml), tmp_path=tmp_path, env=PRIVATE_OK)
    assert proc.returncode == 0, proc.stderr
    assert "Imported 1 new feed(s) of 3" in proc.stdout
    assert "HTML" in proc.stderr and "404" in proc.stderr
    assert "Traceback" not in proc.stderr
    listed = exported(tmp_path)
    assert server.url("/feed.xml") in listed
    assert server.url("/page.html") not in listed and server.url("/missing.xml") not in listed


def test_feeds_import_adds_the_good_feeds_of_an_opml_file_and_names_each_bad_url(
    tmp_path: Path, server: FeedServer
) -> None:
    """One outline with a URL the bot will not fetch refused the whole file ('invalid OPML:
    outline 'Local': only http:// and https://...'): nothing was imported."""
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline text="Local" xmlUrl="file:///etc/passwd"/>'
        f'<outline text="Good" xmlUrl="{server.url("/feed.xml")}"/>'
        '<outline text="Spaced" xmlUrl="http://exa mple.com/f"/>'
        "</body></opml>"
    )
    proc = layoffbot("feeds", "import", str(opml), tmp_path=tmp_path, env=PRIVATE_OK)
    assert proc.returncode == 0, proc.stderr
    assert "Imported 1 new feed(s) of 3" in proc.stdout, proc.stdout + proc.stderr
    assert "skipped outline 'Local': only http:// and https://" in proc.stderr, proc.stderr
    assert "skipped outline 'Spaced' ('http://exa mple.com/f'): " in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert server.url("/feed.xml") in exported(tmp_path)


# ------------------------------------------------------------------- ask feeds add
def test_ask_feeds_add_checks_and_adds_the_feed(tmp_path: Path, server: FeedServer) -> None:
    url = server.url("/feed.xml")
    proc = layoffbot("ask", f"/layoffs feeds add {url}", tmp_path=tmp_path, env=PRIVATE_OK)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Feed added" in proc.stdout and "Layoffs Desk" in proc.stdout
    listed = layoffbot("ask", "/layoffs feeds list", tmp_path=tmp_path)
    assert url in listed.stdout and "Layoffs Desk" in listed.stdout
    page = layoffbot(
        "ask", f"/layoffs feeds add {server.url('/page.html')}", tmp_path=tmp_path, env=PRIVATE_OK
    )
    assert page.returncode == 1 and "Feed not added" in page.stdout and "HTML" in page.stdout
    assert "Traceback" not in page.stdout + page.stderr


# --------------------------------------------------------------- failures and enable
def test_a_feed_answering_404_once_is_not_disabled_and_recovers(
    tmp_path: Path, server: FeedServer
) -> None:
    url = server.url("/feed.xml")
    assert layoffbot("feeds", "add", url, tmp_path=tmp_path, env=PRIVATE_OK).returncode == 0
    server.route("/feed.xml", status=404, body=b"not found", content_type="text/plain")
    failed = layoffbot("poll", "--once", "--all", tmp_path=tmp_path, env=PRIVATE_OK)
    assert failed.returncode == 0, failed.stderr
    assert "error: HTTP 404" in failed.stdout and "disabled" not in failed.stdout
    server.route("/feed.xml", body=RSS.replace(b"</channel>", NEW_ITEM + b"</channel>"))
    recovered = layoffbot("poll", "--once", "--all", tmp_path=tmp_path, env=PRIVATE_OK)
    assert "Layoffs Desk: 1 new item" in recovered.stdout, recovered.stdout
    listed = layoffbot("feeds", "list", tmp_path=tmp_path)
    assert "ok" in listed.stdout and "failing" not in listed.stdout


NEW_ITEM = b"""<item><title>Duolingo cuts 10% of contractors as AI takes over translation</title>
<link>https://desk.example/duolingo</link><guid>d1</guid>
<pubDate>Wed, 15 Jan 2025 08:00:00 GMT</pubDate>
<description>Duolingo is replacing contractors with AI.</description></item>"""


def test_feeds_enable_brings_back_a_disabled_feed(tmp_path: Path, server: FeedServer) -> None:
    url = server.url("/feed.xml")
    assert layoffbot("feeds", "add", url, tmp_path=tmp_path, env=PRIVATE_OK).returncode == 0
    not_disabled = layoffbot("feeds", "enable", url, tmp_path=tmp_path)
    assert not_disabled.returncode == 0 and "already enabled" in not_disabled.stdout
    server.route("/feed.xml", status=410, body=b"gone", content_type="text/plain")
    gone = layoffbot("poll", "--once", "--all", tmp_path=tmp_path, env=PRIVATE_OK)
    assert "disabled" in gone.stdout and "410" in gone.stdout
    server.route("/feed.xml", body=RSS)
    enabled = layoffbot("feeds", "enable", url, tmp_path=tmp_path)
    assert enabled.returncode == 0, enabled.stderr
    assert "Enabled Layoffs Desk" in enabled.stdout
    # Due at once: a plain poll (no --all) fetches it.
    polled = layoffbot("poll", "--once", tmp_path=tmp_path, env=PRIVATE_OK)
    assert "Layoffs Desk: 0 new items" in polled.stdout, polled.stdout
    unknown = layoffbot("feeds", "enable", "https://nowhere.example/x.xml", tmp_path=tmp_path)
    assert unknown.returncode == 1 and "No such feed" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_ask_feeds_enable_brings_back_a_disabled_workspace_feed(
    tmp_path: Path, server: FeedServer
) -> None:
    url = server.url("/feed.xml")
    added = layoffbot("ask", f"/layoffs feeds add {url}", tmp_path=tmp_path, env=PRIVATE_OK)
    assert added.returncode == 0, added.stdout
    server.route("/feed.xml", status=410, body=b"gone", content_type="text/plain")
    layoffbot("poll", "--once", "--all", tmp_path=tmp_path, env=PRIVATE_OK)
    listed = layoffbot("ask", "/layoffs feeds list", tmp_path=tmp_path).stdout
    assert "disabled" in listed and f"(enable it: /layoffs feeds enable {url})" in listed
    server.route("/feed.xml", body=RSS)
    enabled = layoffbot("ask", f"/layoffs feeds enable {url}", tmp_path=tmp_path)
    assert enabled.returncode == 0 and "Feed enabled" in enabled.stdout, enabled.stdout
    again = layoffbot("ask", f"/layoffs feeds enable {url}", tmp_path=tmp_path)
    assert again.returncode == 0 and "Feed already enabled" in again.stdout, again.stdout
    assert "enable <url>" in layoffbot("ask", "/layoffs help", tmp_path=tmp_path).stdout


# ------------------------------------------------------------------ private addresses
def test_a_private_feed_address_is_refused_naming_the_setting_not_the_address(
    tmp_path: Path, server: FeedServer
) -> None:
    url = f"http://localhost:{server.port}/feed.xml"
    line = one_line_refusal(layoffbot("feeds", "add", url, tmp_path=tmp_path))
    assert "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true" in line
    assert "127.0.0.1" not in line and "::1" not in line
    asked = layoffbot("ask", f"/layoffs feeds add {url}", tmp_path=tmp_path)
    shown = " ".join(asked.stdout.split())
    assert "the console's feeds must be on the public internet" in shown, asked.stdout
    # Whoever types at the console runs the bot: told how to add an internal feed of theirs.
    assert "set LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true and add it with layoffbot feeds add" in shown
    assert "127.0.0.1" not in asked.stdout and "::1" not in asked.stdout


def test_the_operators_private_address_setting_opens_no_workspaces_feeds(
    tmp_path: Path, server: FeedServer
) -> None:
    """Trial 14: an operator who set LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true for one internal
    feed of theirs let every workspace's `feeds add` reach 127.0.0.1 and 169.254.169.254.
    Now the operator's feed is added; the console workspace's is refused, and its already
    listed feed is refused when polled."""
    server.route("/feed.xml", body=RSS)
    url = server.url("/feed.xml")
    mine = layoffbot("feeds", "add", url, tmp_path=tmp_path, env=OPERATOR_PRIVATE_OK)
    assert mine.returncode == 0, mine.stdout + mine.stderr
    asked = layoffbot(
        "ask",
        f"/layoffs feeds add {server.url('/other.xml')}",
        tmp_path=tmp_path,
        env=OPERATOR_PRIVATE_OK,
    )
    shown = " ".join(asked.stdout.split())
    assert asked.returncode == 1 and "Feed not added" in shown, asked.stdout + asked.stderr
    assert "refused: 127.0.0.1 is a loopback address: the console's feeds must be" in shown
    # Whoever types at the console runs the bot (a Slack manager is told no setting:
    # test_e2e_tenancy::test_a_workspace_manager_cannot_add_a_private_feed_...).
    assert "layoffbot feeds add" in shown
    assert server.requests_for("/other.xml") == []
    # A workspace's feed listed before (added with the setting on) is refused when polled.
    server.route("/old.xml", body=RSS)
    old = server.url("/old.xml")
    listed = layoffbot("ask", f"/layoffs feeds add {old}", tmp_path=tmp_path, env=PRIVATE_OK)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    polled = layoffbot("poll", "--once", "--all", tmp_path=tmp_path, env=OPERATOR_PRIVATE_OK)
    assert polled.returncode == 0, polled.stdout + polled.stderr
    assert len(server.requests_for("/old.xml")) == 1  # the add's fetch only
    assert len(server.requests_for("/feed.xml")) == 2  # the operator's: add and poll
    shown = " ".join(layoffbot("ask", "/layoffs feeds list", tmp_path=tmp_path).stdout.split())
    # In the console's words, as the refusal to add said it (it said "this workspace's").
    assert "disabled: refused: 127.0.0.1 is a loopback address: the console's feeds" in shown


# --------------------------------------------------------------------- default feeds
def test_a_database_created_without_default_feeds_never_gets_them(tmp_path: Path) -> None:
    created = layoffbot("feeds", "list", tmp_path=tmp_path)  # LAYOFFBOT_DEFAULT_FEEDS=false
    assert created.returncode == 0, created.stderr
    later = layoffbot("feeds", "export", tmp_path=tmp_path, unset=("LAYOFFBOT_DEFAULT_FEEDS",))
    assert later.returncode == 0, later.stderr
    assert "<outline" not in later.stdout


def test_a_new_database_gets_the_default_feeds_once(tmp_path: Path) -> None:
    first = layoffbot("feeds", "export", tmp_path=tmp_path, unset=("LAYOFFBOT_DEFAULT_FEEDS",))
    assert "news.google.com" in first.stdout
    url = next(
        line.split('xmlUrl="', 1)[1].split('"', 1)[0]
        for line in first.stdout.splitlines()
        if "xmlUrl=" in line
    )
    assert (
        layoffbot("feeds", "remove", url.replace("&amp;", "&"), tmp_path=tmp_path).returncode == 0
    )
    again = layoffbot("feeds", "export", tmp_path=tmp_path, unset=("LAYOFFBOT_DEFAULT_FEEDS",))
    assert url not in again.stdout


def test_a_workspace_adds_at_most_max_feeds_of_its_own_and_a_full_list_fetches_nothing(
    tmp_path: Path, server: FeedServer
) -> None:
    """There was no limit: anyone who made a server of their own (its manager) could have
    the bot poll any number of URLs every 15 minutes, 15 MiB each."""
    env = {**PRIVATE_OK, "LAYOFFBOT_MAX_FEEDS": "2"}
    for path in ("/one.xml", "/two.xml", "/three.xml"):
        server.route(path, body=RSS)
    for path in ("/one.xml", "/two.xml"):
        added = layoffbot(
            "ask", f"/layoffs feeds add {server.url(path)}", tmp_path=tmp_path, env=env
        )
        assert added.returncode == 0 and "Feed added" in added.stdout, added.stdout + added.stderr
    full = layoffbot(
        "ask", f"/layoffs feeds add {server.url('/three.xml')}", tmp_path=tmp_path, env=env
    )
    assert full.returncode == 1, full.stdout + full.stderr
    assert "Feed not added" in full.stdout, full.stdout
    assert "reads 2 feeds of its own, the most allowed (2)" in full.stdout, full.stdout
    assert "/layoffs feeds remove <url>" in full.stdout, full.stdout
    assert server.requests_for("/three.xml") == []
    listed = layoffbot("ask", "/layoffs feeds list", tmp_path=tmp_path)
    assert server.url("/three.xml") not in listed.stdout
    # The operator's own list is not capped.
    operator = layoffbot("feeds", "add", server.url("/three.xml"), tmp_path=tmp_path, env=env)
    assert operator.returncode == 0, operator.stderr


def test_feeds_list_shows_brackets_in_names_and_workspaces_as_text(
    tmp_path: Path, server: FeedServer
) -> None:
    """Rich reads `[...]` in a table cell as markup: a workspace's tag vanished and a feed
    titled with `[/b]` stopped `feeds list` with a markup error."""
    server.route("/odd.xml", body=RSS.replace(b"Layoffs Desk", b"Desk [/b] [bold]AI[/bold]"))
    odd = layoffbot("feeds", "add", server.url("/odd.xml"), tmp_path=tmp_path, env=PRIVATE_OK)
    assert odd.returncode == 0, odd.stdout + odd.stderr
    own = layoffbot(
        "ask", f"/layoffs feeds add {server.url('/feed.xml')}", tmp_path=tmp_path, env=PRIVATE_OK
    )
    assert own.returncode == 0, own.stdout
    listed = layoffbot("feeds", "list", tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "Desk [/b] [bold]AI[/bold]" in listed.stdout
    assert "Layoffs Desk [console:local]" in listed.stdout
