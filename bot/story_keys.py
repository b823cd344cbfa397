"""Story keys: how a new story is named ('tiktok-2024-10') and kept unique in the store."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.companies import company_key, known
from bot.headlines import STOPWORDS, WORD
from bot.models import Article, Tags
from bot.story_employers import initials, story_key

# An unlisted employer's initials ('ab:neda'), shared by its name in full and its acronym:
# the two forms compare as one employer (`bot.story_employers.abbreviates`), so each must
# find the other's stories. Not `co:`: `/layoffs CBC` reads its own name's key only.
INITIALS_KEY = "ab:"


def _slug(text: str, words: int = 3) -> str:
    tokens = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS][:words]
    return re.sub(r"[^a-z0-9]+", "-", "-".join(tokens)).strip("-") or "story"


def new_story_key(article: Article, tags: Tags) -> str:
    """'tiktok-2024-10': employer (or headline words) and the month it happened."""
    base = company_key(tags.companies[0]) if tags.companies else _slug(article.title)
    return f"{base}-{article.published:%Y-%m}"


def employer_index_keys(names: Iterable[str]) -> list[str]:
    """The `co:` keys an item naming these employers is filed and looked up under: each
    one's `company_key` (what `/layoffs <company>` reads) and, where that differs, the
    story layer's (`story_key`): 'Embracer Group' is filed under 'embracer' too, as
    'Embracer' is, so that the stories compared as one employer's are found as one's; an
    unlisted one's initials too (`INITIALS_KEY`)."""
    keys: list[str] = []
    for name in names:
        key, story = company_key(name), story_key(name)
        keys += (f"co:{key}", f"co:{story}") if story != key else (f"co:{key}",)
        if known(name) is None:
            keys += sorted(INITIALS_KEY + i for i in initials(name))
    return keys


def unique_key(key: str, taken: Iterable[str]) -> str:
    """`key`, or `key-2`, `key-3`... when another story already holds it."""
    used = set(taken)
    if key not in used:
        return key
    n = 2
    while f"{key}-{n}" in used:
        n += 1
    return f"{key}-{n}"
