"""A learned second opinion on commentary versus other news: a small logistic regression.

The rules decide whether an item is an employer action; when they find none, they tell
commentary about AI, work and layoffs (`analysis`) from other news by words ('AI' beside a
work word, a layoff topic). On real news that is the rules' most frequent kind error, both
ways: AI products used at work ('AI note takers outnumber humans in video calls') read as
commentary, and commentary without the rules' cue words ('Laid-off tech workers quickly
find new jobs', 'Workers training AI demand protections') read as other news.

This judge may only overturn the rules' analysis/other choice, never an action, and only
when it is confident (`FLIP_ABOVE`). Weights are in bot/data/kind_judge.json, rebuilt by
scripts/train_kind.py from dev.jsonl and the *tune* labelled sets only (that script also
reports the cross-validated gain that justified shipping it). Pure Python, no dependency.

What it knows is mostly the items it was trained on: trained with one labelled set left out
(scripts/kind_loso.py), it moves that set's kind macro-F1 by +0.00..+0.01, and the proxies'
by nothing when they are left out (tests/data/eval/README.md, session 14). Judge a kind
change by the rules alone (`RuleTagger(judge=False)`) on sets it was not trained on.
"""

from __future__ import annotations

import re

from bot.ignorecase import twins_for
from bot.models import Kind
from bot.tagging.ai_cause import _ai_in
from bot.tagging.commentary import _EFFECT, _LAYOFF_TOPIC, _WORK_TOPIC
from bot.tagging.document import _Doc
from bot.tagging.linear import load_weights, probability

FLIP_ABOVE = 0.85
_WORD = re.compile(r"[a-z][a-z'’-]*|\d+%?")
_LEAD_WORDS = 40


def features(doc: _Doc, rule_kind: Kind) -> list[str]:
    """Word uni- and bigrams of the headline, words of the lead, and the rules' choice."""
    title = _WORD.findall(doc.title.lower())
    lead = _WORD.findall(" ".join(doc.lead).lower())[:_LEAD_WORDS]
    # Built by map() (a loop in C): the same strings as f"t:{w}", f"tb:{a}_{b}", f"w:{w}".
    feats = list(map("t:".__add__, title))
    feats += map("tb:{}_{}".format, title, title[1:])
    feats += map("w:".__add__, lead)
    feats += [f"rule:{rule_kind.value}", "bias"]
    # The rules' cues, each on the headline: AI named, work named, an effect, layoffs.
    twin = twins_for(doc.title)  # plain ASCII: the cues' re.ASCII twins (bot.ignorecase)
    cues = (_ai_in(doc.title), bool(twin(_WORK_TOPIC).search(doc.title)))
    feats += [f"cue:ai={cues[0]}_work={cues[1]}"]
    feats += ["cue:effect"] if twin(_EFFECT).search(doc.title) else []
    feats += ["cue:layoffs"] if twin(_LAYOFF_TOPIC).search(doc.title) else []
    return sorted(set(feats))


def _weights() -> dict[str, float]:
    return load_weights("kind_judge.json")


def overturned(doc: _Doc, rule_kind: Kind) -> Kind | None:
    """The other of analysis/other when the judge is confident the rules chose wrong."""
    weights = _weights()
    if not weights or rule_kind not in (Kind.ANALYSIS, Kind.OTHER):
        return None
    p_analysis = probability(weights, features(doc, rule_kind))
    if rule_kind is Kind.OTHER and p_analysis > FLIP_ABOVE:
        return Kind.ANALYSIS
    if rule_kind is Kind.ANALYSIS and p_analysis < 1 - FLIP_ABOVE:
        return Kind.OTHER
    return None
