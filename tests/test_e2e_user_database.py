"""Opening the database as a user meets it: the real `layoffbot` process.

Found by trying the bot as a user on PostgreSQL: the error ended at 'database "x" does
not exist', and the fix was left to guess.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e import assert_no_traceback, bot_env, cli


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
