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
