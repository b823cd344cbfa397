"""Daily digests: what goes in a channel's digest and when it is due.

A digest covers the stories first seen since the channel's previous daily digest (so
nothing falls between two digests and nothing appears twice), keeps the spec's rule (an
AI-attributed layoff or hiring freeze) and adds a short analysis section. It is planned
as one parent delivery (the overview) plus one thread reply per story; planning and
moving the channel's window forward happen in one transaction, guarded by a
compare-and-set on `last_sent_date`, so two schedulers can never plan the same day twice.

`digest now` is an extra look, not a replacement: it posts the digest as it stands (the
window so far) and moves nothing, so the daily digest still comes at its time and covers
its whole window, the stories `digest now` showed included.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Protocol

from bot.alerts import NewCoverage, new_coverage, story_sections
from bot.hints import DISCORD, typed_or_options
from bot.models import Item, Kind, Message, Section, Story, Target
from bot.ports import Digests, StoryQueries
from bot.render import headline_link
from bot.serialize import message_to_json, target_to_json
from bot.tenancy import tenant_key
from bot.timeutil import parse_hhmm, shown_time, zone
from bot.typed_time import time_said

if TYPE_CHECKING:
    from bot.store.social import DigestSettings, PlannedDelivery

log = logging.getLogger(__name__)


class DigestStore(Digests, StoryQueries, Protocol):
    """What planning a digest reads and writes: the channel's settings and window
    (`Digests`), the stories first seen in it (`StoryQueries`) and their items (what a
    story grown by fresh coverage leads with); `bot.store.Store` meets all three. Named
    here so planning depends on the ports, not on the database."""

    def story_items(self, story_ids: Sequence[int]) -> dict[int, list[Item]]: ...


MAX_THREADED_STORIES = 25
MAX_ANALYSIS = 5
UNNAMED = "Employer not named"  # the group of stories naming no employer
FIRST_WINDOW = timedelta(days=1)


def local_date(settings: DigestSettings, now: datetime) -> date:
    return now.astimezone(zone(settings.timezone)).date()


def is_due(settings: DigestSettings, now: datetime) -> bool:
    """Enabled, the channel's local time has passed HH:MM today, today's not sent, and
    the clock is past the last digest's end.

    That last: the clock set back (NTP after a boot ahead) after a digest went out made
    "today" an earlier day not yet sent: a digest of nothing (its window ended in the
    future) went out at once, and the real day's, keyed by a date already used, never."""
    if not settings.enabled:
        return False
    if settings.last_covered is not None and settings.last_covered > now:
        return False
    local = now.astimezone(zone(settings.timezone))
    try:
        hour, minute = parse_hhmm(settings.time)
    except ValueError:
        hour, minute = 9, 0
    if (local.hour, local.minute) < (hour, minute):
        return False
    return settings.last_sent_date != local.date().isoformat()


def due_digests(store: Digests, now: datetime) -> list[DigestSettings]:
    return [d for d in store.enabled_digests() if is_due(d, now)]


def digest_target(settings: DigestSettings) -> Target:
    return Target(
        platform=settings.platform,
        channel_id=settings.channel_id,
        workspace_id=settings.workspace_id or None,
    )


@dataclass(frozen=True)
class DigestContent:
    """What one digest says: the overview and one thread message per story."""

    parent: Message
    children: tuple[tuple[Story, Message], ...]
    story_count: int

    @property
    def empty(self) -> bool:
        return self.story_count == 0


def _jobs(stories: list[Story]) -> int:
    return sum(s.tags.headcount or 0 for s in stories)


def _jobs_text(stories: list[Story]) -> str:
    """Jobs cut and roles left unfilled, apart: a hiring freeze's roles are not cuts."""
    cut = _jobs([s for s in stories if s.tags.kind is not Kind.HIRING_FREEZE])
    unfilled = _jobs([s for s in stories if s.tags.kind is Kind.HIRING_FREEZE])
    parts = ([f"{cut:,} jobs cut"] if cut else []) + (
        [f"{unfilled:,} roles not filled"] if unfilled else []
    )
    return ", ".join(parts)


