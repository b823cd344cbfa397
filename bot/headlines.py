"""Headline wording: the words of a headline, how much two headlines share, and the
words to file a story under.

Used by the story planner (bot/stories.py) to tell whether two items report one event
when the employer and the action cannot say (analysis, general news, commentary): outlets
word one event differently, so shared words are weighed by what they say about the event
(a name or a figure much, 'AI' or 'jobs' little).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from bot.handed import Handed
from bot.ignorecase import any_key_or_none, lower_is_ignorecase
from bot.language import english_words

MAX_TOPIC_KEYS = 4
NEAR_FIGURE = 0.03

WORD = re.compile(r"[a-z0-9][a-z0-9'’%-]*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_YEAR = re.compile(r"(?:19|20)\d\d")
# Function words: never evidence of anything.
_STOPWORD_TEXT = """a an the and or of to in on for at by with from as is are was were be been it its
    this that these those after before over into about amid says said say new will would
    can could may might has have had not but than more most up out off their his her how
    why what who when where which while we you they he she i s us our your them just also
    if so no yes all any some per via"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Words every headline about jobs and AI is made of: shared, they say nothing about
# which event two headlines report, so they weigh little (see `_weight`).
_GENERIC_TEXT = """ai artificial intelligence generative genai automation automate automated robot
    robots chatbot chatbots tech technology job jobs layoff layoffs laid lay lays laying
    cut cuts cutting slash slashes slashing axe axes axing shed sheds shedding trim trims
    eliminate eliminates fire fires fired firing let go worker workers employee employees
    staff staffer staffers people workforce role roles position positions company
    companies firm firms business businesses industry report reports study survey research
    according plan plans planning announce announces announced announcement amid percent
    million billion thousand thousands hundreds dozens year years month week day today
    first latest news update live here now could warn warns expert experts analyst
    analysts ceo boss chief executive replace replaces replacing replaced future work
    working world global us uk market economy economic use using uses make makes making
    take takes taking get gets big huge major mass massive part end more less time way
    need needs help change changes impact impacts effect effects could should might
    according told tell tells show shows reveal reveals see sees find finds found new
    white-collar blue-collar full-time part-time long-term short-term"""
_GENERIC = frozenset(_GENERIC_TEXT.split())


@lru_cache(maxsize=65536)  # a few thousand distinct words come back in every headline
def _stem(word: str) -> str:
    """A word lightly stemmed. Kept per word: a candidate story's opening texts are
    split into words as they come (#14), and most of their words were seen before."""
    word = word.strip("'’-")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return _ONE_WORD.get(word, word)


# Words outlets write for one another's: an abbreviation and its word ('Education Dept.'),
# British and American spellings, a word's forms the light stem leaves apart ('children',
# 'childhood'), and the verbs of closing a body down ('shutdown of', 'closes', 'shutters',
# 'dismantling'): one event worded by two outlets.
_ONE_WORD = {
    "dept": "department",
    "depts": "department",
    "govt": "government",
    "rumour": "rumor",
    "children": "child",
    "childhood": "child",
    "close": "clos",
    "closur": "clos",
    "closure": "clos",
    "shut": "clos",
    "shutt": "clos",
    "shutdown": "clos",
    "shutter": "clos",
    "dismantl": "clos",
    "dismantle": "clos",
}


_GENERIC_STEMS = frozenset(_stem(w) for w in _GENERIC) | _GENERIC


# A trailing ' - Publisher' (Google News, syndication): the outlet, not the event.
PUBLISHER_TAIL = re.compile(r"\s+[-–—|]\s+(?:[A-Z0-9][\w.&'’]*[\s.,]*){1,5}$")
_K = re.compile(r"(?<=\d)k\b")
# '300mn', '£5bn', '$40m': one figure with the word outlets spell out ('300 million').
_MILLIONS = re.compile(r"(?<=\d)mn\b|(?<=[$£€]\d)m\b|(?<=[$£€]\d\d)m\b|(?<=[$£€]\d{3})m\b")
_BILLIONS = re.compile(r"(?<=\d)bn\b")
_DIGIT = re.compile(r"\d")  # what the four figure forms above all follow
# A hyphen joining two words of three letters or more, outside 'AI-': outlets write one
# compound with or without it ('eating-disorder group', 'Eating Disorder Helpline').
_COMPOUND_HYPHEN = re.compile(r"(?<![\w'’-])(?!ai-|lay-)[a-z]{3,}-[a-z]{3,}(?![\w'’-])")


