"""Session 19's leftovers and a new user's first hour, each through the real `layoffbot`
process: the digest times the help names, `feeds import` of nothing usable, full-width
links and stored full-width words, how a new database is announced, `ask` without quotes,
`feeds add` of several feeds (and Ctrl-C in it), a poll with no feed, the settings of a
digest never turned on, the console's kind words, and Ctrl-C in the first `db upgrade`
(unit level: tests/test_polish_19.py)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import (
    BotTerminal,
    assert_no_traceback,
    bot_env,
    bot_process,
    cli,
    closed_port,
    news_item,
    patience,
    rss,
)
from tests.feedserver import FeedServer


def test_the_help_says_the_digest_times_people_type(tmp_path: Path) -> None:
    """The help and usage said `digest on [HH:MM]` though '8am', '5:30pm' and 'noon' are
    taken (and the README said so further on)."""
    env = bot_env(tmp_path)
    shown = cli("ask", "/layoffs help", tmp_path=tmp_path, env=env)
    assert "/layoffs digest on [time] [timezone]" in shown.stdout, shown.stdout
    assert "a time like 08:30, 8am, 5:30pm or noon" in shown.stdout, shown.stdout
    wrong = cli("ask", "/layoffs digest on 25:00", tmp_path=tmp_path, env=env)
    assert "Usage: /layoffs digest on [time] [timezone]" in wrong.stdout, wrong.stdout
    for said in (shown, wrong):
        assert "HH:MM" not in said.stdout, said.stdout
        assert_no_traceback(said.stdout + said.stderr)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "digest on [HH:MM]" not in readme and "digest on [time] [timezone]" in readme


def _opml(tmp_path: Path, name: str, *outlines: tuple[str, str]) -> Path:
    path = tmp_path / name
    body = "".join(f'<outline text="{text}" xmlUrl="{url}"/>' for text, url in outlines)
    path.write_text(
        f'<opml version="2.0"><body><outline text="News">{body}</outline></body></opml>'
    )
    return path


def test_feeds_import_of_no_usable_feed_fails_and_says_so(tmp_path: Path) -> None:
    """`layoffbot feeds import FILE` exited 0 ("Imported 0 new feed(s) of 2; 2 skipped.")
    when it skipped every outline, and for a file naming no feed: `&&` went on as if the
    feeds were in. Some imported, or all already in the list: still 0."""
    env = bot_env(tmp_path)
    dead = f"http://127.0.0.1:{closed_port()}/feed.xml"
    with FeedServer() as server:
        item = news_item("Acme cuts 100 jobs", "acme", "Acme cut 100 jobs.", datetime.now(UTC))
        server.route("/feed.xml", body=rss("Desk", [item]))
        good = server.url("/feed.xml")
        skipped = _opml(tmp_path, "bad.opml", ("Local", "file:///etc/passwd"), ("Dead", dead))
        bad = cli("feeds", "import", skipped.name, tmp_path=tmp_path, env=env)
        folders = _opml(tmp_path, "folders.opml")
        empty = cli("feeds", "import", folders.name, tmp_path=tmp_path, env=env)
        mixed = _opml(tmp_path, "mixed.opml", ("Good", good), ("Dead", dead))
        some = cli("feeds", "import", mixed.name, tmp_path=tmp_path, env=env)
        again = cli("feeds", "import", mixed.name, tmp_path=tmp_path, env=env)
        only_there = _opml(tmp_path, "there.opml", ("Good", good))
        done = cli("feeds", "import", only_there.name, tmp_path=tmp_path, env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Nothing imported from bad.opml: every feed in it was skipped" in bad.stderr, bad.stderr
    assert empty.returncode == 1, empty.stdout + empty.stderr
    assert "Nothing imported from folders.opml: it names no feed" in empty.stderr, empty.stderr
    assert some.returncode == 0 and "Imported 1 new feed(s) of 2; 1 skipped." in some.stdout
    assert again.returncode == 1, again.stdout + again.stderr
    assert "1 already in the list, the other 1 skipped" in again.stderr, again.stderr
    assert done.returncode == 0 and "Imported 0 new feed(s) of 1; 1 already" in done.stdout
    for said in (bad, empty, some, again, done):
        assert_no_traceback(said.stdout + said.stderr)


def test_why_and_search_read_full_width_links_and_stored_words(tmp_path: Path) -> None:
    """`why ｈｔｔｐｓ：／／…` was "not a link" though `search ＡＩ` read as AI; and a story
    whose feed wrote 'ｐｉｃｋｅｒｓ' was found by no `search pickers` (nor `search ｐｉｃｋｅｒｓ`)."""
    env = bot_env(tmp_path)
    now = datetime.now(UTC)
    item = news_item(
        "Ａｃｍｅ Ｌｏｇｉｓｔｉｃｓ cuts 500 warehouse jobs as AI robots take over",
        "acme",
        "Ａｃｍｅ Ｌｏｇｉｓｔｉｃｓ said ｒｏｂｏｔｓ replace 500 ｐｉｃｋｅｒｓ.",
        now,
    )
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss("Desk", [item]))
    tagged = cli("tag", str(feed), tmp_path=tmp_path, env=env)
    assert tagged.returncode == 0, tagged.stderr
    link = str(item["link"])
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in link)
    why = cli("ask", f"/layoffs why {wide}", tmp_path=tmp_path, env=env)
    assert "== Why ==" in why.stdout and "cuts 500 warehouse jobs" in why.stdout, why.stdout
    for typed in ("pickers", "ｐｉｃｋｅｒｓ"):
        found = cli("ask", f"/layoffs search {typed}", tmp_path=tmp_path, env=env)
        assert "1 story matching" in found.stdout, found.stdout + found.stderr
    for said in (why, found):
        assert_no_traceback(said.stdout + said.stderr)


def test_a_new_database_is_announced_with_the_setting_that_chose_it(tmp_path: Path) -> None:
    """A new database named by LAYOFFBOT_DATABASE_URL was announced "(LAYOFFBOT_DATABASE_URL
    names another)", as if the setting named some other database."""
    env = bot_env(tmp_path)
    named = cli("feeds", "list", tmp_path=tmp_path, env=env)
    assert named.returncode == 0, named.stderr
    assert f"created a new, empty database at {tmp_path / 'bot.db'}, the file " in named.stderr
    assert "LAYOFFBOT_DATABASE_URL names (check that path" in named.stderr, named.stderr
    default = {k: v for k, v in env.items() if k != "LAYOFFBOT_DATABASE_URL"}
    fresh = cli("feeds", "list", tmp_path=tmp_path, env=default)
    assert fresh.returncode == 0, fresh.stderr
    created = tmp_path / "data" / "layoffbot.db"
    assert f"created a new, empty database at {created} (set LAYOFFBOT_DATABASE_URL to use" in (
        fresh.stderr
    ), fresh.stderr
    assert "names another" not in named.stderr + fresh.stderr


