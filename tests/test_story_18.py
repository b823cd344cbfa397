"""Story clustering of one employer's action however each outlet words it (issue 16, session
18): the employer written in full or by its initials, a further round announced and then
reported under other round words, and the round's coverage the tagger took for plain news
headlined with any form of the cutting verb. Each rule is checked on both sides: what it
joins, and what it still keeps apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, candidate_scope, index_keys, match_story
from bot.story_employers import EmployerFilter, abbreviates, employer_relation, initials
from bot.story_rounds import names_cuts, says_round

T0 = datetime(2023, 5, 26, 12, tzinfo=UTC)


def art(title: str, when: datetime = T0) -> Article:
    return Article(title=title, text="", link=f"https://x/{title}", published=when)


def story(title: str, tags: Tags, when: datetime = T0) -> StoryCandidate:
    return StoryCandidate(1, "s", title, tags, when, (title,))


def layoff(company: str, headcount: int | None = None) -> Tags:
    return Tags(kind=Kind.LAYOFF, companies=(company,), headcount=headcount)


def test_an_acronym_is_the_initials_of_a_name_of_three_or_more_words() -> None:
    assert initials("National Eating Disorders Association") == {"neda", "eda", "nedac"}
    assert "cbc" in initials("Canadian Broadcasting Corporation")
    # Tagged without its legal form: the 'C' of 'Corporation' may close the initials.
    assert "cbc" in initials("Canadian Broadcasting")
    assert "hhs" in initials("Department of Health and Human Services")
    assert "fda" in initials("U.S. Food and Drug Administration")
    assert initials("IRS") == {"irs"}
    # One word, or words not capitalised, give none.
    assert initials("Parler") == frozenset()
    assert initials("the eating disorders helpline") == frozenset()


def test_an_employer_written_in_full_and_by_its_initials_is_one_employer() -> None:
    assert abbreviates("NEDA", ("National Eating Disorders Association",))
    assert abbreviates("Canadian Broadcasting Corp.", ("CBC",))
    assert (
        employer_relation(
            ("CBC",), "CBC to cut 600 jobs", ("Canadian Broadcasting Corporation",), ("x",)
        )
        == "same"
    )
    # Other initials, or two acronyms, are two employers.
    assert not abbreviates("NPR", ("National Eating Disorders Association",))
    assert not abbreviates("FDA", ("HHS",))
    assert employer_relation(("NPR",), "NPR cuts 10%", ("CBC",), ("CBC cuts 600",)) == "different"


def test_the_stores_employer_filter_keeps_a_story_of_the_same_employers_initials() -> None:
    keeps = EmployerFilter(("CBC",), "CBC to cut 600 jobs", True).keeps
    assert keeps(("Canadian Broadcasting Corporation",), "Canadian Broadcasting Corp cuts")
    assert not keeps(("National Public Radio",), "National Public Radio cuts 10%")


def test_both_forms_of_an_unlisted_employer_are_filed_under_its_initials() -> None:
    full = art("Canadian Broadcasting Corporation to cut 10% of its workforce")
    short = art("CBC says it is cutting 600 jobs", T0 + timedelta(days=1))
    full_keys = index_keys(full, layoff("Canadian Broadcasting Corporation"))
    short_keys = index_keys(short, layoff("CBC"))
    assert "ab:cbc" in set(full_keys) & set(short_keys)
    # A listed employer's forms are the gazetteer's to unite: no initials key.
    assert not [k for k in index_keys(art("IBM cuts jobs"), layoff("IBM")) if k.startswith("ab:")]


def test_one_action_reported_by_the_employers_initials_and_in_full_is_one_story() -> None:
    full = story(
        "Canadian Broadcasting Corporation to cut 600 jobs", layoff("Canadian Broadcasting")
    )
    short = art("CBC slashes 10% of its workforce", T0 + timedelta(days=1))
    tags = layoff("CBC")
    assert candidate_scope(short, tags).admits(full.tags, full.published)
    assert match_story(short, tags, [full]) == full
    # Another employer's initials: its own story.
    other = art("NPR slashes 10% of its workforce", T0 + timedelta(days=1))
    assert match_story(other, layoff("NPR"), [full]) is None


def test_a_further_round_announced_and_reported_under_other_round_words_is_one_round() -> None:
    plan = ("Meta reportedly plans more job cuts",)
    second = ("Meta starts cutting 10,000 workers in second round of layoffs",)
    assert not says_round(plan, second, agree=True)
    assert not says_round(plan, ("Meta to launch a fresh round of cuts to its workforce",), True)
    # Figures apart, another round word is another round ('another 2,000' after 1,200).
    assert says_round(plan, second)
    earlier = story("Meta reportedly plans more job cuts", layoff("Meta"))
    later = art(
        "Meta starts cutting 10,000 workers in second round of layoffs", T0 + timedelta(days=12)
    )
    assert match_story(later, layoff("Meta", 10000), [earlier]) == earlier


def test_round_words_after_cuts_made_or_counting_rounds_apart_still_say_another_round() -> None:
    # Cuts made, more to come: the later 'another' is one of the rounds to come.
    made = ("Embracer laid off 900 people as net sales rise, more cuts to come",)
    assert says_round(made, ("More layoffs at another Embracer Group studio",), True)
    # A first headline with no round word: the later's 'new round' is the next round.
    first = ("Amazon reveals huge job layoffs",)
    assert says_round(first, ("Amazon begins new round of cuts",), True)
    # Both count rounds, and count them apart.
    second = ("Twitter plans second round of layoffs",)
    assert says_round(second, ("Twitter begins third round of layoffs",), True)
    earlier = story("Twitter plans second round of layoffs", layoff("Twitter", 200))
    later = art("Twitter begins third round of layoffs, cutting 50", T0 + timedelta(days=12))
    assert match_story(later, layoff("Twitter", 50), [earlier]) is None


def test_a_headline_names_job_cuts_whatever_the_form_of_the_verb() -> None:
    assert names_cuts("Zoom cuts 15% of its workforce as pandemic-driven demand wanes")
    assert names_cuts("Grubhub lays off 400 employees")
    assert names_cuts("Vodafone slashes 11,000 jobs worldwide")
    assert names_cuts("Meta eliminates 1,000 roles in its Reality Labs unit")
    assert names_cuts("Delivery service Grubhub culls 15% of its workforce")
    assert names_cuts("Elon Musk fires additional 200 people at Twitter, report says")
    assert names_cuts("TikTok moderators in Malaysia lose jobs as platform leans on AI")
    assert names_cuts("Redundancies loom at Brackenridge as haulier automates dispatch")
    # Cutting anything but jobs, or a person, is not job cuts.
    assert not names_cuts("Ford cuts prices on its electric F-150 Lightning pickups")
    assert not names_cuts("Google cuts costs across its cloud unit")
    assert not names_cuts("North Korea fires 2 ballistic missiles")
    assert not names_cuts("Tesla loses market share to BYD")
    assert not names_cuts("Disney Cuts Marvel Entertainment Chair Following Massive Layoffs")


def test_a_rounds_coverage_taken_for_plain_news_joins_the_round_whatever_the_verb() -> None:
    zoom = story("Zoom to lay off 1,300 employees, or about 15% of its workforce", layoff("Zoom"))
    news = Tags(kind=Kind.OTHER, companies=("Zoom",))
    told = art("Zoom cuts 15% of its workforce as pandemic-driven demand wanes", T0)
    assert match_story(told, news, [zoom]) == zoom
    # The employer's other news of the day stays apart.
    prices = art("Zoom cuts prices of its Rooms hardware for schools", T0)
    assert match_story(prices, news, [zoom]) is None