def _split_compound(m: re.Match[str]) -> str:
    word = m.group()
    return word if word in _GENERIC_STEMS else word.replace("-", " ")


@lru_cache(maxsize=16384)
def _words(title: str) -> tuple[str, ...]:
    """A headline's words in order, lower case, stemmed; figures in one form.

    '4,000', '4000' and '4K' are one token, '85%' is '85' 'percent', '300mn' is '300'
    'million', a possessive is its name ("Block's" -> 'block'), and a trailing
    ' - Publisher' is left out.
    """
    # Each rewrite only where it can apply (#14: a stored story's headlines are split the
    # first time it is a candidate; at 1M stories ~3,000 for 200 new items): a tail needs
    # its dash or bar, the figures' forms a digit, a compound its hyphen.
    dashed = "-" in title or any(c in title for c in "–—|")
    text = (PUBLISHER_TAIL.sub("", title) if dashed else title).lower()
    if _DIGIT.search(text):
        text = _K.sub("000", _THOUSANDS.sub("", text)).replace("%", " percent")
        text = _BILLIONS.sub(" billion", _MILLIONS.sub(" million", text))
    else:
        text = text.replace("%", " percent")
    if "-" in text:
        text = _COMPOUND_HYPHEN.sub(_split_compound, text)  # 'eating-disorder', 'eating disorder'
    return tuple(filter(None, map(_stem, WORD.findall(text))))  # the stems not empty


@lru_cache(maxsize=16384)
def title_tokens(title: str) -> frozenset[str]:
    """Content words of a headline, lightly stemmed, for similarity between outlets."""
    if (handed := HANDED_TOKENS.take(title)) is not None:
        return handed
    return frozenset(w for w in _words(title) if w not in STOPWORDS)


@lru_cache(maxsize=16384)
def _bigrams(title: str) -> frozenset[tuple[str, str]]:
    words = _words(title)
    return frozenset(zip(words, words[1:], strict=False))


@lru_cache(maxsize=65536)
def _fifths(token: str) -> int:
    """What a shared word says about two headlines reporting one event, in fifths.

    Weights are summed as these integers, so a headline's weight is exact whatever order
    its set of words comes in (PYTHONHASHSEED decides that order). Summed as floats
    (0.2 + 1.0 + ...), the last bit followed the order, and with it ties between candidate
    stories (1/3 against 1/3 less one ulp) and scores at a threshold (0.2, 0.5).
    """
    if token in _GENERIC_STEMS or _YEAR.fullmatch(token) or token.startswith("ai-"):
        return 1  # 0.2: 'AI-driven', 'AI-fueled': every AI-jobs headline says it
    return 5


def _weight(token: str) -> float:
    """What a shared word says about two headlines reporting one event: 0.2 or 1.0."""
    return _fifths(token) / 5


def _fifths_of(tokens: frozenset[str]) -> int:
    return sum(map(_fifths, tokens)) if tokens else 0


class Overlap(NamedTuple):
    """How much two headlines have in common.

    `score` is the weighted overlap coefficient (shared weight over the smaller headline's
    weight): a short headline wholly inside a long one counts as close. `distinctive` is
    how many shared words are not ones every jobs headline uses. A named tuple: ~70 are
    made per filed item, and a frozen dataclass took twice as long to build (#14).
    """

    score: float
    distinctive: int
    figure: bool = False  # a shared figure ('600', '85 percent'), not a year
    rare_figure: bool = False  # a shared figure of three digits or more ('335000')