def test_ask_takes_a_command_typed_without_quotes(tmp_path: Path) -> None:
    """`layoffbot ask latest 10` (or `ask help digest`) was refused by the argument parser:
    "Got unexpected extra argument(s) (10)"; only `layoffbot ask "latest 10"` ran."""
    env = bot_env(tmp_path)
    feed = tmp_path / "feed.xml"
    now = datetime.now(UTC)
    feed.write_bytes(
        rss("Desk", [news_item("Klarna cuts 700 jobs as AI takes over", "k", "Klarna cut.", now)])
    )
    assert cli("tag", str(feed), tmp_path=tmp_path, env=env).returncode == 0
    bare = cli("ask", "/layoffs", "latest", "1", tmp_path=tmp_path, env=env)
    quoted = cli("ask", "/layoffs latest 1", tmp_path=tmp_path, env=env)
    assert bare.returncode == 0, bare.stdout + bare.stderr
    assert bare.stdout == quoted.stdout and "== Latest 1 story ==" in bare.stdout, bare.stdout
    searched = cli("ask", "search", "klarna", "jobs", tmp_path=tmp_path, env=env)
    assert "1 story matching “klarna jobs”" in searched.stdout, searched.stdout
    for said in (bare, quoted, searched):
        assert_no_traceback(said.stdout + said.stderr)


