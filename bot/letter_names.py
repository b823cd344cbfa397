"""A listed company whose name is one letter ('X', formerly Twitter) is that company only
where the text makes it one.

A capital letter standing alone is far more often a label ('Series X', 'teams X and Y',
'plant X', 'Model X') than the platform. So the letter is the company only when the text
says so somewhere: 'X Corp', 'X, formerly Twitter', 'Twitter/X', 'X's staff', 'Musk's X',
'layoffs at X', or the letter as a clause's subject with a verb after it ('X lays off
200'). Once one mention in a text is the company, its other mentions are too.
"""

from __future__ import annotations

import re

# Right after the letter: its legal name, former name, possessive or people.
_AFTER = re.compile(
    r"(?:['’]s?\b|\s+(?:Corp|Corporation|Holdings|Inc)\b|,?\s*\(?\s*(?:formerly|previously)\b|"
    r"\s*\(\s*(?:formerly\s+)?Twitter\b|\s*/\s*Twitter\b|,\s+the\s+(?:social|platform|company|"
    r"site|app)\b|\s+(?:CEO|chief|boss|owner|employees|staff(?:ers)?|workers|engineers)\b)"
)
# Right before it: its former name, owner, a word for it, or a preposition of place.
_BEFORE = re.compile(
    r"(?:\bTwitter\s*(?:/|,?\s*\(?\s*now(?:\s+called|\s+known\s+as)?)\s*|\bMusk['’]s\s+|"
    r"\b(?:platform|network|site|app|company|firm)\s+(?:called\s+|named\s+)?|"
    r"\b(?:at|from|joins|joined|leaves|left|quit|quits)\s+)$"
)
# The letter opens a clause and a verb follows: 'X lays off', 'X said on Friday'.
_CLAUSE_START = re.compile(r"(?:^|[.:;!?]\s+|,\s+|\b(?:as|while|and|but|after)\s+)$")
_VERB_AFTER = re.compile(
    r"\s+(?:(?:has|is|will|says|said|plans|planned|announced|announces|confirmed|confirms|"
    r"told|tells|lays|laid|cuts|cut|fires|fired|axes|axed|sheds|slashes|slashed|eliminates|"
    r"eliminated|let|lets|begins|began|starts|started|reportedly)\b)"
)


def named_as_company(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether any of the letter's mentions at `spans` in `text` is the company."""
    for start, end in spans:
        if _AFTER.match(text, end) or _BEFORE.search(text[max(0, start - 40) : start]):
            return True
        if _CLAUSE_START.search(text[max(0, start - 8) : start]) and _VERB_AFTER.match(text, end):
            return True
    return False
