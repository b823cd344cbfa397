"""The acting employer, by kind of miss found on the tune sets (issue 16, session 7).

Headlines are written for the tests in the shapes real coverage takes, with invented
names; none is copied from a labelled set.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_title_case_words_qualifying_the_layoffs_are_no_employer() -> None:
    assert tag("Zentrix Hit With Unexpected, Undue Layoffs").companies[:1] == ("Zentrix",)
    assert tag("Spotify Podcast Layoffs Will Affect Two Studios").companies[:1] == ("Spotify",)
    # A one-word employer before the noun is still the employer.
    assert tag("Chime Layoffs Hit Staff").companies[:1] == ("Chime",)


def test_title_case_descriptor_after_a_listed_employer_describes_it() -> None:
    assert tag("Coinbase Crypto Exchange to Cut Nearly 1,000 Jobs").companies[:1] == ("Coinbase",)
    # The descriptor before a name still introduces it.
    assert tag("Crypto Exchange Quorvex to Cut 30% of Staff").companies[:1] == ("Quorvex",)


def test_a_boss_owned_by_an_employer_speaks_for_it() -> None:
    t = tag("Zentrix's Dana Holt will lay off 7,000 workers as company cuts costs")
    assert t.companies == ("Zentrix",)
    # A person who owns an employer is still no employer.
    assert tag("Elon Musk's Quorvex lays off 500").companies == ("Quorvex",)


def test_a_unit_named_as_part_of_the_parents_cut_does_not_lead() -> None:
    t = tag("Amazon to lay off 9,000 more employees, including from AWS")
    assert t.companies[:1] == ("Amazon",)
    # A unit the cut is at still comes first (units before parents).
    assert tag("Amazon to cut 9,000 jobs at AWS").companies[:1] == ("AWS",)


def test_a_game_before_its_studios_descriptor_is_no_employer() -> None:
    assert tag("Layoffs reported at Lantern Saga 2 developer Quillworks").companies == (
        "Quillworks",
    )
    t = tag(
        "Quillworks warned staff of a drop in sales",
        "Yesterday's layoffs at Lantern Saga 2 developer Quillworks hit 100 employees.",
    )
    assert t.companies[:1] == ("Quillworks",)


def test_cuts_a_time_phrase_ends_on_are_the_subjects_own() -> None:
    t = tag("Zentrix warned employees of a sharp drop in Lantern Saga sales prior to layoffs")
    assert t.companies[:1] == ("Zentrix",)


def test_a_parent_cutting_across_several_units_acts_itself() -> None:
    t = tag("Microsoft cuts 1,900 jobs at Activision Blizzard and Xbox")
    assert t.companies[:1] == ("Microsoft",)
    assert tag("Microsoft cuts 650 jobs at Xbox").companies[:1] == ("Xbox",)


def test_jettisoning_jobs_is_a_job_action() -> None:
    t = tag("Zentrix, Quorvex jettison jobs in latest tech worker purge")
    assert t.kind.is_action and t.companies[:1] == ("Zentrix",)


def test_the_latest_studio_to_lay_off_is_the_subject_not_the_class() -> None:
    t = tag("Quillworks Becomes the Latest PlayStation Studio to Lay Off Workers")
    assert t.companies[:1] == ("Quillworks",)


def test_a_headline_pointing_at_a_studio_takes_the_name_the_lead_gives() -> None:
    t = tag(
        "Lantern Saga Is Ending, Studio Lays Off Staff",
        "Lantern Saga, the absurdist sports game, is now over. Developer The Glass Orchard "
        "announced the closure this month, and said it will lay off an undisclosed number of "
        "staff as a result.",
    )
    assert t.companies[:1] == ("The Glass Orchard",)


def test_a_long_object_of_the_employers_own_verb_keeps_the_employer() -> None:
    t = tag("Zentrix Conducts Its Third and Largest Round of Layoffs in a Year")
    assert t.companies[:1] == ("Zentrix",)


def test_a_title_ending_in_an_exclamation_mark_does_not_end_the_sentence() -> None:
    t = tag(
        "Zombie shooter studio reportedly cuts half its staff",
        "Lantern Forge Games, the studio behind Destroy Every Robot! 1 and 2 remakes, has laid "
        "off around half of its staff.",
    )
    assert t.companies[:1] == ("Lantern Forge Games",)


def test_an_employer_acting_ahead_of_its_layoffs_is_their_employer() -> None:
    t = tag("Zentrix Shuts Offices Ahead of Layoffs")
    assert t.kind.is_action and t.companies[:1] == ("Zentrix",)


def test_a_described_employer_is_the_name_the_lead_opens_on() -> None:
    # Session 14: the headline's subject only describes the employer and the lead states
    # no action of its own, but opens on the employer's name (spec: the employer acting).
    t = tag(
        "Lantern Saga studio lays off nearly half its staff weeks after launch",
        "Quillworks Studios said the cuts were difficult but necessary.",
    )
    assert t.kind.is_action and t.companies[:1] == ("Quillworks Studios",)
    # A lead opening on a person, a place or a descriptor names no employer.
    for lead in (
        "Jane Marlowe, who led the team, said the cuts were painful.",
        "Tokyo has seen several such closures this year.",
        "The studio said the cuts were difficult.",
    ):
        assert tag("Lantern Saga studio lays off half its staff", lead).companies == ()


def test_a_union_or_a_cited_outlet_opening_the_lead_is_no_employer() -> None:
    # v2 rulings: unions and outlets are never the companies of an action.
    for lead in (
        "Unite said the cuts were a betrayal of workers.",
        "The Communications Workers of America said the cuts were wrong.",
        "Kotaku reported the layoffs last night.",
        "According to Bloomberg, the studio cut 40 jobs.",
    ):
        assert tag("Lantern Saga studio lays off half its staff", lead).companies == (), lead
    # A listed employer whose name has the word stays one.
    assert tag("Union Pacific to cut 500 jobs").companies[:1] == ("Union Pacific",)


def test_a_product_of_a_listed_owner_is_not_the_employer() -> None:
    # Session 14: a name the item calls by a product noun ('OS', 'phone', 'browser') after
    # a listed owner's possessive is a product, and its owner cuts (a unit stays itself).
    t = tag(
        "Microsoft’s Quillo OS was one of the hardest hit by last week’s layoffs",
        "Quillo lost 16 percent of its staff, while the rest of Microsoft cut 6 percent.",
    )
    assert t.companies[:1] == ("Microsoft",)
    assert tag("Google's Quillo phone team hit by layoffs").companies[:1] == ("Google",)
    assert tag("Meta's Reality Labs hit by layoffs").companies[:1] == ("Reality Labs",)


def test_a_title_case_headline_opening_on_its_subject_names_it() -> None:
    # Session 14 (a probe: readable headlines the tagger got right, rewritten in Title
    # Case, failed 56 of 617): in Title Case the rules cannot tell where a name ends, but
    # an auxiliary or 'to' after the opening words can.
    for title in (
        "Zentrix Will Reportedly Announce 'Large-Scale' Layoffs Next Week",
        "Zentrix to Launch a Fresh Round of Cuts to Its Workforce This Week",
        "Zentrix Is Preparing to Cut Jobs, According to Leaked Memo",
    ):
        assert tag(title).companies[:1] == ("Zentrix",), title
    assert tag("Quorvane Health to Close Hubs in Turkey, Cut Jobs").companies[:1] == (
        "Quorvane Health",
    )
    # A place opening the headline is no employer.
    assert tag("Ohio to Cut 2,000 State Jobs").companies[:1] != ("Ohio",)


def test_a_title_case_descriptor_introduces_the_name_before_the_action() -> None:
    # In Title Case the descriptor is capitalised like the names around it.
    t = tag("Wayfinder, Lantern Saga Publisher Quillex Forge Cuts Workers")
    assert t.companies[:1] == ("Quillex Forge",)
    t = tag("The Spiral Continues as Lantern Saga Studio Sandquill Interactive Lays Off Staff")
    assert t.companies[:1] == ("Sandquill Interactive",)
    assert tag("Indie Studio Lays Off Half Its Staff").companies == ()


def test_a_product_run_in_title_case_is_its_listed_owners() -> None:
    assert tag("Google Quillo OS Team Affected by Layoffs").companies[:1] == ("Google",)


def test_a_title_case_description_after_a_colon_stands_for_the_name_before_it() -> None:
    assert tag("Zentrix: Online Marketplace Lays Off 11% of Staff").companies[:1] == ("Zentrix",)
    assert tag("Quill Eats: Takeaway Firm to Cut 1,900 Jobs in UK").companies[:1] == ("Quill Eats",)
