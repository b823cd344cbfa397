"""Issue 16, session 17: contrast, coincidence, hedged denials and shifts toward AI
(shared/spec/tagging.md, 'Juxtaposition is not cause'; 'A shift of money or staff toward AI'
is one). Each rule with the decoys it must not take; headlines written for the tests."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_cuts_made_even_as_the_employer_spends_on_ai_are_a_contrast_not_a_cause() -> None:
    t = tag(
        "Zentrix cuts hundreds more jobs",
        "Zentrix cut hundreds more jobs weeks after its largest layoff, underscoring its "
        "efforts to trim costs even as it plows billions of dollars into artificial intelligence.",
    )
    assert (t.kind, t.ai_cause) == (Kind.LAYOFF, False)


def test_even_as_does_not_hide_a_cause_stated_before_it() -> None:
    t = tag("Zentrix replaces 200 support staff with AI chatbots even as sales grow")
    assert (t.kind, t.ai_cause) == (Kind.LAYOFF, True)


def test_a_hedged_denial_that_ai_drove_the_cuts_is_no_cause() -> None:
    for title in (
        "Zentrix cuts hundreds of cloud jobs, says AI wasn’t the main factor",
        "Zentrix lays off 300 workers; AI isn't the reason, CEO says",
    ):
        t = tag(title)
        assert (t.kind, t.ai_cause) == (Kind.LAYOFF, False), title


def test_a_denial_word_elsewhere_does_not_undo_ai_taking_the_work() -> None:
    t = tag("Zentrix lays off 300 support staff, replacing them with AI chatbots")
    assert t.ai_cause


def test_ai_not_the_only_reason_is_still_a_reason() -> None:
    t = tag("Zentrix cuts 300 jobs; AI wasn't the only reason, CEO says")
    assert (t.kind, t.ai_cause) == (Kind.LAYOFF, True)


def test_a_shift_of_focus_toward_ai_in_the_lead_is_the_cause_behind_a_backdrop_title() -> None:
    t = tag(
        "Zentrix to cut thousands of workers amid AI boom",
        "The technology supplier said it was shifting its focus to higher-growth businesses, "
        "including AI consulting and software.",
    )
    assert (t.kind, t.ai_cause) == (Kind.LAYOFF, True)


def test_the_ai_boom_alone_stays_a_backdrop() -> None:
    t = tag(
        "Zentrix to cut thousands of workers amid AI boom",
        "The technology supplier reported weaker sales in its hardware unit.",
    )
    assert (t.kind, t.ai_cause) == (Kind.LAYOFF, False)


def test_resources_focused_on_ai_are_a_shift_but_staff_working_on_ai_are_not() -> None:
    shift = tag(
        "Zentrix is laying off several hundred employees in its voice unit",
        "“We’re shifting some of our efforts to better align with our priorities — which "
        "includes maximizing our resources and efforts focused on generative AI,” the unit's "
        "head wrote. These shifts are resulting in several hundred roles being eliminated.",
    )
    assert (shift.kind, shift.ai_cause) == (Kind.LAYOFF, True)
    team = tag(
        "Zentrix is laying off several hundred employees in its voice unit",
        "The cuts hit staff focused on generative AI products and the assistant's apps.",
    )
    assert (team.kind, team.ai_cause) == (Kind.LAYOFF, False)
