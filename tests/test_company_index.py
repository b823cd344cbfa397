"""The company index reads only the company names filed since its last look (a range of
`company_names` ids kept by the database), never the stories; the whole (small) list of
names again every `rescan_every` seconds; and each workspace's own names beside the
operator's."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, insert, select

from bot.commands import CompanyIndex
from bot.store import Store, rollup
from bot.store.tables import stories
from tests.test_command_latency_paths import T0, _insert_story


def _spy(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, int]]:
    asked: list[dict[str, int]] = []
    real = store.company_names_after

    def spy(after: dict[str, int]) -> tuple[dict[str, list[str]], int]:
        asked.append(dict(after))
        return real(after)

    monkeypatch.setattr(store, "company_names_after", spy)
    return asked


def test_each_lookup_asks_only_for_names_after_the_last_one_seen(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [0.0]
    for i in range(5):
        _insert_story(store, f"Co{i}", updated=T0, key=f"co-{i}")
    _insert_story(store, "Co1", updated=T0, key="co-1-again")  # a name is listed once
    index = CompanyIndex(store, rescan_every=600, monotonic=lambda: clock[0])
    asked = _spy(store, monkeypatch)
    assert len(index.current().names) == 5
    assert asked == [{"": 0}]
    _insert_story(store, "Initech", updated=T0, key="initech-1")
    clock[0] = 599
    assert "Initech" in index.current().names
    assert asked[-1] == {"": 5}  # the five names before it were not read again
    assert index.current().names == ("Co0", "Co1", "Co2", "Co3", "Co4", "Initech")
    assert asked[-1] == {"": 6}
    clock[0] = 600  # the whole list again (PostgreSQL commits ids out of order)
    index.current()
    assert asked[-1] == {"": 0}


def test_a_name_committed_below_the_last_id_seen_is_found_by_the_next_full_read(
    store: Store,
) -> None:
    clock = [0.0]
    index = CompanyIndex(store, rescan_every=600, monotonic=lambda: clock[0])
    _insert_story(store, "Acme", updated=T0, key="acme-1")
    _insert_story(store, "Hooli", updated=T0, key="hooli-1")
    assert index.current().names == ("Acme", "Hooli")
    with store.tx() as conn:  # as a late commit on PostgreSQL leaves it: a name below
        names = rollup.company_names
        conn.execute(delete(names).where(names.c.name == "Acme"))
        conn.execute(insert(names).values(id=1, tenant="", name="Initech"))
    clock[0] = 599
    assert "Initech" not in index.current().names
    clock[0] = 600
    assert index.current().names == ("Acme", "Hooli", "Initech")  # names are never dropped


def test_a_workspace_sees_its_own_companies_and_others_do_not(store: Store) -> None:
    _insert_story(store, "Acme", updated=T0, key="acme-1")
    with store.tx() as conn:  # a story from T1's own feed
        row = conn.execute(select(stories).where(stories.c.key == "acme-1")).one()._asdict()
        for generated in ("id", "functions", "company_label"):
            row.pop(generated)
        row.update(key="umbrella-1", company="Umbrella", company_key="umbrella", tenant="slack:T1")
        conn.execute(insert(stories).values(**row))
    index = CompanyIndex(store)
    assert index.current().names == ("Acme",)
    assert index.current("slack:T1").names == ("Acme", "Umbrella")
    assert index.current("slack:T2").names == ("Acme",)
    _insert_story(store, "Initech", updated=T0, key="initech-1")
    assert index.current("slack:T1").names == ("Acme", "Initech", "Umbrella")


def test_the_names_list_is_what_the_stories_name(store: Store) -> None:
    for i, name in enumerate(["Acme", "Hooli", "Acme", None, "", "Initech"]):
        _insert_story(store, name, updated=T0, key=f"s-{i}")
    with store.tx() as conn:
        listed = sorted(conn.execute(select(rollup.company_names.c.name)).scalars())
        named = conn.execute(
            select(stories.c.company).where(stories.c.company != "").distinct()
        ).scalars()
        assert listed == sorted(named) == ["Acme", "Hooli", "Initech"]


def test_a_workspace_lookup_is_one_store_call(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _insert_story(store, "Acme", updated=T0, key="acme-1")
    index = CompanyIndex(store)
    asked = _spy(store, monkeypatch)
    index.current("slack:T1")
    index.current("slack:T1")
    assert asked == [{"": 0, "slack:T1": 0}, {"": 1, "slack:T1": 1}]
