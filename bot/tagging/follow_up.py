"""Follow-up news: the cuts are only the occasion of what the headline reports (v2: other).

'Staff grill CEO after layoffs', 'CEO apologizes for quote in layoffs email', 'Acme's job
cuts worsen its diversity problem': the headline names cuts, but someone's words, an
apology or the cuts' effect are the news.
"""

from __future__ import annotations

import re

from bot.reactions import REACTION_WORDS
from bot.tagging.actions import _actions
from bot.tagging.document import _Doc
from bot.tagging.names import _fold

# 'Staff grill CEO at all-hands after layoffs', 'Cheaters rise after Acme's layoffs': the cuts
# are named only in a trailing time clause, as the occasion of other news (v2: a follow-up is
# other). A clause that tells the cut itself ('surges after Acme unveils job cuts') is not one.
_OCCASION_WORD = r"\b(?:after|following|amid|amidst|during|in the wake of)\s+"
_OCCASION = re.compile(_OCCASION_WORD + r"(?P<np>(?:[\w'’.-]+\s+){0,5}?)$", re.I)
_TOLD_IN_CLAUSE = re.compile(
    r"\b(?:announc|unveil|confirm|reveal|report|plan|begin|began|start|launch|order|make|made|"
    r"carr|conduct|implement|impos|initiat)\w*|\b(?:to|will|it|they|he|she)\b",
    re.I,
)


# "Boss remains 'proud' after sacking", 'Acme chief comments on and defends recent layoffs':
# one person's cut, or someone's words about cuts, as the headline's occasion.
_OCCASION_NOUN = re.compile(
    _OCCASION_WORD + r"(?:[\w'’.-]+\s+){0,4}?(?:sacking|firing|dismissal|ouster)\b", re.I
)
_COMMENT_ON = re.compile(
    r"\b(?:comments?|commented|remarks?|speaks?|spoke|talks?|answers?|non-answers|silent|"
    r"silence|questions?|quizzed|grilled|defends?|defended|responds?|responded|reacts?|"
    r"reacted|weighs? in)\s+(?:on|about|to|over)\b(?:\s+(?:and|or)\s+\w+)?"
    r"\s+(?:[\w'’.-]+\s+){0,3}?$|"
    # 'CEO defends 2,000 layoffs', 'Acme celebrates 100 years and 7,000 layoffs': cuts made
    # before, taken as the object of someone's stance on them
    r"\b(?:defend(?:s|ed|ing)?|justif(?:y|ies|ied|ying)|celebrat(?:es|ed|ing)|mock(?:s|ed|ing)?)"
    r"\s+(?:[\w'’,.-]+\s+){0,4}?$",
    re.I,
)


# People's reaction to cuts made, as the headline's news (v2: reactions are other): an
# emotion or a stance said of them, an adjective or a verb ('Googlers angry about CEO's pay
# after 12,000 layoffs', 'staff furious over job cuts', 'lawmakers slam Acme for 500
# layoffs'), whose link word (about, after, over, following, at, against, for) leads to the
# cuts named as a noun. Not a noun ('Anger at 500 job cuts at Acme plant' frames the cuts'
# own news). Shared with the story planner (bot/story_rounds.py `names_cuts`).
_REACTING = re.compile(r"\b(?:" + REACTION_WORDS + r")\b", re.I)
_LINK = re.compile(r"\b(?:about|after|over|following|at|against|amid|for|in the wake of)\s", re.I)


def _reacts_to(title: str, at: int) -> bool:
    """People's reaction before the cuts named at `at`, linked to them by a preposition, with
    no word between that tells the cuts as news of their own ('worried about costs, Acme
    announces 500 layoffs', 'unions upset over 500 planned job cuts': the cuts are news)."""
    m = _REACTING.search(title, 0, at)
    link = _LINK.search(title, m.end(), at) if m else None
    if m is None or link is None:
        return False
    return _TOLD_IN_CLAUSE.search(title, link.end(), at) is None and not re.search(
        r"[,;:]\s", title[link.end() : at]
    )


# "Warner Bros. Television's job cuts worsen WBD's diversity problem": the cuts are the
# subject of what they did, and that effect is the news (v2: other). Verbs that only ever
# tell an effect ('hit' may tell the cut itself: 'layoffs hit 1,000 workers').
_EFFECT_OF_CUTS = re.compile(
    r"\s+(?:worsen|deepen|exacerbate|compound|erode|dent|undermine|imperil)(?:s|ed)?\b", re.I
)


