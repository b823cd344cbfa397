"""Two takes on one event told the same days, commentary on at least one side
(bot.story_takes): headlines sharing one subject word and openings telling the same facts
are one story; plain news beside commentary, or openings apart, stay apart. Headlines and
openings from real coverage (tests/data/eval/fresh-commentary.jsonl, March 2023;
tests/data/eval/fresh-stories-2.tune.jsonl, November 2023)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, match_story
from bot.story_takes import news_told_alike, two_takes

T0 = datetime(2023, 3, 1, 1, tzinfo=UTC)
ANALYSIS = Tags(kind=Kind.ANALYSIS, ai_cause=True)

SPRINGER = (
    "German publisher Axel Springer says journalists could be replaced by AI",
    "Owner of Politico urges focus on investigative journalism and original commentary, as "
    "company prepares for job cuts at German papers Die Welt and Bild Journalists are at risk "
    "of being replaced by artificial intelligence systems like ChatGPT, the CEO of German "
    "media group Axel Springer has said.",
)
INSIDER = (
    "The owner of Insider and Politico tells journalists: AI is coming for your jobs",
    "One of Europe's biggest media groups has warned journalists that artificial intelligence "
    "(AI) could steal their jobs, and has provided tips for how reporters can avoid the chop.",
)
NUVERSE = (
    "Mass layoffs reportedly hit Marvel Snap publisher Nuverse",
    "TikTok parent company ByteDance is planning to wind down its Nuverse gaming brand and "
    "walk away from the mainstream video game industry, according to a new report by Reuters.",
)
SNAP = (
    "Marvel Snap Publisher Suffers Layoffs, Could Shut Down - Report",
    "It looks like TikTok's parent company, ByteDance, will be shutting down several projects "
    "within its Nuverse gaming arm. Nuverse has most notably published Marvel Snap.",
)


def art(title: str, text: str, when: datetime = T0) -> Article:
    return Article(title=title, text=text, link=f"https://x/{title}", published=when)


def story(title: str, text: str, tags: Tags, when: datetime = T0) -> StoryCandidate:
    return StoryCandidate(1, "s", title, tags, when, (title,), (text,))


def test_two_takes_on_one_employers_statement_the_same_day_are_one_story() -> None:
    # One outlet names the employer, the other only its titles: one headline word in
    # common ('journalists'), the openings tell the same facts.
    insider = Tags(kind=Kind.ANALYSIS, ai_cause=True, companies=("Business Insider",))
    first = story(*SPRINGER, ANALYSIS)
    later = art(*INSIDER, T0 + timedelta(hours=13))
    assert match_story(later, insider, [first]) == first


def test_commentary_beside_the_action_it_reports_the_same_day_is_one_story() -> None:
    nuverse = Tags(kind=Kind.LAYOFF, companies=("Nuverse",), headcount_text="hundreds")
    cuts = story(*NUVERSE, nuverse)
    take = art(*SNAP, T0 + timedelta(minutes=40))
    assert match_story(take, ANALYSIS, [cuts]) == cuts


def test_takes_days_apart_or_openings_apart_stay_apart() -> None:
    insider = Tags(kind=Kind.ANALYSIS, ai_cause=True, companies=("Business Insider",))
    first = story(*SPRINGER, ANALYSIS)
    # Beyond the days one event's coverage is worded alike.
    late = art(*INSIDER, T0 + timedelta(days=5))
    assert match_story(late, insider, [first]) is None
    # A headline word in common ('journalists') with an opening about something else.
    other = art(
        "Journalists at a regional daily walk out as AI tools arrive in the newsroom",
        "Reporters at a regional paper voted to strike over pay and staffing on Monday.",
    )
    assert two_takes(other, insider, *first_leads(first), ANALYSIS) is None


def test_plain_news_beside_commentary_or_two_actions_are_not_takes() -> None:
    # Plain news (kind other) beside commentary is judged by its names (bot.story_names):
    # a leader's remarks one day and his interview the next are two events.
    first = story(*SPRINGER, ANALYSIS)
    news = replace(ANALYSIS, kind=Kind.OTHER)
    later = art(*INSIDER, T0 + timedelta(hours=13))
    assert two_takes(later, news, *first_leads(first), ANALYSIS) is None
    action = Tags(kind=Kind.LAYOFF, companies=("Axel Springer",))
    assert two_takes(later, action, *first_leads(first), action) is None


def first_leads(candidate: StoryCandidate) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return candidate.titles, candidate.summaries


KOTAKU = (
    "Workers Accuses Sega Of Threatening Mass Layoffs Over Unionizing",
    "Workers at Sega of America say the publisher behind Persona, Yakuza, and more beloved "
    "gaming franchises is trying to lay them off as retaliation for unionizing. A new unfair "
    "labor practice filed by the Communications Workers of America accuses Sega of forcing "
    "employees into a meeting where they were told their jobs",
)
ENGADGET = (
    "Sega faces unfair labor practice complaint for planned mass layoff of union members",
    'Workers at Sega of America are accusing the video game company of "bad faith bargaining '
    'with workers" for its plan to lay off dozens of temporary workers. The publisher known '
    "for franchises that include Sonic the Hedgehog and Yakuza is now facing an unfair labor "
    "practice complaint filed by the Communications Workers of America (CWA).",
)


def test_one_employers_news_told_alike_by_two_outlets_one_tagging_it_is_one_story() -> None:
    # The employer named in both headlines, tagged on one side only ('named'): the
    # openings tell the same facts beyond the names (unfair labor practice, Yakuza, ...).
    news = Tags(kind=Kind.OTHER)
    sega = replace(news, companies=("Sega",))
    first = StoryCandidate(1, "s", KOTAKU[0], news, T0, (KOTAKU[0],), (KOTAKU[1],))
    later = art(*ENGADGET, T0 + timedelta(hours=20))
    assert match_story(later, sega, [first]) == first
    # Commentary beside that news is not two plain news items: left to the other rules.
    assert (
        news_told_alike(later, replace(sega, kind=Kind.ANALYSIS), *first_leads(first), news) is None
    )
    # Beyond the days one event's coverage is worded alike.
    late = art(*ENGADGET, T0 + timedelta(days=5))
    assert match_story(late, sega, [first]) is None
