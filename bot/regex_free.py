"""Small regexes of the judgement as string methods, exactly (session 20, issue 14): each
runs a few times to a few dozen times per item, where a regex call's own cost (~0.3-1 us)
and a scan of a whole text outweigh the work. tests/test_regex_free.py checks each against
the regex it stands for, on random strings.

`only`: `re.sub(r"[^a-z0-9]+", "", text)`, the key names, publishers and story words are
compared by. `text.encode("ascii", "ignore")` drops every character outside ASCII (none is
in a-z0-9) and `bytes.translate` the ASCII ones outside the kept set: ~100-200x faster on
a whole item's text (bot.text compares a summary's with its content's).

`without_possessive`: `re.sub(r"['’]s?$", "", word)`, the name runs' words.

`lowered_members`: a word list's lower case, made once, where each gazetteer match looped
over the list (`any(f.lower() == surface.lower() for f in words)`).
"""

from __future__ import annotations

from functools import lru_cache
from string import ascii_lowercase, digits


def dropped_bytes(keep: str) -> bytes:
    """The ASCII bytes `only` drops to keep `keep` alone."""
    return bytes(b for b in range(128) if chr(b) not in keep)


LOWER_ALNUM = dropped_bytes(ascii_lowercase + digits)
LOWER_ALNUM_HYPHEN = dropped_bytes(ascii_lowercase + digits + "-")


def only(text: str, drop: bytes = LOWER_ALNUM) -> str:
    """`text` without any character outside ASCII nor the ASCII bytes in `drop`: by
    default `re.sub(r"[^a-z0-9]+", "", text)` (upper-case letters are dropped too)."""
    return text.encode("ascii", "ignore").translate(None, drop).decode("ascii")


def without_possessive(word: str) -> str:
    """`re.sub(r"['’]s?$", "", word)`: a closing "'s", "’s", "'" or "’" cut, at the end
    or before a final line break (where `$` also matches)."""
    body = word[:-1] if word.endswith("\n") else word
    if body.endswith(("'s", "’s")):
        return body[:-2] + word[len(body) :]
    return body[:-1] + word[len(body) :] if body.endswith(("'", "’")) else word


@lru_cache(maxsize=16)
def lowered_members(words: frozenset[str]) -> frozenset[str]:
    """The words in lower case (a frozenset keeps its hash: the look-up is cheap)."""
    return frozenset(w.lower() for w in words)
