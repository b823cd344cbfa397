"""Story clustering of one employer's coverage over days and weeks: when the headlines'
round words, the figures and the employers tagged by each outlet make one story or two.
Headlines from real 2023 coverage (tests/data/eval/fresh-stories.jsonl)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, index_keys, match_story
from bot.story_rounds import names_cuts

T0 = datetime(2023, 4, 21, 12, tzinfo=UTC)


def art(title: str, when: datetime = T0) -> Article:
    return Article(title=title, text="", link=f"https://x/{title}", published=when)


def story(title: str, tags: Tags, when: datetime = T0, *more: str) -> StoryCandidate:
    return StoryCandidate(1, "s", title, tags, when, (title, *more))


def layoff(company: str, headcount: int | None = None) -> Tags:
    return Tags(kind=Kind.LAYOFF, companies=(company,), headcount=headcount)


def test_a_round_word_both_sides_use_is_one_round_told_again() -> None:
    plan = story("Lyft to Cut at Least 1,200 Jobs in New Round of Layoffs", layoff("Lyft", 1200))
    told = art(
        "Lyft Says it Will Cut More Than 1,000 People in New Round of Layoffs",
        T0 + timedelta(days=6),
    )
    assert match_story(told, layoff("Lyft", 1000), [plan]) == plan
    # A round word the first coverage did not use, with a larger figure, is the next round.
    more = art("Lyft to cut another 2,000 jobs in new round of layoffs", T0 + timedelta(days=6))
    assert match_story(more, layoff("Lyft", 2000), [plan]) is None


def test_a_round_starting_with_the_figure_firming_up_is_the_announced_round() -> None:
    amazon = story("Amazon Layoffs to Hit Over 17,000 Workers", layoff("Amazon", 17000))
    begins = art(
        "Amazon set to begin new round of layoffs affecting over 18,000 people",
        T0 + timedelta(days=13),
    )
    assert match_story(begins, layoff("Amazon", 18000), [amazon]) == amazon
    # Weeks later, 'another' with a figure of its own is the next round.
    later = art("Amazon to lay off another 9,000 workers", T0 + timedelta(days=14))
    assert match_story(later, layoff("Amazon", 9000), [amazon]) is None


def test_the_next_days_coverage_of_an_employers_cuts_is_their_story_whatever_its_words() -> None:
    hasbro = story("Hasbro Cutting 1,100 Jobs After Sluggish Toy Sales", layoff("Hasbro", 1100))
    more = art(
        "Hasbro Cuts 900 More Jobs, Total Layoffs Amount To 29% Of Entire Company",
        T0 + timedelta(days=1),
    )
    assert match_story(more, replace(layoff("Hasbro", 900), percent=15.0), [hasbro]) == hasbro


def test_an_employers_news_headlined_on_its_job_cuts_joins_the_cuts_within_the_week() -> None:
    disney = story("Disney layoffs will begin this week, CEO Bob Iger says", layoff("Disney"))
    news = Tags(kind=Kind.OTHER, companies=("Disney",))
    timeline = art(
        "Disney's Bob Iger sets out timeline for 7,000 job cuts", T0 + timedelta(hours=3)
    )
    assert match_story(timeline, news, [disney]) == disney
    # Its other news, and anything beyond the week, stay apart.
    parks = art("Disney raises theme park prices", T0 + timedelta(hours=3))
    assert match_story(parks, news, [disney]) is None
    late = art("Disney sets out timeline for job cuts", T0 + timedelta(days=9))
    assert match_story(late, news, [disney]) is None


def test_one_employer_tagged_otherwise_by_one_outlet_joins_when_its_headline_leads_with_it() -> (
    None
):
    spotify = story("Spotify to Cut 200 Jobs as It Reorganizes Podcasting", layoff("Spotify", 200))
    podcast = art("Spotify Podcast Layoffs Will Affect Gimlet Workers", T0 + timedelta(days=1))
    assert match_story(podcast, layoff("Podcast"), [spotify]) == spotify
    espn = story(
        "ESPN lays off longtime hosts",
        layoff("ESPN", 20),
        T0,
        "ESPN lays off about 20 on-air talent as part of 'cost savings' by Disney",
    )
    axes = art("ESPN Axes Personalities As Disney Layoffs Continue", T0 + timedelta(hours=2))
    assert match_story(axes, layoff("Disney"), [espn]) == espn
    group = story("Embracer confirms layoffs at New World Interactive", layoff("Embracer"))
    assert (
        match_story(
            art("More layoffs at another Embracer Group studio"), layoff("Embracer Group"), [group]
        )
        == group
    )


def test_an_employer_named_as_context_is_not_the_one_acting() -> None:
    google = story("Google cuts thousands of jobs", layoff("Google"))
    after = art("After Google, Microsoft lays off staff", T0 + timedelta(days=1))
    assert match_story(after, layoff("Microsoft"), [google]) is None


def test_one_employers_cuts_in_two_divisions_days_apart_are_two_stories() -> None:
    games = story("Amazon cuts 180 jobs from its gaming division", layoff("Amazon", 180))
    alexa = art("Amazon lays off hundreds in its Alexa division", T0 + timedelta(days=4))
    assert match_story(alexa, layoff("Amazon"), [games]) is None
    unit = art("Amazon Announced Layoffs in Alexa Voice Assistant Unit", T0 + timedelta(days=4))
    assert match_story(unit, layoff("Amazon"), [games]) is None
    # The same division told again, or the next day's coverage, is its story.
    again = art("Amazon lays off 180 people from its game division", T0 + timedelta(days=1))
    assert match_story(again, layoff("Amazon", 180), [games]) == games


def test_a_divisions_cuts_weeks_after_a_company_wide_round_are_their_own_story() -> None:
    round_ = story("Amazon to lay off another 9,000 workers", layoff("Amazon", 9000))
    games = art("Amazon lays off 100 employees in its video games division", T0 + timedelta(15))
    assert match_story(games, layoff("Amazon", 100), [round_]) is None
    # Within days it is the round's share; weeks later, cuts said to start are the round.
    soon = art("Amazon lays off 100 employees in its video games division", T0 + timedelta(4))
    assert match_story(soon, layoff("Amazon", 100), [round_]) == round_
    starts = art("Amazon starts layoffs in its HR and cloud teams", T0 + timedelta(days=37))
    assert match_story(starts, layoff("Amazon"), [round_]) == round_


def test_a_site_named_is_not_a_part_of_its_own() -> None:
    epic = story("Epic Games' layoffs hit Fall Guys studio Mediatonic", layoff("Epic Games", 830))
    seattle = art("Epic Games' layoffs hit its Seattle-area office", T0 + timedelta(days=7))
    assert match_story(seattle, layoff("Epic Games", 39), [epic]) == epic


def test_a_parents_cuts_at_a_plant_are_not_its_units_cuts() -> None:
    cruise = story(
        "GM's Cruise laying off 900, or 24% of its workforce",
        Tags(kind=Kind.LAYOFF, companies=("Cruise", "General Motors"), headcount=900),
    )
    orion = art("GM to cut 900 jobs at Orion Assembly", T0 + timedelta(hours=2))
    assert match_story(orion, layoff("General Motors", 900), [cruise]) is None


def test_an_item_tagged_with_no_employer_is_looked_up_by_the_company_its_headline_names() -> None:
    keys = index_keys(art("Unity Conducts Its Third and Largest Round of Layoffs"), layoff("x"))
    assert "co:unity" not in keys
    untagged = Tags(kind=Kind.LAYOFF)
    keys = index_keys(art("Unity Conducts Its Third and Largest Round of Layoffs"), untagged)
    assert "co:unity" in keys
    unity = story("Unity to lay off 8% of its workforce", replace(layoff("Unity"), percent=8.0))
    third = art("Unity Conducts Its Third and Largest Round of Layoffs in a Year")
    assert match_story(third, untagged, [unity]) == unity


def test_cuts_weeks_after_a_first_round_are_the_next_round() -> None:
    disney = story(
        "Disney's first of three rounds of layoffs will start this week",
        layoff("Disney"),
        T0,
        "Disney Reportedly Begins First Round of Layoffs in Plan to Cut 7,000 Employees",
    )
    second = art("Disney's layoffs are set to hit thousands of workers", T0 + timedelta(days=23))
    assert match_story(second, layoff("Disney"), [disney]) is None
    told = art("Disney's first round of layoffs hits its metaverse team", T0 + timedelta(days=9))
    assert match_story(told, layoff("Disney"), [disney]) == disney


def test_a_plan_with_no_figure_is_confirmed_by_cuts_in_one_part_weeks_later() -> None:
    plan = story("Unity is probably going to do layoffs", layoff("Unity"))
    weta = art("Unity To Lay Off 265 Employees At Weta Digital", T0 + timedelta(days=20))
    assert match_story(weta, layoff("Unity", 265), [plan]) == plan
    # A plan with its figure is not confirmed by one division's cuts weeks later.
    figure = story("Amazon plans to lay off another 9,000 employees", layoff("Amazon", 9000))
    games = art("Amazon lays off 100 employees in its video games division", T0 + timedelta(15))
    assert match_story(games, layoff("Amazon", 100), [figure]) is None


def test_a_cancellation_set_off_by_layoffs_is_not_news_of_the_cuts() -> None:
    assert names_cuts("Bob Iger sets out timeline for 7,000 job cuts")
    assert not names_cuts("Orbit Reportedly Canceled as Zentrix Layoffs Sweep Across Studios")


def test_a_hiring_freeze_and_layoffs_days_later_are_two_actions() -> None:
    freeze = story(
        "Quillon announces hiring freeze, warns employees of restructuring",
        Tags(kind=Kind.HIRING_FREEZE, companies=("Quillon",)),
    )
    cuts = art("Quillon reportedly laying off thousands of employees", T0 + timedelta(days=7))
    assert match_story(cuts, layoff("Quillon"), [freeze]) is None
    # The same day, an outlet reading the memo's cuts is coverage of the same news.
    same_day = art("Quillon freezes hiring and plans job cuts", T0 + timedelta(hours=3))
    assert match_story(same_day, layoff("Quillon"), [freeze]) == freeze


def test_a_second_report_of_a_plan_weeks_later_does_not_confirm_the_first() -> None:
    rumour = story("Quillon reportedly laying off thousands of employees", layoff("Quillon"))
    plan = art("Quillon is reportedly planning large-scale layoffs", T0 + timedelta(days=31))
    assert match_story(plan, layoff("Quillon"), [rumour]) is None
    # The announcement that confirms a reported plan within weeks is its story.
    confirmed = art("Quillon confirms it will cut thousands of jobs", T0 + timedelta(days=31))
    assert match_story(confirmed, layoff("Quillon"), [rumour]) == rumour


def test_a_reaction_to_the_cuts_is_news_of_its_own_not_the_rounds() -> None:
    cuts = story("Quillon lays off 11,000 workers", layoff("Quillon", 11000))
    other = Tags(kind=Kind.OTHER, companies=("Quillon",))
    for title in (
        "Former Quillon employees slam the CEO's decision to lay off 11,000 via email",
        "Quillon union hits out at 'heartless' layoffs",
        "Quillon sued by employees amid mass layoffs",
        "Quillon boss says he does not plan to cut 75% of staff",
    ):
        assert not names_cuts(title), title
        assert match_story(art(title, T0 + timedelta(days=1)), other, [cuts]) is None, title
    # News of the cuts themselves, told as kind other, is still the round's.
    assert names_cuts("Quillon boss sets out timeline for 11,000 job cuts")


def test_a_parents_cuts_at_its_unit_are_the_units_cuts_reported_a_day_earlier() -> None:
    unit = story(
        "Bloomberg reports Lumino to cut 35% of staff, laying off 500", layoff("Lumino", 500)
    )
    parent = art("Quillon Cuts Hundreds of Jobs at Studios and Lumino", T0 + timedelta(days=1))
    assert match_story(parent, layoff("Quillon"), [unit]) == unit
    # The parent's cuts elsewhere are not the unit's.
    other = art("Quillon Cuts Hundreds of Jobs at Its Studios", T0 + timedelta(days=1))
    assert match_story(other, layoff("Quillon"), [unit]) is None


def test_another_round_with_a_figure_far_from_the_stories_is_its_own_story_the_same_day() -> None:
    """The user trial (issue 16): 'Block lays off another 500 engineers' the day of Block's
    4,000-job story was filed into it, which kept showing 4,000 jobs."""
    block = story("Block to cut 4,000 jobs", layoff("Block", 4000))
    for title in (
        "Block lays off another 500 engineers",
        "Block cuts 500 more jobs",
        "Block lays off 500 in a second round of cuts",
        "More layoffs at Block as 500 engineers are let go",
        "Block announces fresh cuts, 500 engineers affected",
        "Block lays off 500 in new round",
        "Block cuts 500 jobs again",
    ):
        later = art(title, T0 + timedelta(hours=5))
        assert match_story(later, layoff("Block", 500), [block]) is None, title


def test_the_same_round_retold_the_same_day_joins_its_story() -> None:
    block = story("Block to cut 4,000 jobs", layoff("Block", 4000))
    for title in ("Block's 4,000 layoffs: what we know", "Block confirms 4,000 cuts"):
        later = art(title, T0 + timedelta(hours=5))
        assert match_story(later, layoff("Block", 4000), [block]) == block, title
    # A round word with the story's figure, or with none, is the round told again.
    again = art("Block lays off another 4,000 employees", T0 + timedelta(hours=5))
    assert match_story(again, layoff("Block", 4000), [block]) == block
    vague = art("Block lays off more workers", T0 + timedelta(hours=5))
    assert match_story(vague, layoff("Block"), [block]) == block
    # Taken for the employer's news (kind other), a headline on its figure's cuts joins too.
    news = Tags(kind=Kind.OTHER, companies=("Block",))
    confirms = art("Block confirms 4,000 cuts", T0 + timedelta(hours=6))
    assert match_story(confirms, news, [block]) == block


def test_a_round_told_after_the_next_one_the_same_day_stays_with_its_own_story() -> None:
    """Feeds date one day's items loosely: the 4,000-job round retold an hour after
    'another 500' is not that round; a smaller figure after 'another 9,000' may be its part."""
    more = story("Block lays off another 500 engineers", layoff("Block", 500))
    told = art("Block's 4,000 layoffs: what we know", T0 + timedelta(hours=1))
    assert match_story(told, layoff("Block", 4000), [more]) is None
    amazon = story("Amazon to lay off another 9,000 workers", layoff("Amazon", 9000))
    games = art("Amazon lays off 100 employees in its video games unit", T0 + timedelta(hours=5))
    assert match_story(games, layoff("Amazon", 100), [amazon]) == amazon


def test_someones_reaction_to_the_cuts_is_news_of_its_own_even_taken_for_the_cuts() -> None:
    meta = story("Meta lays off 11,000 workers", layoff("Meta", 11000))
    slam = art(
        "Former Meta employees slam Mark Zuckerberg for his decision to lay off 11,000 via email",
        T0 + timedelta(days=1),
    )
    assert match_story(slam, layoff("Meta", 11000), [meta]) is None
    dorsey = art("Jack Dorsey takes responsibility for mass layoffs at Twitter", T0)
    twitter = story("Twitter layoffs begin", layoff("Twitter"))
    assert match_story(dorsey, layoff("Twitter"), [twitter]) is None
    # Cuts with a reaction added are the cuts; two reports of one lawsuit are one story.
    suing = art("Twitter shuts offices as it cuts 50% of workforce; staff already suing", T0)
    assert match_story(suing, layoff("Twitter"), [twitter]) == twitter
    sued = story("Twitter sued by employees amid mass layoffs", layoff("Twitter"))
    again = art("Twitter is being sued by former employees over mass firing", T0)
    assert match_story(again, layoff("Twitter"), [sued]) == sued


def test_a_follow_up_saying_the_employer_laid_off_its_figure_is_news_of_the_cuts() -> None:
    peloton = story("Peloton is cutting another 500 jobs", layoff("Peloton", 500))
    ceo = art(
        "Peloton's CEO doesn't understand why people aren't happier he laid off 500 people",
        T0 + timedelta(hours=2),
    )
    assert match_story(ceo, Tags(kind=Kind.OTHER, companies=("Peloton",)), [peloton]) == peloton


def test_a_figure_said_to_have_grown_weeks_later_is_the_round_revised() -> None:
    amazon = story("Amazon plans to cut 10,000 jobs this week", layoff("Amazon", 10000))
    grown = art(
        "Amazon layoffs now expected to mount to 20,000, including top managers",
        T0 + timedelta(days=18),
    )
    assert match_story(grown, layoff("Amazon", 20000), [amazon]) == amazon
    # A larger figure weeks later that says nothing of the first is the next round.
    larger = art("Amazon lays off 20,000 corporate workers", T0 + timedelta(days=18))
    assert match_story(larger, layoff("Amazon", 20000), [amazon]) is None


def test_cancellations_are_news_of_their_own_and_two_things_cancelled_are_two_stories() -> None:
    news = Tags(kind=Kind.OTHER, companies=("Xbox",))
    cuts = story(
        "Perfect Dark Reboot Canceled and Xbox Developer The Initiative Closed as Part of "
        "Devastating Microsoft Layoffs",
        Tags(kind=Kind.LAYOFF, companies=("Microsoft", "Xbox"), headcount=9100),
    )
    cancels = art("Xbox Reportedly Cancels That Cool-Looking Perfect Dark Reboot", T0)
    assert match_story(cancels, news, [cuts]) is None
    everwild = story(
        "Rare's Everwild Reportedly Canceled as Microsoft Layoffs Sweep Across Xbox",
        Tags(kind=Kind.OTHER, companies=("Microsoft", "Xbox")),
    )
    assert match_story(cancels, news, [everwild]) is None
    # The same game's cancellation told again is its story.
    again = art("Xbox Cancels Rare's Long-Troubled Everwild", T0 + timedelta(hours=1))
    assert match_story(again, news, [everwild]) == everwild


def test_a_first_wave_announced_to_come_and_its_start_a_week_on_are_one_round() -> None:
    plan = story(
        "Disney layoffs: First wave of 4,000 employees set to be cut in coming weeks",
        layoff("Disney"),
    )
    begin = art(
        "Disney Will Begin Mass Layoffs This Week, CEO Announces", T0 + timedelta(days=7, hours=8)
    )
    assert match_story(begin, layoff("Disney"), [plan]) == plan
    # Weeks on, cuts not called the first are still the next round (FIRST_ROUND_APART).
    later = art("Disney's layoffs are set to hit thousands of workers", T0 + timedelta(days=16))
    assert match_story(later, layoff("Disney"), [plan]) is None


def test_news_of_the_cuts_joins_the_story_of_a_plan_a_week_before_when_it_gives_its_count() -> None:
    disney = story(
        "Disney layoffs: First wave of 4,000 employees set to be cut in coming weeks",
        layoff("Disney", 7000),
        T0,
        "Disney Will Begin Mass Layoffs This Week, CEO Announces",
    )
    other = Tags(kind=Kind.OTHER, companies=("Disney",))
    when = T0 + timedelta(days=7, hours=11)
    timeline = art("Disney's Bob Iger sets out timeline for 7,000 job cuts", when)
    assert match_story(timeline, other, [disney]) == disney
    # Beyond SAME_PERIOD, news naming the cuts without their count is news of its own
    # ('Musk mocks Twitter worker ... unsure if he'd been laid off', 8 days after a round).
    mocks = art("Disney boss mocks worker who was unsure if he had been laid off", when)
    assert match_story(mocks, other, [disney]) is None


def test_a_part_named_otherwise_the_day_a_storys_cuts_are_covered_is_that_coverage() -> None:
    """A story is dated by its first item (a plan on the 9th) but covered until its newest
    (the cuts at Weta Digital on the 29th): an outlet naming the part its own way that day
    ('former VFX studio') is the day's coverage, not cuts in another part 20 days on."""
    plan_day = T0
    cuts_day = T0 + timedelta(days=20)
    titles = (
        "Unity is probably going to do layoffs",
        "Unity To Lay Off 265 Employees At Weta Digital As Part Of Company Reset",
    )
    covered = StoryCandidate(
        1, "s", titles[0], layoff("Unity", 265), plan_day, titles, latest=cuts_day
    )
    item = art(
        "Unity is terminating its agreement with Peter Jackson's former VFX studio, "
        "laying off 265 employees",
        cuts_day + timedelta(hours=9),
    )
    assert match_story(item, layoff("Unity", 265), [covered]) == covered
    # Known only by its first item's date, the story is 20 days old: two parts, two actions.
    dated = replace(covered, latest=None)
    assert match_story(item, layoff("Unity", 265), [dated]) is None


