"""A chart folder the bot cannot write (LAYOFFBOT_CHART_DIR under a file, a read-only
disk), seen from the real process. Found by trying the bot as a user: the trends reply
was printed, then "Sorry, that failed: [Errno 20] Not a directory" in the console, and a
traceback from `layoffbot ask`.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e import BotTerminal, assert_no_traceback, bot_env, cli


def _unwritable_chart_dir(tmp_path: Path) -> str:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the chart folder would go\n")
    return str(blocker / "charts")


def test_console_trends_with_an_unwritable_chart_folder_says_where_and_why(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_CHART_DIR=_unwritable_chart_dir(tmp_path))
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        shown = term.command("/layoffs trends", until="LAYOFFBOT_CHART_DIR", timeout=30)
        assert "Sorry" not in shown, shown
        assert "chart not saved" in shown, shown
        after = term.reply("/layoffs help")  # the prompt goes on
        assert "/layoffs latest" in after, after
        term.ctrl_c()
        assert term.wait(15) == 0
    finally:
        term.close()
    assert_no_traceback(term.output)


def test_ask_trends_with_an_unwritable_chart_folder_prints_the_reply_and_one_line(
    tmp_path: Path,
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_CHART_DIR=_unwritable_chart_dir(tmp_path))
    done = cli("ask", "/layoffs trends", tmp_path=tmp_path, env=env)
    assert_no_traceback(done.stdout + done.stderr)
    assert "AI-attributed job cuts" in done.stdout
    assert "LAYOFFBOT_CHART_DIR" in done.stdout + done.stderr
