"""The store-size measure (issue 14): distinct items fed in batches into one growing store,
the writer's cost per item reported at each size with the pass/fail row `make bench`
shows; tiny sizes, no timing assertions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bench import storesize
from bench.run import table_rows


def test_the_synthetic_stream_is_distinct_and_in_date_order() -> None:
    items = storesize.synthetic(500)
    assert len({it["title"] for it in items}) == 500
    assert len({it["link"] for it in items}) == 500
    published = [it["published"] for it in items]
    assert published == sorted(published)
    assert published[-1] - published[0] < timedelta(days=storesize.DAYS)


def test_each_size_reports_the_batch_stored_at_it_and_a_pass_fail_row(tmp_path: Path) -> None:
    result = storesize.run((0, 100), tmp_path, log=lambda _msg: None, batch=100)
    assert [p["stored"] for p in result["points"]] == [0, 100]
    assert all(p["items"] == 100 and p["writer_ms_per_item"] > 0 for p in result["points"])
    (row,) = table_rows({"storesize": result})
    assert row["measure"].startswith("writer per new item, 100 vs 0 stored (distinct news")
    assert row["result"] == ("pass" if result["ratio"] <= storesize.RATIO_GOAL else "FAIL")


def test_a_folder_of_rss_files_is_the_stream(tmp_path: Path) -> None:
    items = storesize.synthetic(60)
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    for i in range(3):
        (feeds / f"f{i}.xml").write_bytes(storesize._rss(items[i * 20 : (i + 1) * 20]))
    result = storesize.run((0, 20, 40), tmp_path, feeds, log=lambda _msg: None)
    assert [p["stored"] for p in result["points"]] == [0, 20, 40]
    assert result["source"] == str(feeds)
