"""Opening the database as a user meets it: the real `layoffbot` process.

Found by trying the bot as a user on PostgreSQL: the error ended at 'database "x" does
not exist', and the fix was left to guess.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.e2e import STOP_WITHIN, assert_no_traceback, bot_env, cli, cli_ok, patience


def test_a_postgresql_database_that_does_not_exist_is_named_with_how_to_create_it(
    tmp_path: Path,
) -> None:
    base = os.environ.get("LAYOFFBOT_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("LAYOFFBOT_TEST_POSTGRES_URL is not set")
    url = base.rsplit("/", 1)[0] + "/layoffbot_never_created"
    done = cli(
        "ask",
        "/layoffs latest",
        tmp_path=tmp_path,
        env=bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url),
    )
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode != 0
    assert "create it first (createdb layoffbot_never_created" in done.stderr, done.stderr


def test_db_upgrade_says_what_it_upgraded_and_then_that_it_is_up_to_date(
    tmp_path: Path,
) -> None:
    """After `git pull`, `layoffbot db upgrade` migrated a database three revisions and
    said only "Database is up to date.", as it does when there was nothing to do."""
    from alembic import command

    from bot.store.base import make_engine
    from bot.store.migrate import alembic_config, head_revision

    env = bot_env(tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path}/bot.db")  # as an older layoffbot left it
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
    engine.dispose()
    upgraded = cli_ok(env, tmp_path, "db", "upgrade")
    assert f"Database upgraded from schema revision 0006 to {head_revision()}." in upgraded
    assert cli_ok(env, tmp_path, "db", "upgrade").strip() == "Database is up to date."


def test_db_upgrade_on_an_empty_postgresql_database_says_it_created_the_tables(
    tmp_path: Path, pg_schema: str
) -> None:
    """README: "create an empty database ... the tables are created at start"; `db
    upgrade` on it said "Database is up to date." with nothing there before."""
    from bot.store.migrate import head_revision

    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=pg_schema)
    created = cli_ok(env, tmp_path, "db", "upgrade")
    assert f"Database tables created (schema revision {head_revision()})." in created
    assert cli_ok(env, tmp_path, "db", "upgrade").strip() == "Database is up to date."


def test_several_db_upgrades_started_together_on_a_new_postgresql_database_all_succeed(
    tmp_path: Path, pg_schema: str
) -> None:
    """An operator's deployment started its bot processes together on a new database:
    each created the tables at once and all but one stopped with "cannot open the
    database (StoreError): database error (IntegrityError): duplicate key value violates
    unique constraint "pg_type_typname_nsp_index"."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.store.migrate import head_revision

    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=pg_schema)
    with ThreadPoolExecutor(3) as pool:
        runs = list(pool.map(lambda _: cli("db", "upgrade", tmp_path=tmp_path, env=env), range(3)))
    for done in runs:
        assert_no_traceback(done.stdout + done.stderr)
        assert done.returncode == 0, done.stdout + done.stderr
    assert cli_ok(env, tmp_path, "db", "upgrade").strip() == "Database is up to date."
    assert any(f"schema revision {head_revision()}" in done.stdout for done in runs)


def test_a_postgresql_url_naming_no_database_stops_the_start_and_creates_nothing(
    tmp_path: Path,
) -> None:
    """With the database name left off the URL, `db upgrade` created the bot's tables in
    the server's `postgres` database (libpq's default: the user's name) and said
    "Database tables created"; `run` would have run there."""
    base = os.environ.get("LAYOFFBOT_TEST_POSTGRES_URL", "postgresql+psycopg://u@127.0.0.1:9/db")
    url = base.rsplit("/", 1)[0]
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url)
    env.pop("PGDATABASE", None)
    for args in (("db", "upgrade"), ("run", "--console")):
        done = cli(*args, tmp_path=tmp_path, env=env)
        assert_no_traceback(done.stdout + done.stderr)
        assert done.returncode == 2, done.stdout + done.stderr
        assert "LAYOFFBOT_DATABASE_URL" in done.stderr and "names no database" in done.stderr
    if base.startswith("postgresql+psycopg://postgres@"):
        from sqlalchemy import create_engine, inspect

        engine = create_engine(url + "/postgres")
        try:
            assert "alembic_version" not in inspect(engine).get_table_names()
        finally:
            engine.dispose()


def test_the_running_leader_keeps_its_lock_where_postgresql_closes_idle_transactions(
    tmp_path: Path, pg_schema: str
) -> None:
    """On a server with idle_in_transaction_session_timeout (common on managed
    PostgreSQL) the leader's lock session, left "idle in transaction" after each check,
    was closed: `event=leader_connection_lost` and the lead dropped every other check."""
    from tests.e2e import bot_process

    # Any timeout under the time between leader checks closed the lock's session; 1 s (the
    # bare figure) also closed the start's own transactions on a busy machine ("cannot open
    # the database ... idle-in-transaction timeout" at load 17), so stretched. The checks
    # come 2 s after the timeout (15 s by default: the test waited 34 s for the third).
    idle_s = min(patience(1.0), 10.0)
    check_s = idle_s + 2.0
    url = pg_schema + f"%20-cidle_in_transaction_session_timeout%3D{int(idle_s * 1000)}"
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url, LAYOFFBOT_LEADER_CHECK_SECONDS=str(check_s))
    with bot_process(tmp_path, env, "run", "--no-console") as bot:
        bot.wait_for_lines("event=leader_acquired")
        time.sleep(2 * check_s + 2)  # past the third leader check: the one that failed
        assert bot.proc.poll() is None, bot.output
        assert bot.stop() < STOP_WITHIN
    assert "leader_connection_lost" not in bot.output, bot.output
    assert bot.output.count("event=leader_acquired") == 1, bot.output
    assert_no_traceback(bot.output)


