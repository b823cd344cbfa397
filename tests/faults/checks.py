"""Consistency checks shared by the fault tests."""

from __future__ import annotations

from sqlalchemy import select

from bot.alerts import alert_key
from bot.companies import company_key
from bot.store import Store
from bot.store.tables import stories
from tests.faults.feeds import COMPANIES


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
