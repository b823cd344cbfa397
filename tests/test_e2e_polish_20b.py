"""A new user's rough edges (session 20's trial), through the real `layoffbot` process:
trends with nothing to chart, the operator's feeds at the operator's own console, `clear`
typed at the prompt."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import BotTerminal, assert_no_traceback, bot_env, cli, cli_ok, news_item, rss
from tests.feedserver import FeedServer


def test_trends_on_a_fresh_install_say_so_in_a_line_and_save_no_chart(tmp_path: Path) -> None:
    env = bot_env(tmp_path)
    said = cli_ok(env, tmp_path, "ask", "/layoffs trends 90d")
    assert "No AI-attributed layoffs or hiring freezes recorded in the last 90 days yet." in said
    assert "chart" not in said, said
    assert not (tmp_path / "charts").exists()


def test_the_console_removes_and_enables_an_operator_feed_as_the_operator(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path)
    item = news_item("Acme cuts 100 jobs as AI takes over", "acme", "Acme cut.", datetime.now(UTC))
    with FeedServer() as server:
        server.route("/desk.xml", body=rss("Desk", [item]))
        url = server.url("/desk.xml")
        cli_ok(env, tmp_path, "feeds", "add", url)  # the operator's (global) list
        term = BotTerminal("run", tmp_path=tmp_path, env=env)
        try:
            term.expect("Ctrl-C to stop", timeout=60)
            enabled = term.reply(f"/layoffs feeds enable {url}")
            removed = term.reply(f"/layoffs feeds remove {url}")
            term.ctrl_c()
            assert term.wait(30) in (0, 130)
        finally:
            term.close()
    assert "Feed already enabled" in enabled and "the operator" not in enabled, enabled
    assert f"No longer reading {url}, one of the global feeds" in removed, removed
    listed = cli("feeds", "list", tmp_path=tmp_path, env=env)
    assert url not in listed.stdout, listed.stdout
    assert_no_traceback(term.output + listed.stdout + listed.stderr)


class _RawTerminal(BotTerminal):
    """A BotTerminal that also keeps the bytes as sent, escape sequences and all."""

    raw = b""

    def _received(self, chunk: bytes) -> None:
        self.raw += chunk
        super()._received(chunk)


def test_clear_at_the_prompt_clears_the_screen_and_slash_layoffs_clear_looks_it_up(
    tmp_path: Path,
) -> None:
    term = _RawTerminal("run", tmp_path=tmp_path, env=bot_env(tmp_path))
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        before = len(term.raw)
        helped = term.reply("clear\r/layoffs help")  # a reply after it: `clear` has run
        cleared = term.raw[before:]
        looked_up = term.reply("/layoffs clear")
        term.ctrl_c()
        assert term.wait(30) in (0, 130)
    finally:
        term.close()
    assert b"\x1b[H\x1b[2J" in cleared, cleared[-400:]
    assert "Clear" not in helped, helped  # no company looked up
    assert "/layoffs latest" in helped, helped
    assert "Clear" in looked_up, looked_up
    assert_no_traceback(term.output)
