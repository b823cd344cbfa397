"""Set-up and consistency checks shared by the fault tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.alerts import alert_key
from bot.companies import company_key
from bot.outbox import Backoff, Dispatcher
from bot.ports import ChatAdapter
from bot.store import Store
from bot.store.tables import stories
from tests.conftest_social import Clock
from tests.faults.feeds import COMPANIES


def dispatchers(
    store: Store, platform: str, adapter: ChatAdapter, clock: Clock, count: int
) -> list[Dispatcher]:
    """`count` workers sweeping the outbox on one clock, as the delivery fault tests run
    them: a 2-minute lease, 5 s a send, 10 a batch, retries from 1 s to a minute apart."""
    return [
        Dispatcher(
            store,
            {platform: adapter},
            f"worker-{w}",
            clock=clock,
            lease=timedelta(minutes=2),
            send_timeout=5.0,
            batch_size=10,
            backoff=Backoff(base=1.0, cap=60.0),
        )
        for w in range(count)
    ]


def subscribe_all(
    store: Store,
    now: datetime,
    subscriptions: Iterable[tuple[str, str]] | None = None,
) -> None:
    """User U1 of Slack workspace T1 follows each (channel, company): every company of
    COMPANIES in channel C1 unless said."""
    for channel, company in subscriptions or [("C1", c) for c in COMPANIES]:
        store.subscribe(
            platform="slack",
            workspace_id="T1",
            user_id="U1",
            channel_id=channel,
            company=company,
            company_key=company_key(company),
            now=now,
        )


def expected_alert_keys(store: Store) -> set[str]:
    """The alert deliveries the stored stories and subscriptions call for."""
    subs = store.subscriptions_for_companies({company_key(c) for c in COMPANIES})
    with store.tx() as conn:
        story_ids = list(conn.execute(select(stories.c.id)).scalars())
    announce = store.announce_flags(story_ids)
    expected: set[str] = set()
    for sid in story_ids:
        story = store.get_story(sid)
        assert story is not None
        if not announce.get(sid) or not story.tags.kind.is_action:
            continue
        keys = {company_key(c) for c in story.tags.companies}
        for sub in subs:
            if sub.company_key in keys:
                expected.add(alert_key(sub, story))
    return expected