def test_a_business_line_named_after_the_employer_is_a_part() -> None:
    """'Amazon Games Lays Off 180' names the games business as 'its gaming division' does:
    days after cuts in Amazon's music division, another part's cuts."""
    music = story("Amazon makes job cuts in music division", layoff("Amazon"))
    games = art("Amazon Games Lays Off 180 Employees", T0 + timedelta(days=5))
    assert match_story(games, layoff("Amazon", 180), [music]) is None
    # An employer whose name ends in the noun names no part by it ('Epic Games Games').
    epic = story("Epic Games Games Cuts Almost 900 Jobs", layoff("Epic Games", 900))
    studio = art("Epic Games' layoffs hit Fall Guys studio Mediatonic hard", T0 + timedelta(days=1))
    assert match_story(studio, layoff("Epic Games"), [epic]) == epic


def test_news_of_the_cuts_is_judged_by_the_storys_newest_coverage_not_its_first() -> None:
    """A story covered for days (a plan, then the cuts) takes its employer's news headlined
    on the cuts within the week of its newest item, though its first is older."""
    disney = story("Disney layoffs will begin this week, CEO Bob Iger says", layoff("Disney"))
    covered = replace(disney, latest=T0 + timedelta(days=6))
    news = Tags(kind=Kind.OTHER, companies=("Disney",))
    late = art("Disney sets out timeline for job cuts", T0 + timedelta(days=9))
    assert match_story(late, news, [covered]) == covered
    assert match_story(late, news, [disney]) is None


