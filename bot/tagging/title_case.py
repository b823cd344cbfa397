"""Title Case headlines: capitalised words that are a name's verb or qualifier, no name.

In 'Microsoft Hosts Sting Concert Before Laying Off' or 'Spotify Podcast Layoffs' every
word is capitalised, so capitals say nothing; these rules tell the employer's own name
from the words around it.
"""

from __future__ import annotations

import re

from bot.companies import known, plausible_company, word_named_employers
from bot.language import english_words
from bot.tagging.names import _generic, _place, _Run
from bot.tagging.vocabulary import AUXILIARIES, DESCRIPTORS, NAME_SUFFIXES


def without_verbs(run: _Run) -> _Run:
    """'ING Forecasts', 'Acme Expands': in a Title Case headline a dictionary word in -s,
    -ed or -ing after a name is its verb, not part of it ('Epic Games' keeps its suffix;
    so does a listed employer, 'Applied Materials', 'Arctic Wolf')."""
    if run.known or known(run.name):
        return run
    words = run.name.split()
    vocabulary = english_words()
    while len(words) > 1:
        if known(" ".join(words)):
            break
        last = words[-1].lower()
        if last in NAME_SUFFIXES or last not in vocabulary or not _VERB_FORM.search(last):
            break
        words.pop()
    if len(words) == len(run.name.split()):
        return run
    name = " ".join(words)
    return _Run(name, run.start, run.start + len(name), run.possessor, run.known)


_VERB_FORM = re.compile(r"(?:[^s]s|ed|ing)$")


def title_runs(runs: list[_Run]) -> list[_Run]:
    """Title Case runs with their verbs taken out: a verb closing a run is dropped
    (`without_verbs`), and an unlisted run is split before a dictionary verb in -s inside
    it ('Zentrix Closes Quillo Studio' is 'Zentrix' and 'Closes Quillo'), which `predicate`
    then reads as the first name's predicate."""
    out: list[_Run] = []
    for run in runs:
        out.extend(_split_at_verb(without_verbs(run)))
    return out


def _split_at_verb(run: _Run) -> list[_Run]:
    words = run.name.split()
    if run.known or len(words) < 3 or known(run.name):
        return [run]
    vocabulary = english_words()
    for i in range(1, len(words) - 1):
        word = words[i].lower()
        if (
            word not in NAME_SUFFIXES
            and word in vocabulary
            and re.search(r"[^su]s$", word)
            and words[i - 1].lower() not in vocabulary
        ):
            head = " ".join(words[:i])
            start = run.start + len(head) + 1
            return [
                _Run(head, run.start, run.start + len(head)),
                _Run(" ".join(words[i:]), start, run.end, run.possessor),
            ]
    return [run]


def predicate(text: str, earlier: _Run, run: _Run) -> bool:
    """In a Title Case headline, a run opening with a dictionary verb right after a name
    ('Microsoft Hosts Sting Concert', "McDonald's Cuts Pay") is that name's predicate."""
    first = run.name.split()[0].lower()
    return (
        run.known is None
        and text[earlier.end : run.start].strip() in {"", "'s", "’s"}
        and first not in NAME_SUFFIXES
        and first in english_words()
        and bool(_VERB_FORM.search(first))
        and not known(run.name)
    )


def qualifies(subject: str, runs: list[_Run], i: int, end: int, attached: bool) -> bool:
    """In a Title Case headline, words after the employer that only qualify what follows:
    dictionary words or one word right after a listed employer before the action noun
    ('Unexpected, Undue Layoffs', 'Spotify Podcast Layoffs'), or one word and a descriptor
    after it ('Coinbase Crypto Exchange to Cut'). The employer named before them acts;
    listed and one-word employers ('Chime Layoffs') stay names."""
    run, earlier = runs[i], runs[i - 1]
    if run.known or known(run.name) or run.name in word_named_employers() or _generic(run.name):
        return False  # 'More Cyber Companies Announce Layoffs': no employer to qualify
    gap = subject[run.end : end].strip(" ,")
    after_listed = bool(earlier.known) and not subject[earlier.end : run.start].strip()
    described = [w for w in gap.lower().split() if w not in AUXILIARIES]
    if len(described) == 1 and described[0] in DESCRIPTORS:
        return after_listed and " " not in run.name
    if not attached or gap not in {"", "and"}:
        return False
    if after_listed and " " not in run.name:
        return True
    vocabulary = english_words()
    return all(w.lower() in vocabulary for w in run.name.split())


def known_tail(name: str) -> str:
    """'Players Stunned Bungie', 'Embattled Bungie': Title Case runs a headline's words into
    the listed employer after them; an unlisted name ending in a listed one after nothing
    but dictionary words (or participles, 'Embattled') is that employer; so is an unlisted
    one opening on a word no dictionary lists after a participle or a place ('Devastating
    Zentrix', 'Australia WiseTech')."""
    words = name.split()
    if len(words) < 2 or known(name):
        return name
    vocabulary = english_words()
    for i in range(1, len(words)):
        head = words[i - 1]
        participle = len(head) > 5 and head.lower().endswith(("ed", "ing", "ly"))
        place = _place(head) is not None
        if head.lower() not in vocabulary and not participle and not place:
            return name
        tail = " ".join(words[i:])
        if known(tail) and len(tail) > 1:  # 'Series X', 'Project X': a letter is a label
            return tail
        if (participle or place) and _coined(words[i]) and plausible_company(tail):
            return tail  # 'Devastating Zentrix', 'Australia WiseTech': unlisted, no word
    return name


def _coined(word: str) -> bool:
    """A capitalised word no dictionary lists and no place: the start of a name."""
    return (
        word[:1].isupper()
        and word.lower() not in english_words()
        and word.isalpha()
        and not _place(word)
    )
