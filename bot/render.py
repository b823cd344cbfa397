"""A neutral `Message` as plain text: the console adapter and `layoffbot ask`.

Plain text cannot mention anyone, so nothing needs escaping here; control characters
from feeds are still dropped so a headline cannot move the cursor or clear a terminal.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, tzinfo

from bot.controls import drop_controls
from bot.links import safe_link
from bot.models import Field, Item, Kind, Message, Section, Story, StoryLink, Tags
from bot.timeutil import shown_date, shown_time


def clean(text: str) -> str:
    """Drop terminal control characters (keep newlines and tabs)."""
    return drop_controls(text)


def shown_link(url: str | None) -> str | None:
    """`url` when it is a link a reader can follow (http or https), else None. An item
    with no such link keeps its guid as its identity ('g0', 'urn:...'), which the
    terminal showed as the link ('<g0>', trial session 10); Slack and Discord drop it too
    (bot.links.safe_link)."""
    return url if safe_link(url) else None


def section_text(section: Section) -> str:
    lines: list[str] = []
    if section.heading:
        heading = section.heading
        if url := shown_link(section.url):
            heading = f"{heading} <{url}>"
        lines.append(heading)
    if section.text:
        lines.extend("  " + ln if section.heading else ln for ln in section.text.splitlines())
    if section.fields:
        lines.append(
            ("  " if section.heading else "")
            + " | ".join(f"{f.name}: {f.value}" for f in section.fields)
        )
    for link in section.links:
        via = f" ({link.publisher})" if link.publisher else ""
        url = shown_link(link.url)
        lines.append(f"  - {link.title}{via}: {url}" if url else f"  - {link.title}{via}")
    if section.context:
        lines.append(("  " if section.heading else "") + section.context)
    return "\n".join(lines)


def to_text(message: Message) -> str:
    """Render a message for a terminal: title, sections separated by blank lines, footer."""
    parts: list[str] = []
    if message.title:
        title = ("Error: " if message.is_error else "") + message.title
        parts.append(f"== {title} ==")
    for section in message.sections:
        text = section_text(section)
        if text:
            parts.append(text)
    if message.image is not None:
        parts.append(f"[chart: {message.image.alt_text}]")
    if message.footer:
        parts.append(message.footer)
    return clean("\n\n".join(parts))


# ------------------------------------------------------------ story building blocks
KIND_LABELS: dict[Kind, str] = {
    Kind.LAYOFF: "Layoff",
    Kind.HIRING_FREEZE: "Hiring freeze",
    Kind.ANALYSIS: "Analysis",
    Kind.OTHER: "Other",
}


def size_text(tags: Tags) -> str:
    """How many jobs, as the sources said it: a count, a share, or their words."""
    if tags.headcount is not None:
        return f"{tags.headcount:,} jobs"
    if tags.percent is not None:
        return f"{tags.percent:g}% of staff"
    if tags.headcount_text:
        return tags.headcount_text
    return "not stated"


def function_label(name: str) -> str:
    return name.replace("_hr", "/HR").replace("_", " ")


def headline_link(story: Story) -> StoryLink | None:
    """The link of the item the headline is from (the links come oldest first, the
    headline from the item that says most), else the oldest link."""
    own = next((link for link in story.links if link.title == story.headline), None)
    return own or (story.links[0] if story.links else None)


def _same_words(a: str, b: str) -> bool:
    """Whether two texts say the same words (case, spacing and punctuation aside)."""
    return _words(a) == _words(b)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _quoted_from(story: Story) -> str:
    """Where the AI evidence is from, when not from the article the headline, link and
    summary are: the story's tags are merged from all its items, and a quote shown under
    one outlet's headline read as that outlet's words (trial, session 12). '' when the
    headline's article says it (or the story has one source)."""
    evidence = _words(story.tags.ai_evidence or "")
    if story.item_count <= 1 or _contains(_words(f"{story.headline} {story.summary}"), evidence):
        return ""
    source = next((ln for ln in story.links if _contains(_words(ln.title), evidence)), None)
    if source is not None and source.publisher:
        return f" (from {source.publisher})"
    return " (from another of the story's sources)"


