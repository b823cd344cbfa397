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

A statement headlined on its speaker ('Bill Gates: Within 10 years, AI will replace many
doctors', 'Bill Gates: AI Won't Take Over THESE Jobs'): outlets pick different lines of one
interview, so their headlines share the speaker and little else, and a speaker's name is
made of dictionary words ('bill', 'gates'). Such items are filed under SPEAKER_KEY + the
speaker too (`headline_speaker`: a run of two or three capitalised words opening on a given
name, before a colon or 'says'): the two meet as candidates, and the wording rules judge.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.companies import common_words, company_for_person, known
from bot.handed import Handed
from bot.headlines import STOPWORDS, title_tokens
from bot.language import english_words
from bot.models import Article
from bot.regex_free import LOWER_ALNUM_HYPHEN, only
from bot.story_wording import best_overlap

NAME_KEY = "n:"
NAME_KEYS = 2
NAME_CHARS = 300
_TOKEN = re.compile(r"\S+")
# `re.match(r"^[\"'‘“(\[]*[A-Z]", word)` and `re.search(r"[.!?:;][\"'”’)]*$", word)` on a
# word (`_TOKEN`: no line break) as string tests, 3-5x faster (~80 words an item each):
# the marks stripped are none of the characters the regexes then need, so the greedy
# repeat takes all of them whichever way it could match.
_OPENING_MARKS = "\"'‘“(["
_CLOSING_MARKS = "\"'”’)"
_SENTENCE_ENDS = (".", "!", "?", ":", ";")


def opens_capital(word: str) -> bool:
    """Whether the word's first letter past opening quotes and brackets is A-Z."""
    return "A" <= word.lstrip(_OPENING_MARKS)[:1] <= "Z"


def ends_sentence(word: str) -> bool:
    """Whether the word ends in '.', '!', '?', ':' or ';' before closing quotes and brackets."""
    return word.rstrip(_CLOSING_MARKS).endswith(_SENTENCE_ENDS)


_CLEAN = re.compile(r"[^a-z0-9-]")
SPEAKER_KEY = "sp:"
# 'Bill Gates:', 'Sam Altman says': the speaker opening the headline.
_SPEAKER = re.compile(
    r"^[\"'‘“]?([A-Z][a-z]+)((?:\s+[A-Z][\w’'.-]*){1,2})(?::|\s+(?:says|said|warns|predicts"
    r"|thinks|believes|claims|admits|explains|reveals)\b)"
)
# Names every AI-and-work story gives: shared, they say nothing about which story.
_EVERYWHERE = frozenset(
    [
        "ai",
        "chatgpt",
        "openai",
        "gpt",
        "gpt-4",
        "gpt-3",
        "genai",
        "llm",
        "llms",
        "ceo",
        "ceos",
        "cfo",
        "cto",
        "hr",
        "us",
        "uk",
        "eu",
        "usa",
        "u.s.",
        "read",
        "more",
    ]
)


def _key(word: str) -> str:
    word = word.lower().replace("’", "'").split("'")[0]
    return only(word, LOWER_ALNUM_HYPHEN).strip("-")


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


def _raw_runs(text: str, title: bool) -> list[list[str]]:
    """Runs of capitalised words of `text`, each word a `_key`: a sentence's first word only
    when the next is capitalised too ('The Finals uses ...'); none in a Title Case headline."""
    words = _TOKEN.findall(text)
    caps = [opens_capital(w) for w in words]
    ends = [ends_sentence(w) for w in words]
    if title and 2 * sum(caps) > len(words):
        return []  # Title Case: capitals say nothing
    runs: list[list[str]] = []
    for i, word in enumerate(words):
        opens = i == 0 or ends[i - 1]
        if not caps[i] or (opens and not (i + 1 < len(words) and caps[i + 1])):
            runs.append([])
            continue
        if opens or not runs or word.startswith("("):
            runs.append([])
        runs[-1].append(_key(word))
        if ends[i] or word.endswith((",", ")")):
            runs.append([])
    return [run for run in runs if run]


def _capitalised_runs(text: str, title: bool) -> list[tuple[str, ...]]:
    """The runs that are names ('National Eating Disorders Association'), their name words."""
    runs = _raw_runs(text, title)
    return [tuple(w for w in run if _named(w)) for run in runs if any(map(_named, run))]


# A new item's people and name runs, worked out beside its judgement (bot.story_item).
HANDED_PEOPLE: Handed[tuple[str, str], frozenset[str]] = Handed()
HANDED_RUNS: Handed[tuple[str, str], tuple[tuple[str, ...], ...]] = Handed()


