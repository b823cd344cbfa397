"""Extractive summaries: the sentence that states the action, and one more if it fits.

Offline and deterministic. Sentences are picked, never rewritten, so a summary can only
say what the article says; sentences carrying page furniture are never picked.

The summary is made after the tags and from them: the employers it names are the tagger's,
never judged a second time here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.ignorecase import any_key, lower_is_ignorecase
from bot.models import Article, Tags
from bot.tagging import RuleTagger, has_quantity, mentions_ai, states_action
from bot.tagging.document import sentences_of

MAX_CHARS = 300
MAX_SENTENCES = 2
_CANDIDATES = 25

_FURNITURE = re.compile(
    r"leave a reply|subscribe|sign in|sign up|share post|cookie|newsletter|more like this|"
    r"please enter your|you may also like|read more|click here|advertisement|all rights reserved|"
    r"log in|comments?\b.*\bclosed|follow us|download (?:our|the) app|\brelated\s*:|"
    r"continue reading|view full coverage|"
    r"\barticle url:|\bcomments url:",  # Hacker News feeds' (hnrss) description: links, points
    re.IGNORECASE,
)
# Words one of which every _FURNITURE match holds: a sentence without any of them (in lower
# case, which is IGNORECASE but for four letters outside ASCII: bot.ignorecase) is searched
# no further.
_FURNITURE_KEYS = (
    "leave a reply", "subscribe", "sign in", "sign up", "share post", "cookie", "newsletter",
    "more like this", "please enter your", "you may also like", "read more", "click here",
    "advertisement", "all rights reserved", "log in", "comment", "follow us", "download ",
    "related", "continue reading", "view full coverage", " url:",
)  # fmt: skip
_HOLDS_FURNITURE_KEY = any_key(_FURNITURE_KEYS)


def _furniture(sentence: str) -> bool:
    if lower_is_ignorecase(sentence):  # accents and curly quotes too (bot.ignorecase)
        low = sentence.lower()
        if not _HOLDS_FURNITURE_KEY(low):
            return False
    return _FURNITURE.search(sentence) is not None


# A link (any scheme), a www. or e-mail address, or a host with a path: "evil.example/x".
_ADDRESS = re.compile(
    r"(?i)\b(?:[a-z][a-z0-9+.-]*:/+|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\b[\w-]+\.[a-z]{2,}/\S*"
)


# A bare host name ('Amazon.com', 'payroll-check.net'), which chat clients show as a link;
# a last label in mixed case ('jobs.The') is a missing space, not a host.
_HOST = re.compile(r"(?<![\w@.-])(?:[A-Za-z0-9-]+\.)+(?:[a-z]{2,}|[A-Z]{2,})\b(?![.-]?\w)")


def addresses(text: str) -> set[str]:
    """The links, web or e-mail addresses and host names in `text`, in lower case."""
    found = {a.lower().rstrip(".,;:!?)") for a in _ADDRESS.findall(text)}
    return found | {h.lower() for h in _HOST.findall(text)}


def is_clean(text: str) -> bool:
    """No page furniture in `text` (what any summary, extractive or not, must satisfy)."""
    return not _FURNITURE.search(text)


def _usable(sentence: str, title_key: str) -> bool:
    words = sentence.split()
    if len(words) < 6 or _furniture(sentence) or sentence.endswith("?"):
        return False
    if sentence.startswith("#") or sentence.count("|") >= 2:
        return False
    return _key(sentence) != title_key


_NOT_KEY = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return _NOT_KEY.sub("", text.lower())


def _names_company(sentence: str, names: tuple[str, ...]) -> bool:
    folded = _key(sentence)
    return any(_key(n) and _key(n) in folded for n in names)


def _score(sentence: str, index: int, names: tuple[str, ...]) -> float:
    score = 0.0
    action = states_action(sentence)
    if action:
        score += 4.0
    if _names_company(sentence, names):
        score += 3.0
    if action and has_quantity(sentence):
        score += 1.0
    if mentions_ai(sentence):
        score += 1.0
    if len(sentence) > MAX_CHARS:
        score -= 2.0
    return score - min(index, 20) * 0.1


def _truncate(text: str, limit: int = MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-— ")
    return cut + "…"


class ExtractiveSummarizer:
    """Summarizer port, offline: at most 2 sentences and 300 characters, never empty."""

    def summarize(self, article: Article, tags: Tags | None = None) -> str:
        """`tags` are the item's (the pipeline passes them); without them the rule tagger
        is asked once, for callers that summarize an article on its own."""
        try:
            if tags is None:
                tags = RuleTagger().tag(article)
            return self._summarize(article, tags)
        except Exception:  # noqa: BLE001 - the port promises never to raise
            return _truncate(article.title.strip() or "(untitled)")

    def _summarize(self, article: Article, tags: Tags) -> str:
        title = article.title.strip()
        title_key = _key(title)
        sentences = [s for s in sentences_of(article.text)[:_CANDIDATES] if _usable(s, title_key)]
        if not sentences:
            return _truncate(title or "(untitled)")
        names = tags.companies
        scored = sorted(
            ((_score(s, i, names), i) for i, s in enumerate(sentences)), key=lambda x: -x[0]
        )
        lead_index = scored[0][1]
        lead = sentences[lead_index]
        # A 'Company: ...' prefix is a claim: made only for the employer of a job action,
        # never for a name guessed from other news or a language the tagger does not read.
        acting = tags.companies if tags.kind.is_action else ()
        if acting and not _names_company(lead, acting):
            lead = f"{acting[0]}: {lead}"
        chosen = [(lead_index, lead)]
        for _, index in scored[1:]:
            if len(chosen) >= MAX_SENTENCES:
                break
            extra = sentences[index]
            if len(lead) + 1 + len(extra) <= MAX_CHARS and index > lead_index:
                chosen.append((index, extra))
                break
        chosen.sort()
        return _truncate(" ".join(s for _, s in chosen))
