"""Trial, session 17: rough edges a new user and a careless admin found, each driven
through a real `layoffbot` process (console at a pty, `layoffbot ask`, or the fake Slack)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import (
    BotProcess,
    BotTerminal,
    assert_no_traceback,
    bot_env,
    bots,
    cli,
    news_item,
    patience,
    rss,
    tag_items,
)
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_slack import connected_bot, says

__all__ = ["bots"]  # a fixture, used by name

NOW = datetime.now(UTC)


def test_feeds_add_with_a_note_after_the_address_names_the_words_that_are_no_address(
    tmp_path: Path,
) -> None:
    """`feeds add URL my feed` said "`feeds add` takes one feed address; got 3 words",
    though it takes up to 5: the user read that a second address would be refused."""
    done = cli("ask", "/layoffs feeds add https://news.example/rss my feed", tmp_path=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr  # a command to fix
    assert "“my”, “feed” are not feed addresses" in done.stdout, done.stdout
    assert "up to 5" in done.stdout and "takes one feed address" not in done.stdout, done.stdout
    assert_no_traceback(done.stdout + done.stderr)


def test_here_typed_twice_at_the_console_follows_the_company_not_company_here(
    tmp_path: Path,
) -> None:
    """`subscribe Amazon here here` (a word typed twice) followed a company "Amazon here",
    whose alerts never come."""
    term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        followed = term.reply("/layoffs subscribe Amazon here here")
        answer = followed.split("\n", 1)[1]  # past the line typed
        assert "== Following Amazon ==" in answer, followed
        assert "Amazon here here" not in answer and "Did you mean" not in answer, followed
        listed = term.reply("/layoffs subscriptions")
        assert "• Amazon\n" in listed and "• Amazon here" not in listed, listed
        stopped = term.reply("/layoffs unsubscribe Amazon here here")
        assert "Unsubscribed from Amazon" in stopped, stopped
        term.ctrl_c()
        assert term.wait(10) == 0
    finally:
        term.close()
    assert_no_traceback(term.output)


def test_slack_subscribe_to_two_companies_typed_apart_says_one_at_a_time(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """`/layoffs subscribe Amazon Google here` followed "Amazon Google" (no story ever
    names it; or Google alone, where Google had stories): the channel heard of neither
    company, or only of one, and nothing said so."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)

        refused = says(slack, "subscribe Amazon Google here")
        assert "One company at a time" in refused, refused
        assert "/layoffs subscribe Amazon here, then /layoffs subscribe Google here" in refused
        listed = says(slack, "subscriptions")
        assert "Amazon" not in listed and "Google" not in listed, listed
        assert "Following Microsoft" in says(slack, "subscribe Microsoft LinkedIn here")
        bot.stop()
    assert_no_traceback(bot.stderr + bot.stdout)


def test_ctrl_c_during_feeds_import_says_what_was_added_and_that_it_can_be_run_again(
    tmp_path: Path, server: FeedServer
) -> None:
    """Ctrl-C during `layoffbot feeds import` (a few hundred feeds take minutes) ended
    with "^C" alone: whether any feed was added, and whether running the import again
    would add them twice, the operator could not tell."""
    server.route("/fast.xml", body=rss("Fast", [news_item("Acme news", "a", "", NOW)]))
    server.route("/slow.xml", body=rss("Slow", [news_item("Other news", "b", "", NOW)]), delay=60)
    outlines = "".join(
        f'<outline type="rss" text="{name}" xmlUrl="{server.url(f"/{name}.xml")}?n={n}"/>'
        for n, name in enumerate(("fast", "slow", "slow"))
    )
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    env = bot_env(tmp_path)
    term = BotTerminal("feeds", "import", "feeds.opml", tmp_path=tmp_path, env=env)
    try:
        term.expect("Checking 3 feed(s)", timeout=60)
        deadline = time.monotonic() + patience(30)
        while "fast" not in cli("feeds", "list", tmp_path=tmp_path, env=env).stdout:
            assert time.monotonic() < deadline, "the fast feed was never added"
            time.sleep(0.2)
        term.ctrl_c()
        assert term.wait(10) == 130
    finally:
        term.close()
    said = " ".join(term.output.split())  # one line, however the terminal wrapped it
    assert "Stopped: 1 of 3 new feed(s) added before Ctrl-C; they stay." in said, said
    assert "Run layoffbot feeds import feeds.opml again to check the other 2" in said, said
    assert_no_traceback(term.output)
    assert "KeyboardInterrupt" not in term.output, term.output


