"""Session 19's leftovers and a new user's first hour (session 20), each through the real
`layoffbot` process: commands done twice, the offline first start, the invisible
characters of what a user typed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import BotTerminal, assert_no_traceback, bot_env, cli, news_item, rss
from tests.feedserver import FeedServer


def test_a_command_done_twice_is_no_failure(tmp_path: Path) -> None:
    """`layoffbot feeds enable URL` of a feed already enabled exited 1 ("is not disabled;
    nothing to do", in red), and `/layoffs feeds enable` and `unfollow` done twice answered
    "Error: ...": a retry or a script's second run is told it holds, exit 0. A feed that
    is not in the list at all is still an error."""
    env = bot_env(tmp_path)
    item = news_item("Acme cuts 100 jobs as AI takes over", "acme", "Acme cut.", datetime.now(UTC))
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Desk", [item]))
        url = server.url("/feed.xml")
        added = cli("feeds", "add", url, tmp_path=tmp_path, env=env)
        added_again = cli("feeds", "add", url, tmp_path=tmp_path, env=env)
        enabled = cli("feeds", "enable", url, tmp_path=tmp_path, env=env)
        own = server.url("/feed.xml?own")
        in_chat = cli("ask", f"/layoffs feeds add {own}", tmp_path=tmp_path, env=env)
        chat_enabled = cli("ask", f"/layoffs feeds enable {own}", tmp_path=tmp_path, env=env)
    assert added.returncode == 0, added.stdout + added.stderr
    assert added_again.returncode == 0 and "Already there: Desk" in added_again.stdout
    assert enabled.returncode == 0, enabled.stdout + enabled.stderr
    assert f"Desk ({url}) is already enabled; nothing to do." in enabled.stdout, enabled.stdout
    assert in_chat.returncode == 0, in_chat.stdout + in_chat.stderr
    assert chat_enabled.returncode == 0, chat_enabled.stdout + chat_enabled.stderr
    assert "Feed already enabled" in chat_enabled.stdout, chat_enabled.stdout
    assert "Error" not in chat_enabled.stdout, chat_enabled.stdout
    followed = [cli("ask", "/layoffs follow IBM", tmp_path=tmp_path, env=env) for _ in "12"]
    stopped = [cli("ask", "/layoffs unfollow IBM", tmp_path=tmp_path, env=env) for _ in "12"]
    assert [r.returncode for r in followed + stopped] == [0, 0, 0, 0]
    assert "Already subscribed to IBM" in followed[1].stdout, followed[1].stdout
    assert "Not subscribed to IBM. Subscribed: nothing." in stopped[1].stdout, stopped[1].stdout
    assert "Error" not in stopped[1].stdout, stopped[1].stdout
    unknown = cli("feeds", "enable", "https://nowhere.example/x.xml", tmp_path=tmp_path, env=env)
    assert unknown.returncode == 1 and "No such feed" in unknown.stderr, unknown.stderr
    gone = cli("feeds", "remove", "https://nowhere.example/x.xml", tmp_path=tmp_path, env=env)
    assert gone.returncode == 1 and "No such feed" in gone.stderr, gone.stderr
    for said in (added, added_again, enabled, in_chat, chat_enabled, *followed, *stopped):
        assert_no_traceback(said.stdout + said.stderr)


def test_an_offline_start_says_so_once_and_recovers_by_itself(tmp_path: Path) -> None:
    """Offline, `layoffbot run` printed "could not resolve host" once per feed (15 lines for
    the default list) and never said the machine was offline; the feeds then waited out
    their backoff. One line says so; when names resolve again, every feed is read at once
    (its own detail stays in `feeds list`)."""
    offline = tmp_path / "offline"
    env = bot_env(tmp_path, LAYOFFBOT_TEST_NO_NETWORK_FILE=str(offline))
    item = news_item("Acme cuts 100 jobs as AI takes over", "acme", "Acme cut.", datetime.now(UTC))
    with FeedServer() as server:
        names = ("a", "b", "c")
        for name in names:
            server.route(f"/{name}.xml", body=rss(f"Desk {name}", [item]))
            url = server.url(f"/{name}.xml").replace("127.0.0.1", "localhost")
            assert cli("feeds", "add", url, tmp_path=tmp_path, env=env).returncode == 0
        asked = len(server.requests_for("/a.xml"))
        with sqlite3.connect(tmp_path / "bot.db") as db:  # due at the start
            db.execute("UPDATE feeds SET next_poll = NULL")
        db.close()
        offline.touch()
        term = BotTerminal("run", tmp_path=tmp_path, env=env)
        try:
            start = term.expect("You seem to be offline: none of the 3 feeds could be reached")
            term.expect("(could not resolve host localhost)", start=start - 80)
            listed = term.reply("/layoffs feeds list")
            offline.unlink()
            back = term.expect("Back online: the feeds are read again.", timeout=40)
            deadline_seen = len(server.requests_for("/a.xml"))
            term.ctrl_c()
            assert term.wait(30) in (0, 130)
        finally:
            term.close()
    assert "failing (1x): could not resolve host localhost" in listed, listed
    assert deadline_seen > asked, "the feed was not read again once the network was back"
    shown = term.output
    assert shown.count("You seem to be offline") == 1, shown
    assert "[feed]" not in shown, shown  # no line per feed
    assert back > start
    assert_no_traceback(shown)


INVISIBLE = (
    "\u00ad\u034f\u061c\u180e\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\u206a\ufeff\U000e0041\U000e007f"
)


def test_invisible_characters_typed_are_never_echoed(tmp_path: Path) -> None:
    """Bidi isolates (U+2066-U+2069, which reorder what follows them on screen), the soft
    hyphen and the tag characters typed into a command were echoed in the reply
    ('No stories yet about Ac<U+2067>me') and followed as part of a company's name. The
    reply shows what the user saw: the word without them."""
    env = bot_env(tmp_path)
    hidden = "".join(INVISIBLE)
    typed = {
        f"/layoffs Ac{hidden}me": "No stories yet about Acme",
        f"/layoffs search jo{hidden}bs": "Nothing found for “jobs”",
        f"/layoffs follow Ev{hidden}il Corp": "Following Evil Corp",
        f"/layoffs latest fi{hidden}ve": "“five” is not a number of stories",
        f"/layoffs digest on 8am Europe/Ber{hidden}lin": "every day at 08:00 (Europe/Berlin)",
    }
    for line, expected in typed.items():
        said = cli("ask", line, tmp_path=tmp_path, env=env)
        shown = said.stdout + said.stderr
        assert expected in shown, shown
        assert not [hex(ord(c)) for c in shown if c in INVISIBLE], shown
        assert_no_traceback(shown)
    listed = cli("ask", "/layoffs following", tmp_path=tmp_path, env=env).stdout
    assert "Evil Corp" in listed and not [c for c in listed if c in INVISIBLE], listed


def test_a_private_feed_added_with_the_setting_on_its_command_line_is_warned(
    tmp_path: Path,
) -> None:
    """The console refused a feed on 127.0.0.1 and said "set
    LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true and add it with layoffbot feeds add"; a new user
    set it on that command's line, the feed was added, and the running bot (without the
    setting) refused it at its next poll and disabled it. The add now says the setting
    belongs in .env; with it there, nothing to say."""
    env = bot_env(tmp_path)
    del env["LAYOFFBOT_ENV_FILE"]  # the default .env, in the folder the bot starts from
    item = news_item("Acme cuts 100 jobs as AI takes over", "acme", "Acme cut.", datetime.now(UTC))
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Desk", [item]))
        server.route("/other.xml", body=rss("Other", [item]))
        added = cli("feeds", "add", server.url("/feed.xml"), tmp_path=tmp_path, env=env)
        strict = {k: v for k, v in env.items() if "PRIVATE_ADDRESSES" not in k}
        typed = f"/layoffs feeds add {server.url('/other.xml')}"
        in_chat = cli("ask", typed, tmp_path=tmp_path, env=strict)
        (tmp_path / ".env").write_text("LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true\n")
        other = cli("feeds", "add", server.url("/other.xml"), tmp_path=tmp_path, env=env)
    assert added.returncode == 0 and "Added Desk" in added.stdout, added.stdout + added.stderr
    said = " ".join(added.stderr.split())
    assert "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES is set for this command only, not in .env" in said
    assert "Put LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true in .env" in said, said
    assert other.returncode == 0 and "Note:" not in other.stderr, other.stderr
    assert "set it in .env and restart the bot" in " ".join(in_chat.stdout.split()), in_chat.stdout


def test_removing_a_global_feed_at_the_operators_own_ask_removes_it(tmp_path: Path) -> None:
    """`/layoffs feeds remove URL` of one of the operator's feeds answered "the operator
    removes those (layoffbot feeds remove)" without the URL, which `enable` names. At
    `layoffbot ask` (the console's, the operator's own) it is now removed (session 20);
    chat still names the command in full (tests/test_polish_20b.py)."""
    env = bot_env(tmp_path)
    item = news_item("Acme cuts 100 jobs as AI takes over", "acme", "Acme cut.", datetime.now(UTC))
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Desk", [item]))
        url = server.url("/feed.xml")
        assert cli("feeds", "add", url, tmp_path=tmp_path, env=env).returncode == 0
    said = cli("ask", f"/layoffs feeds remove {url}", tmp_path=tmp_path, env=env)
    assert f"No longer reading {url}, one of the global feeds" in said.stdout, said.stdout
    assert url not in cli("feeds", "list", tmp_path=tmp_path, env=env).stdout


def test_a_poll_offline_says_what_its_errors_mean(tmp_path: Path) -> None:
    """`layoffbot poll` offline listed "could not resolve host" for every feed and left the
    reader to work out that the machine, not the feeds, was the trouble."""
    offline = tmp_path / "offline"
    env = bot_env(tmp_path, LAYOFFBOT_TEST_NO_NETWORK_FILE=str(offline))
    item = news_item("Acme cuts 100 jobs as AI takes over", "acme", "Acme cut.", datetime.now(UTC))
    with FeedServer() as server:
        for name in ("a", "b"):
            server.route(f"/{name}.xml", body=rss(f"Desk {name}", [item]))
            url = server.url(f"/{name}.xml").replace("127.0.0.1", "localhost")
            assert cli("feeds", "add", url, tmp_path=tmp_path, env=env).returncode == 0
        offline.touch()
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
        offline.unlink()
        back = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert polled.stdout.count("could not resolve host localhost") == 2, polled.stdout
    said = " ".join(polled.stderr.split())
    assert "You seem to be offline: none of the 2 feeds could be reached" in said, said
    assert "offline" not in back.stdout + back.stderr, back.stdout + back.stderr
    assert_no_traceback(polled.stdout + polled.stderr + back.stdout + back.stderr)
