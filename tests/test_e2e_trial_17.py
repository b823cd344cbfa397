"""Trial, session 17: rough edges a new user and a careless admin found, each driven
through a real `layoffbot` process (console at a pty, `layoffbot ask`, or the fake Slack)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import assert_no_traceback, bots, cli

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