def _at_least(company: str, headcount: int) -> Tags:
    return replace(layoff(company, headcount), headcount_at_least=True)


def test_a_lower_bound_agrees_with_another_outlets_count_above_it() -> None:
    # '200-plus' (v2: 200, a lower bound) then another outlet's exact '230' days later: one
    # figure told two ways, not a larger round; the same with the two in the other order.
    plus = story("Tarnfield Foods to lay off 200-plus plant workers", _at_least("Tarnfield", 200))
    exact = art("Tarnfield Foods cutting 230 jobs at its Iowa plant", T0 + timedelta(days=9))
    assert match_story(exact, layoff("Tarnfield", 230), [plus]) == plus
    first = story("Tarnfield Foods cutting 230 jobs at its Iowa plant", layoff("Tarnfield", 230))
    bound = art("More than 200 Tarnfield workers to lose jobs", T0 + timedelta(days=9))
    assert match_story(bound, _at_least("Tarnfield", 200), [first]) == first
    # A count far above the bound, or below it, weeks later is still another round.
    far = art("Tarnfield Foods cutting 450 jobs at its Iowa plant", T0 + timedelta(days=9))
    assert match_story(far, layoff("Tarnfield", 450), [plus]) is None


def test_a_lower_bound_does_not_hide_another_round_said_weeks_later() -> None:
    # Weeks on, a headline saying another round with a count above the bound is that round:
    # the bound agrees with the count but is no sign they are one (`close_figure`).
    over = story("Brenwick to cut over 200 jobs", _at_least("Brenwick", 200))
    again = art("Brenwick to cut another 280 jobs", T0 + timedelta(days=20))
    assert match_story(again, layoff("Brenwick", 280), [over]) is None