def test_feeds_add_takes_several_feeds_as_remove_and_enable_do(tmp_path: Path) -> None:
    """`layoffbot feeds add URL1 URL2` was refused ("Got unexpected extra argument(s)")
    while `feeds remove` and `enable`, and chat's `/layoffs feeds add`, took several."""
    env = bot_env(tmp_path)
    item = news_item("Acme cuts 100 jobs as AI takes over", "acme", "Acme cut.", datetime.now(UTC))
    with FeedServer() as server:
        server.route("/a.xml", body=rss("Desk A", [item]))
        server.route("/b.xml", body=rss("Desk B", [item]))
        server.route("/page.html", body=b"<html><body>Hi</body></html>", content_type="text/html")
        a, b, page = (server.url(p) for p in ("/a.xml", "/b.xml", "/page.html"))
        both = cli("feeds", "add", a, page, b, tmp_path=tmp_path, env=env)
        again = cli("feeds", "add", a, b, tmp_path=tmp_path, env=env)
        named = cli("feeds", "add", a, b, "--name", "Desk", tmp_path=tmp_path, env=env)
    assert both.returncode == 1, both.stdout + both.stderr  # the page is no feed
    assert both.stdout == f"Added Desk A ({a})\nAdded Desk B ({b})\n", both.stdout
    assert f"cannot add {page}: not a feed" in both.stderr, both.stderr
    assert again.returncode == 0 and again.stdout.count("Already there") == 2, again.stdout
    assert named.returncode == 2, named.stdout + named.stderr
    assert "--name names one feed: add the others without it" in named.stderr, named.stderr
    listed = cli("feeds", "list", tmp_path=tmp_path, env=env).stdout
    assert "Desk A" in listed and "Desk B" in listed and "Desk\n" not in listed, listed
    for said in (both, again, named):
        assert_no_traceback(said.stdout + said.stderr)


