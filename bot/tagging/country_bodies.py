"""A country's public body written in lower case after the country ('UK civil service to cut
10,000 jobs as AI takes over admin work'), read as the body's listed name (issue #16).

Headlines write a listed public body in lower case when a country word names it ('UK civil
service', "Britain's civil service"): the lower-case words were no name to the employer
rules, so the cut had no subject and the item was commentary or other news, while 'UK Civil
Service cuts 10,000 jobs' was a layoff. Right after a country word opening the headline, two
or three lower-case words that spell a listed name are written as that name. Nothing else of
the headline changes, and a run that is no listed name ('UK tech jobs') stays as it was.
"""

from __future__ import annotations

import re

from bot.companies import known

_COUNTRY_BODY = re.compile(
    r"^(?P<country>(?:the\s+)?(?:UK|U\.K\.|US|U\.S\.|British|Britain['’]s|UK['’]s|American"
    r"|America['’]s|Canadian|Canada['’]s|Australian|Australia['’]s|Irish|Ireland['’]s)\s+)"
    r"(?P<words>[a-z]+\s+[a-z]+(?:\s+[a-z]+)?)\b"
)


def listed_case(title: str) -> str:
    """The headline with a lower-case listed body after its opening country word named as
    listed ('UK civil service ...' -> 'UK Civil Service ...'); else the headline as it is."""
    m = _COUNTRY_BODY.match(title)
    if m is None:
        return title
    words = m.group("words").split()
    for size in (3, 2):
        if len(words) < size:
            continue
        run = " ".join(words[:size])
        listed = known(run)
        if listed is not None and listed.lower() == run:
            start = m.start("words")
            return title[:start] + listed + title[start + len(run) :]
    return title
