"""Story clustering, issue 16: one event told by several outlets in their own words on the
same or next days is one story, without joining other events of the same employer or
period. Filed through the real pipeline (`file_item` from tests/test_stories.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.headlines import topic_keys
from bot.models import Kind, Tags
from bot.stories import match_story
from tests.test_stories import T0, FileItem, _story, art, file_item, lead

__all__ = ["file_item"]  # the fixture, shared with tests/test_stories.py


def test_one_employers_plain_news_told_twice_the_next_day_joins_on_one_subject_word(
    file_item: FileItem,
) -> None:
    twitter = Tags(kind=Kind.OTHER, companies=("Twitter",))
    outage = file_item(art("Every link on Twitter is broken right now"), twitter)
    mocks = file_item(
        art("Musk mocks Twitter worker with a disability", T0 + timedelta(1)), twitter
    )
    apology = file_item(
        art(
            "Elon Musk apologizes after calling laid-off Twitter employee 'the worst'",
            T0 + timedelta(2),
        ),
        twitter,
    )
    week_later = file_item(
        art("Musk says Twitter will start charging developers for its API", T0 + timedelta(days=5)),
        twitter,
    )
    assert mocks.key == apology.key
    assert len({outage.key, mocks.key, week_later.key}) == 3


def test_commentary_on_one_survey_joins_on_a_headline_word_and_its_opening(
    file_item: FileItem,
) -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    a = file_item(
        lead(
            "Staff worry they will look idle if they lean on chatbots",
            "Employees fear colleagues will judge them for leaning on AI assistants, a poll of "
            "people in Britain, France and Germany shows.",
        ),
        analysis,
    )
    b = file_item(
        lead(
            "A third of office workers fear looking idle when using AI",
            "Being judged is the main reason many hide their use of AI.",
            T0 + timedelta(days=1),
        ),
        analysis,
    )
    long_openings = file_item(
        lead(
            "Secret AI use spreads through the workplace",
            "Employees hide assistants from colleagues, and managers rarely ask which tools "
            "drafted the memos on their desks.",
            T0 + timedelta(days=2),
        ),
        analysis,
    )
    one_word = file_item(
        lead(
            "Idle data centres cost firms billions, analysts say",
            "Servers bought for AI projects sit unused as budgets tighten.",
            T0 + timedelta(days=1),
        ),
        analysis,
    )
    assert a.key == b.key
    # Two words lost in long openings, none in the headlines: two takes on one topic.
    assert len({a.key, long_openings.key, one_word.key}) == 3


def test_words_that_name_no_event_are_not_index_keys() -> None:
    keys = topic_keys("One in four workers fears being considered 'lazy' if they'll use AI in 2024")
    assert "t:lazy" in keys
    assert not {"t:one", "t:four", "t:being", "t:they'll", "t:2024"} & set(keys)


def test_a_reports_author_as_a_headline_segment_of_its_own_joins_its_commentary(
    file_item: FileItem,
) -> None:
    analysis = Tags(kind=Kind.ANALYSIS, ai_cause=True)
    says = file_item(
        art("Firms blame chatbots for cuts driven by weak demand, Oxford Economics suggests"),
        analysis,
    )
    segment = file_item(
        art(
            "AI gives cover to the real reasons for layoffs - Oxford Economics - Seeking Alpha",
            T0 + timedelta(4),
        ),
        analysis,
    )
    person = file_item(
        art("Why bosses say AI when they mean costs - Jane Smith - Fortune", T0 + timedelta(4)),
        analysis,
    )
    assert says.key == segment.key != person.key


def test_a_reported_plan_weeks_after_cuts_were_made_is_the_next_round() -> None:
    tiktok = Tags(kind=Kind.LAYOFF, companies=("TikTok",))
    made = _story("TikTok lays off its staff in India", tiktok)
    plan = art("TikTok owner planning to lay off thousands in coming months", T0 + timedelta(13))
    assert match_story(plan, tiktok, [made]) is None
    soon = art("TikTok owner planning to lay off thousands", T0 + timedelta(days=3))
    assert match_story(soon, tiktok, [made]) == made
    reported = _story("TikTok plans to lay off its staff in India", tiktok)
    confirmed = art("TikTok confirms India layoffs", T0 + timedelta(days=13))
    assert match_story(confirmed, tiktok, [reported]) == reported


def test_one_employers_news_and_commentary_join_on_three_opening_words_however_long(
    file_item: FileItem,
) -> None:
    bank = Tags(kind=Kind.OTHER, companies=("Klarna",))
    news = file_item(
        lead(
            "Klarna says its new assistant outperforms its service agents",
            "The Swedish fintech launched a chatbot a month ago that has since handled "
            "two million conversations, two thirds of its customer service chats, and cut "
            "the time to resolve an errand from eleven minutes to two.",
        ),
        bank,
    )
    take = file_item(
        lead(
            "Klarna news may confirm what workers dread",
            "The fintech said its chatbot resolves customer errands faster than staff and "
            "that repeat inquiries fell by a quarter, ratings show.",
            T0 + timedelta(days=2),
        ),
        replace(bank, kind=Kind.ANALYSIS),
    )
    unrelated = file_item(
        lead(
            "Klarna files for a listing in New York",
            "The fintech picked bankers for a listing planned next year.",
            T0 + timedelta(days=2),
        ),
        bank,
    )
    assert news.key == take.key != unrelated.key


def test_commentary_sharing_only_an_actions_figure_is_a_take_of_its_own(
    file_item: FileItem,
) -> None:
    block = Tags(kind=Kind.LAYOFF, ai_cause=True, companies=("Block",), headcount=4000)
    action = file_item(art("4,000 jobs cut as Block goes all in on AI"), block)
    take = file_item(
        art(
            "Economist downplays fears of mass unemployment after Block cuts 4,000 jobs",
            T0 + timedelta(days=1),
        ),
        Tags(kind=Kind.ANALYSIS, ai_cause=True, companies=("Block",)),
    )
    assert take.key != action.key


def test_a_plan_about_what_follows_the_cuts_is_still_their_story() -> None:
    meta = Tags(kind=Kind.LAYOFF, companies=("Meta",))
    made = _story("Meta lays off 11,000 employees", meta)
    severance = art("Meta plans extra severance for laid-off staff", T0 + timedelta(days=12))
    assert match_story(severance, meta, [made]) == made
