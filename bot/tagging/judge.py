"""A learned second opinion on digest membership: a small logistic regression.

The rules decide; this judge may only *veto* an item the rules put in the digest (an AI-
caused layoff or hiring freeze), and only when it is very confident the item is not one
(probability below `VETO_BELOW`). On real news the rules' typical false positive is a
non-AI layoff or commentary read as an AI layoff; the judge, trained on word uni- and
bigrams plus the rules' own signals, sees the wording of the whole item at once.

Weights are in bot/data/judge.json, rebuilt by scripts/train_judge.py from dev.jsonl and
the *tune* labelled sets only (that script also reports the cross-validated gain that
justified shipping it). Pure Python, loaded once, no download, no new dependency.
"""

from __future__ import annotations

import re

from bot.models import Article, Tags
from bot.tagging.ai_cause import _TOOK_THE_WORK
from bot.tagging.linear import load_weights, probability

VETO_BELOW = 0.02
_WORD = re.compile(r"[a-z][a-z'’-]*|\d+%?")
_LEAD_WORDS = 60


def judge_text(article: Article) -> str:
    """The text the judge reads: the headline and the first words of the item."""
    # split at most _LEAD_WORDS times: the same first words without splitting the rest
    return article.title + " " + " ".join(article.text.split(None, _LEAD_WORDS)[:_LEAD_WORDS])


def features(text: str, tags: Tags) -> list[str]:
    """Word uni- and bigrams of `text` and the rules' own signals."""
    words = _WORD.findall(text.lower())
    # Built by map() (a loop in C): the same strings as f"w:{w}" and f"b:{a}_{b}".
    feats = list(map("w:".__add__, words))
    feats += map("b:{}_{}".format, words, words[1:])
    feats += [
        f"rule_kind:{tags.kind.value}",
        f"rule_ai:{tags.ai_cause}",
        f"rule_num:{tags.headcount is not None or tags.percent is not None}",
        f"rule_company:{bool(tags.companies)}",
        "bias",
    ]
    return sorted(set(feats))


def _weights() -> dict[str, float]:
    return load_weights("judge.json")


def vetoes_digest(article: Article, tags: Tags) -> bool:
    """Whether the judge is confident enough that this rules' digest item is not one. It
    never overrules evidence that says AI took the work ('plans to use AI to replace 30% of
    back office jobs'; v2: roles 'replaced by' AI are the cause): trained on the wording of
    a few hundred items, it reads unfamiliar wording as doubt (on issue 16's fresh check
    sets its only veto was such an item)."""
    weights = _weights()
    if not weights or not (tags.kind.is_action and tags.ai_cause):
        return False
    if tags.ai_evidence and _TOOK_THE_WORK.search(tags.ai_evidence):
        return False
    return probability(weights, features(judge_text(article), tags)) < VETO_BELOW