def _quiet(
    title: str, since: datetime | None, held_back: int, note: str | None, tz: tzinfo
) -> DigestContent:
    """The 'Quiet day' note a channel may ask for when nothing happened; with where to
    look when stories were stored in the window without being news (a new feed's first
    read, old news), which otherwise reads as "the bot found nothing"."""
    since_text = f" since {shown_time(since, tz)}" if since else ""
    text = f"Quiet day: no new AI-driven job actions{since_text}."
    if held_back:
        text += (
            f"\n{held_back} AI-driven job action{'s were' if held_back != 1 else ' was'} "
            "already in feeds when they were first read (or old news), so not announced "
            "as new: /layoffs latest shows them."
        )
    return DigestContent(
        parent=Message(title=title, sections=(Section(text=text),), footer=note, ephemeral=False),
        children=(),
        story_count=0,
    )


def _overview(
    actions: list[Story], by_company: dict[str, list[Story]], order: list[str]
) -> Section:
    """The head count line and one line per company, busiest first."""
    lines = []
    for company in order:
        group = by_company[company]
        count = f"{len(group)} stor{'ies' if len(group) != 1 else 'y'}"
        size = _jobs_text(group)
        label = "Employers not named" if company == UNNAMED and len(group) > 1 else company
        lines.append(f"• {label}: {count}" + (f", {size}" if size else ""))
    size = _jobs_text(actions)
    head = (
        f"{len(actions)} new AI-driven job action{'s' if len(actions) != 1 else ''} "
        + _employers(len(order) - (UNNAMED in by_company), len(by_company.get(UNNAMED, ())))
        + (f", {size} (where stated)" if _jobs(actions) else "")
    )
    return Section(heading=head, text="\n".join(lines))


def _employers(named: int, unnamed: int) -> str:
    """Where the actions were: the companies named, and the stories that name no employer
    apart (trial 14: three such stories were "Unnamed employer", counted as one company
    and listed first, above a 21,000-job cut)."""
    companies = f"{named} compan{'ies' if named != 1 else 'y'}"
    others = f"{unnamed} employer{'s' if unnamed != 1 else ''} not named"
    if named and unnamed:
        return f"at {companies} and {others}"
    return f"at {companies}" if named else f"at {others}"


def _analysis(analysis: list[Story]) -> Section:
    picked = analysis[-MAX_ANALYSIS:]
    # 5 of 20 shown as if they were all (trial 14): the heading says how many there were.
    more = f": the latest {len(picked)} of {len(analysis)}" if len(analysis) > len(picked) else ""
    return Section(
        heading=f"Analysis and commentary{more}",
        text="\n".join(f"• {s.headline}" for s in picked),
        links=tuple(link for s in picked if (link := headline_link(s))),
        kind=Kind.ANALYSIS,
    )


def _threads(
    by_company: dict[str, list[Story]],
    order: list[str],
    coverage: Mapping[int, NewCoverage],
    tz: tzinfo,
) -> tuple[list[tuple[Story, Message]], str | None]:
    """One thread message per story (at most MAX_THREADED_STORIES) and the footer."""
    children = [
        (
            story,
            Message(
                title=company,
                sections=story_sections(story, coverage.get(story.id), tz),
                discussion=True,
                ephemeral=False,
            ),
        )
        for company in order
        for story in by_company[company]
    ]
    footer = "Each story has its own thread below for discussion." if children else None
    if len(children) > MAX_THREADED_STORIES:
        extra = len(children) - MAX_THREADED_STORIES
        children = children[:MAX_THREADED_STORIES]
        # Not "N more via /layoffs latest": latest shows the newest news of every kind, not
        # these (trial 14). They are the stories of the companies last in the list above.
        footer = (
            f"Threads for the first {MAX_THREADED_STORIES} stories below; the other {extra}, "
            "of the companies last in the list above, have none."
        )
    return children, footer


