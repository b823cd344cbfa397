"""Company names: canonical brands, index keys and forgiving lookups for users.

The gazetteer (bot/data/companies.json) lists well-known employers only; employers it does
not know still work everywhere, they are just canonicalised by suffix stripping. It is
loaded once at import so that tagging an item never touches the disk.

`CompanyMatcher` is what the command layer uses to turn what a user typed ("tik tok",
"Amazn", "bytedance") into a company the store knows:

    matcher = CompanyMatcher()
    result = matcher.match("amazn", known=["Amazon", "Atlassian"])
    result.exact        # "Amazon" when confident, else None
    result.suggestions  # close names to offer ("did you mean ...?")
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from bot.text import english_words

_SUFFIX = re.compile(
    r"(?:[\s,]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|plc|llc|llp|"
    r"se|ag|nv|sa|gmbh|pty|pte|holdings?\s+inc)\.?)+$",
    re.IGNORECASE,
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPARE = 20
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Gazetteer:
    """Alias tables built once from the packaged JSON."""

    canonical_by_alias: dict[str, str]
    case_sensitive: frozenset[str]
    people: dict[str, str]
    names: tuple[str, ...]
    surface_forms: tuple[str, ...]
    # fold(unit or one of its aliases) -> the unit's name ('amazonwebservices' -> 'AWS').
    unit_by_alias: dict[str, str] = field(default_factory=dict)


def _fold(name: str) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive form used as a dict key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    return _NON_ALNUM.sub("", text)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    raw = json.loads(
        resources.files("bot").joinpath("data/companies.json").read_text(encoding="utf-8")
    )
    by_alias: dict[str, str] = {}
    forms: list[str] = []
    for name, aliases in raw["companies"].items():
        for alias in [name, *aliases]:
            by_alias.setdefault(_fold(alias), name)
            forms.append(alias)
    units: dict[str, str] = {}
    for unit, aliases in raw.get("units", {}).items():
        for alias in [unit, *aliases]:
            units[_fold(alias)] = unit
    return Gazetteer(
        canonical_by_alias=by_alias,
        case_sensitive=frozenset(raw.get("case_sensitive", [])),
        people={k: v for k, v in raw.get("people", {}).items()},
        names=tuple(raw["companies"]),
        surface_forms=tuple(sorted(set(forms), key=len, reverse=True)),
        unit_by_alias=units,
    )


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Function words and the words headlines are made of (bot/data/common_words.txt)."""
    text = resources.files("bot").joinpath("data/common_words.txt").read_text(encoding="utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


def _bare_words(name: str) -> list[str]:
    return [
        w for w in (re.sub(r"['’]s?$", "", w.strip(".,;:'\"“”‘’()")) for w in name.split()) if w
    ]


@lru_cache(maxsize=16384)
def plausible_company(name: str) -> bool:
    """Whether `name` can be an employer's name at all, whatever text it came from.

    Listed companies always can (even 'X'). Otherwise a name is never one letter ('M' of
    'Mãe' split at its accent), never two letters unless an acronym ('HP', not 'Em'), and
    never made only of function or common words ('Whose', 'The', 'New').
    """
    if known(name):
        return True
    letters = [c for c in name if c.isalnum()]
    if len(letters) < 2 or (len(letters) == 2 and not name.isupper()):
        return False
    words = _bare_words(name)
    return bool(words) and not all(w.lower() in common_words() for w in words)


@lru_cache(maxsize=16384)
def suggestible(name: str) -> bool:
    """Whether a typo may be resolved to `name`: a plausible name that is not one English
    word ('Expands', 'Food'), since a stored name of that shape is likely a misread
    headline, and offering it for 'Amazn' misleads more than it helps."""
    if known(name):
        return True
    if not plausible_company(name):
        return False
    words = _bare_words(name)
    return not (len(words) == 1 and words[0].lower() in english_words())


def strip_legal_suffix(name: str) -> str:
    """'Acme Widgets Ltd.' -> 'Acme Widgets': legal forms are not part of the brand."""
    cleaned = _SPACE.sub(" ", name).strip(" ,.;:'\"")
    stripped = _SUFFIX.sub("", cleaned).strip(" ,")
    return stripped or cleaned


@lru_cache(maxsize=16384)
def known(name: str) -> str | None:
    """The gazetteer's canonical name for `name` (or its alias), if it is a listed company."""
    gaz = gazetteer()
    found = gaz.canonical_by_alias.get(_fold(name))
    if found is None and not name.endswith(("'s", "’s")):
        found = gaz.canonical_by_alias.get(_fold(name + "s"))
    if found is None:
        found = gaz.canonical_by_alias.get(_fold(strip_legal_suffix(name)))
    return found


def canonical(name: str) -> str:
    """Plain brand name: aliases to the gazetteer's name, otherwise legal suffix removed,
    unless that leaves one ordinary word ('News Corp' is the brand, 'News' is not)."""
    found = known(name)
    if found:
        return found
    bare = strip_legal_suffix(name)
    if bare != name and " " not in bare and bare.lower() in english_words():
        return _SPACE.sub(" ", name).strip(" ,.;:'\"")
    return bare


def display_name(name: str) -> str:
    """The employer as a tag names it: a listed unit as itself ('LinkedIn', 'AWS'), any
    other name canonical. Units keep their company's `company_key`, so a LinkedIn story
    still reaches those who follow Microsoft."""
    return gazetteer().unit_by_alias.get(_fold(name)) or canonical(name)


def company_for_person(name: str) -> str | None:
    """Headlines often name the boss ('Jack Dorsey lays off ...') instead of the company."""
    cleaned = _SPACE.sub(" ", name).strip()
    people = gazetteer().people
    if cleaned in people:
        return people[cleaned]
    if " " not in cleaned:
        return _surnames().get(cleaned)
    return None


@lru_cache(maxsize=1)
def _surnames() -> dict[str, str]:
    counts: dict[str, list[str]] = {}
    for person, company in gazetteer().people.items():
        counts.setdefault(person.split()[-1], []).append(company)
    return {k: v[0] for k, v in counts.items() if len(v) == 1}


@lru_cache(maxsize=16384)
def company_key(name: str) -> str:
    """Normalized slug for indexing: 'TikTok' -> 'tiktok', 'Marlow & Finch' -> 'marlow-finch'.

    Memoized: the gazetteer never changes while the process runs, and clustering asks for
    the same employers' keys for every candidate story.
    """
    base = canonical(name)
    text = unicodedata.normalize("NFKD", base)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub("-", text).strip("-") or "unknown"


def _surface_regex() -> re.Pattern[str]:
    forms = [re.escape(f) for f in gazetteer().surface_forms]
    return re.compile(r"(?<![\w&])(" + "|".join(forms) + r")(?![\w&]|-\w)", re.IGNORECASE)


_SURFACE = _surface_regex()


def find_known(text: str, *, title_case: bool = False) -> list[tuple[int, str]]:
    """Listed companies mentioned in `text`, as (offset, canonical name), in order.

    Names that are also ordinary words ('Block', 'Target') count only when capitalised
    as written, and not at all in Title Case text where every word is capitalised.
    """
    return [(start, name) for start, _, name in find_known_spans(text, title_case=title_case)]


def find_known_spans(text: str, *, title_case: bool = False) -> list[tuple[int, int, str]]:
    """Like `find_known`, with the end offset of each mention."""
    gaz = gazetteer()
    found: list[tuple[int, int, str]] = []
    for match in _SURFACE.finditer(text):
        surface = match.group(1)
        exact = next((f for f in gaz.case_sensitive if f == surface), None)
        ambiguous = any(f.lower() == surface.lower() for f in gaz.case_sensitive)
        if ambiguous and (exact is None or title_case):
            continue
        folded = _fold(surface)
        name = gaz.unit_by_alias.get(folded) or gaz.canonical_by_alias.get(folded)
        if name is not None:
            found.append((match.start(), match.end(), name))
    return found


@dataclass(frozen=True)
class MatchResult:
    """`exact` is the known company the query means, when confident; else None.

    `suggestions` are other close known names, best first (empty when nothing is close).
    """

    exact: str | None
    suggestions: list[str] = field(default_factory=list)


class CompanyMatcher:
    """Resolves a user's company query against the names the store knows.

    Tolerates case, spacing, punctuation, aliases ('bytedance' -> TikTok, 'facebook' ->
    Meta) and typos ('Amazn' -> Amazon). `known` is whatever list of names the caller has
    (store companies); gazetteer aliases are applied to both sides so either spelling works.
    """

    def __init__(self, *, cutoff: float = 80.0, suggest_cutoff: float = 60.0, limit: int = 5):
        self._cutoff = cutoff
        self._suggest_cutoff = suggest_cutoff
        self._limit = limit

    def match(self, query: str, known_names: Iterable[str]) -> MatchResult:
        names = list(dict.fromkeys(n for n in known_names if n and n.strip()))
        by_fold: dict[str, str] = {}
        folded: dict[str, str] = {}
        for name in names:
            by_fold.setdefault(_fold(name), name)
            by_fold.setdefault(_fold(canonical(name)), name)
            folded[name] = _fold(canonical(name))
        return self.match_folded(query, by_fold, folded)

    def match_folded(
        self, query: str, by_fold: Mapping[str, str], folded: Mapping[str, str]
    ) -> MatchResult:
        """`match` over names folded beforehand (callers that keep a company index):
        `by_fold` maps both folded forms of each name to it, `folded` each name (in order)
        to its folded canonical form."""
        if not query.strip() or not folded:
            return MatchResult(None, [])
        hit = by_fold.get(_fold(query)) or by_fold.get(_fold(canonical(query)))
        if hit is not None and plausible_company(hit):
            return MatchResult(hit, [])
        # Names a misread headline left in the store ('M', 'Whose') are never offered: the
        # search asks for spares so that dropping them still leaves `limit` suggestions.
        scored = process.extract(
            _fold(canonical(query)),
            folded,
            scorer=fuzz.WRatio,
            limit=self._limit + 1 + _SPARE,
            score_cutoff=self._suggest_cutoff,
        )
        ranked = [(name, float(score)) for _, score, name in scored if suggestible(name)]
        ranked = ranked[: self._limit + 1]
        if not ranked:
            return MatchResult(None, [])
        best, best_score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best_score >= self._cutoff and best_score - runner_up >= 5.0:
            return MatchResult(best, [n for n, _ in ranked[1 : self._limit + 1]])
        return MatchResult(None, [n for n, _ in ranked[: self._limit]])
