"""The RuleTagger: every extractor run once per item, in order, failures logged."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from bot.models import Article, Kind, Tags
from bot.tagging.actions import _action, _layoff_mention
from bot.tagging.ai_cause import _ai_cause, _ai_in
from bot.tagging.document import _Doc, _document
from bot.tagging.functions import _functions
from bot.tagging.judge import vetoes_digest
from bot.tagging.kind import _decide
from bot.tagging.language import HANDLED_LANGUAGE, _foreign_companies, language_of
from bot.tagging.lexicon import _EARLIER_ROUND
from bot.tagging.location import _location
from bot.tagging.quantities import _headcount_in, _percent_in, _vague_in

log = logging.getLogger(__name__)


# Where a headline joins two employers' news ('GM threatens to send 2,000 home, Ford cuts 600').
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:](?!\d)|\s-\s|\bas\b|\bwhile\b|\bafter\b)\s*", re.I)


_RUNNING_TOTAL = re.compile(
    r"\b(?:bringing|brings|taking|takes)\s+(?:the\s+|its\s+)?(?:total|tally)\b", re.I
)


def _acting_clause(title: str) -> str:
    """The headline's clause that states the cut, when its other clauses state something else:
    a number elsewhere in the headline is about another employer or another action (v2)."""
    parts = [p for p in _CLAUSE_BREAK.split(title) if p]
    if len(parts) < 2:
        return title
    acting = [p for p in parts if _action(p)]
    return acting[0] if len(acting) == 1 and _headcount_in(acting[0]) is not None else title


def _quantities(doc: _Doc) -> tuple[int | None, str | None, float | None]:
    # An earlier round the lead recalls ('months after it laid off 18,000') is not this
    # action's number (v2): a lead sentence is read up to where it turns to the past.
    sentences = [_acting_clause(doc.title)] + [
        _EARLIER_ROUND.split(s, maxsplit=1)[0] for s in doc.lead if _action(s) or _layoff_mention(s)
    ]
    if _RUNNING_TOTAL.search(doc.title):
        # 'Second round of layoffs, bringing total to 4,000': this round's own number is not
        # given, and the lead's figures are the whole plan's.
        sentences = sentences[:1]
    headcount = next((h for s in sentences if (h := _headcount_in(s)) is not None), None)
    percent = next(
        (p for s in [doc.title, *sentences[1:]] if (p := _percent_in(s)) is not None), None
    )
    vague = None
    if headcount is None:
        vague = next((v for s in sentences if (v := _vague_in(s)) is not None), None)
    return headcount, vague, percent


class RuleTagger:
    """The offline Tagger: deterministic, microseconds per headline; its only model is the
    small judge in bot/data/judge.json. `judge=False` gives the rules alone (what
    scripts/train_judge.py trains on, so the judge never learns from its own vetoes)."""

    def __init__(self, *, judge: bool = True) -> None:
        self._judge = judge

    def tag(self, article: Article) -> Tags:
        """Never raises (the port's promise), but a bug is never passed off as judgement:
        it is logged with its traceback as event=tag_failed, and only the step that failed
        loses its field (a failed location keeps the kind and the employer)."""
        try:
            doc = _document(article)
            if not doc.title and not doc.lead:
                return Tags()
            language = language_of(article)
            if language != HANDLED_LANGUAGE:
                # The rules read English: elsewhere they would take capitalised words for
                # employers and miss every action. Say what it is, leave it out of digests.
                return Tags(companies=_foreign_companies(doc), language=language)
            decision = _decide(doc)
        except Exception:
            _failed("kind", article)
            return Tags()
        tags = self._details(article, doc, decision.kind, decision.companies, language)
        try:
            if self._judge and vetoes_digest(article, tags):
                # The learned judge is all but sure no AI cause is drawn (see judge.py).
                tags = replace(tags, ai_cause=False, ai_evidence=None)
        except Exception:
            _failed("judge", article)
        return tags

    def _details(
        self, article: Article, doc: _Doc, kind: Kind, companies: tuple[str, ...], language: str
    ) -> Tags:
        tags = Tags(kind=kind, companies=companies, language=language)
        try:
            ai_cause, evidence = _ai_cause(doc, kind, companies)
            tags = replace(tags, ai_cause=ai_cause, ai_evidence=evidence)
        except Exception:
            _failed("ai_cause", article)
        if kind.is_action:
            try:
                headcount, vague, percent = _quantities(doc)
                tags = replace(tags, headcount=headcount, headcount_text=vague, percent=percent)
            except Exception:
                _failed("quantities", article)
        try:
            tags = replace(tags, functions=_functions(doc, kind))
        except Exception:
            _failed("functions", article)
        try:
            tags = replace(tags, location=_location(doc, kind))
        except Exception:
            _failed("location", article)
        return tags


def _failed(step: str, article: Article) -> None:
    log.exception(
        "event=tag_failed step=%s link=%r title=%r", step, article.link, article.title[:120]
    )


def employers(article: Article) -> tuple[str, ...]:
    """The employers the tagger would name (its `companies`), for callers without tags."""
    return RuleTagger().tag(article).companies


def acting_employers(article: Article) -> tuple[str, ...]:
    """The employers of an item that reports their own job action; empty for commentary,
    other news and items the rules do not read, where a name is a guess at best."""
    tags = RuleTagger().tag(article)
    return tags.companies if tags.kind.is_action else ()


def states_action(sentence: str) -> bool:
    """Whether the sentence itself reports a layoff or hiring freeze."""
    return _action(sentence) is not None


def mentions_ai(sentence: str) -> bool:
    return _ai_in(sentence)


def has_quantity(sentence: str) -> bool:
    return bool(_headcount_in(sentence) or _percent_in(sentence) is not None or _vague_in(sentence))
