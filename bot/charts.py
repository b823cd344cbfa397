"""PNG charts for `/layoffs trends`, drawn with matplotlib's Agg backend (no display).

Sized for chat (1000x560 px): a chat client shows it about half-width, so fonts are
large, the title says what and over which period, bars carry jobs cut (left axis) and a
line with markers the number of stories (right axis), and dates are short labels.

Drawn on one bare `Figure` kept for the process (no pyplot: its global figure registry
is neither needed nor thread-safe): axes, ticks and legend are made once and each chart
only sets its data, limits and texts. Margins are worked out from the labels instead of
`tight_layout`, which draws the whole figure once more only to measure it. The same data,
titles and labels give the same bytes, so the last few charts are kept.

Saved chart files (the console's "chart saved to ...") are pruned by the running bot
(`prune_charts`, hourly): nothing reads them after they are written. Slack and Discord
upload the PNG bytes the reply or its planned delivery carries (stored in the outbox,
base64), never the file, and a message already posted keeps its own uploaded copy.
"""

from __future__ import annotations

import io
import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    # matplotlib is imported with the first chart: a command that draws none (`ask`,
    # `poll`) starts faster.
    from matplotlib.container import BarContainer

log = logging.getLogger(__name__)

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
    return _chart(tuple(buckets), title, subtitle, xlabel)


@lru_cache(maxsize=16)
def _chart(buckets: tuple[Bucket, ...], title: str, subtitle: str | None, xlabel: str) -> bytes:
    with _LOCK:
        global _template
        if _template is None:
            _template = _Template()
        return _template.draw(buckets, title, subtitle, xlabel)


_LOCK = threading.Lock()
_template: _Template | None = None