def test_a_poll_with_no_feed_at_all_says_how_to_add_one(tmp_path: Path) -> None:
    """`layoffbot poll --once` on a list with no feed said "No feed is due. (Use --all to
    poll every feed now.)", and `poll --all` said the same again."""
    env = bot_env(tmp_path)
    for args in (("--once",), ("--once", "--all")):
        done = cli("poll", *args, tmp_path=tmp_path, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout == (
            "No feeds to poll yet: add one with layoffbot feeds add URL (or feeds import OPML).\n"
        ), done.stdout
        assert_no_traceback(done.stdout + done.stderr)


def test_digest_settings_of_a_digest_never_turned_on_say_how_to_turn_it_on(
    tmp_path: Path,
) -> None:
    """After `digest now` alone, `digest settings` said "Daily digest: off ... Changed by
    console": nobody had changed anything, and nothing said how to turn it on."""
    env = bot_env(tmp_path)
    assert cli("ask", "/layoffs digest now", tmp_path=tmp_path, env=env).returncode == 0
    shown = cli("ask", "/layoffs digest settings", tmp_path=tmp_path, env=env)
    assert "Daily digest: off" in shown.stdout, shown.stdout
    assert "Turn it on: /layoffs digest on" in shown.stdout, shown.stdout
    assert "Changed by" not in shown.stdout, shown.stdout
    assert_no_traceback(shown.stdout + shown.stderr)


def test_ctrl_c_during_feeds_add_says_which_feeds_were_not_added(tmp_path: Path) -> None:
    """Ctrl-C while `layoffbot feeds add A B` checked B ended with "^C" alone: whether A
    was in the list, and B not, the operator could not tell."""
    env = bot_env(tmp_path)
    item = news_item("Acme cuts 100 jobs as AI takes over", "acme", "Acme cut.", datetime.now(UTC))
    with FeedServer() as server:
        server.route("/fast.xml", body=rss("Fast", [item]))
        server.route("/slow.xml", body=rss("Slow", [item]), delay=60)
        fast, slow = server.url("/fast.xml"), server.url("/slow.xml")
        term = BotTerminal("feeds", "add", fast, slow, tmp_path=tmp_path, env=env)
        try:
            term.expect(f"Added Fast ({fast})", timeout=60)
            deadline = time.monotonic() + patience(30)
            while not server.requests_for("/slow.xml"):
                assert time.monotonic() < deadline, "the slow feed was never asked for"
                time.sleep(0.1)
            term.ctrl_c()
            assert term.wait(10) == 130
        finally:
            term.close()
    said = " ".join(term.output.split())
    assert f"Stopped by Ctrl-C: not added: {slow} (run layoffbot feeds add again" in said, said
    assert_no_traceback(term.output)
    assert "KeyboardInterrupt" not in term.output, term.output


def test_the_consoles_new_story_lines_say_hiring_freeze_as_replies_do(tmp_path: Path) -> None:
    """The console's line for a new story said the kind as stored: "[new] AI hiring_freeze
    IBM: ...", where every reply says "Hiring freeze"."""
    from bot.store import Store

    env = bot_env(tmp_path)
    now = datetime.now(UTC)
    items = [
        news_item("IBM pauses hiring for 7,800 roles AI could replace", "ibm",
                  "IBM said about 7,800 back-office roles could be replaced by AI.", now),
        news_item("Klarna cuts 700 jobs as AI assistant takes over", "klarna",
                  "Klarna said its AI assistant does the work of 700 agents.", now),
    ]  # fmt: skip
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Desk", items))
        store = Store.open(env["LAYOFFBOT_DATABASE_URL"])
        try:  # a feed never polled, as the default feeds are on a new database
            store.seed_default_feeds([(server.url("/feed.xml"), "Desk")])
        finally:
            store.close()
        with bot_process(tmp_path, env, "run", "--console") as bot:
            bot.wait_for_lines(r"\[new\] .*Klarna", timeout=60)
            bot.wait_for_lines(r"\[new\] .*IBM", timeout=30)
            bot.stop()
    assert "[new] AI hiring freeze IBM: IBM pauses hiring" in bot.output, bot.output
    assert "[new] AI layoff        Klarna (700 jobs): Klarna cuts" in bot.output, bot.output
    assert "hiring_freeze" not in bot.output, bot.output
    assert_no_traceback(bot.output)


def test_ctrl_c_in_the_first_db_upgrade_never_leaves_a_database_without_default_feeds(
    tmp_path: Path,
) -> None:
    """`make run`'s first `db upgrade` stopped by Ctrl-C just after "created a new, empty
    database" left the default feeds claimed and none added: every later start polled no
    feed ("There are no feeds to read"), for good."""
    from feeds.sources import DEFAULT_FEEDS

    for attempt in range(3):
        here = tmp_path / str(attempt)
        here.mkdir()
        env = bot_env(here, LAYOFFBOT_DEFAULT_FEEDS="true")
        term = BotTerminal("db", "upgrade", tmp_path=here, env=env)
        try:
            term.expect("created a new, empty database", timeout=60)
            time.sleep(0.02 * attempt)
            term.ctrl_c()
            term.wait(10)
        finally:
            term.close()
        assert_no_traceback(term.output)
        again = cli("db", "upgrade", tmp_path=here, env=env)
        assert again.returncode == 0, again.stdout + again.stderr
        listed = cli("feeds", "export", tmp_path=here, env=env).stdout
        assert listed.count("<outline ") == len(DEFAULT_FEEDS), (attempt, listed)
