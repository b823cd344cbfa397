"""The subscriptions list's order (trial 15): 'Company10' came before 'Company2', and the
user's and the channel's were grouped differently on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.companies import company_key
from bot.render import to_text
from bot.store import Store
from bot.store.social import natural_key
from tests.conftest_social import cmd, make_app

NOW = datetime(2026, 12, 5, tzinfo=UTC)
TYPED = ["Company10", "zeta", "Company2", "Åkerlund", "apple", "Bravo", "company1"]
LISTED = ["Åkerlund", "apple", "Bravo", "company1", "Company2", "Company10", "zeta"]


def _follow(store: Store, company: str, channel: str, **owner: Any) -> None:
    store.subscribe(
        platform="slack",
        workspace_id=owner.get("workspace", "T1"),
        user_id=owner.get("user", "U1"),
        channel_id=channel,
        company=company,
        company_key=company_key(company),
        now=NOW,
    )


def test_natural_key_orders_numbers_by_value_and_folds_case() -> None:
    names = ["Company10", "company9", "Company09x", "B", "a", "A2", "A10"]
    ordered = sorted(names, key=natural_key)
    assert ordered == ["a", "A2", "A10", "B", "company9", "Company09x", "Company10"]
    assert natural_key("C" + "9" * 5000) > natural_key("C" + "9" * 4999)


def test_subscriptions_are_listed_direct_first_then_naturally_on_both_databases(
    store: Store,
) -> None:
    for company in TYPED:
        _follow(store, company, "C1")  # the channel's
        _follow(store, company, "")  # the user's own
    _follow(store, "Other", "C2")
    _follow(store, "Theirs", "", user="U2")
    subs = store.subscriptions_of(
        platform="slack", workspace_id="T1", user_id="U1", channel_id="C1"
    )
    assert [(s.is_direct, s.company) for s in subs] == [(True, c) for c in LISTED] + [
        (False, c) for c in LISTED
    ]


def test_direct_subscriptions_anywhere_are_in_natural_order(store: Store) -> None:
    for n, company in enumerate(TYPED):
        _follow(store, company, "", workspace=f"G{n % 2}")
    subs = store.direct_subscriptions_anywhere(platform="slack", user_id="U1")
    assert [s.company for s in subs] == LISTED


async def test_the_subscriptions_reply_lists_company2_before_company10(store: Store) -> None:
    app = make_app(store)
    for company in ("Company10", "Company2", "company3"):
        await app.handle(cmd(f"subscribe {company}"))
    shown = to_text(await app.handle(cmd("subscriptions")))
    assert shown.index("Company2") < shown.index("Company3") < shown.index("Company10"), shown
