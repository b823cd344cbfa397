"""`/layoffs why <link>`: why a link was or was not in the digest or an alert."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from bot.commands.spec import Args, clip
from bot.models import Command, Field, Kind, Message, Section, Tags
from bot.render import KIND_LABELS, function_label, shown_companies, size_text
from bot.timeutil import as_utc, shown_date, shown_time

if TYPE_CHECKING:
    from bot.commands.context import Context
    from bot.models import Item, Story


def why(ctx: Context, command: Command, args: Args) -> Message:
    link = str(args["link"])
    tenant = ctx.tenant(command)
    item = ctx.store.item_by_link(link, tenant=tenant)
    if item is None:
        return Message(
            title="I have not seen that link",
            sections=(
                Section(
                    text=f"No stored item has the link {clip(link, 200)}. It may come from a feed I do not read."
                ),
            ),
        )
    story = ctx.store.get_story(item.story_id, tenant=tenant) if item.story_id is not None else None
    tags = story.tags if story is not None else item.tags
    announced = ctx.store.announce_flags([story.id]).get(story.id, True) if story else True
    # Stored after its story, and not newer than it: no first poll of its own to blame.
    later = story is not None and (
        as_utc(item.fetched_at) > as_utc(story.first_seen)
        and as_utc(item.published) <= as_utc(story.first_seen)
    )
    tz = ctx.reader_zone(command)
    digest_rule, alert_rule = _rules(ctx, story, tags, tz, announced=announced, joined_later=later)
    first_seen = None
    if story is not None:
        # Its first item's: the story's own `first_seen` moves to when fresh news announced
        # a story filed silently (digest windows key on it), after items it already had.
        stored = ctx.store.story_items([story.id]).get(story.id, [])
        first_seen = min((i.fetched_at for i in stored), default=story.first_seen)
    rules = (digest_rule, alert_rule)
    return Message(
        title="Why",
        sections=_sections(item, _source(ctx, item), story, tags, rules, first_seen, tz),
    )


def _source(ctx: Context, item: Item) -> str:
    """Who published the item: the publisher its feed named for it (Google News'
    `<source>`, a title's " - Publisher"), else the feed it came from. A feed's title is
    not stored as the items' publisher (an aggregator's, "AI layoffs - Google News", is
    no publisher), but it is where the item was read: "unknown publisher" for an item of
    the feed "Wire" hid what the bot knew."""
    if item.publisher:
        return item.publisher
    feed = ctx.store.get_feed(item.feed_id) if item.feed_id is not None else None
    if feed is not None and feed.name and feed.name != feed.url:
        return f"from the feed “{clip(feed.name, 80)}”"
    if feed is not None:
        return f"from the feed {clip(feed.url, 120)}"
    return "unknown publisher"


def _rules(
    ctx: Context,
    story: Story | None,
    tags: Tags,
    tz: tzinfo,
    *,
    announced: bool,
    joined_later: bool = False,
) -> tuple[str, str]:
    """The digest rule and the alert rule, said in words for this story (`joined_later`:
    the item was stored after its story, published before the story was first seen)."""
    digest_rule = digest_reason(tags)
    max_age = timedelta(days=ctx.settings.announce_max_age_days)
    if story is not None and not announced:
        if story.published < story.first_seen - max_age:
            age = (story.first_seen - story.published).days
            silent = (
                f"it was published {shown_date(story.published, tz)}, {age} days before it was "
                f"first seen; news older than {max_age.days} days when found is stored "
                "and searchable but never announced as new (LAYOFFBOT_ANNOUNCE_MAX_AGE_DAYS)."
            )
        elif joined_later:  # not 'it came in a first poll': it did not
            silent = (
                "its story was first stored by a feed's first poll, which is stored without "
                f"announcing, at {shown_time(story.first_seen, tz)}, and this item was "
                "published before then: not newer news of it."
            )
        else:
            silent = "it came in a feed's first poll, which is stored without announcing."
        if tags.in_digest:
            digest_rule = f"Not in the digest: {silent}"
        alert_rule = f"Alerts: no, {silent}"
    elif tags.kind.is_action and tags.companies:
        who = shown_companies(tags.companies)
        alert_rule = f"Alerts: yes, once for this story, to subscribers of {who}."
    elif not tags.kind.is_action:
        alert_rule = f"Alerts: no, kind {tags.kind.value} is not an employer's job action."
    else:
        alert_rule = "Alerts: no, no company was identified."
    return digest_rule, alert_rule


def _sections(
    item: Item,
    source: str,
    story: Story | None,
    tags: Tags,
    rules: tuple[str, str],
    first_seen: datetime | None,
    tz: tzinfo,
) -> tuple[Section, ...]:
    digest_rule, alert_rule = rules
    item_tags = item.tags
    fields = [
        Field("Kind", KIND_LABELS[item_tags.kind]),
        Field("AI cited", "yes" if item_tags.ai_cause else "no"),
        Field("Companies", ", ".join(item_tags.companies) or "none found"),
        Field("Jobs", size_text(item_tags)),
        Field(
            "Functions",
            ", ".join(function_label(f) for f in item_tags.functions) or "not stated",
        ),
        Field("Location", item_tags.location or "not stated"),
        Field("Language", item_tags.language or "not recorded"),
    ]
    evidence = item_tags.ai_evidence or tags.ai_evidence
    sections = [
        Section(
            heading=item.title,
            url=item.link,
            text=(f'AI evidence: "{evidence}"' if evidence else "No sentence ties this to AI."),
            fields=tuple(fields),
            context=f"{source}, {shown_date(item.published, tz)}",
        ),
        Section(heading="Decision", text=f"{digest_rule}\n{alert_rule}"),
    ]
    if story is not None and first_seen is not None:
        sections.append(
            Section(
                heading=f"Story: {story.headline}",
                text=f"{story.item_count} item(s); the digest and alerts use the story's tags, merged from all of them.",
                fields=(
                    Field("Kind", KIND_LABELS[story.tags.kind]),
                    Field("AI cited", "yes" if story.tags.ai_cause else "no"),
                    Field("First seen", shown_time(first_seen, tz)),
                ),
            )
        )
    return tuple(sections)


# --------------------------------------------------------- feeds (async)


def digest_reason(tags: object) -> str:
    """The spec's digest rule, said in words for `why`."""
    assert isinstance(tags, Tags)
    if tags.in_digest:
        return f"In the digest: kind {tags.kind.value} and AI cited."
    if tags.kind is Kind.ANALYSIS:
        extra = " It appears under 'Analysis and commentary'." if tags.ai_cause else ""
        return f"Not in the digest: kind analysis (commentary, not an employer's action).{extra}"
    if tags.kind is Kind.OTHER and tags.language not in (None, "en"):
        return (
            f"Not in the digest: written in a language the tagger does not read "
            f"({tags.language}), so stored as kind other."
        )
    if tags.kind is Kind.OTHER:
        return "Not in the digest: kind other (not about an employer's job cuts or freeze)."
    return f"Not in the digest: kind {tags.kind.value} but not AI-attributed (no source sentence ties it to AI)."
