"""Each item's opening, kept beside its summary for the rules that compare openings.

A story's digest (bot/store/candidates.py `story_digest`) keeps each item's headline and
its extractive summary, and until session 15 the rules comparing an incoming item's
opening text with a stored item's read the stored item's summary instead: the comparison
was lopsided and hung on which item came first. 'Amazon plans to introduce robots to
replace warehouse workers' and 'Inside Amazon's robot revolution', the same day, open
with the same eight words, but the first one filed kept a summary without them.

So the digest keeps each item's opening (OPENING_CHARS of its text) as a third list, and
the opening rules read that (`their_openings`); the summaries are left to what reads a
summary. A story stored before keeps none: its summaries stand in, as they did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.stories import StoryCandidate

# The most of an opening the rules read of a candidate's item: bot.story_wording's LEAD_CHARS,
# bot.story_mentions' MENTION_CHARS, bot.story_names' NAME_CHARS, bot.story_sources'
# FIGURE_CHARS. (A report's author, read in REPORT_CHARS, is in the story's index keys.)
OPENING_CHARS = 300


def opening(text: str) -> str:
    """What the digest keeps of an item's text."""
    return text[:OPENING_CHARS]


def their_openings(
    titles: tuple[str, ...], summaries: tuple[str, ...], openings: tuple[str, ...]
) -> tuple[str, ...]:
    """A candidate's items' openings beside `titles`; its summaries when it has none kept
    for every item (stored before openings were kept, or built by a caller without)."""
    return openings if len(openings) == len(titles) and openings else summaries


def openings_of(candidate: StoryCandidate) -> tuple[str, ...]:
    """What the opening rules read of a candidate: its openings, its summaries when it
    brings none. The store's candidates bring them aligned with their titles (a digest kept
    before openings were shows its summaries there), so this is read, not checked, per
    comparison (~14 per item)."""
    return candidate.openings or candidate.summaries
