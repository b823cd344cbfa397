"""The company index's rolling rescan: stories stamped in the past are found within
`rescan_every`, and no lookup reads more than one slice of story ids."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.commands import CompanyIndex
from bot.store import Store
from bot.store.tables import stories
from tests.test_command_latency_paths import T0, _insert_story


def test_the_rescan_reads_one_slice_per_step_and_covers_every_story(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [0.0]
    index = CompanyIndex(store, rescan_every=600, monotonic=lambda: clock[0])
    index.SLICE_IDS = 2
    ids = [_insert_story(store, f"Co{i}", updated=T0, key=f"co-{i}") for i in range(5)]
    unnamed = _insert_story(store, None, updated=T0, key="unnamed")
    assert len(index.current().names) == 5
    with store.tx() as conn:  # a writer whose clock is an hour behind names the employer
        conn.execute(
            update(stories)
            .where(stories.c.id == unnamed)
            .values(company="Initech", company_key="initech", updated=T0 - timedelta(hours=1))
        )
    slices: list[tuple[int, int]] = []
    real = store.companies_in_id_range

    def spy(after_id: int, up_to_id: int) -> set[str]:
        slices.append((after_id, up_to_id))
        return real(after_id, up_to_id)

    monkeypatch.setattr(store, "companies_in_id_range", spy)
    monkeypatch.setattr(store, "known_companies", lambda: pytest.fail("full scan"))
    step = 600 / 3  # 6 ids in slices of 2
    for n in range(1, 4):
        clock[0] = n * step - 1
        index.current()
        assert len(slices) == n - 1  # not before its time
        clock[0] = n * step
        index.current()
        assert len(slices) == n
    assert all(hi - lo <= 2 for lo, hi in slices)
    assert slices[-1][1] == max(ids + [unnamed])
    assert "Initech" in index.current().names
