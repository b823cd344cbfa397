"""Names that the run rules would split: one opening on a number ('343 Industries'), a
person's name with a middle initial ('Stephen A. Smith'), a listed '&' name written with
'and' ('Procter and Gamble'); and the given names."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from bot.companies import known

_NEXT_CAPITAL = re.compile(r"\s+[A-Z]")
_AND_ONLY = re.compile(r"\s+and\s+")


def and_listed(text: str, first: str, end: int, start: int, second: str) -> str | None:
    """'Procter and Gamble', 'Marks and Spencer': two capitalised runs (`first` ending at
    `end`, `second` starting at `start`) parted by a lowercase 'and' are one employer when
    the gazetteer lists them joined by '&' (names fold '&' as 'and'), never two (issue #16:
    one employer, one name: 'P&G' is 'Procter & Gamble')."""
    if not _AND_ONLY.fullmatch(text, end, start):
        return None
    return known(f"{first} & {second}")


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Common given names (bot/data/given_names.txt, lower case), loaded once."""
    text = resources.files("bot").joinpath("data/given_names.txt").read_text(encoding="utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


# '343 Industries', '1047 Games Labs': a number opening a name whose last word is a
# company's ('Industries', 'Labs'), where a name may start (the text's start, after a
# punctuation mark or a descriptor: 'Halo studio 343 Industries'), not a count ('cut 100
# Media jobs' has a lowercase or common word before the number).
# '2K Games', '3D Realms' too; in Title Case the verb after it is capitalised ('343
# Industries Lays Off Staff'), any other capitalised word goes on a count ('3 Studios Closed').
_NUMBERED_NAME = re.compile(
    r"\d{1,4}[KD]?\s+(?:Industries|Labs|Entertainment|Capital|Holdings|Technologies|Systems|"
    r"Software|Robotics|Networks|Interactive|Games|Studios|Realms)\b(?![’'-])"
    r"(?!\s+(?!(?:Lays|Laid|Cuts|Hit|Hits|Confirms|Announces|Is|Has|Will|Says|Shuts|Closes|"
    r"Slashes|Axes|To|Reportedly|Suffers)\b)(?-i:[A-Z])[a-z])"
)
_NAME_MAY_START = re.compile(
    r"(?:^|[.!?:;,|—–\"“‘(\[]|\b(?i:studio|developer|maker|firm|company))\s*$"
)


def _numbered_name(text: str, at: int) -> bool:
    # A match opens with a digit (r'\d', a decimal digit: `str.isdecimal`): tested first,
    # as most words are not numbers (~7 words an item asked).
    return (
        text[at : at + 1].isdecimal()
        and _NUMBERED_NAME.match(text, at) is not None
        and (_NAME_MAY_START.search(text, max(0, at - 12), at) is not None)
    )


def _middle_initial(text: str, end: int, bare: str, current: str | None) -> bool:
    """'Stephen A Smith', 'Stephen A. Smith': an initial between a given name and a
    capitalised surname is inside that person's name (not the article 'A')."""
    return (
        current is not None
        and len(bare) == 1
        and bare.isupper()
        and current.lower() in _given_names()
        and _NEXT_CAPITAL.match(text, end) is not None
    )
