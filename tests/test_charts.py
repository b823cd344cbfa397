"""Charts: a readable PNG at chat size, for data and for an empty period."""

from __future__ import annotations

import os
import struct
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.charts import CHART_KEEP_DAYS, HEIGHT_PX, WIDTH_PX, Bucket, prune_charts, trends_chart
from bot.store import Store


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_chart_is_a_png_at_chat_size() -> None:
    buckets = [Bucket(date(2025, 1, d), f"{d:02d} Jan", d % 3, d * 100) for d in range(1, 15)]
    png = trends_chart(buckets, title="AI-attributed job cuts, last 30 days", subtitle="sub")
    assert _size(png) == (WIDTH_PX, HEIGHT_PX)
    assert len(png) > 10_000


def test_empty_chart_still_renders() -> None:
    png = trends_chart([Bucket(date(2025, 1, 1), "01 Jan", 0, 0)], title="Nothing", xlabel="Day")
    assert _size(png) == (WIDTH_PX, HEIGHT_PX)
    assert trends_chart([], title="None at all").startswith(b"\x89PNG")


def test_saved_charts_older_than_the_keep_period_are_pruned_and_nothing_else(
    tmp_path: Path,
) -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    old, kept = now - timedelta(days=CHART_KEEP_DAYS, hours=1), now - timedelta(days=2)
    files = {
        "layoffs-trends-30d-20260101.png": old,  # pruned
        "layoffs-trends-1y-20260127.png": old,  # pruned (by file time, not its name)
        "layoffs-trends-7d-20260227.png": kept,
        "holiday.png": old,  # the user's own, in a folder they chose
        "layoffs-trends-30d-20260101.png.txt": old,
    }
    for name, when in files.items():
        path = tmp_path / name
        path.write_bytes(b"\x89PNG")
        os.utime(path, (when.timestamp(), when.timestamp()))
    (tmp_path / "layoffs-trends-90d-20250101.png").mkdir()  # not a file: left alone
    assert prune_charts(tmp_path, now) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            "layoffs-trends-7d-20260227.png",
            "holiday.png",
            "layoffs-trends-30d-20260101.png.txt",
            "layoffs-trends-90d-20250101.png",
        ]
    )
    assert prune_charts(tmp_path, now) == 0
    assert prune_charts(tmp_path / "never-made", now) == 0  # no chart saved yet


async def test_a_chart_trends_just_saved_is_kept_then_pruned_after_the_keep_period(
    tmp_path: Path, store: Store
) -> None:
    from adapters.console import save_chart
    from tests.conftest_social import cmd, make_app

    charts = tmp_path / "charts"
    reply = await make_app(store).handle(cmd("trends 90d"))
    assert reply.image is not None
    assert save_chart(charts, reply.image).startswith("(chart saved to")
    now = datetime.now(UTC)
    assert prune_charts(charts, now) == 0
    assert prune_charts(charts, now + timedelta(days=CHART_KEEP_DAYS + 1)) == 1
    assert list(charts.iterdir()) == []