def _contains(words: list[str], part: list[str]) -> bool:
    """Whether `part` is a run of `words`."""
    n = len(part)
    return bool(part) and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def shown_companies(companies: tuple[str, ...]) -> str:
    """A story's employers as users know them (bot/companies.py `shown_name`: 'Twitter' is
    shown as 'X', the company they follow), up to three, each once."""
    from bot.companies import shown_name

    return ", ".join(dict.fromkeys(shown_name(c) for c in companies[:3]))


def _tag_fields(tags: Tags, published: datetime, tz: tzinfo) -> list[Field]:
    """Date (in the reader's zone `tz`), kind, size and AI attribution: the fields an item
    and a story show alike."""
    return [
        Field("Date", shown_date(published, tz)),
        Field("Kind", KIND_LABELS[tags.kind]),
        Field("Jobs", size_text(tags)),
        Field("AI cited", "yes" if tags.ai_cause else "no"),
    ]


def item_section(item: Item, *, context: str | None = None, tz: tzinfo = UTC) -> Section:
    """One item on its own, as `story_section` shows a story: what an alert about new
    coverage of a known story leads with (its headline, its figure), the story after it.
    Its date is the reader's (`tz`, bot.timeutil.shown_date)."""
    tags = item.tags
    text = "" if _same_words(item.summary, item.title) else item.summary.strip()
    if tags.ai_evidence:
        quote = f'> "{tags.ai_evidence.strip()}"'
        text = f"{text}\n{quote}" if text else quote
    fields = _tag_fields(tags, item.published, tz)
    if tags.companies:
        fields.insert(0, Field("Company", shown_companies(tags.companies)))
    return Section(
        text=text,
        heading=item.title,
        url=item.link,
        fields=tuple(fields),
        context=context,
        kind=tags.kind,
    )


def story_section(
    story: Story, *, max_links: int = 3, with_company: bool = True, tz: tzinfo = UTC
) -> Section:
    """One story as a section: headline (linked), summary, the AI evidence as a quote so
    readers can check the claim, then date (in the reader's zone `tz`), kind, size and AI
    attribution as fields."""
    tags = story.tags
    text = story.summary.strip()
    if _same_words(text, story.headline):  # a headline-only feed (Google News): said once
        text = ""
    if tags.ai_evidence:
        quote = f'> "{tags.ai_evidence.strip()}"{_quoted_from(story)}'
        text = f"{text}\n{quote}" if text else quote
    fields = _tag_fields(tags, story.published, tz)
    if with_company and tags.companies:
        fields.insert(0, Field("Company", shown_companies(tags.companies)))
    if tags.functions:
        fields.append(Field("Functions", ", ".join(function_label(f) for f in tags.functions[:4])))
    links = story.links[:max_links]
    more = len(story.links) - len(links)
    context = f"{story.item_count} source{'s' if story.item_count != 1 else ''}"
    if more > 0:
        context += f" ({more} more link{'s' if more != 1 else ''} not shown)"
    return Section(
        text=text,
        heading=story.headline,
        url=link.url if (link := headline_link(story)) else None,
        fields=tuple(fields),
        context=context,
        kind=tags.kind,
        links=links,
    )


def coverage_sections(
    story: Story, lead: Item, first: Item, tz: tzinfo = UTC
) -> tuple[Section, ...]:
    """A story filed silently and announced by fresh coverage, as alerts and digests show
    it: the new item (`lead`) first, then the story so far under its headline, or under its
    first item's when the new item gave the story its headline (said once). Under the old
    headline alone, a reader saw the figure they may have heard of, not the one that is news."""
    via = f" ({lead.publisher})" if lead.publisher else ""
    context = f"New coverage{via} of a story first seen {shown_time(first.fetched_at, tz)}."
    so_far = story_section(story, tz=tz)
    if so_far.heading == lead.title:
        so_far = replace(so_far, heading=first.title, url=first.link, text="")
    return (
        item_section(lead, context=context, tz=tz),
        replace(so_far, heading=f"The story so far: {so_far.heading}"),
    )