def test_an_operator_feed_with_no_title_shows_workspaces_no_secret_from_its_address(
    tmp_path: Path, bots: list[BotProcess], server: FeedServer
) -> None:
    """An operator's feed whose channel has no title was named by its whole address: a
    workspace's `feeds list` hid the query string (?api_key=...) in the address and
    showed it in the name, and `why` said "from the feed https://...?api_key=..."."""
    story = news_item("Acme cuts 300 jobs as AI takes over support", "acme", "AI.", NOW)
    server.route("/untitled.xml", body=rss("", [story]))
    env = bot_env(tmp_path)
    added = cli(
        "feeds", "add", server.url("/untitled.xml") + "?api_key=S3CRET", env=env, tmp_path=tmp_path
    )
    assert added.returncode == 0 and "S3CRET" in added.stdout, added.stdout + added.stderr
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)

        listed = says(slack, "feeds list")
        assert "untitled.xml?…" in listed and "S3CRET" not in listed, listed
        why = says(slack, "why https://news.example/acme")
        assert "from the feed" in why and "untitled.xml?…" in why, why
        assert "S3CRET" not in why, why
        bot.stop()
    assert_no_traceback(bot.stderr + bot.stdout)


def test_up_arrow_then_enter_at_the_console_is_not_looked_up_as_a_company(tmp_path: Path) -> None:
    """The prompt has no line editing: Up (to repeat a command) then Enter sent "\\x1b[A",
    answered "No stories yet about [A"; Left to fix a typo ran "tiktok [D [D"."""
    term = BotTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        for keys in ("\x1b[A", "/layoffs tiktok\x1b[D\x1b[D"):
            said = term.command(keys, "Type the command again in full")
            assert "No stories yet" not in said and "[A ==" not in said, said
        assert "== /layoffs: AI-driven layoffs" in term.reply("/layoffs help")
        term.ctrl_c()
        assert term.wait(10) == 0
    finally:
        term.close()
    assert "No stories yet about" not in term.output, term.output
    assert_no_traceback(term.output)


def test_a_search_with_a_common_word_in_it_finds_what_it_finds_without(tmp_path: Path) -> None:
    """On SQLite (`make run`'s database) `search jobs or` and `search layoffs at the`
    found nothing, and `search AI and jobs` fewer stories than `search AI jobs`: every
    word was required, "or" and "the" too. PostgreSQL drops such words."""
    tag_items(
        tmp_path,
        [
            ("k", "Wed, 02 Jul 2025 13:20", "Klarna to cut 2,000 jobs as AI handles support", "S."),
            ("g", "Wed, 02 Jul 2025 14:20", "Globex cuts 300 call-centre jobs citing AI", "More."),
        ],
    )
    env = bot_env(tmp_path)
    for typed, without in (("jobs or", "jobs"), ("AI and jobs", "AI jobs")):
        found = cli("ask", f"/layoffs search {typed}", tmp_path=tmp_path, env=env)
        plain = cli("ask", f"/layoffs search {without}", tmp_path=tmp_path, env=env)
        assert found.returncode == 0, found.stdout + found.stderr
        assert f"== 2 stories matching “{typed}” ==" in found.stdout, found.stdout
        assert found.stdout.split("\n", 1)[1] == plain.stdout.split("\n", 1)[1], found.stdout
        assert_no_traceback(found.stdout + found.stderr)
