"""Session 10's second user and attacker trial, replayed on the real `layoffbot` process:
odd 'Did you mean' names, a skipped digest reported as posted, a guid shown as a link."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import BotProcess, bot_env, bots, cli, cli_ok, news_item, rss
from tests.test_e2e_trial_10 import _last_digest, quiet_digest_planned

__all__ = ["bots"]  # a fixture, used by name

NOW = datetime.now(UTC)


def _tagged(tmp_path: Path, items: list[dict[str, object]]) -> dict[str, str]:
    env = bot_env(tmp_path)
    (tmp_path / "wire.xml").write_bytes(rss("Wire", items))
    cli_ok(env, tmp_path, "tag", str(tmp_path / "wire.xml"))
    return env


def test_a_lookup_offers_only_names_plausibly_meant_and_answers_a_topic(tmp_path: Path) -> None:
    # Trial: 'Did you mean UN?' for '%s%s%n', 'FBI or NBA' for 'ai', 'X' for 'xyz'.
    items = [
        news_item(f"{name} cuts 40 jobs, citing AI", name.lower(), "", NOW - timedelta(hours=h))
        for h, name in enumerate(("UN", "FBI", "NBA", "X", "Amazon"), start=1)
    ]
    env = _tagged(tmp_path, items)
    for query in ("%s%s%n", "xyz", "ai"):
        shown = cli_ok(env, tmp_path, "ask", f"/layoffs {query}")
        assert "Did you mean" not in shown, (query, shown)
    topic = cli_ok(env, tmp_path, "ask", "/layoffs ai")
    assert "“ai” is a topic, not a company" in topic, topic
    assert "/layoffs latest" in topic and "/layoffs search ai" in topic, topic
    assert "Amazon (for “Amazn”)" in cli_ok(env, tmp_path, "ask", "/layoffs Amazn")
    followed = cli("ask", "/layoffs subscribe ai", tmp_path=tmp_path, env=env)
    assert "“ai” is a topic, not a company" in followed.stdout, followed.stdout
    assert "No subscriptions" in cli_ok(env, tmp_path, "ask", "/layoffs subscriptions")


def test_digest_settings_says_todays_digest_was_skipped_as_quiet(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    # Trial: "Last digest: <today>" though today's digest was skipped (nothing new).
    # Session 12: "today's was skipped" was said on a database minutes old, of a digest
    # whose time came before it was set up: nothing was skipped then.
    quiet_digest_planned(tmp_path, bots)
    env = bot_env(tmp_path)
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest settings")
    assert "Last digest: none yet |" in shown, shown
    assert "skipped: nothing new" not in shown, shown
    with sqlite3.connect(tmp_path / "bot.db") as db:  # set up the day before
        db.execute("UPDATE digests SET updated_at = ?", (f"{NOW - timedelta(days=1):%F %T}",))
    shown = cli_ok(env, tmp_path, "ask", "/layoffs digest settings")
    assert "Last digest: none in 14 days (today's was skipped: nothing new)" in shown, shown
    assert f"Last digest: {_last_digest(tmp_path)} |" not in shown, shown


def test_an_item_whose_link_is_not_http_shows_no_link(tmp_path: Path) -> None:
    # Attacker: <link>javascript:…</link> with <guid>g0</guid> showed as 'Headline <g0>'.
    item = news_item("Initech cuts 300 support jobs as AI chatbot takes over", "i", "", NOW)
    item |= {"link": "javascript:alert(1)", "guid": "g0"}
    env = _tagged(tmp_path, [item])
    for text in ("/layoffs latest", "/layoffs Initech"):
        shown = cli_ok(env, tmp_path, "ask", text)
        assert "Initech cuts 300 support jobs" in shown, shown
        assert "g0" not in shown and "javascript" not in shown, shown
