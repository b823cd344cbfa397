"""An employer's full name where the item spells it out ('Quayside' -> 'Quayside Translations')."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.companies import known
from bot.language import english_words
from bot.tagging.lexicon import _LOWER, _UPPER
from bot.tagging.vocabulary import NAME_SUFFIXES

# The one or two capitalised words after an employer's name. Matched after each place the
# name occurs rather than compiled into one pattern per name: the letter classes make a
# compile cost ~3 ms, most of the judgement of an item naming a new employer (issue 14).
_EXTENSION = re.compile(r"(?:\s+" + _UPPER + _LOWER + r"+){1,2}")


def _extensions(name: str, text: str) -> Iterator[str]:
    """What `re.finditer(re.escape(name) + "(" + _EXTENSION + ")", text)` finds, as group 1."""
    start = text.find(name)
    while start >= 0:
        m = _EXTENSION.match(text, start + len(name))
        if m:
            yield m.group()
            start = text.find(name, m.end())
        else:
            start = text.find(name, start + 1)


def extend_name(name: str, texts: tuple[str, ...]) -> str:
    """'Quayside' -> 'Quayside Translations' when the item spells the full name out."""
    if known(name) or len(name.split()) > 3:
        return name
    for text in texts:
        for found in _extensions(name, text):
            extra = found.split()
            keep: list[str] = []
            for word in extra:
                if word.lower() in NAME_SUFFIXES:
                    keep.append(word)
                else:
                    break
            if keep and not _legal_form(name, keep, texts[0]):
                return name + " " + " ".join(keep)
    return name


# Words a company's legal or group name adds to its brand ('Twilio Communications', 'Cisco
# Systems', 'Embracer Group'): the spec's canonical name is the plain brand.
_GROUP_WORDS = frozenset(["group", "holdings", "technologies", "systems", "communications"])


def _legal_form(name: str, words: list[str], title: str) -> bool:
    """Whether `words` only make `name`'s legal form, which the headline leaves out: group
    words after a brand no dictionary lists ('Arena Group' keeps its word: 'Arena' alone
    is an English word) that the headline names without them ('Twilio announces ...' /
    'Twilio Communications said'; 'Brindle Group layoffs hit ...' keeps its name)."""
    if not all(w.lower() in _GROUP_WORDS for w in words):
        return False
    if " " not in name and name.lower() in english_words():
        return False
    full = f"{name} {' '.join(words)}"
    return any(title[m.start() : m.start() + len(full)] != full for m in _bare(name, title))


def _bare(name: str, title: str) -> Iterator[re.Match[str]]:
    return re.finditer(r"(?<![\w&'’.-])" + re.escape(name) + r"(?![\w&])", title)