NO_OVERLAP = Overlap(0.0, 0)


@dataclass(frozen=True)
class _Wording:
    """What `overlap` needs of one headline, worked out once per headline: its content
    words, their weight, and which of its words are distinctive or figures (#14: a new
    item's headline is compared with ~70 stored ones). Its word pairs (`_bigrams`) are
    asked only of two headlines sharing a distinctive word: most leads never are (#14:
    a lead's pairs were a fifth of comparing a story's leads in a store of 50,000 items)."""

    tokens: frozenset[str]
    total: int  # the words' weight in fifths (`_fifths`), summed
    distinctive: frozenset[str]  # of weight 1.0, three letters or more or a figure
    figures: frozenset[str]  # a figure, not a year ('600', '85')
    rare: frozenset[str]  # `significant_figure`
    tallies: frozenset[str]  # figures `_near_figures` compares (four digits or more)


# A new item's wording, of its headline and its `lead`, and its headline's words, worked out
# beside its judgement (bot.story_item, bot.handed).
HANDED_WORDING: Handed[str, _Wording] = Handed()
HANDED_TOKENS: Handed[str, frozenset[str]] = Handed()
HANDED_SOURCES: Handed[str, frozenset[str]] = Handed()


@lru_cache(maxsize=16384)
def _wording(title: str) -> _Wording:
    """In one pass over the words (#14: a stored headline's wording is worked out the
    first time its story is a candidate, ~3,000 headlines for 200 new items at 1M stories);
    only a word starting with a digit can be a figure."""
    if (handed := HANDED_WORDING.take(title)) is not None:
        return handed
    tokens = title_tokens(title)
    total = 0
    distinctive, figures, rare, tallies = [], [], [], []
    for t in tokens:
        fifths = _fifths(t)
        total += fifths
        digit = t[0].isdigit()
        if fifths == 5 and (digit or len(t) > 2):
            distinctive.append(t)
        if digit and len(t) > 1 and not _YEAR.fullmatch(t):
            figures.append(t)
            if significant_figure(t):
                rare.append(t)
                if _tally(t):
                    tallies.append(t)
    return _Wording(tokens, total, *map(frozenset, (distinctive, figures, rare, tallies)))


@lru_cache(maxsize=16384)
def overlap(a: str, b: str, ignore: frozenset[str] = frozenset()) -> Overlap:
    """Wording overlap of two headlines, leaving out `ignore` (an employer's name).

    Two shared words side by side in both ('Jack Dorsey', 'White House') are one name,
    so they count once among the distinctive ones. Kept by its arguments: a syndicated
    headline comes back item after item and meets the same stories' headlines (#14: the
    cold 200 x 25 poll compares 47,800 pairs, 7,500 of them distinct).
    """
    wa, wb = _wording(a), _wording(b)
    ta, tb = wa.tokens, wb.tokens
    if ignore:
        ta, tb = ta - ignore, tb - ignore
    shared = ta & tb
    # Figures of four digits or more not shared: within NEAR_FIGURE, one tally.
    near = bool(wa.tallies and wb.tallies) and _near_figures(
        wa.tallies - ignore - shared, wb.tallies - ignore - shared
    )
    if not shared and not near:
        return NO_OVERLAP  # (also when a side has no word left: tallies are words)
    if ignore:  # the weights left, in integer fifths: the same sum in any order
        small = min(
            wa.total - _fifths_of(wa.tokens & ignore), wb.total - _fifths_of(wb.tokens & ignore)
        )
    else:
        small = min(wa.total, wb.total)
    if not shared:
        return Overlap(min(1.0, 5 / small), 1, True, True)
    distinctive = shared & wa.distinctive
    pairs = (
        sum(1 for x, y in _bigrams(a) & _bigrams(b) if x in distinctive and y in distinctive)
        if distinctive
        else 0
    )
    figure = near or not shared.isdisjoint(wa.figures)
    rare = near or not shared.isdisjoint(wa.rare)
    # In fifths, a near tally counting as one word: integers divided, the score is the
    # ratio's nearest float, the same however the sets are ordered.
    weight = sum(map(_fifths, shared)) + 5 * near
    return Overlap(min(1.0, weight / small), len(distinctive) - pairs + near, figure, rare)


