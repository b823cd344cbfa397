"""One institution's news or research told by outlets in their own words, the same days.

Outlets headline one event of a named institution (an association, a university, a
union, a central bank, a commission) each on a different detail: 'Eating Disorder
Helpline Takes Down Chatbot After Its Advice Goes Horribly Wrong', 'Eating-disorder
group's AI chatbot gave weight loss tips, activist says', 'A Chatbot Was Designed to Help
Prevent Eating Disorders. Then It Gave Dieting Tips.'. Their headlines share a word or two
('chatbot'), too little alone (every take on a subject shares one), and the tagger need not
take the institution for an employer; but their openings name it in full ('The National
Eating Disorders Association shut down the bot', 'NEDA said it has disabled its wellness
chatbot'), as they name a report's author. The spec's story ruling: items about the same
event share a story, however it is worded.

So items that are no employer's action (commentary, news) are filed under INSTITUTION_KEY +
the keys of the institutions their headline (unless in Title Case, where capitals say
nothing) and opening text name (`institution_keys`: a run of capitalised words holding an
institution's word, folded, and its initials when three letters or more: 'Disorder' and
'Disorders' alike), and two of them within bot.stories' TOPIC_SAME_DAYS are one story when
they name one institution and their headlines share a distinctive word beyond the words
headlines are made of (`one_institution`; the subject both tell, 'eating disorder', counts).
The institution named beside headlines sharing only the subject of the week ('chatbot',
'AI', 'jobs') is not enough, nor is one institution's news beside an action. The tagger
taking the institution for an employer on one side only changes nothing; two employers
tagged apart are the employer rules' to keep apart (bot.stories).

One institution's event is followed up for two weeks (bot.stories' REPORT_PERIOD: 'An
eating disorders chatbot offered dieting advice, raising fears about AI in health', nine days
after 'A Chatbot Was Designed to Help Prevent Eating Disorders. Then It Gave Dieting Tips.'):
the later take names the institution and tells the same thing, in more words than the same
days need (`institution_followed`: FOLLOWED_DISTINCTIVE distinctive words beyond the words
headlines are made of, and FOLLOWED_SIMILARITY of their weight). An institution's next
event (its next report, its next hearing) shares its name and a word or two, not more.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.handed import Handed
from bot.headlines import STOPWORDS
from bot.models import Article, Tags
from bot.story_names import common_stems, opens_capital
from bot.story_openings import OPENING_CHARS
from bot.story_takes import two_takes
from bot.story_wording import best_overlap

INSTITUTION_KEY = "in:"
INSTITUTION_CHARS = OPENING_CHARS  # what a story keeps of a text
# The most of a folded name a key keeps (the store's keys hold 200 characters).
KEY_CHARS = 80
FOLLOWED_DISTINCTIVE = 2
FOLLOWED_SIMILARITY = 0.35
# Initials shorter than this are many names' ('UP', 'BA').
MIN_INITIALS = 3
# Words that make a capitalised run an institution's name.
_WORDS = (
    "Association|Associations|University|Institute|Council|Commission|Foundation|Union|Guild"
    "|Federation|Committee|Agency|Bureau|Authority|Board|Society|Academy|Organi[sz]ation"
)
_CAP = r"[A-Z][\w&’'-]*"
_LINK = r"\s+(?:of|for|on)(?:\s+the)?\s+"
# Up to four capitalised words before the institution's word, up to three after it joined
# by 'of'/'for'/'on' ('University of Pennsylvania', 'Commission on Civil Rights').
_NAME = re.compile(rf"(?:{_CAP}\s+){{0,4}}(?:{_WORDS})\b(?:{_LINK}{_CAP}(?:\s+{_CAP}){{0,2}})?")
_TITLE_WORD = re.compile(r"\S+")
# A new item's institutions, worked out beside its judgement (bot.story_item).
HANDED_INSTITUTIONS: Handed[tuple[str, str], frozenset[str]] = Handed()


def _title_case(title: str) -> bool:
    """Most words capitalised: capitals say nothing about names."""
    words = _TITLE_WORD.findall(title)
    return 2 * sum(1 for w in words if opens_capital(w)) > len(words)


def _keys(name: str) -> frozenset[str]:
    """The name folded ('nationaleatingdisordersassociation') and its initials ('neda')
    when MIN_INITIALS letters or more; leading stopwords ('The') left out."""
    words = [w.strip("’'") for w in name.split()]
    while words and words[0].lower() in STOPWORDS:
        words = words[1:]
    caps = [w for w in words if w[:1].isupper()]
    if len(caps) < 2:
        return frozenset()  # 'Union', 'the Board': which one?
    keys = {re.sub(r"[^a-z0-9]", "", "".join(caps).lower())[:KEY_CHARS]}
    initials = "".join(w[0] for w in caps).lower()  # (nine words at most: `_NAME`)
    if len(initials) >= MIN_INITIALS:
        keys.add(initials)
    return frozenset(keys)


@lru_cache(maxsize=16384)
def institutions(title: str, text: str) -> frozenset[str]:
    """The keys of the institutions the headline (unless in Title Case) and the opening
    INSTITUTION_CHARS of the text name."""
    if (handed := HANDED_INSTITUTIONS.take((title, text))) is not None:
        return handed
    found: set[str] = set()
    for part in (() if _title_case(title) else (title,)) + (text[:INSTITUTION_CHARS],):
        for match in _NAME.finditer(part):
            found |= _keys(match.group(0))
    return frozenset(found)


def institution_keys(article: Article, tags: Tags) -> list[str]:
    """INSTITUTION_KEY + the institutions an item that is no action names, in order."""
    if tags.kind.is_action:
        return []
    return sorted(INSTITUTION_KEY + k for k in institutions(article.title, article.text))


@lru_cache(maxsize=8192)
def _story_institutions(titles: tuple[str, ...], openings: tuple[str, ...]) -> frozenset[str]:
    """The institutions a story's items name: once per story's wording (a story stays a
    candidate item after item)."""
    return frozenset().union(*map(institutions, titles, openings))


def one_institution(
    article: Article,
    tags: Tags,
    titles: tuple[str, ...],
    openings: tuple[str, ...],
    their_tags: Tags,
) -> float | None:
    """Half the headlines' overlap when the two, neither an action, name one institution
    and their headlines share a distinctive word beyond the words headlines are made of
    (`common_stems`), else None. The caller asks it of items within TOPIC_SAME_DAYS."""
    if tags.kind.is_action or their_tags.kind.is_action:
        return None
    mine = institutions(article.title, article.text)
    if not mine or mine.isdisjoint(_story_institutions(titles, openings)):
        return None  # most items name none: the story's are not worked out
    text = best_overlap(article.title, titles, common_stems())
    return text.score / 2 if text.distinctive >= 1 else None


def one_event(
    article: Article,
    tags: Tags,
    titles: tuple[str, ...],
    openings: tuple[str, ...],
    their_tags: Tags,
) -> float | None:
    """bot.story_takes' `two_takes`, else `one_institution`: the rules for two items of the
    same days (bot.stories' TOPIC_SAME_DAYS) worded apart."""
    takes = two_takes(article, tags, titles, openings, their_tags)
    if takes is not None or tags.kind.is_action:
        return takes  # (an action names no institution `one_institution` reads)
    return one_institution(article, tags, titles, openings, their_tags)


def institution_followed(
    article: Article,
    tags: Tags,
    their_tags: Tags,
    titles: tuple[str, ...],
    openings: tuple[str, ...],
) -> bool:
    """Whether the two, neither an action, name one institution and tell the same thing
    (FOLLOWED_DISTINCTIVE, FOLLOWED_SIMILARITY): its event followed up. The caller asks it
    of items within its REPORT_PERIOD."""
    if tags.kind.is_action or their_tags.kind.is_action:
        return False
    mine = institutions(article.title, article.text)
    if not mine or mine.isdisjoint(_story_institutions(titles, openings)):
        return False
    text = best_overlap(article.title, titles, common_stems())
    return text.distinctive >= FOLLOWED_DISTINCTIVE and text.score >= FOLLOWED_SIMILARITY
