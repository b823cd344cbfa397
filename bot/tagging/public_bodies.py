"""Public employers' names kept whole (issue #16, session 19).

Name runs end at common words and at 'of' and 'and', which cuts a public body's name in
pieces: 'Department of Veterans Affairs' became 'Department of Veterans' ('affairs' is a
common word), 'Department of Health and Human Services' nothing, 'National Oceanic and
Atmospheric Administration' two names. A name built as '<Department|Ministry|Office|...>
of|for X [and Y]', or '[National|Federal] X [and Y] <Administration|Agency|Service|...>',
is one span, found here and handed to the run builder as a known name (its gazetteer
canonical form when the gazetteer lists it: 'Department of Health and Human Services' ->
'HHS'), so no later rule cuts it again.

Guards: X and Y are capitalised words; a title or a headline verb ends them ('Office of
the CEO' is a title, 'Department of Education Cuts Jobs' ends at 'Cuts'); 'and Y' joins
only when Y is made of dictionary words and no listed employer ('Department of Labor and
Microsoft' are two names); a span ending in the body word is taken only when it opens with
'National' or 'Federal' or the gazetteer lists it ('Amazon Customer Service' is Amazon's).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.companies import find_known_spans as _gazetteer_spans
from bot.companies import known
from bot.language import english_words
from bot.tagging.vocabulary import AUXILIARIES

_HEAD = (
    r"(?:Department|Ministry|Office|Bureau|Agency|Administration|Service|Institutes?|Centers?|"
    r"Commission|Council|Authority)"
)
_CAP = r"[A-Z][\w.&'’-]*"
_WORDS = rf"{_CAP}(?:\s+{_CAP}){{0,5}}"
# 'Department of Health and Human Services', 'Ministry of Defence', 'Office for Students'
_HEAD_OF = re.compile(
    rf"(?<![\w.&'’-])(?:(?:National|Federal)\s+(?:{_CAP}\s+){{0,2}})?{_HEAD}\s+"
    rf"(?:of|for|on)\s+(?:the\s+)?(?P<x>{_WORDS})(?:\s+(?:and|&)\s+(?P<y>{_WORDS}))?"
)
# 'National Oceanic and Atmospheric Administration', 'Internal Revenue Service'
_ENDS_IN_HEAD = re.compile(
    rf"(?<![\w.&'’-])(?P<x>{_WORDS})(?:\s+(?:and|&)\s+(?P<y>{_WORDS}))?\s+{_HEAD}(?![\w-])"
)
_OPENS = re.compile(r"^(?:National|Federal)\s")
_ANY_HEAD = re.compile(_HEAD)  # compiled once: most texts name no body
# Words that end X: a title ('Office of the CEO'), a headline's verb or its object.
_STOP = frozenset(
    [
        "ceo",
        "cfo",
        "cto",
        "coo",
        "chief",
        "chairman",
        "chair",
        "president",
        "founder",
        "boss",
        "head",
        "director",
        "secretary",
        "cuts",
        "cut",
        "lays",
        "laid",
        "fires",
        "fired",
        "axes",
        "axed",
        "slashes",
        "slashed",
        "sheds",
        "shed",
        "plans",
        "planned",
        "says",
        "said",
        "announces",
        "announced",
        "eliminates",
        "closes",
        "shuts",
        "faces",
        "freezes",
        "hires",
        "sues",
        "sued",
        "warns",
        "jobs",
        "job",
        "staff",
        "workers",
        "employees",
        "layoffs",
        "cutbacks",
        "redundancies",
    ]
)


@lru_cache(maxsize=1)
def _stops() -> frozenset[str]:
    return _STOP | AUXILIARIES


def _kept_words(words: str) -> list[str]:
    """The capitalised words of X up to the first title or verb, possessive cut off."""
    kept: list[str] = []
    for word in words.split():
        bare = re.sub(r"['’]s?$", "", word)
        if bare.lower() in _stops() or not bare:
            break
        kept.append(bare)
        if bare != word:
            break  # 'Department of Veterans Affairs’ staff': the possessive ends the name
    return kept


def _joins(y: list[str]) -> bool:
    """'and Human Services' is part of the name; 'and Microsoft', 'and Acme' are not."""
    words = english_words()
    return bool(y) and known(" ".join(y)) is None and all(w.lower() in words for w in y)


def _span(m: re.Match[str], x: list[str], y: list[str] | None) -> tuple[int, int]:
    """The span from the match's start to the end of the last kept word."""
    group, words = ("y", y) if y else ("x", x)
    tokens = list(re.finditer(r"\S+", m.group(group)))
    last = tokens[len(words) - 1]
    return m.start(), m.start(group) + last.start() + len(words[-1])


def _head_of(text: str) -> list[tuple[int, int]]:
    found = []
    for m in _HEAD_OF.finditer(text):
        x = _kept_words(m.group("x"))
        if not x:
            continue
        y = _kept_words(m.group("y")) if m.group("y") else []
        whole_x = len(x) == len(m.group("x").split())
        found.append(_span(m, x, y if whole_x and _joins(y) else None))
    return found


def _ends_in_head(text: str) -> list[tuple[int, int]]:
    found = []
    for m in _ENDS_IN_HEAD.finditer(text):
        # The longest tail of the capitalised words that is a public body's name:
        # 'Trump Guts National Park Service' -> 'National Park Service'.
        phrase = text[m.start() : m.end()]
        starts = [0] + [s.end() for s in re.finditer(r"\s+", phrase)]
        for at in starts:
            tail = phrase[at:]
            if tail.split()[0] in ("and", "&"):
                continue
            if _OPENS.match(tail) or (len(tail.split()) > 1 and known(tail) is not None):
                found.append((m.start() + at, m.end()))
                break
    return found


def body_spans(text: str) -> list[tuple[int, int, str]]:
    """Public bodies' names in `text`: (start, end, canonical name or the name as written)."""
    if _ANY_HEAD.search(text) is None:
        return []
    spans = sorted({*_head_of(text), *_ends_in_head(text)}, key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, str]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue
        name = " ".join(text[start:end].split())
        out.append((start, end, known(name) or name))
    return out


def find_known_spans(text: str, *, title_case: bool = False) -> list[tuple[int, int, str]]:
    """The gazetteer's spans (bot.companies.find_known_spans) with public bodies' names:
    a body's span replaces the listed names inside it, and gives way to one it cuts."""
    return list(_known_spans(text, title_case))


# The name runs ask for one sentence's spans several times per item (6,838 asks of 3,776
# distinct sentences for the peer's first 2,000 distinct items, session 20); the answer
# depends on the text alone (the gazetteer is loaded once), so it is kept.
@lru_cache(maxsize=1024)
def _known_spans(text: str, title_case: bool) -> tuple[tuple[int, int, str], ...]:
    listed = _gazetteer_spans(text, title_case=title_case)
    bodies = body_spans(text)
    if not bodies:
        return tuple(listed)
    kept = [
        b
        for b in bodies
        if not any(
            s[0] < b[1] and b[0] < s[1] and not (b[0] <= s[0] and s[1] <= b[1]) for s in listed
        )
    ]
    inside = [s for s in listed if any(b[0] <= s[0] and s[1] <= b[1] for b in kept)]
    return tuple(sorted([*(s for s in listed if s not in inside), *kept]))
