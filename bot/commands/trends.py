"""`/layoffs trends [period]`: AI-attributed job cuts over time, with a chart."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.charts import Bucket, trends_chart
from bot.commands.spec import Args
from bot.commands.surface import how_to
from bot.models import Command, Field, Image, Message, Section
from bot.render import function_label
from bot.timeutil import is_utc, zone_name

if TYPE_CHECKING:
    from bot.commands.context import Context
    from bot.store.rows import TrendDay, TrendTotals

PERIODS: dict[str, tuple[int, str]] = {
    "7d": (7, "day"),
    "30d": (30, "week"),
    "90d": (90, "week"),
    "1y": (365, "month"),
}
# Each period as a number of each unit it is a whole number of ('1w', '3 months',
# '12m', '52 weeks'): `trends 3 months` and `trends 1w` were refused (trial 15).
_SPANS = {"7d": {"d": 7, "w": 1}, "30d": {"d": 30, "m": 1}, "90d": {"d": 90, "m": 3}}
_SPANS["1y"] = {"d": 365, "w": 52, "m": 12, "y": 1}
_UNIT_WORDS = {
    "d": ("d", "day", "days"),
    "w": ("w", "wk", "wks", "week", "weeks"),
    "m": ("m", "mo", "mos", "month", "months"),
    "y": ("y", "yr", "yrs", "year", "years"),
}


def _spellings() -> dict[str, str]:
    aliases = {"week": "7d", "month": "30d", "quarter": "90d", "year": "1y"}
    for period, spans in _SPANS.items():
        for unit, n in spans.items():
            for word in _UNIT_WORDS[unit]:
                aliases[f"{n}{word}"] = aliases[f"{n} {word}"] = period
    return {k: v for k, v in aliases.items() if k != v}  # '7d' is itself, no alias


PERIOD_ALIASES = _spellings()
# Said for any other span ('2 weeks'): what trends shows, in words people type.
PERIOD_INVALID = (
    "“{value}” is not a period trends shows: 7d (a week), 30d (a month), "
    "90d (3 months) or 1y (a year)."
)
_UNNAMED, _UNNAMED_MANY = "Employer not named", "Employers not named"
_LABELS = {"7d": "7 days", "30d": "30 days", "90d": "90 days", "1y": "year"}


def trends(ctx: Context, command: Command, args: Args) -> Message:
    period = str(args.get("period", "30d"))
    days, unit = PERIODS[period]
    now = ctx.clock()
    start = now - timedelta(days=days)
    counted = ctx.store.trend_totals(start, now, tenant=ctx.tenant(command))
    ai = sum(d.ai_actions for d in counted.days)
    jobs = sum(d.ai_jobs for d in counted.days)
    title = f"AI-attributed job cuts, last {_LABELS[period]}"
    if not ai:  # an all-zero chart said nothing a line does not (new-user trial, session 20)
        return _no_trends(command, title, period, sum(d.actions for d in counted.days))
    buckets = make_buckets(counted.days, start, now, unit)
    # Counted per UTC day (the stored rollups): a reader elsewhere is told the days are
    # UTC's, so "05 Dec" is not read as their own 5 December (bot.timeutil).
    tz = ctx.reader_zone(command)
    utc = "" if is_utc(tz) else " (UTC)"
    sub = f"{start:%d %b %Y} – {now:%d %b %Y}{utc}: {_stories_and_jobs(ai, jobs)}"
    png = trends_chart(
        buckets,
        title=title,
        subtitle=sub,
        xlabel={"day": "Day", "week": "Week starting", "month": "Month"}[unit] + utc,
    )
    return Message(
        title=title,
        sections=_sections(counted, buckets, unit, None if is_utc(tz) else zone_name(tz)),
        image=Image(
            data=png,
            filename=f"layoffs-trends-{period}-{now:%Y%m%d}.png",
            alt_text=f"{title}: {_stories_and_jobs(ai, jobs)}",
        ),
        shareable=True,
    )


def _no_trends(command: Command, title: str, period: str, actions: int) -> Message:
    """No AI-attributed job action in the period: a line saying so, and no chart (a
    fresh install drew, saved and on Slack uploaded an empty one)."""
    text = f"No AI-attributed layoffs or hiring freezes recorded in the last {_LABELS[period]}"
    if actions:
        plural = "s" if actions != 1 else ""
        text += (
            f": {actions} layoff{plural} or hiring freeze{plural} in this period, "
            "none attributed to AI."
        )
    else:
        text += " yet."
    if period != "1y":
        text += f" {how_to(command, 'trends', period='1y')} looks back a year."
    return Message(title=title, sections=(Section(text=text),), shareable=True)


def _sections(
    counted: TrendTotals, buckets: list[Bucket], unit: str, zone: str | None
) -> tuple[Section, ...]:
    """Summary, top companies, most-hit functions and the per-bucket counts; `zone`: the
    reader's, when not UTC, whose days the counts' UTC days are not."""
    actions = sum(d.actions for d in counted.days)
    ai = sum(d.ai_actions for d in counted.days)
    jobs = sum(d.ai_jobs for d in counted.days)
    companies: Counter[str] = Counter()
    company_jobs: Counter[str] = Counter()
    for company, n, company_cut in counted.companies:
        name = company or _UNNAMED
        companies[name] += n
        company_jobs[name] += company_cut
    # The stories naming no employer are many employers: not one to rank, but said last.
    ranked = sorted(
        companies.keys() - {_UNNAMED}, key=lambda c: (-company_jobs[c], -companies[c], c.lower())
    )
    top = ranked[:5] + ([_UNNAMED] if _UNNAMED in companies else [])
    functions = counted.functions
    share = f"{ai} of {actions} ({100 * ai / actions:.0f}%)" if actions else "none in this period"
    sections = [
        Section(
            heading="Summary",
            fields=(
                Field("AI-attributed stories", str(ai)),
                Field(
                    "Jobs cut or not filled (where stated)",
                    f"{jobs:,}" if jobs or not ai else "not stated",
                ),
                Field("Share of all layoffs and freezes", share),
            ),
        ),
        Section(
            heading="Top companies",
            text="\n".join(
                f"• {_UNNAMED_MANY if c == _UNNAMED and companies[c] > 1 else c}: "
                f"{companies[c]} stor{'ies' if companies[c] != 1 else 'y'}"
                + (f", {company_jobs[c]:,} jobs" if company_jobs[c] else "")
                for c in top
            )
            or "None in this period.",
        ),
        Section(
            heading="Most-hit functions",
            text=", ".join(f"{function_label(f)} ({n})" for f, n in functions.most_common(5))
            or "Not stated.",
        ),
        Section(
            heading=f"Per {unit}",
            text=_per_bucket(buckets),
            context=f"Counted in UTC {unit}s, not {zone} ones." if zone else None,
        ),
    ]
    return tuple(sections)


def _stories_and_jobs(stories: int, jobs: int, *, short: bool = False) -> str:
    """'3 stories, 1,200 jobs cut or not filled where stated'; the jobs 'not stated' when
    stories there are and none gives a number (trial 14: "1 story, 0 jobs" read as a
    story of no jobs lost)."""
    if short:
        size = f"{jobs:,} jobs" if jobs else "jobs not stated"
    else:
        size = f"{jobs:,} jobs cut or not filled where stated" if jobs else "jobs not stated"
    return f"{stories} stor{'y' if stories == 1 else 'ies'}" + (f", {size}" if stories else "")


def _per_bucket(buckets: list[Bucket]) -> str:
    """A line per day, week or month with stories, and one per run of empty ones ("Jul –
    Oct: none"): a month left out read as a month not covered (trial 14)."""
    if not any(b.count for b in buckets):
        return "No AI-attributed job actions in this period."
    lines: list[str] = []
    empty: list[Bucket] = []
    for b in [*buckets, None]:
        if b is not None and not b.count:
            empty.append(b)
            continue
        if empty:
            first, last = (e.label.replace("\n", " ") for e in (empty[0], empty[-1]))
            lines.append(f"{first}: none" if len(empty) == 1 else f"{first} – {last}: none")
            empty = []
        if b is not None:
            label = b.label.replace("\n", " ")
            lines.append(f"{label}: {_stories_and_jobs(b.count, b.jobs, short=True)}")
    return "\n".join(lines)


def make_buckets(days: list[TrendDay], start: datetime, end: datetime, unit: str) -> list[Bucket]:
    """AI-attributed job actions and their jobs per day, week (Monday) or month from
    start to end, empty ones too, from the per-day totals of `Store.trend_totals`."""

    def floor(d: date) -> date:
        if unit == "week":
            return d - timedelta(days=d.weekday())
        if unit == "month":
            return d.replace(day=1)
        return d

    def step(d: date) -> date:
        if unit == "day":
            return d + timedelta(days=1)
        if unit == "week":
            return d + timedelta(days=7)
        return (d.replace(day=28) + timedelta(days=4)).replace(day=1)

    starts: list[date] = []
    cur = floor(start.astimezone(UTC).date())
    last = end.astimezone(UTC).date()
    while cur <= last:
        starts.append(cur)
        cur = step(cur)
    counts: Counter[date] = Counter()
    jobs: Counter[date] = Counter()
    for day in days:
        d = floor(day.day)
        counts[d] += day.ai_actions
        jobs[d] += day.ai_jobs

    def label(i: int, d: date) -> str:
        if unit == "month":  # the year only where it starts or changes: labels stay short
            return d.strftime("%b\n%Y") if i == 0 or d.month == 1 else d.strftime("%b")
        return d.strftime("%d %b")

    return [
        Bucket(start=d, label=label(i, d), count=counts[d], jobs=jobs[d])
        for i, d in enumerate(starts)
    ]
