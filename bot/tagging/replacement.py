"""Roles replaced by AI: a cut now, a hiring freeze over time, or only a possibility.

'IBM could replace 7,800 jobs with AI' / 'plans to use AI to replace 7,800 jobs over the next
five years': roles that go as AI takes the work over years, with no cut announced, are a
hiring freeze (v2: replace N roles with AI 'over time'); 'Google may replace these ad sales
jobs with AI' is a possibility, the employer's statement about AI and its workforce.
"""

from __future__ import annotations

import re

REPLACED = re.compile(r"replac", re.I)
MAY_REPLACE = re.compile(
    r"\b(?:could|may|might|would|can)\s+(?:(?:one day|someday|eventually|potentially|"
    r"ultimately|soon|also|even|in (?:the )?future)\s+)?$",
    re.I,
)
_OVER_TIME = re.compile(
    r"\bover\s+(?:time|the\s+(?:next|coming)\s+(?:[\w-]+\s+)?(?:years?|decade))\b", re.I
)


def replaced_over_time(*sentences: str) -> bool:
    """Whether a sentence replaces roles over time ('... to replace 7,800 jobs over the next
    five years')."""
    return any(REPLACED.search(s) and _OVER_TIME.search(s) for s in sentences)
