"""Employers on both sides of a story match: the same, a unit and its parent, or one
named in the other's headline. Used by the story planner (bot/stories.py); pure functions
of the tagged employers and the headlines. `EmployerFilter` says, from those alone, which
stored stories an item naming an employer could join at all: the store's candidate lookup
leaves the rest out before decoding them (#14).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.companies import company_key, gazetteer, known
from bot.handed import Handed
from bot.headlines import PUBLISHER_TAIL
from bot.text import fold_accents

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Bytes `_folded` deletes: all but lower-case letters, digits and "&".
_NOT_ALNUM = bytes(b for b in range(256) if not re.fullmatch(rb"[a-z0-9&]", bytes([b])))
_CAPITALISED = re.compile(r"\b[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)?")
_POSSESSIVE_S = re.compile(r"['’]s$")


@lru_cache(maxsize=16384)
def _named_keys(title: str) -> frozenset[str]:
    """Company keys of the capitalised words (and pairs of them) of a headline: 'Twitter'
    gives 'x' through the gazetteer's aliases, "Lyft's" gives 'lyft'."""
    keys: set[str] = set()
    for match in _CAPITALISED.finditer(PUBLISHER_TAIL.sub("", title)):
        words = match.group(0).split()
        for name in {*words, " ".join(words)}:
            name = _POSSESSIVE_S.sub("", name).strip(".'’-")
            if len(name) > 1:
                keys.add(company_key(name))
    return frozenset(keys)


@lru_cache(maxsize=16384)
def story_key(name: str) -> str:
    """The employer as the story layer files and compares it: `company_key` (aliases of one
    employer are one key: 'CDPR', 'CD Projekt' and 'CD Projekt Red'; 'T-Mobile US' and
    'T-Mobile'), a trailing 'Group' aside: outlets write 'Embracer' and 'Embracer Group'."""
    key = company_key(name)
    return key.removesuffix("-group") or key


@lru_cache(maxsize=16384)
def _keys(names: tuple[str, ...]) -> frozenset[str]:
    """`story_key` of each employer: once per item's employers, not per comparison (#14)."""
    return frozenset(map(story_key, names))


def _names_in(names: Sequence[str], titles: Iterable[str]) -> bool:
    """Whether a headline names one of the employers (or an alias of it)."""
    return not _keys(tuple(names)).isdisjoint(_named_in_any(tuple(titles)))


@lru_cache(maxsize=8192)
def _named_in_any(titles: tuple[str, ...]) -> frozenset[str]:
    """`_named_keys` of all these headlines, a trailing '-group' aside as `story_key` leaves it:
    once per story's headlines, not once per comparison (#14: a new item's employers are
    checked against ~10 stories' headlines, item after item). A story that grows brings
    a new tuple of mostly the same headlines: each headline's keys are kept (`_named_in`)."""
    if len(titles) == 1:
        return _named_in(titles[0])
    return frozenset().union(*map(_named_in, titles))


# A new item's headline's employer keys, worked out beside its judgement (bot.story_item).
HANDED_NAMED: Handed[str, frozenset[str]] = Handed()


@lru_cache(maxsize=16384)
def _named_in(title: str) -> frozenset[str]:
    """`_named_in_any` of one headline."""
    if (handed := HANDED_NAMED.take(title)) is not None:
        return handed
    return frozenset(k.removesuffix("-group") for k in _named_keys(title))


def _first_named(title: str, name: str) -> int | None:
    """Where in the headline the employer is first named: the offset of its capitalised
    word, or of the first of two ('Epic Games'); 'Spotify Podcast' names Spotify first."""
    wanted = story_key(name)
    for match in _CAPITALISED.finditer(PUBLISHER_TAIL.sub("", title)):
        pair = re.sub(r"['’]s$", "", match.group(0))
        if story_key(pair) == wanted:
            return match.start()
        for word in pair.split():
            if wanted in {k.removesuffix("-group") for k in _named_keys(word)}:
                return match.start() + match.group(0).index(word)
    return None


def _leads_with(title: str, own: Sequence[str], other: str) -> bool:
    """Whether the headline names `other` before its own tagged employer (or names only it)."""
    at = _first_named(title, other)
    if at is None:
        return False
    mine = _first_named(title, own[0]) if own else None
    return mine is None or at < mine


def tagged_apart(
    mine: Sequence[str], title: str, theirs: Sequence[str], their_titles: Sequence[str]
) -> bool:
    """One employer tagged otherwise by one outlet: a headline led by the other side's
    employer while its own tag is none, not a listed company ('Spotify Podcast Layoffs...'
    tagged 'Podcast') or named in the other side's headlines too ('ESPN Axes Personalities
    As Disney Layoffs Continue' tagged Disney, beside 'ESPN lays off 20 ... by Disney')."""

    def led(own: Sequence[str], t: str, other: Sequence[str], other_titles: Sequence[str]) -> bool:
        if not other or not _leads_with(t, own, other[0]):
            return False
        return not own or known(own[0]) is None or _names_in(own[:1], other_titles)

    return led(mine, title, theirs, their_titles) or any(
        led(theirs, t, mine, (title,)) for t in their_titles
    )


