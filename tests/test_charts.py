"""Charts: a readable PNG at chat size, for data and for an empty period."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.charts import CHART_KEEP_DAYS, HEIGHT_PX, WIDTH_PX, Bucket, prune_charts, trends_chart
from bot.store import Store
from tests.conftest import StoryFactory


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
    tmp_path: Path, store: Store, make_story: StoryFactory
) -> None:
    from adapters.console import save_chart
    from tests.conftest_social import NOW, cmd, make_app

    make_story("Acme", published=NOW - timedelta(days=3))  # none: no chart drawn
    charts = tmp_path / "charts"
    reply = await make_app(store).handle(cmd("trends 90d"))
    assert reply.image is not None
    assert save_chart(charts, reply.image).startswith("(chart saved to")
    now = datetime.now(UTC)
    assert prune_charts(charts, now) == 0
    assert prune_charts(charts, now + timedelta(days=CHART_KEEP_DAYS + 1)) == 1
    assert list(charts.iterdir()) == []


_DRAW = """
import hashlib, sys
from datetime import date
if sys.argv[1] == "3d-first":
    import mpl_toolkits.mplot3d  # noqa: F401  (the projections then import as ever)
from bot.charts import Bucket, trends_chart
png = trends_chart(
    [Bucket(date(2026, 1, 1 + 7 * i), f"Jan {1 + 7 * i}", i, 250 * i) for i in range(5)],
    title="AI-attributed job cuts, last 30 days",
    subtitle="4 stories",
)
import matplotlib.projections as projections
print(hashlib.sha256(png).hexdigest(), "3d" in projections.get_projection_names())
import mpl_toolkits.mplot3d  # importing the 3D axes later still works
"""


def test_a_chart_drawn_without_the_3d_axes_is_the_one_drawn_with_them() -> None:
    """matplotlib's 3D axes are not imported for a chart (bot.charts
    `_import_matplotlib_without_3d`); the PNG is byte for byte the one a process that
    had imported them draws, with no warning."""

    def draw(mode: str) -> tuple[str, str]:
        done = subprocess.run(
            [sys.executable, "-W", "error", "-c", _DRAW, mode],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.split()[0], done.stdout.split()[1] + done.stderr

    plain, plain_3d = draw("plain")
    with_3d, with_3d_3d = draw("3d-first")
    assert plain == with_3d
    assert (plain_3d, with_3d_3d) == ("False", "True")


def test_a_chart_folder_that_cannot_be_written_is_named_without_being_made(
    tmp_path: Path,
) -> None:
    """An unwritable LAYOFFBOT_CHART_DIR was found only when a chart was asked for."""
    from bot.charts import chart_dir_problem

    assert chart_dir_problem(tmp_path / "new" / "charts") is None
    assert not (tmp_path / "new").exists()  # checked, not made
    (tmp_path / "file.txt").write_text("")
    problem = chart_dir_problem(tmp_path / "file.txt" / "charts")
    assert problem is not None
    assert problem.startswith(f"LAYOFFBOT_CHART_DIR: trend charts cannot be saved in {tmp_path}")
    assert f"({tmp_path / 'file.txt'} is not a folder)" in problem
    if os.geteuid() != 0:  # root writes whatever the modes say
        (tmp_path / "ro").mkdir(mode=0o555)
        assert "is not writable here" in (chart_dir_problem(tmp_path / "ro") or "")
