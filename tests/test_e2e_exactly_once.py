"""`layoffbot run` posts a delivery once even when Slack's answer to the post is lost.

A real process on a real SQLite database, Slack faked on 127.0.0.1: `/layoffs digest now`
plans the digest, the fake Slack posts it and then drops the connection before answering.
Before, slack_sdk repeated the post at once (its connection-error retry), so the channel
got the digest twice. Now the outbox retries (after its backoff), the adapter finds the
post by its metadata in conversations.history, records it as the receipt and posts
nothing more.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_slack import (
    STOP_WITHIN,
    Bot,
    assert_no_traceback,
    bots,
    connected_bot,
    slash_payload,
)

__all__ = ["bots"]  # the fixture, used by name


def _deliveries(db: Path) -> list[tuple[str, str, int, str | None]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT key, state, attempts, receipt FROM deliveries"))


def test_a_digest_whose_answer_slack_lost_is_posted_once(tmp_path: Path, bots: list[Bot]) -> None:
    with FakeSlackThread() as slack:
        fake = slack.fake
        fake.lose()  # the first post's answer never arrives
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.send_envelope("slash_commands", slash_payload(fake, "digest now"))
        slack.wait_for(lambda: fake.lost, timeout=20)
        deadline = time.monotonic() + 40
        rows = _deliveries(tmp_path / "e2e.db")
        while time.monotonic() < deadline and not (rows and all(r[1] == "sent" for r in rows)):
            time.sleep(0.2)
            rows = _deliveries(tmp_path / "e2e.db")
        time.sleep(1.0)  # time enough for a repeat to show, were there one
        posts = [p for p in fake.posted if p.channel == "C1"]
        assert bot.stop() < STOP_WITHIN
    assert [r[1] for r in rows] == ["sent"] * len(rows) and rows, (rows, bot.output)
    assert len(posts) == len(rows), [p.text for p in posts]
    assert {json.loads(r[3])["message_id"] for r in rows if r[3]} == {p.ts for p in posts}
    assert fake.calls_to("conversations.history"), "the retry never looked"
    assert_no_traceback(bot)
