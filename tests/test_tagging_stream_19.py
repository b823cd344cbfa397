"""What the digest carried on a real stream (January 2026's feed archive, issue 16): the
general shapes behind its wrong items, each with decoys that must keep their reading.

Names and headlines are made up for the tests; none is copied from a labelled set.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind
from bot.tagging import RuleTagger

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def tag(title: str, text: str = ""):
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_people_put_at_risk_of_harm_is_a_danger_not_a_cut() -> None:
    t = tag(
        "Quorvel AI summaries put people at risk of harm with bad advice",
        "Readers are being put at risk of harm by misleading answers in Quorvel's AI "
        "summaries, an investigation has found.",
    )
    assert t.kind is Kind.OTHER and not t.in_digest
    # decoys: jobs put at risk, or staff at risk of redundancy, are a proposed cut
    assert tag("Brantley Foods puts 400 jobs at risk as AI runs its depots").kind is Kind.LAYOFF
    t = tag("Brantley Foods puts 120 staff at risk of redundancy, citing automation")
    assert t.kind is Kind.LAYOFF and t.headcount == 120


def test_cuts_as_what_someone_scrutinises_are_a_topic() -> None:
    t = tag(
        "What to expect from new rules on AI this year",
        "Policymakers scrutinize AI-driven layoffs, strengthening disclosure laws amid "
        "political backlash.",
    )
    assert not t.kind.is_action and not t.in_digest
    t = tag("Lawmakers debate job cuts blamed on automation")
    assert not t.kind.is_action
    # decoy: the employer's own cuts, announced in the lead
    t = tag(
        "Quorvel's plans for the year",
        "Quorvel announced layoffs of 200 support staff as its AI agents take over chats.",
    )
    assert t.kind is Kind.LAYOFF and t.in_digest


def test_a_regions_employers_in_the_lead_are_a_sector_not_an_employer() -> None:
    t = tag(
        "Five-minute tech news for Monday",
        "Nordic banks plan to cut 40,000 jobs as AI takes hold. A chip maker unveils a new model.",
    )
    assert t.kind is not Kind.LAYOFF and not t.in_digest and t.companies == ()
    # decoy: one named bank in the same place keeps its cut
    t = tag(
        "Five-minute tech news for Monday", "Zorblax Bank plans to cut 2,000 jobs as AI takes hold."
    )
    assert t.kind is Kind.LAYOFF and t.companies[:1] == ("Zorblax Bank",) and t.in_digest


def test_fire_as_a_gun_a_retort_or_flames_is_no_sacking() -> None:
    assert tag("Guard fired at driver as the van sped off, video shows").kind is Kind.OTHER
    assert tag("Blogger fires back at TV reporter over daycare claims").kind is Kind.OTHER
    assert tag("Explosive fire kills several people at ski resort bar").kind is Kind.OTHER
    # decoys: an employer firing staff, 'fire up to' a number
    t = tag("Quorvel fires 200 workers as AI takes over its support desk")
    assert t.kind is Kind.LAYOFF and t.headcount == 200 and t.in_digest
    t = tag("Zorblax to fire up to 500 engineers")
    assert t.kind is Kind.LAYOFF and t.headcount == 500