def build_digest(
    stories: list[Story],
    *,
    day: date,
    since: datetime | None,
    quiet_ok: bool,
    held_back: int = 0,
    note: str | None = None,
    coverage: Mapping[int, NewCoverage] | None = None,
    tz: tzinfo = UTC,
) -> DigestContent | None:
    """The digest for these stories, or None when there is nothing to say (and the
    channel did not ask for a 'Quiet day' note). `held_back`: AI-driven job actions
    stored in the window without being announced, named in a quiet note; `note`: a last
    line of the overview (what a `digest now` says about the daily digest); `coverage`: by
    story id, the fresh coverage that announced a story filed silently (`grown_coverage`);
    `tz`: the channel's zone, the one `day` is in, which every date shown is in too."""
    actions = [s for s in stories if s.tags.in_digest]
    analysis = [s for s in stories if _ai_analysis(s)]
    title = f"AI layoffs digest: {day:%a %d %b %Y}"
    if not actions and not analysis:
        return _quiet(title, since, held_back, note, tz) if quiet_ok else None
    from bot.companies import shown_name

    by_company: dict[str, list[Story]] = defaultdict(list)
    for story in actions:
        by_company[shown_name(story.company) if story.company else UNNAMED].append(story)
    order = sorted(  # busiest first; the stories naming no employer last, whatever their count
        by_company,
        key=lambda c: (c == UNNAMED, -len(by_company[c]), -_jobs(by_company[c]), c.lower()),
    )
    sections: list[Section] = []
    if actions:
        sections.append(_overview(actions, by_company, order))
    if analysis:
        sections.append(_analysis(analysis))
    children, footer = _threads(by_company, order, coverage or {}, tz)
    footer = "\n".join(line for line in (footer, note) if line) or None
    return DigestContent(
        parent=Message(title=title, sections=tuple(sections), footer=footer, ephemeral=False),
        children=tuple(children),
        story_count=len(actions),
    )


def digest_key(settings: DigestSettings, day: date, *, manual_at: datetime | None = None) -> str:
    base = f"digest:{settings.platform}:{settings.channel_id}:{day.isoformat()}"
    return base if manual_at is None else f"{base}:now:{manual_at:%H%M%S%f}"


def plan_digest(
    store: DigestStore, settings: DigestSettings, now: datetime, *, manual: bool = False
) -> bool:
    """Enqueue the channel's digest (parent and one thread reply per story) and move its
    window forward, in one transaction. True when something was enqueued.

    Scheduled (`manual=False`): keyed by the local date and guarded by a compare-and-set
    on last_sent_date, so it happens once a day whoever runs it. `manual` (`digest now`)
    posts the window so far, even when quiet, and leaves the window and the schedule as
    they are: the daily digest still comes, covering the stories this one showed too.
    """
    day = local_date(settings, now)
    since = settings.last_covered or (now - FIRST_WINDOW)
    if since > now:  # the clock set back since the last digest (`digest now`)
        since = now - FIRST_WINDOW
    # The channel's workspace sees the operator's stories and its own (bot.tenancy).
    tenant = tenant_key(settings.platform, settings.workspace_id or None, settings.updated_by)
    with store.unit_of_work() as uow:
        # No story is being filed while the window is read and moved (hold_story_filing).
        uow.hold_story_filing()
        stories = store.stories_first_seen_between(since, now, announce_only=True, tenant=tenant)
        quiet_ok = manual or settings.post_quiet_days
        held = _held_back(store, since, now, tenant) if quiet_ok and _quiet_day(stories) else 0
        content = build_digest(
            stories,
            day=day,
            since=since,
            quiet_ok=quiet_ok,
            held_back=held,
            note=_manual_note(settings) if manual else None,
            coverage=grown_coverage(store, stories),
            tz=zone(settings.timezone),
        )
        if not manual and not uow.mark_digest_planned(
            settings.id,
            expected_sent_date=settings.last_sent_date,
            sent_date=day.isoformat(),
            covered=now,
        ):
            log.info("event=digest_already_planned channel=%s", settings.channel_id)
            return False
        if content is None:
            log.info("event=digest_skipped_quiet channel=%s", settings.channel_id)
            return False
        key = digest_key(settings, day, manual_at=now if manual else None)
        parent, *children = _deliveries(settings, key, content)
        inserted = uow.enqueue_many([parent], now=now) == 1
        uow.enqueue_many(children, now=now)
    log.info(
        "event=digest_planned channel=%s stories=%d new=%s",
        settings.channel_id,
        content.story_count,
        inserted,
    )
    return inserted


