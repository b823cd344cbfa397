"""What the real `layoffbot` process leaves on disk, seen by another account on the machine.

Session 12's attack: the SQLite database holds every feed URL (their `?token=...` query
strings included), each workspace's own feeds and who follows what, and a new one was
made 0644 in a 0755 folder, readable by every local account; and a chart, and the run
lock, were written through a symlink planted under their predictable names. Each test
failed before its fix.
"""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import BotProcess, bot_env, bots, cli, news_item, rss
from tests.e2e_filed import file_an_ai_story
from tests.feedserver import FeedServer

__all__ = ["bots"]  # a fixture, used by name

NOW = datetime.now(UTC).replace(microsecond=0)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_wal_are_readable_by_their_owner_only(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """A feed URL with a token, stored by `feeds add` and read by a running bot: the
    database folder the bot makes is 0700 and the database, its -wal and -shm are 0600."""
    state = tmp_path / "data"  # the default database, ./data/layoffbot.db
    env = {k: v for k, v in bot_env(tmp_path).items() if k != "LAYOFFBOT_DATABASE_URL"}
    story = news_item("Acme cuts 300 jobs as AI takes over", "acme", "Acme said AI.", NOW)
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Desk", [story]))
        added = cli(
            "feeds", "add", server.url("/feed.xml?token=s3cr3t"), tmp_path=tmp_path, env=env
        )
        assert added.returncode == 0, added.stdout + added.stderr
        bot = BotProcess("run", tmp_path=tmp_path, env=env)
        bots.append(bot)
        bot.wait_for(  # SQLite makes the -shm just after the -wal: wait for both
            "the -wal and -shm files",
            lambda: all((state / f"layoffbot.db-{end}").exists() for end in ("wal", "shm")),
            timeout=30,
        )
        files = sorted(state.glob("layoffbot.db*"))
        modes = {p.name: oct(_mode(p)) for p in files if not p.name.endswith(".lock")}
        bot.stop()
    assert {"layoffbot.db", "layoffbot.db-wal", "layoffbot.db-shm"} <= set(modes), modes
    assert set(modes.values()) == {"0o600"}, modes
    assert _mode(state) == 0o700, oct(_mode(state))


def test_an_existing_database_folder_and_file_keep_the_modes_their_owner_gave(
    tmp_path: Path,
) -> None:
    """The operator's own choice stands: a shared group folder is not narrowed."""
    state = tmp_path / "shared"
    state.mkdir(mode=0o750)
    state.chmod(0o750)
    db = state / "bot.db"
    db.touch()
    db.chmod(0o640)
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=f"sqlite:///{db}")
    listed = cli("feeds", "list", tmp_path=tmp_path, env=env)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert (_mode(state), _mode(db)) == (0o750, 0o640)


def test_a_chart_is_never_written_through_a_link_planted_under_its_name(tmp_path: Path) -> None:
    """Chart names are predictable (`layoffs-trends-30d-YYYYMMDD.png`): a symlink planted
    under one in the chart folder had `/layoffs trends` overwrite its target with the PNG."""
    charts = tmp_path / "charts"
    charts.mkdir()
    victim = tmp_path / "notes.txt"
    victim.write_text("mine\n")
    name = f"layoffs-trends-30d-{datetime.now(UTC):%Y%m%d}.png"
    (charts / name).symlink_to(victim)
    env = bot_env(tmp_path, LAYOFFBOT_CHART_DIR=str(charts))
    file_an_ai_story(tmp_path, env)
    done = cli("ask", "/layoffs trends", tmp_path=tmp_path, env=env)
    assert f"(chart saved to {charts / name})" in done.stdout, done.stdout + done.stderr
    assert victim.read_text() == "mine\n"
    chart = charts / name
    assert not chart.is_symlink() and chart.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in charts.iterdir()) == [name]


def test_run_never_writes_its_pid_through_a_link_planted_as_its_lock(tmp_path: Path) -> None:
    """`<database>.run.lock` was opened through a symlink and truncated: planted beside a
    database in a shared folder, it emptied any file of the bot's user. The run stops and
    says what to remove."""
    victim = tmp_path / "notes.txt"
    victim.write_text("mine\n")
    (tmp_path / "bot.db.run.lock").symlink_to(victim)
    done = cli("run", tmp_path=tmp_path, timeout=60)
    assert done.returncode != 0, done.stdout + done.stderr
    assert "bot.db.run.lock is a symbolic link" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert victim.read_text() == "mine\n"
