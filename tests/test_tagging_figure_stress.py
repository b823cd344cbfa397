"""A stress test of the `headcount` and `percent` tags (issue #16, session 14).

Sentences written for this test, not taken from any labelled set, each carrying a number a
careless reader would take for the cut: hires, users, dollars, years, a team's or a site's
size, another employer's cut, a sector's or a tracker's tally, an earlier round, a union's
members, shares of revenue or code. None may become a headcount or a workforce share; the
true counts at the end must. Spec: shared/spec/tagging.md, headcount and percent rulings.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.models import Article, Tags
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)

# (headline, lead, headcount, percent)
CASES: list[tuple[str, str, int | None, float | None]] = [
    ("Orvane to cut 300 jobs after hiring 2,000 last year", "", 300, None),
    ("Orvane cuts jobs as it hires 500 AI engineers", "", None, None),
    ("Orvane lays off staff while its app passes 40 million users", "", None, None),
    ("Orvane, which employs 12,000 people, will cut jobs", "", None, None),
    ("Orvane trims workforce in its first cuts in 25 years", "", None, None),
    (
        "Orvane to cut jobs",
        "Orvane said on Monday it would cut jobs. The company has 4,500 employees worldwide.",
        None,
        None,
    ),
    ("Tech layoffs top 200,000 in 2023 as Orvane cuts more staff", "", None, None),
    (
        "Orvane lays off workers",
        "Orvane laid off workers on Tuesday. Tracker Layoffs.fyi counts 1,200 companies that have cut staff this year.",
        None,
        None,
    ),
    ("Orvane to cut jobs after Brindle shed 8,000 roles", "", None, None),
    ("Orvane cuts jobs; rival Brindle announced 900 layoffs last week", "", None, None),
    ("Orvane plans layoffs after three straight quarters of losses", "", None, None),
    ("Orvane to cut jobs to save $500 million a year", "", None, None),
    ("Orvane lays off staff at its 1,200-person call centre", "", None, None),
    ("Orvane's 2,000-strong sales team faces layoffs", "", None, None),
    ("Orvane layoffs hit workers at 14 stores", "", None, None),
    ("Orvane will close 40 offices and cut jobs", "", None, None),
    ("Orvane shares fall 12% after the company announced job cuts", "", None, None),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs in its support team. Some 60 employees had signed an open letter opposing the plan last month.",
        None,
        None,
    ),
    ("Orvane begins second round of layoffs, following 1,000 cuts in March", "", None, None),
    (
        "Orvane lays off staff",
        "Orvane is laying off staff in its ads unit. Last year, it eliminated 700 positions.",
        None,
        None,
    ),
    ("Orvane cuts more jobs, bringing this year's total to 2,300", "", None, None),
    ("Orvane to lay off workers as union says 5,000 members could strike", "", None, None),
    ("Orvane shrinks its staff to 800 employees", "", None, None),
    ("Orvane to cut jobs gradually over the next 5 years", "", None, None),
    ("Orvane lays off workers at three plants in Ohio", "", None, None),
    ("Orvane lays off staff in 12 countries", "", None, None),
    ("Orvane axes jobs as 10,000 customers cancel subscriptions", "", None, None),
    (
        "Orvane announces layoffs",
        "Orvane announced layoffs on Friday. The company had hired 300 contractors in 2022 to meet demand.",
        None,
        None,
    ),
    ("Orvane to cut jobs, says chief executive who joined 18 months ago", "", None, None),
    ("Orvane cuts support jobs as its chatbot handles 2 million chats a month", "", None, None),
    (
        "Orvane lays off staff",
        "Orvane laid off staff this week. Severance includes 16 weeks of pay for those affected.",
        None,
        None,
    ),
    ("Orvane freezes hiring for six months", "", None, None),
    ("Orvane lays off workers weeks after boasting of 2,100 new hires", "", None, None),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs. Across the industry, 45,000 jobs have been lost since January.",
        None,
        None,
    ),
    ("Orvane cuts jobs as report warns 300 million jobs are exposed to AI", "", None, None),
    ("Orvane layoffs affect five teams", "", None, None),
    ("Orvane to shed jobs after acquiring 7 startups", "", None, None),
    (
        "Orvane lays off staff",
        "Orvane is laying off staff. Its 3,400 remaining employees will be asked to return to the office.",
        None,
        None,
    ),
    (
        "Orvane to cut staff",
        "Orvane will cut staff, it said. About 900 workers attended a town hall meeting where the plan was explained.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs in Leeds",
        "Orvane is cutting jobs at its Leeds site, where 1,300 people work.",
        None,
        None,
    ),
    ("Orvane lays off staff as sister firm Brindle cuts 450", "", None, None),
    (
        "Orvane layoffs",
        "Orvane laid off employees on Wednesday, the latest of 170 tech companies to cut jobs this month.",
        None,
        None,
    ),
    (
        "Orvane to cut jobs",
        "Orvane will cut jobs, reversing a hiring spree that added 6,000 staff during the pandemic.",
        None,
        None,
    ),
    ("Orvane cuts jobs after losing a 400-seat contract", "", None, None),
    ("Orvane to cut jobs; 250 engineers will move to new AI team", "", None, None),
    # true ones
    ("Orvane cuts 3,000 jobs", "", 3000, None),
    ("Orvane says 450 roles will be eliminated", "", 450, None),
    ("Orvane to let go about 1,100 employees", "", 1100, None),
    ("Some 800 Orvane workers will lose their jobs", "", 800, None),
    ("Orvane plans to cut as many as 6,000 positions by 2026", "", 6000, None),
    (
        "Orvane to eliminate 12 percent of its workforce",
        "Orvane is eliminating 12 percent of its workforce, or about 2,400 jobs, it said on Monday.",
        2400,
        12.0,
    ),
    ("Orvane layoffs will affect 640 employees", "", 640, None),
    ("Orvane puts 200 jobs at risk at its Leeds plant", "", 200, None),
    ("Orvane job cuts: 90 people laid off", "", 90, None),
    ("Orvane lays off a dozen reporters", "", 12, None),
    ("Orvane slashes 15% of staff", "", None, 15.0),
    ("Orvane to reduce headcount by 1,500", "", 1500, None),
    (
        "Orvane lays off staff",
        "Orvane laid off about 350 employees on Tuesday, the company confirmed.",
        350,
        None,
    ),
    # percent traps
    ("Orvane cuts 20% of its engineering team", "", None, None),
    ("Orvane cuts jobs after 30% revenue drop", "", None, None),
    ("Orvane stock falls 8% on layoff news", "", None, None),
    (
        "Orvane to cut jobs",
        "Orvane will cut jobs. About 40% of its staff already work remotely.",
        None,
        None,
    ),
    ("Orvane cuts jobs as AI now writes 30% of its code", "", None, None),
    # a second batch: kept, moved, listed or remaining people, tallies, dates, shares
    ("Orvane, valued at $2 billion, cuts 15 jobs", "", 15, None),
    ("Orvane cuts jobs at 1,000-employee unit", "", None, None),
    ("Orvane to cut jobs in 2,000-person division", "", None, None),
    ("Orvane layoffs: 3 things to know", "", None, None),
    ("5 takeaways from Orvane's layoffs", "", None, None),
    ("Orvane lays off workers just 2 weeks after IPO", "", None, None),
    ("Orvane lays off staff 10 years after its founding", "", None, None),
    ("Orvane cuts jobs as it opens 30 new stores", "", None, None),
    ("Orvane layoffs: CEO to take 50% pay cut", "", None, None),
    ("Orvane lays off staff in push to save 20% of costs", "", None, None),
    ("Orvane to cut jobs after 40,000 customers lost", "", None, None),
    ("Orvane to cut jobs; 1,200 workers had joined since 2021", "", None, None),
    ("Orvane plans layoffs but retains 600 engineers", "", None, None),
    ("Orvane layoffs leave 2,000 staff remaining", "", None, None),
    ("Orvane layoffs: 70 employees sue over severance", "", None, None),
    ("Orvane lays off staff as 4,000 drivers strike", "", None, None),
    ("Orvane to cut jobs, 6 months after raising $100 million", "", None, None),
    ("Orvane cuts jobs; its 900 engineers will be spared", "", None, None),
    ("Orvane to hire 1,000 AI specialists while cutting jobs", "", None, None),
    ("Orvane to lay off workers at plant employing 2,400", "", None, None),
    ("Orvane axes jobs at 150-year-old brand", "", None, None),
    ("Orvane layoffs hit 3% of sales team", "", None, None),
    ("Orvane lays off staff, down from 8,000 at its peak", "", None, None),
    ("Orvane to cut jobs after third-quarter loss of 300 million", "", None, None),
    ("Orvane lays off staff in 3rd round this year", "", None, None),
    ("Orvane cuts jobs as 2024 outlook dims", "", None, None),
    ("Layoff tracker: 50,000 tech jobs lost in May as Orvane cuts staff", "", None, None),
    (
        "Orvane lays off workers",
        "Orvane laid off workers on Monday, one day after 3,000 employees attended its annual conference.",
        None,
        None,
    ),
    (
        "Orvane lays off workers",
        "Orvane laid off workers in its games unit, which had grown to 600 staff.",
        None,
        None,
    ),
    (
        "Orvane is cutting jobs",
        "Orvane is cutting jobs. The move follows Brindle's decision to cut 2,500 roles.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs, the company said in a filing that listed 14,000 full-time employees.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane said it would cut jobs. The company's 9,000 workers were told by email.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs. Nearly 2,000 staff have left voluntarily since January.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs, a year after 1,100 employees took buyouts.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs. Its rival Brindle laid off 1,400 people in June.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs. The company added 3,500 jobs in 2021 and 2022.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs. Some 12% of its workforce is based in Ireland.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs, it said, as revenue fell 9% of its forecast.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs. Employees rated the company 2 out of 5 stars.",
        None,
        None,
    ),
    ("Orvane lays off staff as its 5,000 contractors face uncertain future", "", None, None),
    # true counts
    ("Orvane cuts 25 more jobs", "", 25, None),
    ("Orvane is laying off 1,800 people, its CEO told staff", "", 1800, None),
    ("Orvane confirms 320 layoffs", "", 320, None),
    ("About 2,000 roles are being cut at Orvane", "", 2000, None),
    ("Orvane to shed 5,000 jobs over three years", "", 5000, None),
    ("Orvane will cut between 700 and 900 jobs", "", 700, None),
    (
        "Orvane lays off staff",
        "Orvane laid off staff on Monday. The cuts affect 140 people across sales and support.",
        140,
        None,
    ),
    ("Orvane cuts 6% of staff", "", None, 6.0),
    ("Orvane cuts jobs", "Orvane is cutting 7% of its workforce, or about 420 jobs.", 420, 7.0),
    (
        "Orvane layoffs",
        "About 260 Orvane employees were told on Tuesday that they would lose their jobs.",
        260,
        None,
    ),
    # a wave told beside its plan: the plan's total is no count of the wave
    ("Orvane starts layoffs under its plan to shed about 5,000 jobs", "", None, None),
    ("Orvane kicks off second phase of its effort to cut 3,000 roles", "", None, None),
    ("Orvane unveils plan to cut 5,000 jobs", "", 5000, None),
    ("Orvane begins cutting 1,000 jobs", "", 1000, None),
    # an outlet cited as the source reports the cut, it does not make it
    (
        "Orvane lays off staff",
        "The news comes via Kotaku, who reports that about 60 people have been laid off "
        "from the studio.",
        60,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs. Bloomberg, which reported the news first, said Amazon laid "
        "off 9,000 workers.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs. Rival Brindle said it will cut 500 jobs.",
        None,
        None,
    ),
    # a sentence restating the share as a count counts the cut; other 'That is' sentences not
    ("Orvane cuts 10% of staff", "That number translates to around 100 people.", 100, 10.0),
    ("Orvane cuts 10% of staff", "That comes to about 450 employees, the company said.", 450, 10.0),
    (
        "Orvane cuts 10% of staff",
        "That is the second cut this year, after 300 jobs went in March.",
        None,
        10.0,
    ),
    (
        "Orvane cuts 10% of staff",
        "That is its deepest cut since it employed 2,000 people in 2019.",
        None,
        10.0,
    ),
    (
        "Orvane cuts 10% of staff",
        "It is the 3rd round of cuts for the 2,000-person company.",
        None,
        10.0,
    ),
    # a photo credit opening the lead names no actor: the employer after it does
    (
        "Orvane is laying off 12 percent of its workers",
        "Photo by Ann Poe for The Verge Orvane, the startup behind a sedan that competes with "
        "the Tesla Model S, said it is laying off around 700 employees this month.",
        700,
        12.0,
    ),
    # a sentence restating the count as a share gives the share, of the whole workforce only
    (
        "Orvane is cutting 600 jobs",
        "Orvane is cutting 600 jobs in a new round. That number accounts for 8% of the workforce.",
        600,
        8.0,
    ),
    (
        "Orvane is cutting 600 jobs",
        "Orvane is cutting 600 jobs in a new round. That is about 15% of its sales staff.",
        600,
        None,
    ),
    (
        "Orvane is cutting 600 jobs",
        "Orvane is cutting 600 jobs in a new round. That is 20% more than analysts expected.",
        600,
        None,
    ),
    # an entity a feed escaped twice is its character: 'company&#8217;s ...' names no workforce
    (
        "Orvane to cut 700 jobs",
        "Orvane will cut 700 jobs. The cut represents 3.2% of the company&#8217;s ...",
        700,
        None,
    ),
    # a third batch: leads of real coverage recalling sizes, valuations, sources and rivals
    (
        "Orvane lays off staff in games unit",
        "Orvane is laying off staff in its games unit, which it bought for $7.5 billion in 2021 with about 2,300 employees.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs, a spokesperson told 9to5Mac, adding that more than 150 million people use its apps.",
        None,
        None,
    ),
    (
        "Orvane lays off employees",
        "Orvane laid off employees on Thursday, according to posts on LinkedIn from at least 30 affected workers.",
        None,
        None,
    ),
    (
        "Orvane lays off employees",
        "Orvane laid off an unknown number of employees, according to 12 current and former staff who spoke to Insider.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting jobs. More than 1,000 people have signed up for a job fair for the laid-off staff.",
        None,
        None,
    ),
    (
        "Orvane layoffs",
        "Orvane confirmed layoffs on Monday. The company went public in 2020 at a valuation of 24 billion.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane, which cut 11,000 jobs in November, said on Tuesday it would cut more staff.",
        None,
        None,
    ),
    (
        "Orvane cuts jobs",
        "Orvane is cutting more jobs. The company has already cut about 21,000 jobs since November.",
        None,
        None,
    ),
    (
        "Orvane to cut jobs",
        "Orvane plans to cut jobs, the company said, in a move that follows 18,000 cuts announced in January.",
        None,
        None,
    ),
    (
        "Orvane layoffs",
        "Orvane said it would lay off workers. Tech companies have laid off more than 200,000 people this year, according to Layoffs.fyi.",
        None,
        None,
    ),
    (
        "Orvane to cut jobs",
        "Orvane will cut jobs, the company said. Its headcount rose by 60% to 87,000 during the pandemic.",
        None,
        None,
    ),
    (
        "Orvane to cut jobs",
        "Orvane will cut jobs. The company employed 87,314 people at the end of September.",
        None,
        None,
    ),
    (
        "Orvane layoffs",
        "Orvane is laying off workers. Brindle, its largest rival, said last week it would cut 1,000 jobs.",
        None,
        None,
    ),
    (
        "Orvane layoffs",
        "Orvane is laying off workers at its warehouse in Ohio, which opened in 2019 and employs 1,500 people.",
        None,
        None,
    ),
    (
        "Orvane lays off staff",
        "The layoffs at Orvane come after the company hired 4,000 people in 2022.",
        None,
        None,
    ),
    (
        "Orvane lays off staff",
        "Orvane is laying off staff, with those affected receiving 16 weeks of severance and 6 months of health care.",
        None,
        None,
    ),
    (
        "Orvane lays off staff",
        "Orvane is laying off staff. The company had 3,700 employees as of December, according to its annual report.",
        None,
        None,
    ),
    (
        "Orvane lays off staff",
        "Orvane is laying off staff; it had doubled its headcount to 5,000 since 2020.",
        None,
        None,
    ),
    (
        "Orvane lays off 10% of staff",
        "Orvane is laying off 10% of its staff. The company, which has roughly 4,000 employees, did not say how many roles would go.",
        None,
        10.0,
    ),
    (
        "Orvane lays off staff",
        "Orvane said it will lay off staff across its 40 offices worldwide.",
        None,
        None,
    ),
    # true counts
    (
        "Orvane to cut jobs",
        "Orvane will cut about 1,000 jobs, or 8% of its workforce, the company said on Tuesday.",
        1000,
        8.0,
    ),
    (
        "Orvane lays off staff",
        "Orvane laid off 140 employees on Wednesday, a spokesperson confirmed.",
        140,
        None,
    ),
    (
        "Orvane layoffs",
        "The cuts will affect about 2,200 employees, Orvane said in a filing.",
        2200,
        None,
    ),
    # a fourth batch: headlines with shares of other things, named teams, sectors, several employers
    ("Orvane cuts 5% of staff as profit falls 40%", "", None, 5.0),
    ("Orvane to cut jobs as AI handles 70% of customer queries", "", None, None),
    ("Orvane lays off staff after 25% drop in bookings", "", None, None),
    ("Orvane layoffs hit 30% of its video team", "", None, None),
    ("Orvane to cut jobs, says 80% of its code is now written by AI", "", None, None),
    ("Orvane layoffs: 60% of employees say morale is low", "", None, None),
    ("Orvane cuts jobs; women were 70% of those laid off", "", None, None),
    ("Orvane to cut jobs after losing 15% of its customers", "", None, None),
    ("Orvane cuts jobs as stock sinks 20% this year", "", None, None),
    ("Orvane owner Brindle to cut 8% of its workforce", "", None, 8.0),
    ("Orvane lays off staff after 50% of players quit its game", "", None, None),
    ("Orvane to cut jobs and reduce office space by 30%", "", None, None),
    ("Orvane cuts jobs while raising prices by 10%", "", None, None),
    ("Orvane cuts jobs; tariffs of 25% blamed", "", None, None),
    ("Orvane cuts its marketing budget by 40% and lays off staff", "", None, None),
    ("Orvane to lay off 1,000 as Brindle cuts 2,000 and Kesto 3,000", "", 1000, None),
    ("Brindle and Kesto cut 5,000 jobs between them as Orvane trims staff", "", None, None),
    ("Orvane trims staff; sector has lost 12,000 jobs this year", "", None, None),
    ("Orvane cuts 300 jobs, less than the 1,000 feared", "", 300, None),
    ("Orvane cuts fewer jobs than the 2,000 unions feared", "", None, None),
    ("Orvane to cut up to 500 jobs, down from 800 first proposed", "", 500, None),
    ("Orvane cuts jobs for 2nd time in 6 months", "", None, None),
    ("Orvane's 1,000th employee among those laid off", "", None, None),
    ("Orvane to cut jobs as its 2025 plan targets 5 billion in savings", "", None, None),
    ("Orvane lays off 4 executives", "", 4, None),
    ("Orvane lays off 12 of its 40 journalists", "", 12, None),
    # true counts in the spec's forms: ranges, bounds, plus, k, dozens, plans, parts
    ("Orvane to cut 1,000 jobs in 2025 after 2,000 in 2024", "", 1000, None),
    ("Orvane to cut another 1,000 jobs, bringing total to 3,000", "", 1000, None),
    ("Orvane to axe 10% of workforce, or 1,100 staff", "", 1100, 10.0),
    ("Orvane to cut 1.2k jobs", "", 1200, None),
    ("Orvane axes 2K staff", "", 2000, None),
    ("Orvane to cut 8,000 to 10,000 jobs", "", 8000, None),
    ("Orvane to cut 200-plus jobs", "", 200, None),
    ("Orvane lays off a dozen engineers", "", 12, None),
    ("Orvane lays off dozens of engineers", "", None, None),
    ("Orvane cuts hundreds of jobs", "", None, None),
    ("Orvane could cut as many as 30,000 jobs, report says", "", 30000, None),
    ("Orvane to cut up to 55,000 jobs by 2030", "", 55000, None),
    ("Orvane to cut less than 5% of staff", "", None, 5.0),
    ("Orvane freezes hiring, expects AI to replace 7,800 roles over time", "", 7800, None),
    ("Orvane to cut 1,000 jobs, 200 of them in Ireland", "", 1000, None),
    ("Orvane to cut 300 jobs in Ireland as part of 5,000 global cuts", "", 300, None),
    ("Orvane cuts 90 jobs in its 400-strong newsroom", "", 90, None),
    ("Orvane cuts 25 of 100 roles at its studio", "", 25, None),
    ("Orvane to cut 1,000 jobs in 3 years", "", 1000, None),
    (
        "Orvane lays off 100+ employees",
        "Orvane laid off 121 employees on Monday, the company confirmed.",
        121,
        None,
    ),
    # an aside describing 'the company' names no actor; a named subject's aside still counts
    (
        "Orvane lays off staff",
        "The startup, which counts Google among its investors, said it would lay off 200 "
        "employees.",
        200,
        None,
    ),
    (
        "Orvane lays off staff",
        "Kesto, which Google bought last year, said it will cut 300 jobs.",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("title", "text", "headcount", "percent"), CASES)
def test_only_the_acting_employers_own_cut_is_a_figure(
    title: str, text: str, headcount: int | None, percent: float | None
) -> None:
    tags = RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))
    assert (tags.headcount, tags.percent) == (headcount, percent)


def test_the_stress_set_is_mostly_traps() -> None:
    traps = [c for c in CASES if c[2] is None and c[3] is None]
    assert len(traps) >= 80 and len(CASES) - len(traps) >= 20


# Someone's stance on cuts made before is the news, not the cuts (v2: reactions, statements
# and follow-ups are `other`): the number of the cuts it takes up is no headcount.
REACTIONS = [
    "Orvane celebrates 50 years and 3,000 layoffs with a lavish party",
    "Orvane CEO defends 2,000 layoffs in tense town hall",
    "Orvane CEO praises 'year of efficiency' after 21,000 layoffs",
    "Orvane CFO sells $5 million of shares after 1,500 job cuts",
    "Orvane workers unionize after 900 layoffs",
    "Orvane founder regrets 1,200 layoffs in emotional podcast",
    "Laid-off Orvane workers sue after 1,000 layoffs",
    "Orvane shares jump after 3,000 job cuts",
    "Orvane CEO apologizes for memo about 700 layoffs",
    "Orvane raises $50 million after laying off 300 staff",
    "Orvane's new game delayed after 200 layoffs",
    "Orvane CEO takes pay cut after 1,100 layoffs",
]


@pytest.mark.parametrize("title", REACTIONS)
def test_a_reaction_to_cuts_gives_no_headcount(title: str) -> None:
    tags = RuleTagger().tag(Article(title=title, text="", link="https://x/a", published=NOW))
    assert (tags.kind.value, tags.headcount) == ("other", None)


# A count stated as a lower bound is marked as one (`headcount_at_least`), so that another
# outlet's exact count above it is the same figure to the story planner; a bound that gives
# way to the lead's exact count, an upper bound or a plain count is not one.
BOUNDS = [
    ("Orvane to cut 200-plus jobs", "", 200, True),
    ("Orvane lays off 600+ workers", "", 600, True),
    ("Orvane to lay off more than 1,500 staff", "", 1500, True),
    ("Orvane cuts at least 40 roles in its ad unit", "", 40, True),
    ("Orvane to shed over 3,000 jobs", "", 3000, True),
    ("Orvane lays off 100+ employees", "Orvane laid off 121 employees on Monday.", 121, False),
    ("Orvane to cut up to 500 jobs", "", 500, False),
    ("Orvane to cut nearly 900 jobs", "", 900, False),
    ("Orvane to cut 230 jobs", "", 230, False),
]


@pytest.mark.parametrize(("title", "text", "headcount", "at_least"), BOUNDS)
def test_a_lower_bound_is_marked_as_one(
    title: str, text: str, headcount: int, at_least: bool
) -> None:
    tags = RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))
    assert (tags.headcount, tags.headcount_at_least) == (headcount, at_least)
    assert Tags.from_json(tags.to_json()) == tags
