"""The RuleTagger: every extractor run once per item, in order, failures logged."""

from __future__ import annotations

import logging
from typing import Any

from bot.models import Article, Kind, Tags
from bot.tagging.actions import _action
from bot.tagging.ai_cause import _ai_cause, _ai_in
from bot.tagging.concurrent import decide
from bot.tagging.described import described, title_owner
from bot.tagging.document import _Doc, _document
from bot.tagging.functions import _functions
from bot.tagging.governments import government_employers
from bot.tagging.headcount import _quantities
from bot.tagging.kind import _Decision, judged_as
from bot.tagging.kind_judge import overturned
from bot.tagging.language import HANDLED_LANGUAGE, _foreign_companies, language_of
from bot.tagging.lead_subject import (
    described_after_colon,
    lead_named_employer,
    title_case_described,
    title_case_subject,
)
from bot.tagging.location import _location
from bot.tagging.plain_brand import plain_brand
from bot.tagging.pointers import product_owner
from bot.tagging.quantities import _headcount_in, _percent_in, _vague_in
from bot.tagging.spelled_out import spelled_out
from bot.tagging.subjects import campaign_employer

log = logging.getLogger(__name__)


class RuleTagger:
    """The offline Tagger: deterministic, microseconds per headline; its only model is the
    small kind judge in bot/data/kind_judge.json. `judge=False` gives the rules alone.

    There is no learned digest veto any more: left out of the sets it was trained on, it
    never removed a false digest item and removed true ones ('Dropbox lays off 16% of staff
    to refocus on AI'), and on its own training sets the rules alone already score digest
    1.0 (scripts/kind_loso.py's report, tests/data/eval/README.md, session 14)."""

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
            # 'Bud Light maker to cut jobs': the rules read the owner the descriptor
            # stands for; the quoted evidence, functions and place keep the item's words.
            # The kind changes only where the headline's descriptor was what the rules could
            # not read ('Fortnite Dev Lays Off 16% Of Staff': no employer, no action); one in
            # the lead never makes an employer's statement ('Owner of Politico urges ...,
            # as company prepares for job cuts') its action.
            named = described(doc)
            decision = self._read_with_owner(doc, named)
            companies = decision.companies
            if decision.kind.is_action:
                companies = (
                    campaign_employer(named, companies)
                    or title_case_subject(named)
                    or title_case_described(named)
                    or lead_named_employer(named)
                )
                companies = product_owner((named.title, *named.lead), companies)
                companies = described_after_colon(named, companies)
                companies = plain_brand(named, spelled_out(named, companies))
            # 'Marvel Snap Publisher Suffers Layoffs, Could Shut Down - Report': the owner the
            # headline's descriptor stands for is its subject, whatever the kind.
            companies = companies or title_owner(doc, named)
            # 'Trump administration fires ...', 'Civil service to shed ...': the government.
            companies = government_employers(named.title, companies, acting=decision.kind.is_action)
        except Exception:
            _failed("kind", article)
            return Tags()
        return self._details(article, (doc, named), decision.kind, companies, language)

    def _read_with_owner(self, doc: _Doc, named: _Doc) -> _Decision:
        """The kind read with the descriptor as its owner where that names the action
        ('Fortnite Dev Lays Off 16% Of Staff'), or where both readings agree; otherwise the
        item's own words keep their kind and only the employer is the owner: 'Company
        Behind ChatGPT Is Training System To Make Coding Jobs Obsolete' stays commentary
        about AI (the product's name is what says AI), with OpenAI its company."""
        decision = self._decision(doc)
        if named is doc:
            return decision
        alternative = self._decision(named)
        if alternative.kind is decision.kind:
            return alternative
        if named.title == doc.title:
            return decision
        if alternative.kind.is_action or decision.kind.is_action or decision.kind is Kind.OTHER:
            return alternative
        return _Decision(decision.kind, alternative.companies or decision.companies)

    def _decision(self, doc: _Doc) -> _Decision:
        decision = decide(doc)
        if self._judge and (flipped := overturned(doc, decision.kind)) is not None:
            # The learned kind judge is confident commentary and other news were
            # swapped (see kind_judge.py); an action is never overturned.
            decision = judged_as(doc, flipped)
        return decision

    def _details(
        self,
        article: Article,
        docs: tuple[_Doc, _Doc],
        kind: Kind,
        companies: tuple[str, ...],
        language: str,
    ) -> Tags:
        doc, named = docs  # as written, and with descriptors read as their owners
        # The fields are gathered and the Tags made once: four dataclasses.replace calls
        # cost ~5% of the judgement.
        fields: dict[str, Any] = {"kind": kind, "companies": companies, "language": language}
        try:
            fields["ai_cause"], fields["ai_evidence"] = _ai_cause(doc, kind, companies)
        except Exception:
            _failed("ai_cause", article)
        if kind.is_action:
            try:
                headcount, at_least, vague, percent = _quantities(named, companies)
                fields |= {"headcount": headcount, "headcount_at_least": at_least}
                fields |= {"headcount_text": vague, "percent": percent}
            except Exception:
                _failed("quantities", article)
        try:
            fields["functions"] = _functions(doc, kind)
        except Exception:
            _failed("functions", article)
        try:
            fields["location"] = _location(doc, kind)
        except Exception:
            _failed("location", article)
        return Tags(**fields)


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