class _Template:
    """The figure, axes, ticks, labels and legend, made once: each chart only sets its
    data, limits and texts (making them is half the cost of a chart). One at a time."""

    def __init__(self) -> None:
        _import_matplotlib_without_3d()
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        FigureCanvasAgg(fig)  # Agg, whatever matplotlib's default backend
        ax = fig.subplots()
        ax.set_ylabel("Jobs cut or not filled", fontsize=13, color=BAR_COLOR)  # as the legend
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.tick_params(axis="y", labelcolor=BAR_COLOR, labelsize=11)
        ax.tick_params(axis="x", labelsize=11)
        ax.spines[["top"]].set_visible(False)
        ax.grid(axis="y", alpha=0.25)
        ax2 = ax.twinx()
        (self.line,) = ax2.plot(
            [], [], color=LINE_COLOR, marker="o", linewidth=2.2, markersize=7, label="Stories"
        )
        ax2.set_ylabel("Stories (layoffs and hiring freezes)", fontsize=13, color=LINE_COLOR)
        ax2.tick_params(axis="y", labelcolor=LINE_COLOR, labelsize=11)
        ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax2.spines[["top"]].set_visible(False)
        ax2.set_title("", y=1.0)  # no ticks on top: titles need no placing around them
        self.xlabel = ax.set_xlabel("", fontsize=13)
        self.title = fig.suptitle("", fontsize=17, fontweight="bold", x=0.06, ha="left", y=0.97)
        self.subtitle = ax.set_title("", fontsize=11.5, loc="left", color="#444444", pad=10, y=1.0)
        bars = ax.bar([0], [0], color=BAR_COLOR, alpha=0.85, width=0.7)
        ax.legend(
            [bars, self.line],
            ["Jobs cut or not filled (where stated)", "Stories"],
            loc="upper left",
            ncol=2,
            fontsize=11,
            frameon=False,
        )
        self.empty = ax.text(
            0.5,
            0.5,
            "No AI-attributed layoffs in this period",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=15,
            color="#666666",
        )
        self.fig, self.ax, self.ax2 = fig, ax, ax2
        self.bars: BarContainer = bars  # the legend keeps a copy of its key

    def draw(
        self, buckets: tuple[Bucket, ...], title: str, subtitle: str | None, xlabel: str
    ) -> bytes:
        ax, ax2 = self.ax, self.ax2
        xs = list(range(len(buckets)))
        jobs = [b.jobs for b in buckets]
        counts = [b.count for b in buckets]
        self.bars.remove()
        self.bars = ax.bar(xs, jobs, color=BAR_COLOR, alpha=0.85, width=0.7)
        ax.set_ylim(0, max(max(jobs, default=0) * 1.3, 10))
        self.line.set_data(xs, counts)
        ax2.set_ylim(0, max(max(counts, default=0) * 1.35, 3))
        step = max(1, len(buckets) // 12)
        labels = [b.label for b in buckets][::step]
        ax.set_xticks(xs[::step], labels)
        ax.set_xlim(-0.6, len(buckets) - 0.4)
        self.xlabel.set_text(xlabel)
        self.title.set_text(title)
        self.subtitle.set_text(subtitle or "")
        self.empty.set_visible(not any(jobs) and not any(counts))
        self.fig.subplots_adjust(**_margins(ax, ax2, labels, subtitle))
        buffer = io.BytesIO()
        # Fast zlib: a quarter of the encoding time for a PNG about 40% larger (~25 kB).
        self.fig.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
        return buffer.getvalue()


_AXES_3D = "mpl_toolkits.mplot3d"


def _import_matplotlib_without_3d() -> None:
    """matplotlib's figure, without its 3D axes. `matplotlib.projections` imports
    `mpl_toolkits.mplot3d` only to register the "3d" projection, and carries on without
    it (a warning) when that import fails: ~170 M instructions, 7% of importing
    matplotlib and ~4% of `ask trends`, for axes no chart here draws. So the first
    import of the projections finds that module blocked, and then unblocked: importing
    it later works, only `projection="3d"` is not registered in this process."""
    import sys
    import warnings

    if "matplotlib.projections" in sys.modules or _AXES_3D in sys.modules:
        return
    warnings.filterwarnings("ignore", "Unable to import Axes3D", module="matplotlib.projections")
    # None in sys.modules: "this module cannot be imported" (an ImportError).
    sys.modules[_AXES_3D] = None  # type: ignore[assignment]
    try:
        import matplotlib.figure  # noqa: F401
    finally:
        if _AXES_3D in sys.modules and sys.modules[_AXES_3D] is None:
            del sys.modules[_AXES_3D]


# What `tight_layout` would leave around the axes, in pixels at the sizes above (DejaVu
# Sans, 100 dpi), without drawing the figure to measure it: per character of a y tick
# label, for a y axis besides its tick labels (ticks, pads, axis label, figure edge), per
# line of the x tick labels, for the x axis besides them, and above the axes.
_TICK_CHAR_PX = 9.7
_AXIS_PX = 48
_LINE_PX = 21.5
_X_AXIS_PX = 42
_TOP_PX = 87
_TOP_SUBTITLE_PX = 108


def _tick_chars(axis: Any, label: Callable[[float], str]) -> int:
    low, high = axis.get_ylim()
    return max((len(label(v)) for v in axis.get_yticks() if low <= v <= high), default=1)


def _margins(ax: Any, ax2: Any, xlabels: list[str], subtitle: str | None) -> dict[str, float]:
    """Subplot margins fitting the widest tick labels (within 2-3 px of tight_layout)."""
    left = _tick_chars(ax, lambda v: _thousands(v, 0))
    right = _tick_chars(ax2, lambda v: f"{v:g}")
    lines = max((label.count("\n") + 1 for label in xlabels), default=1)
    return {
        "left": (_AXIS_PX + _TICK_CHAR_PX * left) / WIDTH_PX,
        "right": 1 - (_AXIS_PX + _TICK_CHAR_PX * right) / WIDTH_PX,
        "bottom": (_X_AXIS_PX + _LINE_PX * lines) / HEIGHT_PX,
        "top": 1 - (_TOP_SUBTITLE_PX if subtitle else _TOP_PX) / HEIGHT_PX,
    }


# Saved charts older than this are deleted (about 4 a day, ~25-60 kB each, were kept for
# ever: ~88 MB a year). A month leaves any chart a user was just shown to open.
CHART_KEEP_DAYS = 30
# The names `/layoffs trends` gives its charts (bot/commands/trends.py): the folder may be
# one the user chose (LAYOFFBOT_CHART_DIR), so nothing else in it is ever touched.
_SAVED_CHART = re.compile(r"layoffs-trends-[a-z0-9]+-\d{8}\.png")
# A chart being written (adapters.console._write_new_file: tempfile's random name), left
# behind by a crash mid-write; pruned once this old (a write takes milliseconds), never
# while another process may still be writing it.
_PART_FILE = re.compile(r"\.layoffs-chart-[a-z0-9_]+\.part")
PART_KEEP_SECONDS = 15 * 60


def chart_dir_problem(chart_dir: Path) -> str | None:
    """Why trend charts cannot be saved in `chart_dir`, said at start (`layoffbot run`),
    or None; checked without creating it. An unwritable folder was found only when a chart
    was asked for. Not a reason to stop: only the charts are lost."""
    folder = chart_dir
    try:
        while not folder.exists() and folder.parent != folder:
            folder = folder.parent  # the folder it would be made in
        if not folder.is_dir():
            reason = f"{folder} is not a folder"
        elif not os.access(folder, os.W_OK | os.X_OK):
            reason = f"{folder} is not writable here"
        else:
            return None
    except OSError as exc:
        reason = exc.strerror or str(exc)
    return (
        f"LAYOFFBOT_CHART_DIR: trend charts cannot be saved in {chart_dir} ({reason});"
        " the bot runs, and says so in place of each chart. Set LAYOFFBOT_CHART_DIR to a"
        " folder it can write"
    )


def prune_charts(chart_dir: Path, now: datetime, keep_days: int = CHART_KEEP_DAYS) -> int:
    """Delete the trend charts saved in `chart_dir` (files named as the bot names them)
    last written more than `keep_days` before `now`, and the half-written ones a crash
    left (older than PART_KEEP_SECONDS); how many. A missing or unreadable folder, or a
    file gone meanwhile, is not an error."""
    chart_cutoff = now.timestamp() - keep_days * 86400
    part_cutoff = now.timestamp() - PART_KEEP_SECONDS
    try:
        with os.scandir(chart_dir) as found:
            entries = [
                (e, chart_cutoff if _SAVED_CHART.fullmatch(e.name) else part_cutoff)
                for e in found
                if _SAVED_CHART.fullmatch(e.name) or _PART_FILE.fullmatch(e.name)
            ]
    except OSError:
        return 0
    removed = 0
    for entry, cutoff in entries:
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    if removed:
        log.info("event=charts_pruned count=%d dir=%s", removed, chart_dir)
    return removed