def test_a_plan_stated_as_a_lower_bound_is_confirmed_by_a_count_above_it_weeks_later() -> None:
    # A reported plan '200-plus' (v2: 200, a lower bound) confirmed four weeks on by the
    # exact count, 230: one story (spec: a plan and the announcement confirming it within
    # weeks). Before '200-plus' read as 200 the plan had no figure and was confirmed so.
    plan = story("Tarnfield Foods plans to cut 200-plus jobs", _at_least("Tarnfield", 200))
    made = art("Tarnfield Foods cuts 230 jobs", T0 + timedelta(days=28))
    assert match_story(made, layoff("Tarnfield", 230), [plan]) == plan
    # An exact plan is not confirmed by a larger count; nor a bound by one far above it.
    exact = story("Tarnfield Foods plans to cut 200 jobs", layoff("Tarnfield", 200))
    assert match_story(made, layoff("Tarnfield", 230), [exact]) is None
    far = art("Tarnfield Foods cuts 450 jobs", T0 + timedelta(days=28))
    assert match_story(far, layoff("Tarnfield", 450), [plan]) is None


def test_the_planner_reads_reactions_in_the_taggers_words() -> None:
    """Polish 15: the planner kept its own list of stance words beside bot/reactions.py's,
    so 'decries' or 'lashes out' was a reaction to the tagger and news of the cuts to the
    planner. One vocabulary now; its word starts still read ('criticism', 'apologizes')."""
    from bot.story_rounds import reacts

    for title in (
        "Union decries Acme's 500 job cuts",
        "Workers lash out at Acme over 500 layoffs",
        "Mayor rails against Acme's 500 job cuts",
        "Meta faces criticism over 11,000 layoffs",
        "Senator criticising Acme's 500 layoffs",
        "Lawmakers slam Acme for 500 layoffs",
        "Acme apologizes for 500 layoffs",
    ):
        assert reacts(title), title
    assert not names_cuts("Union decries Acme's 500 job cuts")
    assert names_cuts("Bob Iger sets out timeline for 7,000 job cuts")  # the cuts themselves
    assert not reacts("Twitter shuts offices as it cuts 50% of workforce; staff already suing")


def test_a_hiring_pause_and_far_fewer_jobs_cut_the_same_day_are_two_actions() -> None:
    """Trial 15: 'IBM to pause hiring for 7,800 roles that AI could replace' and, hours
    later, 'IBM cuts 1,200 HR jobs as AI chatbot AskHR takes over' were one story, shown as
    a layoff of 7,800 jobs. The same figure told as either is one action."""
    freeze = Tags(kind=Kind.HIRING_FREEZE, companies=("IBM",), headcount=7800)
    pause = story("IBM to pause hiring for 7,800 roles that AI could replace", freeze)
    cuts = art("IBM cuts 1,200 HR jobs as AI chatbot AskHR takes over", T0 + timedelta(hours=2))
    assert match_story(cuts, layoff("IBM", 1200), [pause]) is None
    told = art("IBM to replace 7,800 jobs with AI, CEO says", T0 + timedelta(hours=2))
    assert match_story(told, layoff("IBM", 7800), [pause]) == pause