def distinctive_words(title: str) -> frozenset[str]:
    """A headline's (or lead's) distinctive words: those `overlap` counts in `distinctive`."""
    return _wording(title).distinctive


@lru_cache(maxsize=4096)
def _union(titles: tuple[str, ...]) -> tuple[frozenset[str], bool]:
    """The content words of all these headlines, and whether any has a tally. From their
    words alone, not their `_wording`: most stories bounded here are compared no further
    (#14: at 1M stories each item meets ~17 stories never seen before)."""
    tokens = frozenset().union(*map(title_tokens, titles))
    return tokens, any(map(has_tally, titles))


@lru_cache(maxsize=16384)
def has_tally(title: str) -> bool:
    """Whether any of the headline's content words is a tally: once per headline (or
    lead), not once per word of every story's union that misses `_union`'s cache (#14: a
    story grown by a batch is a new tuple of mostly the same leads)."""
    return any(_tally(t) for t in title_tokens(title) if t[0].isdigit())


def _tally(token: str) -> bool:
    """A figure `_near_figures` compares: four digits or more, not a year."""
    return token.isdigit() and len(token) >= 4 and not _YEAR.fullmatch(token)


def distinctive_bound(a: str, others: tuple[str, ...], ignore: frozenset[str] = frozenset()) -> int:
    """At least the `distinctive` count of `overlap(a, b, ignore)` for any b of `others`:
    the planner skips comparing a headline with each of a story's headlines when none of
    them could reach the count it asks for (#14: most candidates share no distinctive
    word). Its distinctive words found in any of them, and one for a tally."""
    wa = _wording(a)
    tokens, tallies = _union(others)
    if not ignore:  # (most calls: no copies of the sets less nothing)
        return len(wa.distinctive & tokens) + bool(tallies and wa.tallies)
    near = bool(tallies and wa.tallies - ignore)
    return len((wa.distinctive - ignore) & tokens) + near


def _near_figures(a: frozenset[str], b: frozenset[str]) -> bool:
    """'62,000 jobs' and '62,075': one tally, rounded by one outlet (within NEAR_FIGURE).
    `a` and `b` are tallies (`_Wording.tallies`): figures of four digits or more."""
    return any(abs(x - y) <= NEAR_FIGURE * max(x, y) for x in map(int, a) for y in map(int, b))


@lru_cache(maxsize=16384)
def lead(title: str, text: str, chars: int) -> str:
    """A headline and the opening `chars` of its text, compared as one: one string per
    candidate item, not a new one for every item it is compared with (#14)."""
    return f"{title}. {text[:chars]}"


@lru_cache(maxsize=16384)
def shared_run(a: str, b: str) -> int:
    """The longest run of words two headlines share in order ('showing up in layoff'),
    counted only when two of its words are content words: one outlet's phrase, reworded
    around it, survives in the other's headline."""
    if title_tokens(a).isdisjoint(title_tokens(b)):
        return 0  # a run counts with two content words: none is shared
    wa, wb = _words(a), _words(b)
    best = 0
    previous = [0] * (len(wb) + 1)
    for i in range(len(wa)):
        current = [0] * (len(wb) + 1)
        for j in range(len(wb)):
            if wa[i] == wb[j]:
                k = current[j + 1] = previous[j] + 1
                run = wa[i - k + 1 : i + 1]
                if k > best and sum(w not in STOPWORDS for w in run) >= 2:
                    best = k
        previous = current
    return best


def similarity(a: str, b: str) -> float:
    """Plain Jaccard similarity of two headlines' content words."""
    ta, tb = title_tokens(a), title_tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


# Headline words that name no event: years, contractions ('they'll'), counting words.
_NOT_KEYS = re.compile(r"^(?:(?:19|20)\d\d|.*['’].*|being|one|two|three|four|five|ten)$")


