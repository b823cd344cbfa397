"""An employer's action beside an item tagged with no employer that names it anyway.

Outlets name an employer in ways the tagger does not take for one: a short form in the
headline ('Tim Sweeney on Layoffs at Epic', its text linking epicgames.com), or a headline
it reads as commentary ("McDonald's Shuts All U.S. Offices Ahead of Layoffs, And They
Might Just Change Their Menu"). Such an item has no employer to match on, so the planner
(bot/stories.py) would ask its wording to agree as closely as two unnamed items'. When the
other side is that employer's action within days, and the untagged item names the employer
(in its headline, or in its opening text beside an action of its own), it is coverage of
the same action: the employer, the dates and the figures decide, as for any two items of
one employer's action. Pure functions of the tags, headlines and opening texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.models import Tags
from bot.story_rounds import figures_differ, names_cuts
from bot.story_wording import distinct

# How much of an item's text may name the employer: its opening (a feed's description).
MENTION_CHARS = 300


@lru_cache(maxsize=4096)
def _mention(name: str) -> re.Pattern[str] | None:
    """The employer's name as its words, each opening with the letter the name has and
    joined by at most two other characters or none ('Epic Games', 'Epic-Games',
    "McDonald's", 'McDonalds', 'MCDONALDS'), or as a site's address ('epicgames.com');
    None for a one-word name shorter than four letters (too often part of something else).
    A capital the name has matters: a word that is also a company ('its target is', 'meta search
    tools') is no mention of Target or Meta."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    if not words or (len(words) == 1 and len(words[0]) < 4):
        return None
    written = r"[^A-Za-z0-9\n]{0,2}".join(
        f"(?i:{re.escape(w)})" if w[0].islower() else re.escape(w[0]) + f"(?i:{re.escape(w[1:])})"
        for w in words
    )
    address = "-?".join(re.escape(w.lower()) for w in words) + r"\.(?:com|net|org|io|co|ai)\b"
    return re.compile(rf"(?<![A-Za-z0-9])(?:{written}|{address})(?![A-Za-z0-9])")


def _names(name: str, texts: Sequence[str]) -> bool:
    first = _opening(name)
    if first is None or all(t.isascii() and first not in t.lower() for t in texts):
        return False  # its first word nowhere (see `_leads_with`): no pattern compiled
    pattern = _mention(name)
    return pattern is not None and any(pattern.search(t) for t in texts)


def _leads_with(name: str, title: str) -> bool:
    """Whether the headline opens with the employer's name: its subject, whose news it
    tells ("McDonald's Shuts All U.S. Offices Ahead of Layoffs"), not a take on that news
    ("Dorsey's Job Cuts at Block Arouse Suspicions of AI-Washing")."""
    first = _opening(name)
    if first is None:
        return False
    title = title.lstrip(" '‘\"“")
    head = title[: len(first)]
    if head.isascii() and head.lower() != first:
        # Either form of `_mention` opens with the name's first word, each letter as
        # written or in another case; in ASCII that is `lower`. Most headlines fail here,
        # and an employer's pattern is not compiled for them (#14).
        return False
    pattern = _mention(name)
    return pattern is not None and pattern.match(title) is not None


@lru_cache(maxsize=4096)
def _opening(name: str) -> str | None:
    """The first word of `_mention`'s forms of the name, lower case; None when it has none."""
    words: list[str] = re.findall(r"[A-Za-z0-9]+", name)
    if not words or (len(words) == 1 and len(words[0]) < 4):
        return None
    return words[0].lower()


def mentioned_action(
    mine: Tags,
    my_texts: tuple[str, str],
    theirs: Tags,
    their_texts: tuple[Sequence[str], Sequence[str]],
    same_day: bool,
) -> bool:
    """Whether one side, tagged with no employer, is coverage of the other's action: the
    other names an employer and acts; the untagged side acts too and names that employer in
    its headline or opening text, or, the same or next day (`same_day`), is any kind of item
    whose headline opens with the employer and names the cuts. `my_texts` is (headline, opening text),
    `their_texts` (headlines, opening texts)."""
    if bool(mine.companies) == bool(theirs.companies):
        return False
    if mine.companies:
        named, bare, bare_titles, bare_leads = mine, theirs, their_texts[0], their_texts[1]
    else:
        named, bare = theirs, mine
        bare_titles, bare_leads = (my_texts[0],), (my_texts[1][:MENTION_CHARS],)
    if not named.kind.is_action:
        return False
    employer = named.companies[0]
    if bare.kind.is_action:
        return _names(employer, (*bare_titles, *(t[:MENTION_CHARS] for t in bare_leads)))
    if not same_day:
        return False
    return _leads_on_cuts(employer, tuple(bare_titles))


@lru_cache(maxsize=4096)
def _leads_on_cuts(employer: str, titles: tuple[str, ...]) -> bool:
    """Whether one of the headlines opens with the employer and names the cuts: once per
    employer and story's headlines (#14: ~17,000 headlines tested per cold poll), each
    distinct headline once (syndicated, most of them repeat)."""
    return any(_leads_with(employer, t) and names_cuts(t) for t in distinct(titles))


def name_each_other(
    mine: Tags,
    my_texts: tuple[str, str],
    theirs: Tags,
    their_texts: tuple[Sequence[str], Sequence[str]],
) -> bool:
    """Two employers' actions the same or next day where each side names the other's
    employer, one in a headline and the other in a headline or opening text: a unit's cuts
    and its parent's round ('ESPN Axes Multiple Well-Known Personalities As Disney Layoffs
    Continue', tagged Disney, beside 'ESPN lays off longtime hosts in major shakeup', whose
    text says 'as parent company, Disney, seeks to meet financial targets'), the figures
    agreeing or not given. The caller checks the dates."""
    if not (mine.companies and theirs.companies and mine.kind.is_action):
        return False
    if not theirs.kind.is_action or figures_differ(mine, theirs):
        return False
    my_title, my_lead = my_texts[0], my_texts[1][:MENTION_CHARS]
    their_titles = tuple(their_texts[0])
    their_leads = tuple(t[:MENTION_CHARS] for t in their_texts[1])
    me, them = mine.companies[0], theirs.companies[0]
    if _names(them, (my_title,)):
        return _names(me, (*their_titles, *their_leads))
    return _names(me, their_titles) and _names(them, (my_title, my_lead))
