"""A headline's subject that is a person by an epithet or a bare boss title (issue 16).

"'Godfather of SaaS' Says He Replaced Most of His Sales Team With AI Agents", 'Founder says
he replaced his support team with AI': the subject is a person, not the employer; the
employer is the one the lead says the boss heads (bot/tagging/boss_employer.py), or none.
"""

from __future__ import annotations

import re

_EPITHET = re.compile(
    r"^(?:god|grand)?(?:father|mother)\s+of\b|^(?:king|queen|guru|pioneer|architect|czar|tsar|"
    r"pope|prince|princess|doyen|dean)\s+of\b|^(?:co-?founder|founder|ceo|boss|chief executive)$",
    re.I,
)


def epithet_subject(names: list[str]) -> bool:
    """Every name the headline gives its action is a person's epithet or a boss's title."""
    return bool(names) and all(_EPITHET.match(n.strip(" '\"‘’“”")) for n in names)