def topic_keys(title: str, limit: int = MAX_TOPIC_KEYS) -> list[str]:
    """The headline's most distinctive words: names and rare words before common ones.

    Plus its largest figure: outlets reporting one survey or tally word it apart but
    quote the same number ('$335,000', '50,000 job cuts').
    """
    # Each word's place in the order, worked out once per word (#14: the words of an
    # item's opening text are ranked for every item): words, then figures, each ranked
    # by a key ending in the word itself, so that sorting the keys sorts the words.
    ranked = sorted(filter(None, map(_topic_rank, title_tokens(title))))
    words = [k[-1] for k in ranked[:limit] if k[0] == 0]
    figures = [k[-1] for k in ranked if k[0] == 1][:1]
    return [f"t:{w}" for w in (*words, *figures)]


@lru_cache(maxsize=16384)
def _topic_rank(w: str) -> tuple[int, bool, bool, int, str] | tuple[int, int, str] | None:
    """Where `topic_keys` ranks a word: (0, common, in the dictionary, -length, word) for a
    word key, (1, -value, figure) for a figure, None for neither."""
    if len(w) > 2 and not w.isdigit() and not _NOT_KEYS.search(w):
        return (0, _weight(w) < 1.0, w in english_words(), -len(w), w)
    if significant_figure(w):
        return (1, -int(w), w)
    return None


def significant_figure(token: str) -> bool:
    """A figure that names a report: three digits or more, not a year."""
    return token.isdigit() and len(token) >= 3 and not _YEAR.fullmatch(token)


# Who a piece of research is by: 'a report from employment firm Challenger, Gray &
# Christmas', 'ECB paper finds', 'says UN', 'according to new Microsoft report'. Outlets
# headline one report their own way but name its author alike (or its initials).
_CAP = r"[A-Z][\w.&’'-]*"
_NAME = rf"({_CAP}(?:,\s+{_CAP}(?=\s+&))?(?:\s+(?:&\s+|of\s+|for\s+)?{_CAP}){{0,3}})"
_RESEARCH = r"(?i:report|study|paper|survey|research|analysis|poll|data|forecast|index)s?"
# Names tied to research by the wording itself: any name will do.
_RESEARCH_PATTERNS = (
    # '... study from the American Psychological Association', '... by employment firm X'
    re.compile(
        rf"\b{_RESEARCH}\b[^.;:]{{0,40}}?\b(?:from|by)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){{0,3}}{_NAME}"
    ),
    re.compile(rf"\b(?i:researchers (?:from|at))\s+(?:the\s+)?{_NAME}"),
    # 'ECB paper finds', 'UN study', ': Challenger Gray Report', "Microsoft's new survey"
    re.compile(rf"{_NAME}(?:['’]s)?\s+(?i:(?:new|latest|annual)\s+)?{_RESEARCH}\b"),
)
# Names that say or find something: people too ('Dimon says'), so only institutions
# count (`_institution`).
_SAYS_PATTERNS = (
    re.compile(rf"\b(?i:according to)\s+(?:(?:a|an|the|new|its)\s+)*{_NAME}"),
    # '..., says UN', '..., Morgan Stanley says'
    re.compile(rf"\b(?i:says|finds|suggests|warns|claims)\s+(?:the\s+)?{_NAME}"),
    re.compile(rf"(?:^|[,:–—-]\s*){_NAME}\s+(?i:says|finds|suggests|warns|claims|estimates)\b"),
    # 'AI providing cover for job cuts - Oxford Economics (- Seeking Alpha)': the last
    # headline segment, or the one before the publisher's
    re.compile(rf"\s[–—-]\s+{_NAME}(?=\s+[–—-]\s|\.?\s*$|\.?\s+[A-Z])"),
)
# Words one of which every match of each pattern holds in lower case (tests/test_regex_free.py
# checks them against bot.tagging.prefilter's derivation): a text holding none is not
# searched by it, one that IGNORECASE could read otherwise (bot.ignorecase) always is.
_RESEARCH_WORDS = ("report", "study", "paper", "survey", "research", "analysis", "poll", "data")
_RESEARCH_KEYS = (*_RESEARCH_WORDS, "forecast", "index")
_SAID = ("claims", "finds", "says", "suggests", "warns")
_PATTERN_KEYS: tuple[tuple[str, ...] | None, ...] = (
    *(_RESEARCH_KEYS, ("researchers ",), _RESEARCH_KEYS),
    *(("according to",), _SAID, (*_SAID, "estimates"), None),
)
_FILTERED = tuple(
    (pattern, any_key_or_none(keys) if keys else None, i >= len(_RESEARCH_PATTERNS))
    for i, (pattern, keys) in enumerate(
        zip((*_RESEARCH_PATTERNS, *_SAYS_PATTERNS), _PATTERN_KEYS, strict=True)
    )
)
_INSTITUTION = re.compile(
    r"\b(?:Bank|Economics|Association|University|Institute|Forum|Fund|Group|Council|Office"
    r"|Bureau|Agency|Organi[sz]ation|Foundation|Commission|Reserve|Nations|Stanley|Sachs"
    r"|Research|Partners|Consulting|Labs?|Center|Centre|School|Christmas)\b"
)
# Words a name may start or end with that are not the author: what research is about,
# words a Title Case headline capitalises, dates.
_NOT_SOURCES_TEXT = """ai a an the in on of for and as at by to new chatgpt openai gpt us u.s uk eu
    global world workers employees report study paper survey research analysis poll data
    it its this that these their our his her monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december bloomberg reuters cnbc cnn bbc wsj axios techcrunch forbes fortune
    nyt ap semafor insider guardian verge wired"""