def test_postgresql_unreachable_under_the_running_bot_is_one_line_and_it_carries_on(
    tmp_path: Path, pg_schema: str
) -> None:
    """With the database unreachable the running bot logged an 8 KB traceback at every
    leader check (every 15 s); now one line with the reason, one when it is back, and
    it leads again."""
    from urllib.parse import urlsplit

    from tests.e2e import bot_process
    from tests.faults.tcp_proxy import TcpProxy

    parts = urlsplit(pg_schema)
    proxy = TcpProxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    proxy.restore()
    url = pg_schema.replace(parts.netloc, f"{parts.username}@127.0.0.1:{proxy.port}")
    # Leader checks every 3 s (15 s by default): the outage spans two of them.
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url, LAYOFFBOT_LEADER_CHECK_SECONDS="3")
    try:
        with bot_process(tmp_path, env, "run", "--no-console") as bot:
            bot.wait_for_lines("event=leader_acquired")
            bot.wait_for_lines("layoffbot running")
            proxy.cut()
            bot.wait_for_lines("event=leader_check_failed", timeout=40)
            time.sleep(4)  # another leader check, still failing
            proxy.restore()
            bot.wait_for_lines("event=leader_acquired", count=2, timeout=40)
            assert bot.stop() < STOP_WITHIN
    finally:
        proxy.cut()
    failed = [line for _, line in bot.lines if "leader_check_failed" in line]
    assert len(failed) == 1, bot.output
    assert "reason='database error (OperationalError)" in failed[0], failed
    assert "leader_check_recovered" in bot.output
    assert "bot/store/leader.py" not in bot.output  # no traceback from the lock
    # ... nor from the outbox sweeps (every 5 s) or the other jobs: one line each at most
    # (a sweep with nothing due runs without the database: no failed/recovered pairs).
    assert sum("outbox_sweep_failed" in line for _, line in bot.lines) <= 1, bot.output
    assert "Traceback" not in bot.output, bot.output


def test_a_command_typed_while_postgresql_is_unreachable_says_so_then_works_again(
    tmp_path: Path, pg_schema: str
) -> None:
    """PostgreSQL trial: `/layoffs latest` at the console during an outage answered "Sorry,
    something went wrong on my side" (and logged a traceback): now it says the database
    is not answering, and once it is back the same command answers."""
    from urllib.parse import urlsplit

    from tests.e2e import BotTerminal
    from tests.faults.tcp_proxy import TcpProxy

    parts = urlsplit(pg_schema)
    proxy = TcpProxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    proxy.restore()
    url = pg_schema.replace(parts.netloc, f"{parts.username}@127.0.0.1:{proxy.port}")
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url)
    term = BotTerminal("run", tmp_path=tmp_path, env=env)
    try:
        term.expect("Ctrl-C to stop", timeout=60)
        proxy.cut()
        down = term.reply("/layoffs latest", timeout=40)
        assert "cannot reach my database" in down and "something went wrong" not in down, down
        proxy.restore()
        back = term.reply("/layoffs latest", timeout=40)
        assert "cannot reach my database" not in back, back
        term.ctrl_c()
        assert term.wait(20) == 0, term.output[-3000:]
    finally:
        proxy.cut()
        term.close()
    assert "Traceback" not in term.output, term.output


def test_two_deployments_in_schemas_of_one_database_each_lead_their_own(
    tmp_path: Path, pg_schema: str
) -> None:
    """Two teams' bots in two schemas of one database (search_path in the URL): the
    advisory lock is per database, so the second never led, polled or planned a digest."""
    from sqlalchemy import create_engine, text

    from tests.conftest import PG_URL, pg_schema_url
    from tests.e2e import bot_process

    other = "t_team_b_" + os.urandom(4).hex()
    admin = create_engine(str(PG_URL))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {other}"))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    env_a = bot_env(tmp_path / "a", LAYOFFBOT_DATABASE_URL=pg_schema)
    env_b = bot_env(tmp_path / "b", LAYOFFBOT_DATABASE_URL=pg_schema_url(other))
    try:
        with (
            bot_process(tmp_path / "a", env_a, "run", "--no-console") as team_a,
            bot_process(tmp_path / "b", env_b, "run", "--no-console") as team_b,
        ):
            team_a.wait_for_lines("event=scheduler_started", timeout=30)
            team_b.wait_for_lines("event=scheduler_started", timeout=30)
            assert "leader=True" in team_a.output, team_a.output
            assert "leader=True" in team_b.output, team_b.output
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {other} CASCADE"))
        admin.dispose()
