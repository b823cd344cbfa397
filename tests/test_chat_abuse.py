"""Chat-side abuse, end to end: signed HTTP requests into the real SlackAdapter, the real
App and a real store, replies read back from a fake Slack.

Hostile arguments (10,000 characters, control characters, SQL and markup metacharacters,
mentions), unauthorised admin commands, forged signatures and replayed timestamps: each
gets a clear refusal or harmless output, and nothing is stored that should not be. Feed
text carrying mentions reaches Slack inert.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy import text

from adapters.slack import SlackAdapter
from bot.alerts import plan_alerts
from bot.companies import company_key
from bot.models import RawItem, Story
from bot.outbox import Dispatcher
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from tests.slack.fake_slack import FakeSlack, texts_in
from tests.slack.test_adapter import fake, slash_reply, started_on_app

SECRET = "abuse-signing-secret"
__all__ = ["fake"]  # a fixture, used by name
LIVE_MENTIONS = ("<!channel>", "<!here>", "<!everyone>", "<@U", "<!subteam", "<http://evil")
CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\x7f\u202e\u200b"


@pytest.fixture
async def adapter(fake: FakeSlack, store: Store) -> AsyncIterator[SlackAdapter]:
    slack = await started_on_app(fake, store, secret=SECRET, still_clock=False)
    yield slack
    await slack.stop()


def _form(fake: FakeSlack, command_text: str, user: str) -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "channel_id": "C1",
            "channel_name": "news",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/layoffs",
            "text": command_text,
            "api_app_id": "A1",
            "response_url": fake.response_url(),
            "trigger_id": "1.2.3",
        }
    )


def _signature(body: str, timestamp: int, secret: str = SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


async def _post(adapter: SlackAdapter, body: str, headers: dict[str, str]) -> int:
    url = f"http://127.0.0.1:{adapter.bound_port}/slack/events"
    headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as r,
    ):
        return r.status


async def _slash(
    adapter: SlackAdapter, fake: FakeSlack, command_text: str, *, user: str = "U1"
) -> dict[str, Any]:
    """Run a signed slash command; the (last) ephemeral reply it produced."""
    return await slash_reply(adapter, fake, command_text, secret=SECRET, user_id=user)


def _read(reply: dict[str, Any]) -> str:
    """Everything a user would read in a reply: fallback text and every block's text."""
    return "\n".join([str(reply.get("text") or ""), *texts_in(reply.get("blocks") or [])])


def _count(store: Store, table: str) -> int:
    with store.tx() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


def _subscriptions(store: Store) -> list[tuple[str, str, str]]:
    """(user_id, company, company_key) of every stored subscription."""
    with store.tx() as conn:
        rows = conn.execute(text("SELECT user_id, company, company_key FROM subscriptions"))
        return [(r[0], r[1], r[2]) for r in rows]


def _assert_inert(shown: str) -> None:
    for needle in LIVE_MENTIONS:
        assert needle not in shown, f"live {needle!r} reached Slack"
    assert "@everyone" not in shown and "@here" not in shown