@lru_cache(maxsize=16384)
def item_people(title: str, text: str) -> frozenset[str]:
    """The names of people an item names: a run opening on a given name ('Jack Dorsey',
    'Sam Altman'). One person is in many stories of a week: no subject in common."""
    if (handed := HANDED_PEOPLE.take((title, text))) is not None:
        return handed
    given = _given_names()
    return frozenset(
        w
        for run in (*_raw_runs(title, True), *_raw_runs(text[:NAME_CHARS], False))
        if len(run) > 1 and run[0] in given
        for w in run
    )


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Common given names (bot/data/given_names.txt, lower case)."""
    text = (Path(__file__).parent / "data" / "given_names.txt").read_text(encoding="utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


@lru_cache(maxsize=16384)
def headline_speaker(title: str) -> str | None:
    """The person a headline is the statement of, folded ('billgates'), or None."""
    m = _SPEAKER.match(title)
    if m is None or m.group(1).lower() not in _given_names():
        return None
    return _CLEAN.sub("", (m.group(1) + m.group(2)).lower().replace("’s", "").replace(" ", ""))


@lru_cache(maxsize=16384)
def _runs(title: str, text: str) -> tuple[tuple[str, ...], ...]:
    if (handed := HANDED_RUNS.take((title, text))) is not None:
        return handed
    return (*_capitalised_runs(title, True), *_capitalised_runs(text[:NAME_CHARS], False))


@lru_cache(maxsize=16384)
def item_names(title: str, text: str) -> frozenset[str]:
    """The names (lower case words) an item's headline and opening NAME_CHARS give."""
    return frozenset(w for run in _runs(title, text) for w in run)


def name_keys(title: str, text: str) -> list[str]:
    """NAME_KEY + the NAME_KEYS names the headline gives (`named_score` asks for one in
    both headlines): outside the dictionary first, then the longest; not a person's nor an
    employer's (`shared_names` leaves them out); and SPEAKER_KEY + its speaker."""
    vocabulary = english_words()
    headline = title_tokens(title)
    people = item_people(title, text)
    names = sorted(
        (w in vocabulary, -len(w), w)
        for w in item_names(title, text) - people
        if not headline.isdisjoint(title_tokens(w)) and not _employer_word(w)
    )
    speaker = headline_speaker(title)
    return [NAME_KEY + w for *_, w in names[:NAME_KEYS]] + (
        [SPEAKER_KEY + speaker] if speaker else []
    )


def shared_names(
    title: str, text: str, titles: tuple[str, ...], texts: tuple[str, ...]
) -> frozenset[str]:
    """The names an item gives that any of a story's items (headlines, opening texts) gives,
    less people's (`item_people`, on either side) and employers' (`_employer_word`)."""
    mine = item_names(title, text)
    if not mine:
        return mine
    names, people = _story_names(titles, texts)
    shared = (mine & names) - people - item_people(title, text)
    return frozenset(w for w in shared if not _employer_word(w))


@lru_cache(maxsize=16384)
def _employer_word(word: str) -> bool:
    """A listed company's name or its boss's ('Xbox', 'Dorsey'): its news and the takes on
    it are the employer rules' to judge (bot.stories), each take a story of its own."""
    return known(word) is not None or company_for_person(word.capitalize()) is not None


def named_words(
    title: str, text: str, titles: tuple[str, ...], texts: tuple[str, ...]
) -> frozenset[str]:
    """Every name both give, people's too: words that say nothing beyond the names."""
    return item_names(title, text) & _story_names(titles, texts)[0]


@lru_cache(maxsize=8192)
def _story_names(
    titles: tuple[str, ...], texts: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str]]:
    """The names and people of a story's items, worked out once per story's wording (a
    story stays a candidate item after item, #14)."""
    pairs = list(zip(titles, texts, strict=False))
    names = frozenset().union(*(item_names(t, s) for t, s in pairs))
    return names, frozenset().union(*(item_people(t, s) for t, s in pairs))


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """The words headlines are made of (`common_words`), as `title_tokens` gives them:
    shared beside a name ('game', 'studio'), they say nothing about which story."""
    return title_tokens(" ".join(sorted(common_words())))


def named_score(
    article: Article, titles: tuple[str, ...], texts: tuple[str, ...], action: bool
) -> float | None:
    """Two takes on one named thing within TOPIC_SAME_DAYS (bot.stories), neither an action
    nor naming an employer (a game's AI voices, a studio's leads let go): a name both give
    in both headlines and, beyond every name both give and the words headlines are made of,
    a distinctive word both headlines give ('actors'); half the headlines' overlap, or None.
    A name with only its openings' wording beside it is not enough: one person, place or
    platform is in many stories of a week (Biden's speech, Musk at a summit, Xbox's cuts).
    `action`: either is an action; then None."""
    title, text = article.title, article.text
    names = shared_names(title, text, titles, texts) if not action else frozenset()
    if not names:
        return None
    words = frozenset().union(*map(title_tokens, names))
    theirs = frozenset().union(*map(title_tokens, titles))
    if words.isdisjoint(title_tokens(title) & theirs):
        return None
    every = named_words(title, text, titles, texts)
    ignore = frozenset().union(*map(title_tokens, every)) | common_stems()
    text_overlap = best_overlap(title, titles, ignore)
    return text_overlap.score / 2 if text_overlap.distinctive >= 1 else None