def employer_relation(
    mine: Sequence[str], title: str, theirs: Sequence[str], their_titles: Sequence[str]
) -> str:
    """'same' (tagged alike, a unit and its parent included: the gazetteer files a unit
    under its parent's key), 'named' (one side's headline names the other's employer),
    'different' (two employers) or 'none' (at most one side names one)."""
    if mine and theirs and same_employer(mine, theirs):
        return "same"
    if (theirs and _names_in(theirs[:1], (title,))) or (mine and _names_in(mine[:1], their_titles)):
        return "named"
    return "different" if mine and theirs else "none"


@lru_cache(maxsize=4096)
def _parent_pattern(parent: str, unit: str) -> re.Pattern[str]:
    p, u = re.escape(parent), re.escape(unit)
    return re.compile(
        rf"\b(?:part of|unit of|division of|subsidiary of|arm of|owned by) {p}\b"
        rf"|\b{p}[-‐](?:owned|backed)\b|\b{p}['’]s {u}\b",
        re.IGNORECASE,
    )


def unit_of(
    mine: Sequence[str], title: str, theirs: Sequence[str], their_titles: Sequence[str]
) -> bool:
    """Whether one side's headline says its employer acts as a part of the other's
    ('ESPN announces layoffs as part of Disney's moves to cut costs', "Disney's ESPN")."""
    if not mine or not theirs:
        return False
    return (
        bool(_parent_pattern(theirs[0], mine[0]).search(title))
        or any(_parent_pattern(mine[0], theirs[0]).search(t) for t in their_titles)
        # 'Amazon Cuts Hundreds of Jobs at Studios and Twitch' beside Twitch's own cuts
        or bool(_cuts_at(mine[0], theirs[0]).search(title))
        or any(_cuts_at(theirs[0], mine[0]).search(t) for t in their_titles)
    )


@lru_cache(maxsize=4096)
def _cuts_at(parent: str, unit: str) -> re.Pattern[str]:
    """The parent's headline naming the unit where it cuts jobs ('... Jobs at Studios and X')."""
    p, u = re.escape(parent), re.escape(unit)
    return re.compile(
        rf"\b{p}\b[^.;:]{{0,60}}\b(?:jobs|staff|layoffs|cuts)\s+at\b[^.;:]{{0,30}}\b{u}\b", re.I
    )