async def test_ten_thousand_character_argument_is_refused_and_nothing_stored(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    reply = await _slash(adapter, fake, "subscribe " + "Klarna" * 1700)
    shown = _read(reply)
    assert "characters long" in shown and "at most 1,000" in shown
    assert len(shown) < 2000, "the refusal must not echo the argument back"
    reply = await _slash(adapter, fake, "search " + "x" * 10_000)
    assert "characters long" in _read(reply)
    assert _count(store, "subscriptions") == 0


async def test_control_characters_never_reach_storage_or_replies(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    reply = await _slash(adapter, fake, f"subscribe Kla{CONTROL}rna")
    shown = _read(reply)
    assert not any(c in shown for c in CONTROL)
    for _user, company, key in _subscriptions(store):
        assert not any(c in company + key for c in CONTROL), company
    reply = await _slash(adapter, fake, f"latest{CONTROL}3")
    assert not any(c in _read(reply) for c in CONTROL)


@pytest.mark.parametrize(
    "hostile",
    [
        "Robert'); DROP TABLE subscriptions;--",
        "' OR '1'='1",
        "%_\\ LIKE '%'",
        '"; DELETE FROM stories; --',
    ],
)
async def test_sql_metacharacters_are_data_not_sql(
    adapter: SlackAdapter, fake: FakeSlack, store: Store, make_story: Any, hostile: str
) -> None:
    # No digit in the title: "' OR '1'='1" searches for the word 1 ("or" is a stop word on
    # both databases), which a factory title's "(1)" would rightly match.
    make_story("Klarna", title="Klarna cuts jobs as AI takes over")
    stories_before = _count(store, "stories")
    for command_text in (f"search {hostile}", f"subscribe {hostile}", hostile, f"why {hostile}"):
        reply = await _slash(adapter, fake, command_text)
        assert "something went wrong" not in _read(reply).lower(), command_text
    assert _count(store, "stories") == stories_before
    # The search matched nothing: the quote did not widen it to every story.
    reply = await _slash(adapter, fake, "search ' OR '1'='1")
    assert "Klarna" not in _read(reply)
    # At most the literal text was stored as a company name, never executed.
    assert {user for user, _company, _key in _subscriptions(store)} <= {"U1"}


@pytest.mark.parametrize(
    "markup",
    [
        "<!channel> <!here> <!everyone>",
        "@everyone @here",
        "<@U999> <@W123|boss>",
        "<!subteam^S1|@team>",
        "<http://evil.example|click me> *bold* _it_ ~strike~ `code` ```block```",
        "&lt;!channel&gt; &amp;",
    ],
)
async def test_mentions_and_markup_in_arguments_are_echoed_inert(
    adapter: SlackAdapter, fake: FakeSlack, store: Store, markup: str
) -> None:
    for command_text in (markup, f"search {markup}", f"subscribe {markup}", f"why {markup}"):
        reply = await _slash(adapter, fake, command_text)
        _assert_inert(_read(reply))


@pytest.mark.parametrize("markup", ["<!channel>", "<@U999>", "<!subteam^S1|@team>"])
async def test_mention_markup_is_not_stored_as_a_company(
    adapter: SlackAdapter, fake: FakeSlack, store: Store, markup: str
) -> None:
    reply = await _slash(adapter, fake, f"subscribe {markup} here")
    _assert_inert(_read(reply))
    for _user, company, _key in _subscriptions(store):
        assert "<!" not in company and "<@" not in company, company


@pytest.mark.parametrize(
    ("command_text", "table"),
    [
        ("digest on 08:00 Europe/Berlin", "digests"),
        ("digest off", "digests"),
        ("digest now", "deliveries"),
        ("digest quiet on", "digests"),
        ("feeds add https://news.example/rss", "feeds"),
        ("feeds remove https://news.example/rss", "feeds"),
    ],
)
async def test_unauthorised_user_cannot_run_admin_commands(
    adapter: SlackAdapter, fake: FakeSlack, store: Store, command_text: str, table: str
) -> None:
    before = _count(store, table)
    reply = await _slash(adapter, fake, command_text, user="U1")
    shown = _read(reply)
    assert "Not allowed" in shown and "managers" in shown
    assert _count(store, table) == before
    assert store.get_digest("slack", "C1") is None


async def test_workspace_admin_may_run_the_same_admin_command(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    """The refusals above are about who asked, not about the command."""
    reply = await _slash(adapter, fake, "digest on 08:00 Europe/Berlin", user="UADMIN")
    assert "Not allowed" not in _read(reply)
    digest = store.get_digest("slack", "C1")
    assert digest is not None and digest.enabled and digest.updated_by == "UADMIN"


@pytest.mark.parametrize(
    "forgery",
    ["wrong secret", "no signature", "garbage signature", "stale replay", "future timestamp"],
)
async def test_forged_or_replayed_requests_are_refused_and_do_nothing(
    adapter: SlackAdapter, fake: FakeSlack, store: Store, forgery: str
) -> None:
    body = _form(fake, "subscribe Klarna", "U1")
    now = int(time.time())
    headers = {
        "wrong secret": {
            "X-Slack-Request-Timestamp": str(now),
            "X-Slack-Signature": _signature(body, now, "not-the-secret"),
        },
        "no signature": {"X-Slack-Request-Timestamp": str(now)},
        "garbage signature": {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": "v0=00"},
        # A request captured ten minutes ago, correctly signed for its own timestamp.
        "stale replay": {
            "X-Slack-Request-Timestamp": str(now - 600),
            "X-Slack-Signature": _signature(body, now - 600),
        },
        "future timestamp": {
            "X-Slack-Request-Timestamp": str(now + 600),
            "X-Slack-Signature": _signature(body, now + 600),
        },
    }[forgery]
    assert await _post(adapter, body, headers) == 401
    await asyncio.sleep(0.2)
    assert fake.responses == []
    assert _count(store, "subscriptions") == 0


async def test_tampered_body_with_a_valid_signature_of_another_body_is_refused(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    signed = _form(fake, "subscriptions", "U1")
    tampered = _form(fake, "digest on 08:00", "UADMIN")
    now = int(time.time())
    headers = {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": _signature(signed, now)}
    assert await _post(adapter, tampered, headers) == 401
    await asyncio.sleep(0.2)
    assert fake.responses == [] and store.get_digest("slack", "C1") is None


async def test_replay_inside_the_window_stores_nothing_twice(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    body = _form(fake, "subscribe Klarna here", "U1")
    now = int(time.time())
    headers = {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": _signature(body, now)}
    for _ in range(3):
        assert await _post(adapter, body, headers) == 200
    await fake.wait_for(lambda: len(fake.responses) >= 3, timeout=10)
    assert _count(store, "subscriptions") <= 1


async def test_feed_text_with_mentions_reaches_slack_inert(
    adapter: SlackAdapter, fake: FakeSlack, store: Store
) -> None:
    now = datetime.now(UTC)
    store.subscribe(
        platform="slack",
        workspace_id="T1",
        user_id="U1",
        channel_id="C1",
        company="Klarna",
        company_key=company_key("Klarna"),
        now=now,
    )
    evil = "<!channel> @everyone <@U123> <!subteam^S1> <http://evil.example|login>"

    def on_new(stories: list[Story]) -> None:
        plan_alerts(store, stories, now)

    pipeline = Pipeline(
        store, ExtractiveSummarizer(), RuleTagger(), on_new_stories=on_new, announce_max_age=None
    )
    result = pipeline.ingest(
        [
            RawItem(
                guid="urn:evil:1",
                link="https://news.example/klarna?<!channel>",
                title=f"Klarna cuts 700 support jobs as AI takes over {evil}",
                summary_html=f"<p>{evil} Klarna said an AI assistant now does the work.</p>",
                published=now,
                source=evil,
            )
        ]
    )
    assert result.new_stories, "the hostile item was not even stored"
    dispatcher = Dispatcher(store, {"slack": adapter}, "w1")
    stats = await dispatcher.run_once()
    assert stats.sent == 1
    (post,) = fake.posted
    shown = _read({"text": post.text, "blocks": post.blocks})
    _assert_inert(shown)
    # Every `<` that reaches Slack opens one of the bot's own links.
    assert shown.count("<") == shown.count("<https://")
    # The latest command shows the same story, just as inert.
    _assert_inert(_read(await _slash(adapter, fake, "latest")))
