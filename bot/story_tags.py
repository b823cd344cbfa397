"""A story's tags as its items join it: one module, so the rule for what a story says is in one place."""

from __future__ import annotations

from dataclasses import replace

from bot.models import Tags


def merge_tags(existing: Tags, new: Tags) -> Tags:
    """A story's tags: the first report's facts, completed (never contradicted) by later ones.

    An employer action outranks commentary about it; AI attribution by any outlet counts,
    with its evidence; lists are unioned in order of first appearance.
    """
    kind = existing.kind
    if new.kind.is_action and not existing.kind.is_action:
        kind = new.kind
    ai_cause = existing.ai_cause or new.ai_cause
    evidence = existing.ai_evidence if existing.ai_cause or not new.ai_cause else new.ai_evidence
    if evidence is None:
        evidence = new.ai_evidence
    headcount = existing.headcount if existing.headcount is not None else new.headcount
    headcount_text = None
    if headcount is None:
        headcount_text = existing.headcount_text or new.headcount_text
    return replace(
        existing,
        kind=kind,
        ai_cause=ai_cause,
        ai_evidence=evidence,
        companies=tuple(dict.fromkeys((*existing.companies, *new.companies))),
        headcount=headcount,
        headcount_text=headcount_text,
        percent=existing.percent if existing.percent is not None else new.percent,
        functions=tuple(dict.fromkeys((*existing.functions, *new.functions))),
        location=existing.location or new.location,
    )
