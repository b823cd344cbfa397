"""Company alerts: new stories matched against subscriptions, planned into the outbox.

One alert per subscriber per *story*: the key is the story's key, so more items about
the same event (which join the story, never create one) can never alert again, and a
replanned batch after a crash inserts nothing new.

A story a feed's silent first poll filed alerts when fresh coverage joins it
(bot/store/promote.py): that alert leads with the coverage that caused it (its headline,
its figure), the story so far after it. It led with the story's old headline, so a
subscriber read of the 1,200 jobs they may have heard of, not the 250 that were news.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from bot.hints import follows_line
from bot.models import Item, Message, Section, Story, Target
from bot.render import coverage_sections, story_section
from bot.serialize import message_to_json, target_to_json
from bot.tenancy import tenant_key
from bot.timeutil import reader_zone

if TYPE_CHECKING:
    from bot.store import Store
    from bot.store.social import PlannedDelivery, Subscription

log = logging.getLogger(__name__)


def _company_key(name: str) -> str:
    from bot.companies import company_key

    return company_key(name)


def subscription_target(sub: Subscription) -> Target:
    """Where a subscription's alerts go: the channel, or the user's direct messages."""
    return Target(
        platform=sub.platform,
        channel_id=sub.channel_id or None,
        user_id=None if sub.channel_id else sub.user_id,
        workspace_id=sub.workspace_id or None,
    )


def alert_key(sub: Subscription, story: Story) -> str:
    """One alert per story and place. The terminal is one place: a company followed there
    both "by direct message" and `here` printed each alert twice (trial)."""
    where = sub.channel_id or f"user:{sub.user_id}"
    if sub.platform == "console":
        where = "terminal"
    return f"alert:{sub.platform}:{where}:{story.key}"


@dataclass(frozen=True)
class NewCoverage:
    """What made a story filed earlier (silently) news now: `lead`, the item the alert
    leads with, and `first`, the story's first item (what was known before)."""

    lead: Item
    first: Item


def new_coverage(story: Story, items: list[Item]) -> NewCoverage | None:
    """For a story that had items before it was announced (`first_seen`, set when fresh
    news announced it) and grew by fresh ones: the fresh item that says most (an
    employer's action, with a figure, the newest). None for a story new as a whole."""
    earlier = [i for i in items if i.fetched_at < story.first_seen]
    fresh = [i for i in items if i.fetched_at >= story.first_seen]
    if not earlier or not fresh:
        return None
    lead = max(
        fresh,
        key=lambda i: (
            i.tags.kind.is_action,
            i.tags.headcount is not None or i.tags.percent is not None,
            i.published,
            i.id,
        ),
    )
    return NewCoverage(lead=lead, first=earlier[0])


def alert_message(
    story: Story,
    sub: Subscription,
    coverage: NewCoverage | None = None,
    tz: tzinfo = UTC,
    at: str | None = None,
) -> Message:
    """The alert; its footer is the command that stops it, as typed where it is read.
    With `coverage`, it leads with the new item and the story so far follows. Its dates
    are in `tz`, the zone of the place it is read (`_target_zone`). `at`: where the title
    says the story is (`alert_heading`: 'LinkedIn, part of Microsoft'), else the company
    followed."""
    from bot.companies import shown_name

    company = shown_name(sub.company)  # a subscription made under a former name
    return Message(
        title=f"New at {at or company}: {story.tags.kind.value.replace('_', ' ')}",
        sections=story_sections(story, coverage, tz),
        footer=follows_line(sub.platform, company, channel=bool(sub.channel_id), anyone=True),
        ephemeral=False,
    )


def story_sections(
    story: Story, coverage: NewCoverage | None, tz: tzinfo = UTC
) -> tuple[Section, ...]:
    """A story as alerts and digest threads show it: filed silently and announced by fresh
    coverage, it leads with that coverage (`coverage_sections`), else the story alone.
    Dates in the reader's zone `tz`."""
    if coverage is None:
        return (story_section(story, tz=tz),)
    return coverage_sections(story, coverage.lead, coverage.first, tz)


def plan_alerts(
    store: Store, stories: list[Story], now: datetime, *, default_zone: str = "UTC"
) -> int:
    """Enqueue one alert per active matching subscription for each new action story.

    Only stories that may be announced (not from a feed's silent first poll, not old
    news) and that are an employer's action (layoff, hiring freeze) alert. A batch is
    planned in one transaction: one read of the subscriptions to all of its companies,
    and one statement for all of its alerts (insert-if-absent on each key, so a batch
    planned again after a crash plans nothing twice). Returns deliveries planned.
    Dates are shown in each target's zone (`Store.reader_timezone`, else `default_zone`).
    """
    with store.unit_of_work():  # joined by the calls below: one transaction
        alerting = _alerting(store, stories)
        wanted = {key for _, keys in alerting for key in keys}
        by_company: dict[str, list[Subscription]] = {}
        for sub in store.subscriptions_for_companies(wanted):
            by_company.setdefault(sub.company_key, []).append(sub)
        followed = [
            (story, subs) for story, keys in alerting if (subs := _subscribers(keys, by_company))
        ]
        items = store.story_items([story.id for story, _ in followed]) if followed else {}
        planned: dict[str, PlannedDelivery] = {}
        zones = _TargetZones(store, default_zone)
        for story, subs in followed:
            coverage = new_coverage(story, items.get(story.id, []))
            _plan_story(store, story, subs, planned, coverage, zones)
        inserted = store.enqueue_many(list(planned.values()), now=now) if planned else 0
    if inserted:
        log.info("event=alerts_planned count=%d", inserted)
    return inserted


