"""Through the real `layoffbot` process: one item the database refuses costs neither its
feed nor the feed's other items (per-item isolation of the write path, bot/pipeline.py).

The database is made to refuse one item by a check of its own (a trigger on `items`): the
bot's process is not patched. Before, the refusal failed the whole batch's transaction:
every item of the feed lost, the feed "failing" at every poll.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine

from tests.e2e import assert_no_traceback, bot_env, cli, cli_ok, rss
from tests.feedserver import FeedServer
from tests.refusing import refuse_titles_holding

NOW = datetime.now(UTC)
MARK = "Refusedcorp"


def _item(title: str, slug: str, hours: int) -> dict[str, object]:
    return {
        "title": title,
        "link": f"https://news.example/{slug}",
        "description": f"{title}. The company said AI now does the work.",
        "published": NOW - timedelta(hours=hours),
    }


def _refuse_marked_items(database_url: str) -> None:
    """The database refuses any item whose title names MARK (IntegrityError)."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        refuse_titles_holding(conn, MARK)
    engine.dispose()


def test_an_item_the_database_refuses_costs_neither_its_feed_nor_its_other_items(
    tmp_path: Path, server: FeedServer, database_url: str
) -> None:
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=database_url)
    old = _item("Initech opens an office in Lisbon", "old", 24 * 40)
    server.route("/wire.xml", body=rss("Wire", [old]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    _refuse_marked_items(database_url)
    news = [
        _item("Acme cuts 300 support jobs as AI chatbot takes over", "acme", 1),
        _item(f"{MARK} lays off 400 workers as AI takes over", "refused", 2),
        _item("Globex lays off 250 engineers, citing AI coding tools", "globex", 3),
        _item("Hooli cuts 120 jobs as AI replaces its call centre", "hooli", 4),
    ]
    server.route("/wire.xml", body=rss("Wire", [*news, old]))

    first = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert_no_traceback(first.stdout + first.stderr)
    assert "error" not in first.stdout.lower(), first.stdout
    logged = first.stdout + first.stderr
    assert first.stderr.count("event=item_refused") == 1, logged
    assert "https://news.example/refused" in logged and "refused by a check" in logged
    assert server.url("/wire.xml") in logged
    said = "Wire: 3 new items; 1 item the database refused, skipped (the log's event=item_refused"
    assert said in first.stdout, first.stdout

    # The feed changed (one new item): the next poll stores it and fails on nothing.
    later = _item("Vandelay cuts 90 jobs as AI automates its imports desk", "vandelay", 0)
    server.route("/wire.xml", body=rss("Wire", [later, *news, old]))
    second = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "error" not in second.stdout.lower(), second.stdout
    assert_no_traceback(second.stdout + second.stderr)

    listed = cli_ok(env, tmp_path, "feeds", "list")
    assert "failing" not in listed and "error" not in listed.lower(), listed
    latest = cli_ok(env, tmp_path, "ask", "/layoffs latest 10")
    for employer in ("Acme", "Globex", "Hooli", "Vandelay"):
        assert f"{employer} " in latest, latest
    assert MARK not in latest, latest


def test_an_item_refused_is_logged_once_not_at_every_new_process(
    tmp_path: Path, server: FeedServer, database_url: str
) -> None:
    """The refused item was remembered by its process alone: every `layoffbot poll
    --once` (cron) and every restart of `run` that read it again (its text updated, as
    feeds update an item's text; a feed whose items were held back) judged it, was
    refused it and logged it again, for as long as the feed carried it. The database
    remembers it now (7 days)."""
    env = bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=database_url)
    old = _item("Initech opens an office in Lisbon", "old", 24 * 40)
    server.route("/wire.xml", body=rss("Wire", [old]))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/wire.xml"))
    _refuse_marked_items(database_url)
    acme = _item("Acme cuts 300 support jobs as AI chatbot takes over", "acme", 1)
    logs = []
    for n in range(3):  # each poll a new process; the refused item's text grows each time
        refused = _item(f"{MARK} lays off 400 workers as AI takes over", "refused", 2)
        refused["description"] = f"{refused['description']} Updated {n} times."
        extra = _item(f"Globex cuts {100 + n} jobs as AI takes over", f"globex{n}", 0)
        server.route("/wire.xml", body=rss("Wire", [extra, acme, refused, old]))
        polled = cli("poll", "--once", "--all", tmp_path=tmp_path, env=env)
        assert polled.returncode == 0, polled.stdout + polled.stderr
        assert_no_traceback(polled.stdout + polled.stderr)
        logs.append(polled.stderr)
    assert [log.count("event=item_refused") for log in logs] == [1, 0, 0], logs
    latest = cli_ok(env, tmp_path, "ask", "/layoffs latest 10")
    assert "Globex cuts 102 jobs" in latest and MARK not in latest, latest
