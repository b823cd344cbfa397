"""PNG charts for `/layoffs trends`, drawn with matplotlib's Agg backend (no display).

Sized for chat (1000x560 px): a chat client shows it about half-width, so fonts are
large, the title says what and over which period, bars carry jobs cut (left axis) and a
line with markers the number of stories (right axis), and dates are short labels.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

WIDTH_PX = 1000
HEIGHT_PX = 560
DPI = 100

BAR_COLOR = "#d1495b"
LINE_COLOR = "#1d3557"


@dataclass(frozen=True)
class Bucket:
    """One period on the chart: when it starts, its label, what happened in it."""

    start: date
    label: str
    count: int
    jobs: int


def _thousands(value: float, _pos: int) -> str:
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def trends_chart(
    buckets: Sequence[Bucket],
    *,
    title: str,
    subtitle: str | None = None,
    xlabel: str = "Week starting",
) -> bytes:
    """A bar (jobs cut) + line (stories) chart as PNG bytes."""
    fig, ax = plt.subplots(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    try:
        xs = list(range(len(buckets)))
        jobs = [b.jobs for b in buckets]
        counts = [b.count for b in buckets]
        ax.bar(xs, jobs, color=BAR_COLOR, alpha=0.85, width=0.7, label="Jobs cut (where stated)")
        ax.set_ylabel("Jobs cut", fontsize=13, color=BAR_COLOR)
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.tick_params(axis="y", labelcolor=BAR_COLOR, labelsize=11)
        ax.set_ylim(0, max(max(jobs, default=0) * 1.3, 10))
        ax.spines[["top"]].set_visible(False)
        ax.grid(axis="y", alpha=0.25)

        ax2 = ax.twinx()
        ax2.plot(
            xs, counts, color=LINE_COLOR, marker="o", linewidth=2.2, markersize=7, label="Stories"
        )
        ax2.set_ylabel("Stories (layoffs and hiring freezes)", fontsize=13, color=LINE_COLOR)
        ax2.tick_params(axis="y", labelcolor=LINE_COLOR, labelsize=11)
        ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax2.set_ylim(0, max(max(counts, default=0) * 1.35, 3))
        ax2.spines[["top"]].set_visible(False)

        step = max(1, len(buckets) // 12)
        ax.set_xticks(xs[::step])
        ax.set_xticklabels([b.label for b in buckets][::step], fontsize=11)
        ax.set_xlim(-0.6, len(buckets) - 0.4)
        ax.set_xlabel(xlabel, fontsize=13)

        fig.suptitle(title, fontsize=17, fontweight="bold", x=0.06, ha="left", y=0.97)
        if subtitle:
            ax.set_title(subtitle, fontsize=11.5, loc="left", color="#444444", pad=10)
        handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
        labels = ax.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
        ax.legend(handles, labels, loc="upper left", ncol=2, fontsize=11, frameon=False)
        if not any(jobs) and not any(counts):
            ax.text(
                0.5,
                0.5,
                "No AI-attributed layoffs in this period",
                transform=ax.transAxes,
                ha="center",
                va="center",
                fontsize=15,
                color="#666666",
            )
        fig.tight_layout(rect=(0, 0, 1, 0.95))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()
    finally:
        plt.close(fig)
