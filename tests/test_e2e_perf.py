"""Performance behaviour a user can see across restarts of the real `layoffbot` process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e import bot_env, cli, rss
from tests.feedserver import FeedServer


def _items(n: int) -> list[dict[str, object]]:
    now = datetime.now(UTC)
    return [
        {
            "title": f"Orbital Freight cuts {100 + i} warehouse jobs, citing automation",
            "link": f"https://wire.example/orbital-{i}",
            "description": f"Orbital Freight said {100 + i} roles go as robots take over.",
            "published": now - timedelta(hours=n - i),
        }
        for i in range(n)
    ]


def test_a_restarted_poll_parses_only_the_items_that_changed(
    tmp_path: Path, server: FeedServer
) -> None:
    """Each `layoffbot poll` is a new process: the item fingerprints of the last poll must
    come from the database, not from memory, or every poll after a restart parses (and
    judges) the whole document again. Made visible here by items the store no longer has
    (as if pruned): a whole parse stores them again, an incremental one skips them."""
    env = bot_env(tmp_path)
    url = server.url("/news.xml")
    items = _items(5)
    server.route("/news.xml", body=rss("Wire", items[:3]))
    added = cli("feeds", "add", url, tmp_path=tmp_path, env=env)
    assert added.returncode == 0, added.stderr

    server.route("/news.xml", body=rss("Wire", items[:4]))
    first = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert "1 new item" in first.stdout

    with sqlite3.connect(tmp_path / "bot.db") as conn:  # forget the first three items
        conn.execute("DELETE FROM items WHERE link NOT LIKE '%orbital-3'")
    server.route("/news.xml", body=rss("Wire", items[:5]))
    second = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert second.returncode == 0, second.stderr
    assert "1 new item" in second.stdout, second.stdout


# Modules a command must not load unless it uses them: each costs start-up (`ask` and
# `poll --once` should feel instant).
HEAVY = (
    "lxml",
    "httpx",
    "feedparser",
    "matplotlib",
    # matplotlib imports its 3D axes to register them; a chart is 2D (bot.charts).
    # (The import that finds them blocked still prints a line for mpl_toolkits.mplot3d.)
    "mpl_toolkits.mplot3d.axes3d",
    "slack_bolt",
    "slack_sdk",
    "discord",
    "alembic",
    # Settings are read by hand (bot/config.py) and typer < 0.28 coerces without it.
    "pydantic",
    # The settings file's parser: the tests' LAYOFFBOT_ENV_FILE is /dev/null, which sets
    # nothing and needs no parsing (bot.envfile).
    "dotenv",
    "rapidfuzz",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.postgresql",
    # rich only for styled output (an error in red, a table, progress): replies and plain
    # lines are written as they are.
    "rich.console",
    "rich.progress",
    "rich.table",
    "bot.tagging",
    "bot.summarize",
    "bot.pipeline",
    "feeds.fetch",
    "feeds.parse",
    "feeds.poller",
    # Clustering and the company matcher (their tables and regexes): only to file items
    # or to look a company up.
    "bot.stories",
    "bot.headlines",
    "bot.store.batch",
    "bot.store.candidates",
    "bot.companies",
    "bot.text",
    # SQLAlchemy imports it (with email, zipfile, csv) for entry points it reads only for
    # a dialect it does not ship: a stand-in until read (bot.cli.deferred).
    "importlib.metadata",
    "email",
    # bot/data is read from next to the package (bot.companies, bot.language), not through
    # importlib.resources, which loads zipfile and tempfile.
    "importlib.resources",
    "zipfile",
)


def _imported(result_stderr: str) -> set[str]:
    """Module names from `python -X importtime` lines ('import time: self | cum | name')."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in result_stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize(
    ("args", "uses"),
    [
        # `ask help` and `db upgrade` on such a database load no store at all
        # (tests/test_cli_quick.py).
        (("ask", "latest"), set()),
        (("poll", "--once"), set()),
        (("ask", "tiktok"), {"rapidfuzz", "bot.companies", "bot.text"}),  # the company lookup
        (("feeds", "list"), {"rich.console", "rich.table"}),
        # Its chart (matplotlib reads its own data through importlib.resources); 2D: no
        # 3D axes.
        (("ask", "trends"), {"matplotlib", "importlib.resources"}),
    ],
)
def test_a_command_loads_only_the_modules_it_uses(
    tmp_path: Path, args: tuple[str, ...], uses: set[str]
) -> None:
    """Start-up is mostly imports: `ask` needs no fetcher, parser or tagger, and a poll
    with no feed due needs none of them either. Checked by module, not by the clock."""
    env = bot_env(tmp_path)
    assert cli("db", "upgrade", tmp_path=tmp_path, env=env).returncode == 0
    done = cli(*args, tmp_path=tmp_path, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode in (0, 1), done.stderr[-2000:]
    imported = _imported(done.stderr)
    assert "sqlalchemy" in imported  # the check sees imports at all
    assert sorted(imported & (set(HEAVY) - uses)) == []


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("run", "--help"),
        ("ask", "--help"),
        ("discord", "invite", "--client-id", "1" * 18),
    ],
)
def test_a_command_that_reads_no_data_loads_no_database_or_platform_library(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Help screens and the Discord invite link open no database (SQLAlchemy, the store)
    and load no chat library (discord.py alone is ~1.2 G instructions, ~0.4 s)."""
    env = bot_env(tmp_path)
    done = cli(*args, tmp_path=tmp_path, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    imported = _imported(done.stderr)
    assert "typer" in imported  # the check sees imports at all
    never = {"sqlalchemy", "bot.store", *HEAVY} - {"rich.console", "rich.table"}
    assert sorted(imported & never) == []


_AFTER_MAIN = """
import gc, sys
from bot.cli import main
sys.argv = ["layoffbot", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(gc.isenabled(), gc.get_freeze_count() > 0, gc.get_threshold()[0])
"""


@pytest.mark.parametrize("args", [("db", "upgrade"), ("ask", "help"), ("poll", "--once")])
def test_a_command_collects_garbage_again_once_the_store_is_loaded(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """The collector is paused while a command starts and its start's objects (modules,
    classes, tables) are frozen once the store is loaded, so no collection walks them
    again; what the command does next (a poll loop, `run` for days) is collected, its
    young objects every YOUNG_THRESHOLD allocations rather than CPython's 700 (#14: a cold
    poll's collections)."""
    from bot.collector import YOUNG_THRESHOLD

    env = bot_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _AFTER_MAIN, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == f"True True {YOUNG_THRESHOLD}"


def test_in_process_the_collector_is_left_alone(tmp_path: Path) -> None:
    """`store_class` freezes nothing where `main` did not pause the collector (tests, a
    program calling the commands in process)."""
    import gc

    from bot.cli.terminal import store_class

    frozen = gc.get_freeze_count()
    assert store_class().__name__ == "Store"
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


_POLL_THEN_SAY = """
import sys
from bot.cli import main
sys.argv = ["layoffbot", "poll", "--once", "--all"]
try:
    main()
except SystemExit:
    pass
print("rules loaded here:", "bot.tagging" in sys.modules)
"""


def test_a_poll_judges_new_items_in_the_worker_and_loads_no_rules_itself(
    tmp_path: Path, server: FeedServer
) -> None:
    """`poll --once` with feeds due starts the judges' worker at once and sends it every
    new item, even one: the rules' ~0.2 s of loading is then spent on the other core,
    not on the one that fetches and stores. The items are judged all the same."""
    env = bot_env(tmp_path)
    server.route("/feed.xml", body=rss("Wire", _items(2)))
    assert cli("feeds", "add", server.url("/feed.xml"), tmp_path=tmp_path, env=env).returncode == 0
    fresh = {
        "title": "Klarna to cut 700 customer service jobs as AI assistant takes over",
        "link": "https://wire.example/klarna",
        "description": "Klarna said its AI assistant now does the work of 700 agents.",
        "published": datetime.now(UTC),
    }
    server.route("/feed.xml", body=rss("Wire", [fresh, *_items(2)]))
    done = subprocess.run(
        [sys.executable, "-c", _POLL_THEN_SAY],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Wire: 1 new item" in done.stdout, done.stdout
    assert done.stdout.splitlines()[-1] == "rules loaded here: False", done.stdout
    with sqlite3.connect(tmp_path / "bot.db") as db:
        (tags,) = db.execute("SELECT tags FROM items WHERE link LIKE '%klarna'").fetchone()
    assert '"companies": ["Klarna"]' in tags and '"headcount": 700' in tags, tags
