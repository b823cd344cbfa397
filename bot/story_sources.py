"""One report, study or claim retold with no acting employer: its figure and its author.

Outlets take up one study ('Generative A.I. Can Add $4.4 Trillion in Value to Global
Economy, Study Says', a week later 'Generative AI Could Add $4.4T a Year to the Global
Economy, McKinsey Finds') or one person's claim ('laid off 90% of its support staff',
'fired 90 percent of tech support team') each in their own words, days apart: the words
the store files them under (`bot.headlines.topic_keys`) differ, so they never meet as
candidates. What they keep is the figure. Items that are no action (commentary, news)
are also filed under FIGURE_KEY + a figure of their headline or opening text
('fig:4400000000000', 'fig:90%'), and two of them within REPORT_PERIOD
(bot.stories) are one story when they share a figure and a word beyond it, and do not name
two different authors. One author's two reports give two figures; one employer's news
items are judged by bot.stories' employer rules, which come first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from bot.handed import Handed
from bot.headlines import overlap, research_sources
from bot.models import Article, Kind, Tags

FIGURE_KEY = "fig:"
# Per item, the headline's before the opening text's; only percents and amounts in
# millions or more: a plain figure of the headline is a topic key already ('t:7800').
FIGURE_KEYS = 1
# How much of the text is read for figures and a report's author: its opening.
FIGURE_CHARS = 300
REPORT_CHARS = 600
# Distinctive words the headlines and openings share, the figure's among them when both
# write it alike: a figure alone ('80%') is any survey's.
SHARED_WORDS = 2
# A percent beside an employer's news or commentary: one more ('80% of the U.S. workforce',
# 'OpenAI Says Stonemasons...'); any survey of the employer's quotes a percent. So too a
# percent days apart (`late`: beyond bot.stories' TOPIC_SAME_DAYS): a report is taken up
# for weeks, but a round percent and one subject word ('60%', 'workplace') are any two
# surveys' of a fortnight.
NAMED_PERCENT_WORDS = 3

_SCALES = {"t": 12, "tn": 12, "trillion": 12, "b": 9, "bn": 9, "billion": 9}
_SCALES |= {"m": 6, "mn": 6, "million": 6}
_FIGURE = re.compile(
    r"(?<![\w.,=/#-])[$£€]?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(%|percent\b|per cent\b)|\s?(trillion|billion|million|tn|bn|mn)\b|([tbm])\b)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
HANDED_FIGURES: Handed[str, tuple[str, ...]] = Handed()  # a new item's (bot.story_item)


@lru_cache(maxsize=16384)
def figures(text: str) -> tuple[str, ...]:
    """The figures a text gives, in order, once each, in one form: '80%' and '80 percent'
    are '80%'; '$4.4T', '$4.4 trillion' are '4400000000000'; '300mn', '300 million' one.
    Plain numbers count from 100 ('top 10', '5 years' are no report's), years never."""
    if (handed := HANDED_FIGURES.take(text)) is not None:
        return handed
    found: list[str] = []
    for m in _FIGURE.finditer(text):
        number, percent, word, letter = m.groups()
        digits = number.replace(",", "")
        scale = (word or letter or "").lower()
        if percent:
            found.append(f"{digits.rstrip('0').rstrip('.') if '.' in digits else digits}%")
        elif scale:
            whole, _, frac = digits.partition(".")
            found.append(str(int(whole + frac) * 10 ** (_SCALES[scale] - len(frac))))
        elif digits.isdigit() and int(digits) >= 100 and not _YEAR.fullmatch(digits):
            found.append(digits)
    return tuple(dict.fromkeys(found))


def no_employer_acting(tags: Tags) -> bool:
    """Commentary or news, not an action: an action naming no employer ('1% Club lays off
    15%') is most often an employer's the tags missed, whose figures are its own."""
    return not tags.kind.is_action


def figure_keys(article: Article, tags: Tags) -> list[str]:
    """FIGURE_KEY + the first FIGURE_KEYS percents or amounts of millions or more of the
    headline and opening text."""
    if not no_employer_acting(tags):
        return []
    found = figures(f"{article.title}. {article.text[:FIGURE_CHARS]}")
    return [FIGURE_KEY + f for f in found if f.endswith("%") or len(f) > 6][:FIGURE_KEYS]


def _reports(tags: Tags) -> bool:
    """Commentary, or news naming no employer ('the top 10 skills, according to the World
    Economic Forum'): an item that may report research."""
    return tags.kind is Kind.ANALYSIS or not tags.companies


def item_sources(article: Article, tags: Tags) -> frozenset[str]:
    """The authors of the research a piece of commentary reports (`research_sources`)."""
    if not _reports(tags):
        return frozenset()
    return research_sources(f"{article.title}. {article.text[:REPORT_CHARS]}")


class _Mine(NamedTuple):
    """What `same_research` and `same_report` read of the incoming item."""

    figure_text: str  # its headline and opening text (FIGURE_CHARS)
    figures: frozenset[str]  # `figures` of that
    report_text: str  # its headline and REPORT_CHARS of its text


_LAST: tuple[Article | None, _Mine | None] = (None, None)


def _mine(article: Article) -> _Mine:
    """The item's texts and figures, worked out once for all the candidates it is compared
    with (#14: ~6 per item, each asking both rules): the last item's kept by identity."""
    global _LAST
    last = _LAST
    if last[0] is article and last[1] is not None:
        return last[1]
    figure_text = f"{article.title}. {article.text[:FIGURE_CHARS]}"
    report_text = f"{article.title}. {article.text[:REPORT_CHARS]}"
    mine = _Mine(figure_text, frozenset(figures(figure_text)), report_text)
    _LAST = (article, mine)
    return mine


@lru_cache(maxsize=4096)
def _their_sources(titles: tuple[str, ...], summaries: tuple[str, ...]) -> frozenset[str]:
    """`research_sources` of a story's items' headlines and openings: once per story's
    digest, not once per comparison."""
    return frozenset(
        k
        for title, summary in zip(titles, summaries, strict=False)
        for k in research_sources(f"{title}. {summary}")
    )


def same_research(
    article: Article,
    tags: Tags,
    their_tags: Tags,
    titles: tuple[str, ...],
    summaries: tuple[str, ...],
    sources: frozenset[str],
) -> bool:
    """Commentary on both sides naming one report's author ('ECB paper', 'European Central
    Bank says'): the store's keys (`sources`) say what the candidate's items named, their
    opening text included, which a story no longer holds."""
    if not (_reports(tags) and _reports(their_tags)):
        return False
    mine = research_sources(_mine(article).report_text)  # `item_sources`, `_reports` asked
    if not mine:
        return False
    return bool(mine & (sources | _their_sources(tuple(titles), tuple(summaries))))


def same_report(
    article: Article,
    tags: Tags,
    their_tags: Tags,
    titles: tuple[str, ...],
    summaries: tuple[str, ...],
    late: bool = False,
) -> bool:
    """Two items with no employer acting (one of them naming none) giving one figure
    and a word beyond it in their headlines and openings, not naming two authors; a
    percent with two words beyond it beside an employer's news or `late` (days apart)."""
    if not (no_employer_acting(tags) and no_employer_acting(their_tags)):
        return False
    if tags.companies and their_tags.companies:
        return False  # two employers' news: bot.stories' employer rules judge them
    mine, my_figures, report_text = _mine(article)
    if not my_figures:
        return False
    my_sources = research_sources(report_text)
    for title, summary in zip(titles, summaries, strict=False):
        theirs = f"{title}. {summary[:FIGURE_CHARS]}"
        shared = my_figures.intersection(figures(theirs))
        if not shared:
            continue
        their_sources = research_sources(f"{title}. {summary[:REPORT_CHARS]}")
        if my_sources and their_sources and my_sources.isdisjoint(their_sources):
            continue  # two authors' reports
        named = bool(tags.companies or their_tags.companies)
        percents = all(f.endswith("%") for f in shared)
        needed = NAMED_PERCENT_WORDS if (named or late) and percents else SHARED_WORDS
        if overlap(mine, theirs).distinctive >= needed:
            return True
    return False