_NOT_SOURCES = frozenset(_NOT_SOURCES_TEXT.split())
# Adjectives that open many authors' names ('European Central Bank', 'European
# Commission'): never a key by themselves.
_NATIONAL_TEXT = "american european british chinese indian japanese german french"
_NATIONAL = frozenset(_NATIONAL_TEXT.split())


def _source_keys(name: str) -> set[str]:
    words = [w.strip(".,’'") for w in name.replace("&", " ").split()]
    words = [w for w in words if w and w[0].isupper()]
    while words and (words[0].lower() in _NOT_SOURCES or words[0].lower() in STOPWORDS):
        words = words[1:]
    while words and words[-1].lower() in _NOT_SOURCES:
        words = words[:-1]
    if not words:
        return set()
    first = words[0].lower()
    if len(words) == 1:
        common = first in english_words() or first in _GENERIC or first in _NATIONAL
        return set() if ("-" in first or common) and not words[0].isupper() else {first}
    keys = {"".join(w[0] for w in words).lower(), "".join(words[:2]).lower()}
    if first not in english_words() and first not in _NATIONAL and "-" not in first:
        keys.add(first)
    return keys


@lru_cache(maxsize=16384)
def research_sources(text: str) -> frozenset[str]:
    """Keys of the authors of the research a text reports: the name folded, its first two
    words, its initials ('European Central Bank' -> 'ecb'); empty when it names none."""
    if (handed := HANDED_SOURCES.take(text)) is not None:
        return handed
    keys: set[str] = set()
    low = text.lower() if lower_is_ignorecase(text) else None
    for pattern, holds, says in _FILTERED:
        if holds is not None and not holds(low):
            continue  # none of its words: no match
        for match in pattern.finditer(text):
            if not says or _institution(match.group(1)):
                keys |= _source_keys(match.group(1))
    return frozenset(keys)


def _institution(name: str) -> bool:
    """An acronym ('UN', 'ECB') or a name with an institution's word ('Oxford Economics',
    'European Central Bank'), not a person quoted."""
    words = name.split()
    return any(w.isupper() and 2 <= len(w) <= 6 for w in words) or bool(_INSTITUTION.search(name))