def same_employer(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """The main employer of either is among the other's employers, by name or by its
    initials (`abbreviates`)."""
    return (
        story_key(mine[0]) in _keys(tuple(theirs))
        or story_key(theirs[0]) in _keys(tuple(mine))
        or abbreviates(mine[0], theirs)
        or abbreviates(theirs[0], mine)
    )


# An employer outside the gazetteer is written in full by one outlet and by its initials by
# another ('National Eating Disorders Association', 'NEDA'; 'Canadian Broadcasting
# Corporation', 'CBC'; 'Internal Revenue Service', 'IRS'): the tagger names each as written,
# and nothing else says the two are one. The gazetteer unites a listed company's forms.
_ACRONYM = re.compile(r"[A-Z]{3,6}")
_NAME_WORD = re.compile(r"[A-Za-z][\w.’'&-]*")
_MINOR_WORDS = frozenset({"of", "and", "the", "for", "&", "de", "du", "des", "la", "le"})
MIN_INITIALS = 3


@lru_cache(maxsize=16384)
def initials(name: str) -> frozenset[str]:
    """The acronyms a name may be written as, lower case: its own when it is one ('CBC');
    the first letters of a name of three or more capitalised words, small words aside
    ('National Eating Disorders Association' -> 'neda'), and, from four words, those of all
    but the first ('U.S. Food and Drug Administration' -> 'fda', 'Department of Health and
    Human Services' -> 'hhs'). The tagger drops a legal form ('Canadian Broadcasting
    Corporation' is tagged 'Canadian Broadcasting'): a 'C' for it may close the initials
    of two words or more ('cbc')."""
    if _ACRONYM.fullmatch(name):
        return frozenset({name.lower()})
    words = [w for w in _NAME_WORD.findall(name) if w.lower() not in _MINOR_WORDS]
    if words and words[-1].lower() == "group":
        words.pop()  # 'Embracer Group' is 'Embracer' (`story_key`)
    if len(words) < MIN_INITIALS - 1 or not all(w[0].isupper() for w in words):
        return frozenset()
    letters = "".join(w[0] for w in words).lower()
    forms = {letters + "c"}
    if len(words) >= MIN_INITIALS:
        forms.add(letters)
    if len(words) > MIN_INITIALS:
        forms.add(letters[1:])
    return frozenset(forms)


@lru_cache(maxsize=16384)
def _written_out(names: tuple[str, ...]) -> frozenset[str]:
    """The initials of those of `names` written out in full (not acronyms themselves)."""
    return frozenset(i for n in names if not _ACRONYM.fullmatch(n) for i in initials(n))


def abbreviates(name: str, others: Sequence[str]) -> bool:
    """Whether `name` and one of `others` are one employer written once in full and once by
    its initials (either way round)."""
    if _ACRONYM.fullmatch(name):
        return name.lower() in _written_out(tuple(others))
    mine = _written_out((name,))
    return bool(mine) and any(_ACRONYM.fullmatch(o) and o.lower() in mine for o in others)


def may_name(name: str, text: str) -> bool:
    """Whether a headline within `text` could name the employer as `_names_in` finds it.

    Never False when it would (a candidate story is left out on it: #14): a headline
    word names the employer when its `company_key` is the employer's, i.e. it is an alias
    of the employer's gazetteer name (or that alias without a plural 's', or with a legal
    suffix), or it slugs to that key; its letters and digits then run, in order, through
    the text's. So: is one of those forms, folded, within the folded text. Text in other
    scripts, whose keys are not slugs, is never ruled out.
    """
    key = story_key(name)
    if not key.isascii():
        return True
    aliases, slug = _forms(key)
    if not text.isascii():
        return True
    plain, folded = _folded(text)
    return slug in plain or any(a in folded for a in aliases)


@lru_cache(maxsize=4096)
def _folded(text: str) -> tuple[bytes, bytes]:
    """ASCII text's letters and digits, lower case, as a slug reads it ('&' dropped) and
    as the gazetteer folds it ('&' read 'and'). Bytes: translated at C speed. By content,
    as the same stories are candidates item after item."""
    kept = text.encode().lower().translate(None, _NOT_ALNUM)
    return kept.replace(b"&", b""), kept.replace(b"&", b"and")


@lru_cache(maxsize=4096)
def _forms(key: str) -> tuple[tuple[bytes, ...], bytes]:
    """The folded aliases of the gazetteer names a headline word with this key may stand
    for (trailing 's' cut: 'Googles' reads as Google), and the key as letters and digits."""
    slug = key.replace("-", "")
    by_name = _aliases_by_name()
    found = (*by_name.get(slug, ()), *by_name.get(slug + "group", ()))
    cut = (a[:-1] if a.endswith("s") else a for a in found)
    return tuple(a.encode() for a in cut), slug.encode()


@lru_cache(maxsize=1)
def _aliases_by_name() -> dict[str, list[str]]:
    """The gazetteer turned around: a name's letters and digits (its `company_key`, the
    key of a headline word that is one of its aliases, without hyphens) -> its folded
    aliases. Built once, on the first item that asks."""
    out: dict[str, list[str]] = {}
    for alias, name in gazetteer().canonical_by_alias.items():
        if alias:
            plain = fold_accents(name)
            out.setdefault(_NON_ALNUM.sub("", plain.lower()), []).append(alias)
    return out


@dataclass(frozen=True)
class EmployerFilter:
    """Which stories an item naming an employer could join, by their employers.

    bot.stories' `_score` rejects at once a story whose `employer_relation` to the item
    is 'different' (two employers, neither headline naming the other's); beside an employer's
    action, one that is 'none' (it names no employer: `_topic_score` turns an action
    naming an employer away from any story naming none). Both need a headline to name an
    employer, or an employer in common. At high density most candidates reached by a
    headline word ('t:jobs') are such stories (#14: 60% at 100k stories), so the store
    leaves them out before decoding them; `keeps` never leaves out one `_score` could
    accept (`may_name` errs towards keeping).
    """

    companies: tuple[str, ...]  # the item's employers, never empty
    title: str
    action: bool
    # Asked of every candidate, so worked out once per item: `same_employer`'s and
    # the 'named' test's sides of the item (its employers' keys, its headline's).
    _mine: frozenset[str] = field(init=False, repr=False)
    _named: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_mine", frozenset(story_key(c) for c in self.companies))
        named = frozenset(k.removesuffix("-group") for k in _named_keys(self.title))
        object.__setattr__(self, "_named", named)

    def keeps(self, theirs: Sequence[str], text: str) -> bool:
        """Whether a story tagged with employers `theirs`, whose headlines are within
        `text`, could match the item: `employer_relation` 'same' or 'named' (or 'none'
        beside an item that is not an action)."""
        if theirs:
            first = story_key(theirs[0])
            if first in self._mine or first in self._named:  # same_employer; 'named'
                return True
            if story_key(self.companies[0]) in {story_key(c) for c in theirs}:  # same_employer
                return True
            if abbreviates(theirs[0], self.companies) or abbreviates(self.companies[0], theirs):
                return True  # same_employer, by initials
        elif not self.action:
            return True  # news or commentary beside unnamed news: the wording decides
        return may_name(self.companies[0], text)
