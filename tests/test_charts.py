"""Charts: a readable PNG at chat size, for data and for an empty period."""

from __future__ import annotations

import struct
from datetime import date

from bot.charts import HEIGHT_PX, WIDTH_PX, Bucket, trends_chart


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
