"""Trial, session 17: rough edges a new user and a careless admin found, each driven
through a real `layoffbot` process (console at a pty, `layoffbot ask`, or the fake Slack)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import BotTerminal, assert_no_traceback, bot_env, bots, cli

__all__ = ["bots"]  # a fixture, used by name


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