class _TargetZones:
    """The zone of each place alerts go, read once per batch: a channel's digest zone,
    else its workspace's (a direct message: the user's workspace), else the default."""

    def __init__(self, store: Store, default: str) -> None:
        self.store, self.default = store, default
        self.known: dict[tuple[str, str, str], tzinfo] = {}

    def of(self, sub: Subscription) -> tzinfo:
        place = (sub.platform, sub.channel_id or "", sub.workspace_id or "")
        if place not in self.known:
            chosen = self.store.reader_timezone(*place)
            self.known[place] = reader_zone(chosen, self.default)
        return self.known[place]


def _subscribers(keys: set[str], by_company: dict[str, list[Subscription]]) -> list[Subscription]:
    """The subscriptions to any of a story's companies, each once, oldest first."""
    subs = {s.id: s for key in keys for s in by_company.get(key, ())}
    return sorted(subs.values(), key=lambda s: s.id)


def _alerting(store: Store, stories: list[Story]) -> list[tuple[Story, set[str]]]:
    """The stories that may alert, with the company keys they alert for."""
    announce = store.announce_flags(
        [s.id for s in stories] + [s.same_as for s in stories if s.same_as is not None]
    )
    out: list[tuple[Story, set[str]]] = []
    for story in stories:
        if not story.tags.kind.is_action or not announce.get(story.id, False):
            continue
        if story.same_as is not None and announce.get(story.same_as, False):
            continue  # the workspace heard of this event through the operator's story
        keys = {_company_key(c) for c in story.tags.companies if c.strip()}
        if keys:
            out.append((story, keys))
    return out


def _plan_story(
    store: Store,
    story: Story,
    subs: list[Subscription],
    planned: dict[str, PlannedDelivery],
    coverage: NewCoverage | None,
    zones: _TargetZones,
) -> None:
    """Add the story's alerts to `planned`, one per target."""
    # Here, not at the top: bot.digests imports this module, and the command table
    # imports bot.digests; `ask help` on a ready database loads no store (bot/cli/quick.py).
    from bot.company_units import alert_heading
    from bot.store.social import PlannedDelivery

    # Workspaces hear of a story of their own feeds only; of an operator's story,
    # unless they already heard of the event through a story of their own.
    heard_already = set() if story.tenant else store.tenants_with_same_event(story.id)
    heard_in = _channels_told_of_event(store, story, subs, planned)
    text = f"{story.headline}\n{story.summary}"
    for sub in subs:
        sub_tenant = tenant_key(sub.platform, sub.workspace_id or None, sub.user_id)
        if (story.tenant and sub_tenant != story.tenant) or sub_tenant in heard_already:
            continue
        key = alert_key(sub, story)
        if key in planned:  # two of the story's companies, one target: one alert
            continue
        if key.removesuffix(story.key) in heard_in:  # a shared channel told of the event
            continue
        # A unit's follower hears of the story only if it names the unit; the parent's,
        # of its units' stories too, told so (bot/company_units.py).
        at = alert_heading(sub.company, story.tags.companies, text)
        if at is None:
            continue
        target = subscription_target(sub)
        planned[key] = PlannedDelivery(
            key=key,
            platform=target.platform,
            target=target_to_json(target),
            message=message_to_json(alert_message(story, sub, coverage, zones.of(sub), at)),
            source="alert",
            source_id=sub.id,
        )


def _channels_told_of_event(
    store: Store, story: Story, subs: list[Subscription], planned: dict[str, PlannedDelivery]
) -> set[str]:
    """The channels of `subs` (as `alert:platform:channel:`) that have an alert of the
    story's event from another story of it. A Slack Connect channel is one channel id in
    the two organisations sharing it; each may follow the company, and the event may
    come as workspace A's own story, alerting A's subscription, then as the operator's,
    alerting B's: the channel read it twice. Each workspace's subscriptions stay its own:
    only what the channel itself was sent counts."""
    channels = {
        (s.platform, s.channel_id) for s in subs if s.channel_id and s.platform != "console"
    }
    if not channels:
        return set()
    others = store.same_event_story_keys(story.id, story.same_as)
    if not others:
        return set()
    places = {f"alert:{p}:{c}:{k}": f"alert:{p}:{c}:" for p, c in channels for k in others}
    told = store.planned_delivery_keys(places) | (places.keys() & planned.keys())
    return {places[key] for key in told}