def grown_coverage(store: DigestStore, stories: list[Story]) -> dict[int, NewCoverage]:
    """By story id, the fresh coverage that announced each digested story filed silently
    before (bot.alerts.new_coverage); stories new as a whole are not in it."""
    shown = [s.id for s in stories if s.tags.in_digest]
    items = store.story_items(shown) if shown else {}
    found = {sid: new_coverage(s, items.get(sid, [])) for s in stories if (sid := s.id) in items}
    return {sid: cov for sid, cov in found.items() if cov is not None}


def _manual_note(settings: DigestSettings) -> str | None:
    """What a `digest now` adds at its foot: the daily digest still comes."""
    if not settings.enabled:
        return None
    now = typed_or_options(settings.platform == DISCORD, "digest", action="now")
    return (
        f"Asked for with {now}: the daily digest still comes at {time_said(settings.time)} "
        f"{settings.timezone}, with these stories and any that follow."
    )


def _ai_analysis(story: Story) -> bool:
    """Commentary the digest shows: about AI's effect on work, as its headline or lead says
    (`story_about_ai_and_work`: most AI commentary on a real stream names work in passing)."""
    if story.tags.kind is not Kind.ANALYSIS or not story.tags.ai_cause:
        return False
    from bot.tagging.work_subject import story_about_ai_and_work  # the tagger's rules: on use

    return story_about_ai_and_work(story.headline, story.summary)


def _quiet_day(stories: list[Story]) -> bool:
    """No story the digest would show (`build_digest`'s two lists both empty)."""
    return not any(s.tags.in_digest or _ai_analysis(s) for s in stories)


def _held_back(store: StoryQueries, since: datetime, now: datetime, tenant: str) -> int:
    """AI-driven job actions first seen in the window but not announced (a feed's silent
    first read, old news): a quiet day's note points to them. Read only on quiet days."""
    stored = store.stories_first_seen_between(since, now, announce_only=False, tenant=tenant)
    return sum(1 for s in stored if s.tags.in_digest)


def _deliveries(
    settings: DigestSettings, key: str, content: DigestContent
) -> list[PlannedDelivery]:
    """The overview first, then one thread reply per story under it (`parent_key`)."""
    # Here, not at the top: bot.store (SQLAlchemy) is not loaded by a command that only
    # lists the command table (`ask help` on a ready database, bot/cli/quick.py).
    from bot.store.social import PlannedDelivery

    target = target_to_json(digest_target(settings))
    parent = PlannedDelivery(
        key, settings.platform, target, message_to_json(content.parent), "digest", settings.id
    )
    return [parent] + [
        PlannedDelivery(
            f"{key}:story:{story.key}",
            settings.platform,
            target,
            message_to_json(message),
            "digest",
            settings.id,
            parent_key=key,
        )
        for story, message in content.children
    ]


def ensure_digest(
    store: Digests,
    *,
    platform: str,
    workspace_id: str,
    channel_id: str,
    now: datetime,
    time: str,
    timezone: str,
) -> None:
    """Turn a channel's daily digest on unless it was ever set (the console's terminal
    gets one by default; a manager who turned it off keeps it off)."""
    if store.get_digest(platform, channel_id) is None:
        store.set_digest(
            platform=platform,
            workspace_id=workspace_id,
            channel_id=channel_id,
            now=now,
            updated_by=platform,
            enabled=True,
            time=time,
            timezone=timezone,
        )


def run_due_digests(store: DigestStore, now: datetime) -> int:
    """Plan every due digest; one channel's failure never blocks the others."""
    planned = 0
    for settings in due_digests(store, now):
        try:
            planned += plan_digest(store, settings, now)
        except Exception:
            log.exception("event=digest_plan_failed channel=%s", settings.channel_id)
    return planned
