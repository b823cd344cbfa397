"""A new user's rough edges (session 20's trial), through the real `layoffbot` process:
trends with nothing to chart, the operator's feeds at the operator's own console, `clear`
typed at the prompt."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import bot_env, cli_ok


def test_trends_on_a_fresh_install_say_so_in_a_line_and_save_no_chart(tmp_path: Path) -> None:
    env = bot_env(tmp_path)
    said = cli_ok(env, tmp_path, "ask", "/layoffs trends 90d")
    assert "No AI-attributed layoffs or hiring freezes recorded in the last 90 days yet." in said
    assert "chart" not in said, said
    assert not (tmp_path / "charts").exists()