def _cut_at(doc: _Doc, names: list[str]) -> list[str]:
    """The headline's employers of the cuts a protest or follow-up answers, where the item
    shows them as such: named again in the lead, or the place of the cuts ('layoffs at
    CD Projekt Red'); not 'MLK' of a quote's subject."""
    lead = _fold(" ".join(doc.lead))
    return [n for n in names if _fold(n) in lead or re.search(r"\bat\s+" + re.escape(n), doc.title)]


# The main clause plans cuts of its own: a new round, not the occasion's follow-up.
_PLANNED_CUTS = re.compile(
    r"\b(?:plan(?:s|ned|ning)?|prepar(?:es|ing)|eyes|mulls|weighs|considers|set\s+to\s+make)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:cuts|job\s+cuts|layoffs|lay-offs|redundancies)\b",
    re.I,
)
# One person laid off, as a story of its own: a worker told by a relative clause, or the
# one person the employer let go ('laid off the guy it bought Marvel from').
_ONE_PERSON = re.compile(
    r"^\W*(?:[\w'’.-]+\s+){0,2}?(?:employee|worker|staffer|engineer|exec|executive|manager|"
    r"designer)\s+(?:who|that)\b|\b(?:laid off|fired|sacked|axed)\s+(?:the|its|their|his|her)\s+"
    r"(?:guy|man|woman|person)\b",
    re.I,
)
# The cut told as what came before the news: 'after laying off', 'weeks after cutting'.
_AFTER_CUTTING = re.compile(
    r"\b(?:after|following)\s+(?:laying\s+off|cutting|slashing|axing|shedding|firing)\b", re.I
)
# What a main clause reports when it is other news (money, products, results), not a move
# of the workforce ('relocating to Europe after laying off most of its US workforce').
_OTHER_NEWS = re.compile(
    r"\b(?:rais(?:es|ed|ing)|secur(?:es|ed)|lands?|posts?|reports?|launch(?:es|ed)?|unveils?|"
    r"releases?|wins?|celebrates?|funding)\b",
    re.I,
)
# A coincidence in time after the main clause: the cuts are named as when the news happened,
# not as the news ('... the same day it does mass layoffs').
_SAME_TIME = re.compile(r"\b(?:on\s+)?the\s+same\s+(?:day|week|morning)\b", re.I)
_APOLOGY = re.compile(r"\b(?:apologi[sz]\w*|sorry|backlash|regrets?)\b", re.I)


def _follow_up(title: str) -> bool:
    """Every job action of the headline is a noun in a trailing 'after/amid ...' clause whose
    words only qualify it ('after mass layoffs', "following Musk's layoff spree"), or the
    object of someone's words about them."""
    hits = [h for h in _actions(title) if not h.weak]
    if not hits:
        m = _OCCASION_NOUN.search(title)
        return m is not None and bool(title[: m.start()].strip(" '\"‘“"))
    if _APOLOGY.search(title, 0, hits[0].start):
        return True  # 'CEO apologizes for quote in layoffs email': the apology is the news
    past = _AFTER_CUTTING.search(title)
    if (
        past
        and all(h.start > past.start() for h in hits)
        and _OTHER_NEWS.search(title, 0, past.start())
    ):
        return True  # 'SoundHound Raises $25 Million After Laying Off Nearly Half Its Staff'
    same = _SAME_TIME.search(title, 0, hits[0].start)
    if same and title[: same.start()].strip(" '\"‘“"):
        return True  # 'Xbox Invites Developers To AI Roundtable The Same Day It Does Mass Layoffs'
    if _ONE_PERSON.search(title):
        return True  # one person's story: 'employee who slept on floor laid off in ... cuts'
    if not all(h.noun for h in hits):
        return False
    if _EFFECT_OF_CUTS.match(title, hits[-1].end):
        return True
    if _COMMENT_ON.search(title, 0, hits[0].start) or _reacts_to(title, hits[0].start):
        return True
    m = _OCCASION.search(title, 0, hits[0].start)
    if m is None or not title[: m.start()].strip(" '\"‘“"):
        return False
    if _PLANNED_CUTS.search(title, 0, m.start()):
        return False  # 'Meta planning thousands of more cuts after widespread layoffs'
    return _TOLD_IN_CLAUSE.search(m.group("np")) is None
