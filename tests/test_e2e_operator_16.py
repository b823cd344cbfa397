"""An operator's restarts and second processes, driven through the real `layoffbot`
process (session 16's upgrade and restart trial)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, bot_process


def test_a_second_run_on_one_postgresql_database_says_it_stands_by(
    tmp_path: Path, pg_schema: str
) -> None:
    # Both said "polling 2 feeds every 15 min"; only the leader polls and plans digests.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    env_a = bot_env(tmp_path / "a", LAYOFFBOT_DATABASE_URL=pg_schema)
    env_b = bot_env(tmp_path / "b", LAYOFFBOT_DATABASE_URL=pg_schema)
    with bot_process(tmp_path / "a", env_a, "run", "--no-console") as first:
        first.wait_for_lines("Ctrl-C to stop", timeout=30)
        with bot_process(tmp_path / "b", env_b, "run", "--no-console") as second:
            second.wait_for_lines("Ctrl-C to stop", timeout=30)
            assert "polling 0 feeds every 15 min" in first.stdout, first.output
            assert (
                "standing by: another layoffbot process on this database polls the feeds"
                " and plans the digests; this one answers commands and delivers, and takes"
                " over if that one stops" in second.stdout
            ), second.output
            assert "polling" not in second.stdout
    assert_no_traceback(first.output + second.output)
