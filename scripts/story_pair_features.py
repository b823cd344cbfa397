"""Features of an item beside a candidate story, for scripts/train_pairs.py (issue 16).

The rules of `bot.stories` are precise on real coverage but miss pairs outlets word apart.
This describes an item beside a candidate story by cheap features a writer could compute
(employer relation, kinds, day gap, IDF-weighted shared words, shared proper nouns, shared
figures with units, headcounts, the rules' round signals) for a logistic regression that
train_pairs.py cross-validates leaving one labelled set out. It lives with the scripts, not
in bot/: the measurement said the model does not earn a place in story matching (see
tests/data/eval/README.md, "A learned story-pair join"). `retrieval_keys` are the extra
index keys tried to let the model see stories the rules' keys never return.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.headlines import STOPWORDS
from bot.models import Article, Tags
from bot.story_employers import employer_relation
from bot.story_rounds import close_figure, figures_differ, reaction_apart, says_round
from bot.story_wording import best_lead_overlap, best_overlap

LEAD_CHARS = 300
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'&.-]*[a-z0-9]|[a-z0-9]")
_PROPER = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-zA-Z&-]+(?:\s+[A-Z][a-zA-Z&-]+)*")
_UNIT_FIGURE = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(%|percent|per cent|million|mn|billion|bn|thousand|k\b"
    r"|jobs|employees|workers|staff|people|roles|positions)",
    re.IGNORECASE,
)
_UNIT = {"per cent": "%", "percent": "%", "mn": "million", "bn": "billion", "k": "thousand"}
_PEOPLE = {"jobs", "employees", "workers", "staff", "people", "roles", "positions"}
# An unknown word is as rare as the rarest ones the table kept.
DEFAULT_IDF = 6.0


@dataclass(frozen=True)
class Side:
    """One side of a pair as the features see it: headlines, opening texts, tags, date."""

    titles: tuple[str, ...]
    leads: tuple[str, ...]
    tags: Tags


def tokens(text: str) -> frozenset[str]:
    """Lower-case content words ('ai', '300', 'klarna'), stopwords left out."""
    return frozenset(t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS)


def proper_nouns(text: str) -> frozenset[str]:
    """Capitalised runs not opening a sentence ('Goldman Sachs', 'Bard'), lower-cased.
    Title Case headlines capitalise every word, so only opening texts are read."""
    return frozenset(m.group(0).lower() for m in _PROPER.finditer(text))


def unit_figures(text: str) -> frozenset[str]:
    """Figures with their unit ('300 million', '41 %', '1500 people'): a report's figure is
    quoted by every outlet that covers it, a year or a date is not a figure here."""
    out = set()
    for number, unit in _UNIT_FIGURE.findall(text):
        unit = unit.lower()
        unit = "people" if unit in _PEOPLE else _UNIT.get(unit, unit)
        out.add(f"{number.replace(',', '')} {unit}")
    return frozenset(out)


def _bucket(value: float, bounds: Sequence[float]) -> int:
    return sum(value >= b for b in bounds)


def _idf_overlap(
    mine: frozenset[str], theirs: frozenset[str], idf: Mapping[str, float]
) -> tuple[float, float]:
    """Shared words' IDF over the smaller side's (overlap coefficient), and their sum."""
    if not mine or not theirs:
        return 0.0, 0.0
    shared = sum(idf.get(t, DEFAULT_IDF) for t in mine & theirs)
    small = min(sum(idf.get(t, DEFAULT_IDF) for t in s) for s in (mine, theirs))
    return (shared / small if small else 0.0), shared


def _kind(tags: Tags) -> str:
    return "act" if tags.kind.is_action else tags.kind.value


def _figures(mine: Tags, theirs: Tags) -> str:
    if mine.headcount is None and theirs.headcount is None:
        return "none"
    if mine.headcount is None or theirs.headcount is None:
        return "one"
    if figures_differ(mine, theirs):
        return "differ"
    return "same" if mine.headcount == theirs.headcount else "close"


def pair_features(
    mine: Side, theirs: Side, gap: timedelta, idf: Mapping[str, float], later_is_mine: bool
) -> list[str]:
    """Indicator features of one item (`mine`) beside a candidate story (`theirs`)."""
    relation = employer_relation(
        mine.tags.companies, mine.titles[0], theirs.tags.companies, theirs.titles
    )
    kinds = "-".join(sorted((_kind(mine.tags), _kind(theirs.tags))))
    days = gap.total_seconds() / 86400
    gap_b = f"g{_bucket(days, (1.5, 3.5, 7.5, 14.5))}"
    title = best_overlap(mine.titles[0], theirs.titles, frozenset())
    lead_mine = f"{mine.titles[0]}. {mine.leads[0][:LEAD_CHARS]}"
    lead_theirs = tuple(
        f"{t}. {s[:LEAD_CHARS]}" for t, s in zip(theirs.titles, theirs.leads, strict=False)
    )
    lead = best_lead_overlap(lead_mine, lead_theirs, frozenset())
    words_mine = tokens(lead_mine)
    words_theirs = frozenset().union(*(tokens(t) for t in lead_theirs))
    idf_ratio, idf_sum = _idf_overlap(words_mine, words_theirs, idf)
    title_ratio, _ = _idf_overlap(
        tokens(mine.titles[0]), frozenset().union(*(tokens(t) for t in theirs.titles)), idf
    )
    proper = len(
        proper_nouns(mine.leads[0][:LEAD_CHARS])
        & frozenset().union(*(proper_nouns(s[:LEAD_CHARS]) for s in theirs.leads))
    )
    figures = len(
        unit_figures(lead_mine) & frozenset().union(*(unit_figures(t) for t in lead_theirs))
    )
    earlier, later = (theirs, mine) if later_is_mine else (mine, theirs)
    feats = [
        "bias",
        f"rel={relation}",
        f"kinds={kinds}",
        f"rel={relation}&kinds={kinds}",
        gap_b,
        f"rel={relation}&{gap_b}",
        f"title={_bucket(title.score, (0.2, 0.35, 0.5, 0.7))}",
        f"title_d={min(title.distinctive, 3)}",
        f"lead={_bucket(lead.score, (0.15, 0.3, 0.45))}",
        f"lead_d={min(lead.distinctive, 5)}",
        f"idf={_bucket(idf_ratio, (0.1, 0.2, 0.3, 0.45, 0.6))}",
        f"idf_sum={_bucket(idf_sum, (5, 10, 20, 35))}",
        f"title_idf={_bucket(title_ratio, (0.15, 0.3, 0.45, 0.6))}",
        f"title_idf&kinds={_bucket(title_ratio, (0.3, 0.5))}&{kinds}",
        f"proper={min(proper, 3)}",
        f"unit_fig={min(figures, 2)}",
        f"hc={_figures(mine.tags, theirs.tags)}",
        f"hc={_figures(mine.tags, theirs.tags)}&rel={relation}",
    ]
    if title.rare_figure:
        feats.append("rare_figure")
    if close_figure(mine.tags, theirs.tags):
        feats.append("close_figure")
    if says_round(earlier.titles, later.titles):
        feats.append("says_round")
    if reaction_apart(mine.titles, theirs.titles):
        feats.append("reaction")
    return feats


def probability(weights: Mapping[str, float], feats: Sequence[str]) -> float:
    z = sum(weights.get(f, 0.0) for f in feats)
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def retrieval_keys(article: Article, idf: Mapping[str, float], rare: int = 4) -> list[str]:
    """Extra index keys for the model's candidates: the rarest words of headline and
    opening text, its figures with units and its proper nouns. The rules' keys reach only
    stories sharing an employer or headline words; outlets word one event apart."""
    text = f"{article.title}. {article.text[:LEAD_CHARS]}"
    words = sorted(tokens(text), key=lambda t: (-idf.get(t, DEFAULT_IDF), t))
    keys = [f"m:{t}" for t in words[:rare] if len(t) > 2]
    keys += sorted(f"f:{f}" for f in unit_figures(text))
    keys += sorted(f"p:{n}" for n in proper_nouns(article.text[:LEAD_CHARS]))
    return keys


def article_side(article: Article, tags: Tags) -> Side:
    return Side((article.title,), (article.text,), tags)
