"""The names an item's wording gives (a game, a person, a place, an institution), for the
story planner (bot/stories.py) on commentary and other news that names no employer.

Outlets headline one study, hearing or product's news on different findings ('Office
Overachievers Won't Be Happy About ChatGPT' / 'AI Boosts Worker Productivity By 14%'), so
their headlines rarely share the distinctive words the topic keys are made of; but they
name the same thing: 'The Finals', 'Subnautica', 'Stanford'. A name here is a capitalised
word that is not a dictionary word, read where capitals mean a name: in the opening text
not at a sentence's start, and in a sentence-case headline (a Title Case headline
capitalises every word, so only its words outside the dictionary count). Such items are
filed under NAME_KEY + their rarest names, so two takes on one thing meet as candidates
even when their headlines share nothing the topic keys hold.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.companies import common_words
from bot.headlines import STOPWORDS, title_tokens
from bot.language import english_words

NAME_KEY = "n:"
NAME_KEYS = 2
NAME_CHARS = 300
_TOKEN = re.compile(r"\S+")
_OPENS = re.compile(r"^[\"'‘“(\[]*[A-Z]")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)]*$")
_CLEAN = re.compile(r"[^a-z0-9-]")
# Names every AI-and-work story gives: shared, they say nothing about which story.
_EVERYWHERE = frozenset(
    """ai chatgpt openai gpt gpt-4 gpt-3 genai llm llms ceo ceos cfo cto hr us uk eu usa
    u.s. read more""".split()
)


def _key(word: str) -> str:
    word = word.lower().replace("’", "'").split("'")[0]
    return _CLEAN.sub("", word).strip("-")


def _named(word: str) -> bool:
    """A capitalised word where capitals mean a name: a dictionary word too ('The Finals',
    'Senate'), not a word headlines are made of."""
    return (
        len(word) > 2
        and not word.isdigit()
        and word not in common_words()
        and word not in STOPWORDS
        and word not in _EVERYWHERE
    )


def _capitalised_names(text: str, title: bool) -> list[str]:
    """Capitalised words of `text` that are names: not a sentence's first word unless the
    next is capitalised too ('The Finals uses ...')."""
    words = _TOKEN.findall(text)
    caps = [bool(_OPENS.match(w)) for w in words]
    if title and 2 * sum(caps) > len(words):
        return []  # Title Case: capitals say nothing
    names = []
    for i, word in enumerate(words):
        if not caps[i]:
            continue
        opens = i == 0 or bool(_ENDS_SENTENCE.search(words[i - 1]))
        if opens and not (i + 1 < len(words) and caps[i + 1]):
            continue
        names.append(_key(word))
    return names


@lru_cache(maxsize=16384)
def item_names(title: str, text: str) -> frozenset[str]:
    """The names (lower case) an item's headline and opening NAME_CHARS give."""
    found = _capitalised_names(title, True) + _capitalised_names(text[:NAME_CHARS], False)
    return frozenset(w for w in found if _named(w))


def name_keys(title: str, text: str) -> list[str]:
    """NAME_KEY + the NAME_KEYS names most likely the subject: the headline's first (its
    subject), then outside the dictionary, then the longest."""
    vocabulary = english_words()
    headline = item_names(title, "")
    names = sorted(
        item_names(title, text), key=lambda w: (w not in headline, w in vocabulary, -len(w), w)
    )
    return [NAME_KEY + w for w in names[:NAME_KEYS]]


def shared_names(
    title: str, text: str, titles: tuple[str, ...], texts: tuple[str, ...]
) -> frozenset[str]:
    """The names an item gives that any of a story's items (headlines, opening texts) gives."""
    mine = item_names(title, text)
    if not mine:
        return mine
    theirs = frozenset().union(*(item_names(t, s) for t, s in zip(titles, texts, strict=False)))
    return mine & theirs


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """The words headlines are made of (`common_words`), as `title_tokens` gives them:
    shared beside a name ('game', 'studio'), they say nothing about which story."""
    return title_tokens(" ".join(sorted(common_words())))
