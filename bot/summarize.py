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


def _points(action: bool, named: bool, quantity: bool, ai: bool, long: bool, index: int) -> float:
    """A sentence's score from its terms, always added in this order (the floats compared
    are the same whichever terms are known yet)."""
    score = 0.0
    if action:
        score += 4.0
    if named:
        score += 3.0
    if action and quantity:
        score += 1.0
    if ai:
        score += 1.0
    if long:
        score -= 2.0
    return score - min(index, 20) * 0.1


class _Ranking:
    """The sentences' order by score (highest first, the earlier of equals first), read one
    winner at a time, each score worked out only as far as the winner needs.

    A sentence's AI and quantity terms (`mentions_ai`, `has_quantity`: the tagger's rules,
    most often on sentences the tagger never read) are asked, in that order, only while
    the bounds of its score (unknown terms false, unknown terms true) leave the winner
    open; the winner is the one `sorted` by score puts first (`_points` is monotonic in
    its terms, so the exact score lies within its bounds)."""

    def __init__(self, sentences: list[str], names: tuple[str, ...]) -> None:
        self.sentences = sentences
        # Per sentence: action, named, long, then ai and quantity (None: not asked yet).
        self.terms: list[list[bool | None]] = []
        self.low: list[float] = []
        self.high: list[float] = []
        for i, s in enumerate(sentences):
            action = states_action(s)
            terms: list[bool | None] = [action, _names_company(s, names), len(s) > MAX_CHARS]
            self.terms.append([*terms, None, None if action else False])
            self.low.append(0.0)
            self.high.append(0.0)
            self._bound(i)

    def _bound(self, i: int) -> None:
        action, named, long, ai, quantity = self.terms[i]
        assert action is not None and named is not None and long is not None
        self.low[i] = _points(action, named, bool(quantity), bool(ai), long, i)
        high_quantity = action if quantity is None else quantity
        self.high[i] = _points(action, named, high_quantity, ai is not False, long, i)

    def _ask(self, i: int) -> None:
        terms, sentence = self.terms[i], self.sentences[i]
        if terms[3] is None:
            terms[3] = mentions_ai(sentence)
        else:
            terms[4] = has_quantity(sentence)
        self._bound(i)

    def first(self, among: list[int]) -> int:
        """Which of `among` (indexes, ascending) the sorted scores put first."""
        low, high = self.low, self.high
        while True:
            best = max(among, key=lambda j: (high[j], -j))  # the earliest of the highest
            if low[best] == high[best]:
                return best  # no other can score above it (nor equal it from before it)
            rest = [(high[j], -j) for j in among if j != best]
            if not rest or max(rest) < (low[best], -best):
                return best
            self._ask(best)


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
        ranking = _Ranking(sentences, tags.companies)
        lead_index = ranking.first(list(range(len(sentences))))
        lead = sentences[lead_index]
        # A 'Company: ...' prefix is a claim: made only for the employer of a job action,
        # never for a name guessed from other news or a language the tagger does not read.
        acting = tags.companies if tags.kind.is_action else ()
        if acting and not _names_company(lead, acting):
            lead = f"{acting[0]}: {lead}"
        chosen = [(lead_index, lead)]
        # The next sentence in score order that fits beside the lead and follows it.
        fits = [
            i
            for i in range(lead_index + 1, len(sentences))
            if len(lead) + 1 + len(sentences[i]) <= MAX_CHARS
        ]
        if fits and MAX_SENTENCES > 1:
            extra = ranking.first(fits)
            chosen.append((extra, sentences[extra]))
        chosen.sort()
        return _truncate(" ".join(s for _, s in chosen))
